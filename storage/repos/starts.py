"""开复工 facts of the active projects (SPEC §9), one query; the counting is `domain.starts`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import TargetSettings
from domain.light_rules import FINISHED_STATUSES
from domain.start_due import STARTED_STATUSES
from domain.starts import StartFact, StartTally, StartTargets, against, tally
from storage.models import Project, ProjectPlan, Report, Unit
from storage.repos.plans import plan_of_year
from storage.repos.reports import CURRENT


def started(on: date | None = None) -> ColumnElement[bool]:
    """开工 (`domain.light_rules.is_started` in SQL): a start date, or a status past the start;
    with `on`, a start dated by then (a past month's report must not count a later start)."""
    if on is None:
        return or_(Project.started_on.is_not(None), Project.status.in_(STARTED_STATUSES))
    undated = and_(Project.started_on.is_(None), Project.status.in_(STARTED_STATUSES))
    return or_(Project.started_on <= on, undated)


def category_in(year: int) -> ColumnElement[str]:
    """新建 or 续建 as `year`'s 开复工 counts a project: a 新建 project started before the year
    is continuing in it (a ledger carried into January still says 新建 of last year's starts,
    which would otherwise meet the new year's 一季度 line on its first day)."""
    carried = and_(Project.category == "新建", Project.started_on < date(year, 1, 1))
    return case((carried, "续建"), else_=Project.category)


def resumed(
    year: int, reported: ColumnElement[bool], on: date | None = None
) -> ColumnElement[bool]:
    """复工 in `year`: investment reported that year (`reported`, as the caller reads the
    reports), finished, or started or resumed within the year (by `on`, when given)."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), on or date.max)
    return or_(
        reported,
        Project.status.in_(FINISHED_STATUSES),
        Project.started_on.between(first, last),
        Project.resumed_on.between(first, last),
    )


def _planned(year: int) -> Select[str, str, str, str, date | None]:
    """The active projects with a plan for `year`: what a StartFact names of each (the
    category as the year counts it)."""
    return (
        select(
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            category_in(year).label("category"),
            ProjectPlan.planned_start,
        )
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(year))
        .where(Project.active.is_(True))
    )


async def start_facts(
    session: AsyncSession, year: int, unit_id: int | None = None, on: date | None = None
) -> list[StartFact]:
    """Every active 新建 and 续建 project with a plan for `year` (of one unit, if given), as
    开复工 sees it that year (as it stood at the end of `on`, when given: a past month's)."""
    last_month = f"{year}-12" if on is None or on.year > year else f"{on:%Y-%m}"
    reported = exists().where(
        Report.project_id == Project.id,
        *CURRENT,
        Report.month.between(f"{year}-01", last_month),
        Report.ytd_investment_yuan > 0,
    )
    statement = (
        _planned(year)
        .add_columns(started(on).label("started"), resumed(year, reported, on).label("resumed"))
        .where(Project.category.in_(("新建", "续建")))
    )
    if unit_id is not None:
        statement = statement.where(and_(Project.unit_id == unit_id))
    rows = await session.execute(statement)
    # positional, in the order selected: by name costs more than the query at 10,000 projects
    return [
        StartFact(code, name, unit, category, planned, bool(is_started), bool(is_resumed))
        for code, name, unit, category, planned, is_started, is_resumed in rows
    ]


@dataclass(frozen=True)
class StartsReport:
    """开复工 overall and per unit on a day, each against its lines."""

    today: date
    total: StartTally
    units: list[StartTally]
    targets: dict[str, StartTargets]
    """Unit name (and "合计") → where it stands against the lines."""


async def starts_report(
    session: AsyncSession,
    today: date,
    targets: TargetSettings,
    unit_id: int | None = None,
    year: int | None = None,
    on: date | None = None,
) -> StartsReport:
    """开复工 of `year` (default today's) on `today` (of one unit, if given) against the
    configured lines; with `on`, of the starts and 复工 made by that day (a past month's)."""
    plan_year = today.year if year is None else year
    total, units = tally(await start_facts(session, plan_year, unit_id, on), today)
    return _judged(today, plan_year, targets, total, units)


Counts = tuple[str, int, int, int, int]
"""(unit, 新建, 新建 started, 续建, 续建 resumed) as an aggregate query has them."""


async def starts_from_counts(
    session: AsyncSession, today: date, targets: TargetSettings, counts: Iterable[Counts]
) -> StartsReport:
    """开复工 from per-unit counts the caller has already summed (the digest), with the
    应开未开 list read on its own (cheap: no reports); 应复未复 is counted, not listed."""
    units = [StartTally(*row) for row in sorted(counts)]
    total = StartTally("合计")
    for t in units:
        total.new += t.new
        total.new_started += t.new_started
        total.continuing += t.continuing
        total.resumed += t.resumed
    late = await overdue_starts(session, today)
    total.overdue_starts = late
    for t in units:
        t.overdue_starts = [f for f in late if f.unit == t.unit]
    return _judged(today, today.year, targets, total, units)


def _judged(
    today: date, year: int, targets: TargetSettings, total: StartTally, units: list[StartTally]
) -> StartsReport:
    """The tallies of `year`, each against the configured lines on `today`."""
    resume_by = date(year, *targets.resume_deadline)

    def judged(t: StartTally) -> StartTargets:
        return against(t, today, targets.new_start_by_quarter, targets.resume_rate, resume_by)

    return StartsReport(today, total, units, {t.unit: judged(t) for t in [total, *units]})


async def overdue_starts(session: AsyncSession, today: date) -> list[StartFact]:
    """应开未开: active 新建 projects past the year's planned start, not started, by date."""
    statement = _planned(today.year).where(
        Project.category == "新建", ProjectPlan.planned_start < today, ~started()
    )
    rows = [
        StartFact(**row._mapping, started=False, resumed=False)
        for row in await session.execute(statement)
    ]
    return sorted(rows, key=lambda f: (f.planned_start or today, f.unit, f.code))
