"""Where projects stand: facts read in a few bulk queries, judged by domain.lights."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.calendar import WorkCalendar
from domain.light_types import Light, LightThresholds, ProjectFacts
from domain.lights import evaluate
from domain.periods import DueTime, period_of, previous_months
from domain.plan import monthly_cumulative, schedule_plan_to_date, schedule_ratio
from storage.models import Issue, Leave, Milestone, Person, Project, ProjectOwner, Report, Unit
from storage.repos.issues import OPEN_STATES

LEAVE_LOOKBACK_DAYS = 120


@dataclass(frozen=True)
class StandingRules:
    """Thresholds, the default plan curve and the working calendar."""

    thresholds: LightThresholds
    curve: tuple[int, ...]
    calendar: WorkCalendar

    @classmethod
    def from_settings(
        cls,
        lights: Any,
        plan: Any,
        schedule: Any,
        calendar: WorkCalendar,
        reports: Any = None,
    ) -> StandingRules:
        """Build from the [lights], [plan], [schedule] (and [reports]) settings sections."""
        fields = {
            k: v
            for k, v in lights.model_dump().items()
            if k in LightThresholds.__dataclass_fields__
        }
        if reports is not None:
            fields["not_reporting"] = frozenset(reports.not_reporting_categories)
        due = DueTime.parse(schedule.report_deadline)
        return cls(LightThresholds(**fields, report_due=due), tuple(plan.default_curve), calendar)


@dataclass
class Standing:
    """One project's figures and light."""

    project: Project
    unit: str
    ytd_done: int
    plan_to_date: int
    ratio: float | None
    light: Light
    last_report: Report | None
    reporter: str | None
    open_issues: int


async def standings(
    session: AsyncSession,
    now: datetime,
    rules: StandingRules,
    *,
    project_ids: Sequence[int] | None = None,
) -> list[Standing]:
    """Every (or the listed) active project's standing at `now`, by project code."""
    today = now.date()
    if project_ids is None:
        rows = list((await session.execute(_PROJECTS)).all())
    else:
        params = {"ids": list(project_ids)}
        rows = list((await session.execute(_LISTED_PROJECTS, params)).all())
    ids = [project.id for project, _ in rows]
    if not ids:
        return []
    latest = await _latest_reports(session, ids)
    ytd = await _ytd_by_month(session, ids, today.year)
    milestones = await _milestones(session, ids)
    issues = await _open_issues(session, ids)
    excused = await _excused_periods(session, ids, today)
    result = []
    for project, unit in rows:
        report, reporter = latest.get(project.id, (None, None))
        months = ytd.get(project.id, {})
        done, as_of = _latest(months, today.month)
        facts = ProjectFacts(
            code=project.code,
            category=project.category,
            status=project.status,
            entered_ledger_on=project.entered_ledger_on,
            annual_plan_yuan=project.annual_plan_yuan,
            monthly_plan=project.monthly_plan_yuan,
            ytd_done_yuan=done,
            ytd_as_of=as_of,
            planned_start=project.planned_start,
            started_on=project.started_on,
            resumed_on=project.resumed_on,
            stats_entered_on=project.stats_entered_on,
            milestones=milestones.get(project.id, ()),
            open_issue_deadlines=issues.get(project.id, ()),
            last_report_at=report.received_at if report else None,
            excused_periods=excused.get(project.id, frozenset()),
            month_end_ratios=_month_end_ratios(project, months, today, rules),
        )
        light = evaluate(facts, now, rules.calendar, rules.thresholds, rules.curve)
        plan = schedule_plan_to_date(
            project.annual_plan_yuan, project.monthly_plan_yuan, rules.curve, as_of or today
        )
        result.append(
            Standing(
                project=project,
                unit=unit,
                ytd_done=done or 0,
                plan_to_date=plan,
                ratio=schedule_ratio(done or 0, plan),
                light=light,
                last_report=report,
                reporter=reporter,
                open_issues=len(issues.get(project.id, ())),
            )
        )
    return result


