"""Plan years: which `ProjectPlan` a figure uses (the plan of the year it is about)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Project, ProjectPlan


def plan_of_year(year: int | ColumnElement[int]) -> ColumnElement[bool]:
    """Join condition: the project's plan for `year` (outer-join it: a year may have none)."""
    return and_(ProjectPlan.project_id == Project.id, ProjectPlan.year == year)


def annual() -> ColumnElement[int]:
    """The year's annual plan of an outer-joined plan, 0 when the project has none that year."""
    return func.coalesce(ProjectPlan.annual_plan_yuan, 0)


async def plans_for(
    session: AsyncSession, year: int, project_ids: Iterable[int]
) -> dict[int, ProjectPlan]:
    """Project id → its plan for `year`, for the listed projects that have one."""
    ids = list(dict.fromkeys(project_ids))
    if not ids:
        return {}
    statement = select(ProjectPlan).where(ProjectPlan.year == year, ProjectPlan.project_id.in_(ids))
    return {plan.project_id: plan for plan in (await session.execute(statement)).scalars()}


async def plan_for(session: AsyncSession, project_id: int, year: int) -> ProjectPlan | None:
    """One project's plan for `year` (None: it has none)."""
    return (await plans_for(session, year, [project_id])).get(project_id)


async def plan_years(session: AsyncSession) -> list[int]:
    """Every year some project has a plan for, oldest first."""
    statement = select(ProjectPlan.year).distinct().order_by(ProjectPlan.year)
    return list((await session.execute(statement)).scalars())


async def latest_plans_before(
    session: AsyncSession, year: int, project_ids: Iterable[int]
) -> dict[int, ProjectPlan]:
    """Project id → its latest plan of a year before `year`, for the listed projects."""
    ids = list(dict.fromkeys(project_ids))
    if not ids:
        return {}
    statement = (
        select(ProjectPlan)
        .where(ProjectPlan.year < year, ProjectPlan.project_id.in_(ids))
        .order_by(ProjectPlan.year)
    )
    return {plan.project_id: plan for plan in (await session.execute(statement)).scalars()}
