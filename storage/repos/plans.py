"""Plan years: which `ProjectPlan` a figure uses (the plan of the year it is about)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.light_rules import FINISHED_STATUSES
from storage.ledger_cache import snapshot
from storage.models import Project, ProjectPlan, Unit
from storage.repos.scope import read


def plan_of_year(year: int | ColumnElement[int]) -> ColumnElement[bool]:
    """Join condition: the project's plan for `year` (outer-join it: a year may have none)."""
    return and_(ProjectPlan.project_id == Project.id, ProjectPlan.year == year)


def annual() -> ColumnElement[int]:
    """The year's annual plan of an outer-joined plan, 0 when the project has none that year."""
    return func.coalesce(ProjectPlan.annual_plan_yuan, 0)


def is_key(threshold_yuan: int) -> ColumnElement[bool]:
    """Whether an outer-joined plan makes its project a key project (重点项目): an annual plan
    at the office's line ([targets] key_threshold_wan). The stored `is_key` is the documents'
    5000万 line, which an office with another line does not go by."""
    return annual() >= threshold_yuan


async def plans_for(
    session: AsyncSession, year: int, project_ids: Iterable[int]
) -> dict[int, ProjectPlan]:
    """Project id → its plan for `year`, for the listed projects that have one."""
    ids = list(dict.fromkeys(project_ids))
    if not ids:
        return {}
    statement = select(ProjectPlan).where(ProjectPlan.year == year, ProjectPlan.project_id.in_(ids))
    return {plan.project_id: plan for plan in (await session.execute(statement)).scalars()}


async def annual_plan(session: AsyncSession, project_id: int, year: int) -> int | None:
    """One project's annual plan for `year`, in yuan (None: it has no plan for that year)."""
    ledger = await snapshot(session)
    if ledger is not None:
        values = ledger.plans.get((project_id, year))
        return None if values is None else int(values["annual_plan_yuan"])
    rows = await read(session, _Annual._make, _ANNUAL, {"project_id": project_id, "year": year})
    return next((row.annual_plan_yuan for row in rows), None)


class _Annual(NamedTuple):
    annual_plan_yuan: int


_ANNUAL = select(ProjectPlan.annual_plan_yuan).where(
    ProjectPlan.project_id == bindparam("project_id"), ProjectPlan.year == bindparam("year")
)


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


@dataclass(frozen=True)
class Missing:
    """A project expected to have a plan for the year that has none."""

    code: str
    name: str
    unit: str
    category: str


@dataclass
class Coverage:
    """How far the year's plans are in: planned projects, their total, what is missing."""

    year: int
    planned: int
    annual_yuan: int
    carried: int
    """续建 projects with a plan for the year and the year before (carried over)."""
    missing: list[Missing] = field(default_factory=list)


async def plan_coverage(session: AsyncSession, year: int) -> Coverage:
    """The active projects with a plan for `year` (all of them, as every figure of the year
    counts them), and those under way or being prepared that have none.

    A finished project (竣工/投产) and a 储备 project are not expected to plan.
    """
    this_year, last_year = aliased(ProjectPlan), aliased(ProjectPlan)
    expected = and_(
        Project.active.is_(True),
        Project.entered_ledger_on <= date(year, 12, 31),  # loaded now for a later year: not yet
        Project.category != "储备",
        Project.completed_on.is_(None),
        Project.status.not_in(FINISHED_STATUSES),
    )
    statement = (
        select(
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            Project.category,
            this_year.annual_plan_yuan.label("annual"),
            last_year.id.is_not(None).label("before"),
            expected.label("expected"),
        )
        .join(Unit, Unit.id == Project.unit_id)
        .outerjoin(this_year, and_(this_year.project_id == Project.id, this_year.year == year))
        .outerjoin(last_year, and_(last_year.project_id == Project.id, last_year.year == year - 1))
        .where(Project.active.is_(True))
        .order_by(Unit.name, Project.code)
    )
    coverage = Coverage(year, 0, 0, 0)
    for row in await session.execute(statement):
        if row.annual is None:
            if row.expected:
                coverage.missing.append(Missing(row.code, row.name, row.unit, row.category))
            continue
        coverage.planned += 1
        coverage.annual_yuan += row.annual
        coverage.carried += bool(row.before and row.category == "续建")
    return coverage
