"""Figures of the 双周调度会 digest, aggregated in SQL: one GROUP BY over units (SPEC §4, §8).

Lights come from the light history (the daily 亮灯 job records every project's light); the
caller evaluates only the projects that have none yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    Select,
    and_,
    case,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    LightRecord,
    Project,
    ProjectPlan,
    Report,
    Unit,
)
from storage.repos import starts
from storage.repos.plan_sql import done_and_plan
from storage.repos.plans import annual, is_key, plan_of_year

_Ts = TypeVarTuple("_Ts")


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def latest_light(on: date, since: datetime | None = None) -> ColumnElement[bool]:
    """Join condition: the project's most recent light record on or before `on`; with `since`,
    only if it was judged since then (`domain.lights.holds_since`: it still holds)."""
    older = aliased(LightRecord)
    newest = (
        select(func.max(older.day))
        .where(older.project_id == Project.id, older.day <= on)
        .correlate(Project)
        .scalar_subquery()
    )
    held = () if since is None else (LightRecord.recorded_at >= since,)
    return and_(LightRecord.project_id == Project.id, LightRecord.day == newest, *held)


def with_figures(
    statement: Select[*_Ts],
    on: date,
    latest: type[Report],
    joined: ColumnElement[bool],
    since: datetime | None = None,
) -> Select[*_Ts]:
    """A query of the active projects joined to their unit, their plan for `on`'s year, their
    latest report (`latest` on `joined`, from `done_and_plan`) and their latest light (one
    that still holds, with `since`: see `latest_light`)."""
    return (
        statement.join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(on.year), isouter=True)
        .join(latest, joined, isouter=True)
        .join(LightRecord, latest_light(on, since), isouter=True)
        # next year's projects, loaded in December, are not counted before their year
        .where(Project.active.is_(True), Project.entered_ledger_on <= on)
    )


@dataclass
class UnitFigures:
    """One unit's totals for the digest (amounts in yuan, lights from the light history)."""

    unit: str
    projects: int
    annual: int
    done: int
    plan: int
    new: int
    new_started: int
    continuing: int
    resumed: int
    started: int
    in_stats: int
    stats_overdue: int
    stats_due: int
    stats_due_in: int
    red: int
    yellow: int
    unlit: int
    """Projects with no light record yet (evaluated by the caller)."""
    key_projects: int
    """Key projects (年度计划 at the key line), when the caller gave the line."""
    key_annual: int
    key_done: int
    light_day: date | None
    """The oldest of the recorded lights used (the figures are as fresh as that)."""


_UNIT_COUNTS = [f.name for f in fields(UnitFigures) if f.name not in ("unit", "light_day")]


async def unit_figures(
    session: AsyncSession,
    on: date,
    curve: Sequence[int],
    stats_line: date,
    key_yuan: int | None = None,
    since: datetime | None = None,
) -> list[UnitFigures]:
    """Totals of every unit with active projects; started by `stats_line` (the day's
    `domain.stats_due.last_overdue_start`) and not 入统 is late; with `key_yuan` (the
    key-project line) the key projects' count, plan and done too."""
    latest, joined, done, plan = done_and_plan(on, curve)
    key = is_key(key_yuan) if key_yuan is not None else literal(False)
    started = starts.started()
    # reported: the newest report's cumulative, the one the figures are summed from
    resumed = starts.resumed(on.year, done > 0)
    dated = Project.started_on.is_not(None)
    # 开复工 counts the year's 新建/续建 lists: projects with a plan for the year, as /开工
    # does (in January a 2026 新建 project without a 2027 plan is in no one's list)
    category = starts.category_in(on.year)
    new = and_(ProjectPlan.id.is_not(None), category == "新建")
    continuing = and_(ProjectPlan.id.is_not(None), category == "续建")
    statement = with_figures(
        select(
            Unit.name.label("unit"),
            _count(ProjectPlan.id.is_not(None)).label("projects"),  # with a plan this year
            func.sum(annual()).label("annual"),
            func.sum(done).label("done"),
            func.sum(plan).label("plan"),
            _count(new).label("new"),
            _count(and_(new, started)).label("new_started"),
            _count(continuing).label("continuing"),
            _count(and_(continuing, resumed)).label("resumed"),
            _count(dated).label("started"),
            _count(and_(dated, Project.stats_entered_on.is_not(None))).label("in_stats"),
            _count(
                and_(Project.stats_entered_on.is_(None), Project.started_on <= stats_line)
            ).label("stats_overdue"),
            _count(Project.started_on <= stats_line).label("stats_due"),
            _count(
                and_(Project.started_on <= stats_line, Project.stats_entered_on.is_not(None))
            ).label("stats_due_in"),
            _count(LightRecord.color == "red").label("red"),
            _count(LightRecord.color == "yellow").label("yellow"),
            _count(LightRecord.id.is_(None)).label("unlit"),
            _count(key).label("key_projects"),
            func.sum(case((key, annual()), else_=0)).label("key_annual"),
            func.sum(case((key, done), else_=0)).label("key_done"),
            func.min(LightRecord.day).label("light_day"),
        ),
        on,
        latest,
        joined,
        since,
    ).group_by(Unit.name)
    return [_unit_figures(row._mapping) for row in (await session.execute(statement)).all()]