CURRENT = (Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
# The statements are built once, with bound parameters: a reply's standing runs them all, and
# building and keying them cost about as much as running them.
IDS = bindparam("ids", expanding=True)
_PROJECTS = (
    select(Project, Unit.name)
    .join(Unit, Unit.id == Project.unit_id)
    .where(Project.active.is_(True))
    .order_by(Project.code)
)
_LISTED_PROJECTS = _PROJECTS.where(Project.id.in_(IDS))
_LATEST_REPORTS = (
    select(Report, Person.name)
    .join(Person, Person.id == Report.reporter_id)
    .where(
        Report.id.in_(
            select(func.max(Report.id))
            .where(Report.project_id.in_(IDS), *CURRENT)
            .group_by(Report.project_id)
        )
    )
)
_YTD_BY_MONTH = select(
    Report.project_id, Report.month, Report.ytd_investment_yuan, Report.received_at
).where(
    Report.id.in_(
        select(func.max(Report.id))
        .where(
            Report.project_id.in_(IDS),
            Report.ytd_investment_yuan.is_not(None),
            Report.month.between(bindparam("first_month"), bindparam("last_month")),
            *CURRENT,
        )
        .group_by(Report.project_id, Report.month)
    )
)
_MILESTONES = select(Milestone).where(Milestone.project_id.in_(IDS)).order_by(Milestone.due_on)
_OPEN_ISSUES = select(Issue.project_id, Issue.number, Issue.deadline).where(
    Issue.project_id.in_(IDS), Issue.state.in_(OPEN_STATES)
)
_LEAVES = (
    select(ProjectOwner.project_id, Leave.start_on, Leave.end_on)
    .join(Leave, Leave.person_id == ProjectOwner.person_id)
    .where(ProjectOwner.project_id.in_(IDS), Leave.end_on >= bindparam("since"))
)


async def _latest_reports(session: AsyncSession, ids: list[int]) -> dict[int, tuple[Report, str]]:
    rows = (await session.execute(_LATEST_REPORTS, {"ids": ids})).all()
    return {r.project_id: (r, name) for r, name in rows}


async def _ytd_by_month(
    session: AsyncSession, ids: list[int], year: int
) -> dict[int, dict[int, tuple[int, date]]]:
    """Per project, the latest cumulative figure reported in each month of `year`, and its day."""
    params = {"ids": ids, "first_month": f"{year}-01", "last_month": f"{year}-12"}
    result: dict[int, dict[int, tuple[int, date]]] = defaultdict(dict)
    for project_id, month, value, received in (await session.execute(_YTD_BY_MONTH, params)).all():
        result[project_id][int(month[5:7])] = (value, received.date())
    return result


def _latest(months: dict[int, tuple[int, date]], month: int) -> tuple[int | None, date | None]:
    """The cumulative figure as of the end of `month` (latest month reported up to it)."""
    known = [m for m in months if m <= month]
    return months[max(known)] if known else (None, None)


def _month_end_ratios(
    project: Project, months: dict[int, tuple[int, date]], today: date, rules: StandingRules
) -> dict[tuple[int, int], float | None]:
    cumulative = monthly_cumulative(
        project.annual_plan_yuan, project.monthly_plan_yuan, rules.curve
    )
    ratios: dict[tuple[int, int], float | None] = {}
    for year, month in previous_months(today, rules.thresholds.consecutive_months + 1):
        if year != today.year or project.entered_ledger_on > date(year, month, 1):
            continue
        done = _latest(months, month)[0] or 0
        ratios[(year, month)] = schedule_ratio(done, cumulative[month - 1])
    return ratios


async def _milestones(
    session: AsyncSession, ids: list[int]
) -> dict[int, list[tuple[str, date | None, date | None]]]:
    result: dict[int, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for m in (await session.execute(_MILESTONES, {"ids": ids})).scalars():
        result[m.project_id].append((m.name, m.due_on, m.done_on))
    return result


async def _open_issues(
    session: AsyncSession, ids: list[int]
) -> dict[int, list[tuple[int, date | None]]]:
    result: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for project_id, number, deadline in (await session.execute(_OPEN_ISSUES, {"ids": ids})).all():
        result[project_id].append((number, deadline))
    return result


async def _excused_periods(
    session: AsyncSession, ids: list[int], today: date
) -> dict[int, frozenset[str]]:
    """Periods overlapping an owner's leave (请假, with or without a stand-in)."""
    from datetime import timedelta

    params = {"ids": ids, "since": today - timedelta(days=LEAVE_LOOKBACK_DAYS)}
    result: dict[int, set[str]] = defaultdict(set)
    for project_id, start, end in (await session.execute(_LEAVES, params)).all():
        day = start
        while day <= end:
            result[project_id].add(period_of(day).label)
            day += timedelta(days=7)
        result[project_id].add(period_of(end).label)
    return {key: frozenset(value) for key, value in result.items()}
