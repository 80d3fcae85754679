"""What the light rules look at, for every project of an id range, in one query per fact.

`standing.standings` loads ORM objects and passes the whole ledger's ids to `IN (…)`; at
100,000 projects that alone is over the lights job's 10 s budget. Here each fact is one
column-only query over a range of project ids, so the ledger can be cut into ranges that
separate processes evaluate side by side. The facts must stay those `standings` builds
(tests/test_jobs_lights.py compares the lights of the two).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Executable, String, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from domain.light_types import ProjectFacts
from domain.periods import period_of, previous_months
from domain.plan import month_end_plan, schedule_plan_to_date, schedule_ratio
from storage.models import Issue, Leave, Milestone, Project, ProjectOwner, Report, Unit
from storage.repos.issues import OPEN_STATES
from storage.repos.standing import LEAVE_LOOKBACK_DAYS, StandingRules

CURRENT = (Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
Part = tuple[int, int]  # an inclusive range of project ids
ProjectRow = tuple[Any, ...]  # id, code, name, unit, then the columns `project_facts` reads
RULE_COLUMNS = (
    Project.category,
    Project.status,
    Project.entered_ledger_on,
    Project.annual_plan_yuan,
    Project.monthly_plan_yuan,
    Project.planned_start,
    Project.started_on,
    Project.stats_entered_on,
    Project.resumed_on,
)
Stamp = str | datetime  # a Stamp column read raw: SQLite's naive UTC text, PostgreSQL's datetime
MonthFigures = dict[int, tuple[int, Stamp]]  # month → (cumulative yuan, when it was received)


async def id_ranges(session: AsyncSession, parts: int, min_size: int) -> list[Part]:
    """The active projects' ids cut into ranges of about equal size, none under `min_size`."""
    statement = select(Project.id).where(Project.active.is_(True)).order_by(Project.id)
    ordered = list((await rows_of(session, statement)).scalars())
    count = max(1, min(parts, len(ordered) // max(min_size, 1)))
    size = -(-len(ordered) // count)
    chunks = (ordered[i : i + size] for i in range(0, len(ordered), size))
    return [(ids[0], ids[-1]) for ids in chunks]


async def rows_of(session: AsyncSession, statement: Executable) -> CursorResult[Any]:
    """Run a column-only select on the session's connection: plain rows, no ORM loading step."""
    connection = await session.connection()
    return await connection.execute(statement)


def within(column: Any, part: Part) -> ColumnElement[bool]:
    """`column` inside the id range."""
    return column.between(*part)  # type: ignore[no-any-return]


async def project_rows(session: AsyncSession, part: Part) -> list[ProjectRow]:
    """The active projects of the range: id, code, name, unit and their rule columns."""
    statement = (
        select(Project.id, Project.code, Project.name, Unit.name, *RULE_COLUMNS)
        .join(Unit, Unit.id == Project.unit_id)
        .where(Project.active.is_(True), within(Project.id, part))
    )
    return [tuple(row) for row in (await rows_of(session, statement)).all()]


@dataclass
class Facts:
    """The per-project facts besides the project row, each read in one query."""

    ytd: dict[int, MonthFigures]
    milestones: dict[int, list[tuple[str, date | None, date | None]]]
    issues: dict[int, list[tuple[int, date | None]]]
    last_report: dict[int, Stamp]
    excused: dict[int, frozenset[str]]


async def read_facts(session: AsyncSession, today: date, part: Part) -> Facts:
    """Reports, milestones, open issues and leave of the range's projects."""
    return Facts(
        ytd=await _ytd_by_month(session, today.year, part),
        milestones=await _milestones(session, part),
        issues=await _open_issues(session, part),
        last_report=await _last_report_at(session, part),
        excused=await _excused_periods(session, today, part),
    )


class FactBuilder:
    """Builds each project's facts for one evaluation day (what is the same for all, once)."""

    def __init__(self, today: date, rules: StandingRules) -> None:
        self.today = today
        self.rules = rules
        # The month ends the 作检讨 rule looks at, this year's only (as `standings` gives them).
        months = previous_months(today, rules.thresholds.consecutive_months)
        self.month_ends = [(y, m, date(y, m, 1)) for y, m in months if y == today.year]
        self._plans: dict[tuple[int, tuple[int, ...] | None], list[int]] = {}

    def build(self, row: ProjectRow, facts: Facts) -> tuple[ProjectFacts, float | None]:
        """One project's facts for `domain.lights.evaluate`, and its done / 序时 ratio."""
        pid, code, _, _, category, status, entered, annual, monthly, planned, *dates = row
        started, stats, resumed = dates
        months = facts.ytd.get(pid, {})
        done, received = _latest(months, self.today.month)
        as_of = stamp(received).astimezone(SHANGHAI).date() if received is not None else None
        last_report = facts.last_report.get(pid)
        plan = schedule_plan_to_date(annual, monthly, self.rules.curve, as_of or self.today)
        return ProjectFacts(
            code=code,
            category=category,
            status=status,
            entered_ledger_on=entered,
            annual_plan_yuan=annual,
            monthly_plan=monthly,
            ytd_done_yuan=done,
            ytd_as_of=as_of,
            planned_start=planned,
            started_on=started,
            resumed_on=resumed,
            stats_entered_on=stats,
            milestones=facts.milestones.get(pid, ()),
            open_issue_deadlines=facts.issues.get(pid, ()),
            last_report_at=stamp(last_report) if last_report is not None else None,
            excused_periods=facts.excused.get(pid, frozenset()),
            month_end_ratios=self._month_end_ratios(annual, monthly, entered, months),
        ), schedule_ratio(done or 0, plan)

    def _month_end_ratios(
        self, annual: int, monthly: Sequence[int] | None, entered: date, months: MonthFigures
    ) -> dict[tuple[int, int], float | None]:
        """done / 序时 at the month ends the 作检讨 rule looks at."""
        if not self.month_ends:
            return {}
        # Ledgers repeat round annual plans; the month-end figures are worked out once each.
        key = (annual, tuple(monthly) if monthly else None)
        ends = self._plans.get(key)
        if ends is None:
            curve = self.rules.curve
            ends = [month_end_plan(annual, monthly, curve, m) for _, m, _ in self.month_ends]
            self._plans[key] = ends
        return {
            (y, m): schedule_ratio(_latest(months, m)[0] or 0, plan)
            for (y, m, first), plan in zip(self.month_ends, ends, strict=True)
            if entered <= first
        }


def stamp(raw: Stamp) -> datetime:
    """A Stamp column read raw as an aware datetime (parsing only the values a rule uses)."""
    if isinstance(raw, datetime):
        return raw
    return datetime.fromisoformat(raw).replace(tzinfo=UTC)


def _latest(months: MonthFigures, month: int) -> tuple[int | None, Stamp | None]:
    """The cumulative figure as of the end of `month` (latest month reported up to it)."""
    found = months.get(month)  # most often the month itself was reported
    if found is not None:
        return found
    known = [m for m in months if m <= month]
    return months[max(known)] if known else (None, None)


# Received times are read as text: converting 200k timestamps costs more than the rules do.
RECEIVED = type_coerce(Report.received_at, String)


async def _last_report_at(session: AsyncSession, part: Part) -> dict[int, Stamp]:
    newest = (
        select(func.max(Report.id))
        .where(within(Report.project_id, part), *CURRENT)
        .group_by(Report.project_id)
    )
    statement = select(Report.project_id, RECEIVED).where(Report.id.in_(newest))
    return dict((await rows_of(session, statement)).all())


async def _ytd_by_month(session: AsyncSession, year: int, part: Part) -> dict[int, MonthFigures]:
    """Per project, the latest cumulative figure reported in each month of `year`, and its day."""
    newest = (
        select(func.max(Report.id))
        .where(
            within(Report.project_id, part),
            Report.ytd_investment_yuan.is_not(None),
            Report.month.between(f"{year}-01", f"{year}-12"),
            *CURRENT,
        )
        .group_by(Report.project_id, Report.month)
    )
    statement = select(Report.project_id, Report.month, Report.ytd_investment_yuan, RECEIVED).where(
        Report.id.in_(newest)
    )
    result: dict[int, MonthFigures] = defaultdict(dict)
    for project_id, month, value, received in await rows_of(session, statement):
        if value is not None:
            result[project_id][int(month[5:7])] = (value, received)
    return result


async def _milestones(
    session: AsyncSession, part: Part
) -> dict[int, list[tuple[str, date | None, date | None]]]:
    # Done or undated milestones light nothing, so they are not read at all.
    statement = (
        select(Milestone.project_id, Milestone.name, Milestone.due_on, Milestone.done_on)
        .where(
            within(Milestone.project_id, part),
            Milestone.done_on.is_(None),
            Milestone.due_on.is_not(None),
        )
        .order_by(Milestone.due_on)
    )
    result: dict[int, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for project_id, name, due, done in await rows_of(session, statement):
        result[project_id].append((name, due, done))
    return result


async def _open_issues(
    session: AsyncSession, part: Part
) -> dict[int, list[tuple[int, date | None]]]:
    statement = select(Issue.project_id, Issue.number, Issue.deadline).where(
        within(Issue.project_id, part), Issue.state.in_(OPEN_STATES)
    )
    result: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for project_id, number, deadline in await rows_of(session, statement):
        result[project_id].append((number, deadline))
    return result


async def _excused_periods(
    session: AsyncSession, today: date, part: Part
) -> dict[int, frozenset[str]]:
    """Periods overlapping an owner's leave (请假, with or without a stand-in)."""
    since = today - timedelta(days=LEAVE_LOOKBACK_DAYS)
    statement = (
        select(ProjectOwner.project_id, Leave.start_on, Leave.end_on)
        .join(Leave, Leave.person_id == ProjectOwner.person_id)
        .where(within(ProjectOwner.project_id, part), Leave.end_on >= since)
    )
    result: dict[int, set[str]] = defaultdict(set)
    for project_id, start, end in await rows_of(session, statement):
        day = start
        while day <= end:
            result[project_id].add(period_of(day).label)
            day += timedelta(days=7)
        result[project_id].add(period_of(end).label)
    return {key: frozenset(value) for key, value in result.items()}