def _unit_figures(row: RowMapping) -> UnitFigures:
    # SUM over no rows is NULL, and some drivers give Decimal for sums of integers
    counts = {key: int(row[key] or 0) for key in _UNIT_COUNTS}
    return UnitFigures(unit=row["unit"], light_day=row["light_day"], **counts)


@dataclass
class ProjectFigures:
    """One project's figures and its latest recorded light."""

    id: int
    code: str
    name: str
    unit: str
    annual: int
    done: int
    plan: int
    color: str | None
    reasons: list[str] = field(default_factory=list)
    day: date | None = None

    @property
    def ratio(self) -> float | None:
        """Done against 序时 (None when nothing is due yet)."""
        return self.done / self.plan if self.plan else None


def _project_select(
    on: date, curve: Sequence[int], since: datetime | None
) -> Select[*tuple[Any, ...]]:
    latest, joined, done, plan = done_and_plan(on, curve)
    return with_figures(
        select(
            Project.id,
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            annual().label("annual"),
            done.label("done"),
            plan.label("plan"),
            LightRecord.color,
            LightRecord.reasons,
            LightRecord.day,
        ),
        on,
        latest,
        joined,
        since,
    )


def _figures(row: RowMapping) -> ProjectFigures:
    # blue reasons (e.g. "累计完成…为序时的 105%") say nothing in a list of what is wrong
    texts = [
        r["text"] for r in row["reasons"] or [] if isinstance(r, dict) and r.get("color") != "blue"
    ]
    return ProjectFigures(**{**row, "reasons": texts})


async def lit_projects(
    session: AsyncSession,
    on: date,
    curve: Sequence[int],
    limit: int,
    since: datetime | None = None,
) -> list[ProjectFigures]:
    """Red then yellow projects by their latest recorded light (one that holds, with `since`),
    worst 序时 first."""
    # pick the few by their light alone, then work out figures for those few only
    worst = (
        select(Project.id)
        .join(LightRecord, latest_light(on, since))
        .where(Project.active.is_(True), LightRecord.color.in_(("red", "yellow")))
        .order_by(
            case((LightRecord.color == "red", 0), else_=1),
            LightRecord.schedule_ratio.is_(None),
            LightRecord.schedule_ratio,
            Project.code,
        )
        .limit(limit)
    )
    ids = list((await session.execute(worst)).scalars())
    rows = {row.id: row for row in await project_figures(session, on, curve, ids, since)}
    return [rows[i] for i in ids if i in rows]


async def project_figures(
    session: AsyncSession,
    on: date,
    curve: Sequence[int],
    ids: Sequence[int],
    since: datetime | None = None,
) -> list[ProjectFigures]:
    """The listed active projects, by code."""
    statement = _project_select(on, curve, since).where(Project.id.in_(ids)).order_by(Project.code)
    return [_figures(row._mapping) for row in (await session.execute(statement)).all()]


async def unlit_ids(session: AsyncSession, on: date, since: datetime | None = None) -> list[int]:
    """Active projects with no light record on or before `on` (or whose latest no longer
    holds, with `since`): those `unit_figures` counts as unlit, joined as it joins them."""
    statement = (
        select(Project.id)
        .outerjoin(LightRecord, latest_light(on, since))
        .where(Project.active.is_(True), LightRecord.id.is_(None))
    )
    return list((await session.execute(statement)).scalars())
