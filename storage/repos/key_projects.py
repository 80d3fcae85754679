"""重点项目 (SPEC §9): key projects — 年度计划 at the office's line ([targets] key_threshold_wan) —
with their figures and lights, subtotals by 项目级别, and their share of all investment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, String, cast, func, literal, null, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from domain.levels import KEY_LEVELS, key_level
from domain.light_types import LightRules
from domain.lights import holds_since
from domain.targets import share
from storage.models import LightRecord, Project, ProjectPlan, Unit
from storage.repos.digest_queries import latest_light
from storage.repos.plan_sql import done_and_plan
from storage.repos.plans import annual, is_key, plan_of_year
from storage.repos.standing import standings

LEVELS = KEY_LEVELS
level_named = key_level


@dataclass(frozen=True)
class KeyRow:
    """One key project's figures (yuan) and its light (latest recorded, else judged now)."""

    id: int
    code: str
    name: str
    unit: str
    level: str
    annual: int
    done: int
    plan: int
    color: str | None

    @property
    def ratio(self) -> float | None:
        """Done against 序时."""
        return share(self.done, self.plan)


@dataclass(frozen=True)
class Subtotal:
    """Key projects of one level (or all of them)."""

    name: str
    count: int
    annual: int
    done: int

    @property
    def completion(self) -> float | None:
        """Done of the annual plan."""
        return share(self.done, self.annual)


@dataclass(frozen=True)
class KeyReport:
    """Key projects against their target and as a share of everything."""

    rows: list[KeyRow]
    total: Subtotal
    levels: list[Subtotal]
    all_annual: int
    all_done: int
    target: int
    """What the key projects should complete this year (yuan; 0: no target)."""
    share_target: int
    """% of all investment they should make up (0: no target)."""

    @property
    def plan_share(self) -> float | None:
        """Their annual plans of all annual plans."""
        return share(self.total.annual, self.all_annual)

    @property
    def done_share(self) -> float | None:
        """Their done of all done."""
        return share(self.total.done, self.all_done)

    @property
    def target_done(self) -> float | None:
        """Done against the target."""
        return share(self.total.done, self.target)


async def key_report(
    session: AsyncSession,
    on: date,
    curve: Sequence[int],
    *,
    threshold_yuan: int,
    target_yuan: int,
    share_target: int,
    level: str | None = None,
    tag: str | None = None,
    unit_id: int | None = None,
    rules: LightRules | None = None,
    totals: tuple[int, int] | None = None,
    lights: bool = True,
    at: datetime | None = None,
) -> KeyReport:
    """Key projects on `on` (one level's or one unit's, if given), worst light first.

    `totals`: everyone's (annual, done) when the caller has them (the digest sums units);
    `lights=False`: figures only (no light history lookup); `at`: the moment the lights are
    for (noon of `on` if not given).
    """
    at = at or datetime.combine(on, time(12), SHANGHAI)
    latest, joined, done, plan = done_and_plan(on, curve)
    color = LightRecord.color if lights else cast(null(), String)
    key = is_key(threshold_yuan)
    statement = (
        select(
            Project.id,
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            func.coalesce(ProjectPlan.level, "一般").label("level"),
            annual().label("annual"),
            done.label("done"),
            plan.label("plan"),
            color.label("color"),
        )
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(on.year), isouter=True)
        .join(latest, joined, isouter=True)
        .where(Project.active.is_(True), key)
    )
    if lights:
        # only a light that still holds (one of last year's does not on 元旦): judged anew
        since = holds_since(at, rules.calendar, rules.thresholds) if rules else None
        statement = statement.join(LightRecord, latest_light(on, since), isouter=True)
    if level is not None:
        statement = statement.where(ProjectPlan.level == level)
    if tag is not None:
        statement = statement.where(has_tag(tag))
    if unit_id is not None:
        statement = statement.where(Project.unit_id == unit_id)
    rows = [KeyRow(**row._mapping) for row in await session.execute(statement)]
    if rules is not None:
        rows = await _judged(session, rows, at, rules)
    rank = {"red": 0, "yellow": 1, "blue": 2}
    rows.sort(key=lambda r: (rank.get(r.color or "", 3), r.ratio is None, r.ratio or 0, r.code))
    if totals is None:
        everything = (
            select(func.coalesce(func.sum(annual()), 0), func.coalesce(func.sum(done), 0))
            .select_from(Project)
            .join(ProjectPlan, plan_of_year(on.year), isouter=True)
            .join(latest, joined, isouter=True)
            .where(Project.active.is_(True))
        )
        found = (await session.execute(everything)).one()
        totals = (int(found[0]), int(found[1]))
    all_annual, all_done = totals
    levels = [_subtotal(name, [r for r in rows if r.level == name]) for name in LEVELS]
    return KeyReport(
        rows,
        _subtotal("合计", rows),
        [s for s in levels if s.count],
        int(all_annual),
        int(all_done),
        target_yuan,
        share_target,
    )


async def _judged(
    session: AsyncSession, rows: list[KeyRow], at: datetime, rules: LightRules
) -> list[KeyRow]:
    """Rows with no light on record get the light judged now (a ledger just imported)."""
    missing = [row.id for row in rows if row.color is None]
    if not missing:
        return rows
    judged = await standings(session, at, rules, project_ids=missing)
    found = {standing.project.id: standing.light.color.value for standing in judged}
    return [replace(row, color=found.get(row.id, row.color)) for row in rows]


def _subtotal(name: str, rows: list[KeyRow]) -> Subtotal:
    return Subtotal(name, len(rows), sum(r.annual for r in rows), sum(r.done for r in rows))


def has_tag(tag: str) -> ColumnElement[bool]:
    """The year's plan carries the 重点类别 `tag` (tags are 、-separated)."""
    tags = literal("、") + func.coalesce(ProjectPlan.key_tags, "") + literal("、")
    return tags.contains(f"、{tag}、", autoescape=True)


async def known_tags(session: AsyncSession, year: int, configured: Sequence[str]) -> list[str]:
    """The configured 重点类别 and those the year's plans carry, in that order."""
    statement = select(ProjectPlan.key_tags).where(ProjectPlan.year == year).distinct()
    stored = [t for tags in (await session.execute(statement)).scalars() for t in tags.split("、")]
    return list(dict.fromkeys(t for t in [*configured, *stored] if t))


async def matching_ids(
    session: AsyncSession,
    year: int,
    threshold_yuan: int,
    *,
    key: bool | None,
    level: str | None,
    tag: str | None = None,
) -> set[int]:
    """Active projects that are (key=True) or are not (key=False) key in `year`'s plan, of
    `level` if given."""
    statement = (
        select(Project.id)
        .join(ProjectPlan, plan_of_year(year), isouter=True)
        .where(Project.active.is_(True))
    )
    if key is not None:
        statement = statement.where(is_key(threshold_yuan) if key else ~is_key(threshold_yuan))
    if level is not None:
        statement = statement.where(ProjectPlan.level == level)
    if tag is not None:
        statement = statement.where(has_tag(tag))
    return set((await session.execute(statement)).scalars())
