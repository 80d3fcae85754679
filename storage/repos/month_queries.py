"""Month-end figures for the monthly 晾晒/赛马: units ranked, 骏马/蜗牛, 连续未达序时 (SQL)."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LightRecord, Project, ProjectPlan, Unit
from storage.repos.digest_queries import latest_light
from storage.repos.duty import finished_by
from storage.repos.plan_sql import cumulative_plan, latest_ytd, ratio
from storage.repos.plans import annual, plan_of_year
from storage.repos.start_due import awaiting_start


@dataclass
class MonthFigures:
    """Done against the plan due at one month end, for a unit or a project."""

    name: str
    unit: str
    projects: int
    annual: int
    done: int
    plan: int

    @property
    def ratio(self) -> float | None:
        """Done against 序时 at the month end."""
        return self.done / self.plan if self.plan else None


def _month_select(
    year: int, month: int, curve: Sequence[int]
) -> tuple[Select[()], ColumnElement[int], ColumnElement[int]]:
    latest, joined = latest_ytd(year, month)
    done = func.coalesce(latest.ytd_investment_yuan, 0)
    statement = (
        select()
        .select_from(Project)
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(year), isouter=True)
        .join(latest, joined, isouter=True)
        .where(Project.active.is_(True))
    )
    return statement, done, cumulative_plan(month, curve)


async def unit_month(
    session: AsyncSession, year: int, month: int, curve: Sequence[int]
) -> list[MonthFigures]:
    """Each unit's done and plan at the end of `month`, one GROUP BY."""
    statement, done, plan = _month_select(year, month, curve)
    grouped = statement.add_columns(
        Unit.name.label("name"),
        Unit.name.label("unit"),
        func.count(ProjectPlan.id).label("projects"),  # with a plan for the year
        func.sum(annual()).label("annual"),
        func.sum(done).label("done"),
        func.sum(plan).label("plan"),
    ).group_by(Unit.name)
    return [MonthFigures(**row._mapping) for row in (await session.execute(grouped)).all()]


async def ranked_projects(
    session: AsyncSession,
    year: int,
    month: int,
    curve: Sequence[int],
    *,
    line: float,
    best: bool,
    limit: int,
    unit: str | None = None,
) -> list[MonthFigures]:
    """骏马 (best=True: at or above `line`, best first) or 蜗牛 (below it, worst first).

    A project red at the month's end (a milestone overdue, reports missed) is no 骏马 however
    far ahead its money is. With `unit`, among that unit's projects only.
    """
    statement, done, plan = _month_select(year, month, curve)
    share = ratio(done, plan)
    order = (share.desc() if best else share.asc(), annual().desc(), Project.code)
    ranked = (
        statement.add_columns(
            Project.name.label("name"),
            Unit.name.label("unit"),
            cast(1, BigInteger).label("projects"),
            annual().label("annual"),
            done.label("done"),
            plan.label("plan"),
        )
        .where(plan > 0, share >= line if best else share < line)
        .order_by(*order)
        .limit(limit)
    )
    month_end = date(year, month, monthrange(year, month)[1])
    if best:
        ranked = ranked.outerjoin(LightRecord, latest_light(month_end)).where(
            or_(LightRecord.color.is_(None), LightRecord.color != "red")
        )
    else:  # a project finished owes no more figures, one still to start none yet: no 蜗牛
        ranked = ranked.where(~finished_by(month_end), ~awaiting_start(month_end))
    if unit is not None:
        ranked = ranked.where(Unit.name == unit)
    return [MonthFigures(**row._mapping) for row in (await session.execute(ranked)).all()]


async def below_at_month_ends(
    session: AsyncSession, year: int, months: Sequence[int], curve: Sequence[int], line: float
) -> list[tuple[str, str, list[float]]]:
    """(name, unit, ratios in month order) of projects below `line` at every month end listed.

    As the 作检讨 light rule: a month counts only when the project was in the ledger by its
    first day and something was due (a 新建 project before its planned start owes nothing).
    """
    ordered = sorted(months)
    first_end = date(year, ordered[0], monthrange(year, ordered[0])[1])
    statement: Select[*tuple[Any, ...]] = (
        select(Project.name.label("name"), Unit.name.label("unit"))
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(year), isouter=True)
        .where(Project.active.is_(True), Project.entered_ledger_on <= date(year, ordered[0], 1))
        # finished: no 作检讨, as the light rule
        .where(~finished_by(date(year, ordered[-1], monthrange(year, ordered[-1])[1])))
        # not started and before the planned start at the first month end: not below then
        .where(~awaiting_start(first_end))
        .order_by(Unit.name, Project.code)
    )
    for month in ordered:
        latest, joined = latest_ytd(year, month)
        share = ratio(func.coalesce(latest.ytd_investment_yuan, 0), cumulative_plan(month, curve))
        statement = (
            statement.join(latest, joined, isouter=True)
            .add_columns(share.label(f"m{month}"))
            .where(share < line)
        )
    rows = (await session.execute(statement)).all()
    return [(row.name, row.unit, [row._mapping[f"m{month}"] for month in ordered]) for row in rows]
