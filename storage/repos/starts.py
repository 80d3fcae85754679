"""开复工 facts of the active projects (SPEC §9), one query; the counting is `domain.starts`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import TargetSettings
from domain.light_rules import FINISHED_STATUSES, STARTED_STATUSES
from domain.starts import StartFact, StartTally, StartTargets, against, tally
from storage.models import Project, ProjectPlan, Report, Unit
from storage.repos.plans import plan_of_year
from storage.repos.reports import CURRENT


async def start_facts(
    session: AsyncSession, year: int, unit_id: int | None = None
) -> list[StartFact]:
    """Every active 新建 and 续建 project with a plan for `year` (of one unit, if given), as
    开复工 sees it that year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    reported = exists().where(
        Report.project_id == Project.id,
        *CURRENT,
        Report.month.between(f"{year}-01", f"{year}-12"),
        Report.ytd_investment_yuan > 0,
    )
    resumed = or_(
        reported,
        Project.status.in_(FINISHED_STATUSES),
        Project.started_on.between(first, last),
        Project.resumed_on.between(first, last),
    )
    started = or_(Project.started_on.is_not(None), Project.status.in_(STARTED_STATUSES))
    statement = (
        select(
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            Project.category,
            ProjectPlan.planned_start,
            started.label("started"),
            resumed.label("resumed"),
        )
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(year))
        .where(Project.active.is_(True), Project.category.in_(("新建", "续建")))
    )
    if unit_id is not None:
        statement = statement.where(and_(Project.unit_id == unit_id))
    rows = await session.execute(statement)
    return [
        StartFact(**{**row._mapping, "started": bool(row.started), "resumed": bool(row.resumed)})
        for row in rows
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
    session: AsyncSession, today: date, targets: TargetSettings, unit_id: int | None = None
) -> StartsReport:
    """开复工 on `today` (of one unit, if given) against the configured lines."""
    total, units = tally(await start_facts(session, today.year, unit_id), today)
    resume_by = date(today.year, *targets.resume_deadline)

    def judged(t: StartTally) -> StartTargets:
        return against(t, today, targets.new_start_by_quarter, targets.resume_rate, resume_by)

    return StartsReport(today, total, units, {t.unit: judged(t) for t in [total, *units]})
