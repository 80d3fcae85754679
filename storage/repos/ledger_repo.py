"""Bulk look-ups for ledger import and export: a query per batch of keys, never one per row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, any_, func, insert, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from domain.light_rules import FINISHED_STATUSES
from storage.models import (
    Identity,
    Milestone,
    Person,
    Project,
    ProjectLeader,
    ProjectOwner,
    ProjectPlan,
    Report,
    Unit,
)

CHUNK = 500  # well under SQLite's bound-parameter limit
PG_CHUNK = 10_000
T = TypeVar("T")
Link = type[ProjectOwner] | type[ProjectLeader]


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """Consecutive slices of at most `size` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def members(
    session: AsyncSession, column: QueryableAttribute[Any], keys: Iterable[Any]
) -> Iterator[ColumnElement[bool]]:
    """WHERE clauses that together select rows whose `column` is one of `keys`."""
    unique = list(dict.fromkeys(keys))
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # A prepared IN list of hundreds of parameters switches to a slow generic plan after
        # five runs; a single array parameter keeps every batch fast.
        for batch in chunks(unique, PG_CHUNK):
            yield column == any_(literal(batch, ARRAY(column.type)))
    else:
        for batch in chunks(unique):
            yield column.in_(batch)


async def _scalars(
    session: AsyncSession,
    statement: Select[T],
    column: QueryableAttribute[Any],
    keys: Iterable[Any],
) -> list[T]:
    found: list[T] = []
    for clause in members(session, column, keys):
        found.extend((await session.execute(statement.where(clause))).scalars())
    return found


async def units_by_name(session: AsyncSession) -> dict[str, Unit]:
    """Every unit by name (a county has a few hundred at most)."""
    return {u.name: u for u in (await session.execute(select(Unit))).scalars()}


async def projects_by_code(session: AsyncSession, codes: Iterable[str]) -> dict[str, Project]:
    """The projects with these codes."""
    rows = await _scalars(session, select(Project), Project.code, codes)
    return {p.code: p for p in rows}


async def project_codes(session: AsyncSession) -> list[tuple[str, str]]:
    """The code and name of every project on the roll, active or not."""
    statement = select(Project.code, Project.name).order_by(Project.code)
    return [(code, name) for code, name in await session.execute(statement)]


async def people_by_mobile(session: AsyncSession, mobiles: Iterable[str]) -> dict[str, Person]:
    """The people with these mobiles."""
    rows = await _scalars(session, select(Person), Person.mobile, mobiles)
    return {p.mobile: p for p in rows}


async def identities_of(session: AsyncSession, person_ids: Iterable[int]) -> list[Identity]:
    """Every identity of these people."""
    return await _scalars(session, select(Identity), Identity.person_id, person_ids)


async def account_holders(
    session: AsyncSession, accounts: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """(platform, external id) → mobile of the person who holds that account now."""
    wanted = set(accounts)
    statement = select(Identity.platform, Identity.external_id, Person.mobile).join(
        Person, Person.id == Identity.person_id
    )
    holders: dict[tuple[str, str], str] = {}
    for clause in members(session, Identity.external_id, (e for _, e in wanted)):
        for row in await session.execute(statement.where(clause)):
            if (account := (row.platform, row.external_id)) in wanted:
                holders[account] = row.mobile
    return holders


async def links_of(
    session: AsyncSession, model: Link, project_ids: Iterable[int]
) -> set[tuple[int, int]]:
    """(project id, person id) pairs of owners or leaders of these projects."""
    pairs: set[tuple[int, int]] = set()
    statement = select(model.project_id, model.person_id)
    for clause in members(session, model.project_id, project_ids):
        pairs.update((p, q) for p, q in await session.execute(statement.where(clause)))
    return pairs


async def milestones_of(
    session: AsyncSession, project_ids: Iterable[int]
) -> dict[tuple[int, str], Milestone]:
    """Milestones of these projects by (project id, name)."""
    rows = await _scalars(session, select(Milestone), Milestone.project_id, project_ids)
    return {(m.project_id, m.name): m for m in rows}


async def absent_projects(session: AsyncSession, codes: set[str]) -> list[str]:
    """Names of the projects on the roll and under way whose codes are not among `codes`."""
    statement = (
        select(Project.code, Project.name)
        .where(
            Project.active.is_(True),
            Project.completed_on.is_(None),
            Project.status.not_in(FINISHED_STATUSES),
        )
        .order_by(Project.code)
    )
    return [name for code, name in await session.execute(statement) if code not in codes]


async def active_projects(session: AsyncSession) -> list[tuple[Project, str]]:
    """Every active project with its unit's name, by code."""
    statement = (
        select(Project, Unit.name)
        .join(Unit, Unit.id == Project.unit_id)
        .where(Project.active.is_(True))
        .order_by(Project.code)
    )
    return [(project, unit) for project, unit in await session.execute(statement)]


async def linked_people(session: AsyncSession, model: Link) -> dict[int, list[tuple[str, str]]]:
    """Project id → [(name, mobile)] of its owners or leaders, in the order they were added."""
    statement = (
        select(model.project_id, Person.name, Person.mobile)
        .join(Person, Person.id == model.person_id)
        .order_by(model.project_id, Person.id)
    )
    found: dict[int, list[tuple[str, str]]] = {}
    for row in await session.execute(statement):
        found.setdefault(row.project_id, []).append((row.name, row.mobile))
    return found


async def active_people(session: AsyncSession) -> list[tuple[Person, str | None]]:
    """Every active person with the unit's name, in the order they were added."""
    statement = (
        select(Person, Unit.name)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.active.is_(True))
        .order_by(Person.id)
    )
    return [(person, unit) for person, unit in await session.execute(statement)]


async def accounts_by_person(session: AsyncSession) -> dict[int, dict[str, str]]:
    """Person id → {platform: external id}."""
    found: dict[int, dict[str, str]] = {}
    for identity in (await session.execute(select(Identity))).scalars():
        found.setdefault(identity.person_id, {})[identity.platform] = identity.external_id
    return found


async def active_milestones(session: AsyncSession) -> list[tuple[str, Milestone]]:
    """(项目代码, milestone) of every active project, by code and due date."""
    statement = (
        select(Project.code, Milestone)
        .join(Project, Project.id == Milestone.project_id)
        .where(Project.active.is_(True))
        .order_by(Project.code, Milestone.due_on.is_(None), Milestone.due_on, Milestone.name)
    )
    return [(code, milestone) for code, milestone in await session.execute(statement)]


@dataclass(frozen=True)
class MonthFigures:
    """One project's row of the 月报表: its unit, done this month and year to date (yuan).

    `plan` is the project's plan for the report's year (None: it has none for that year).
    """

    project: Project
    unit: str
    month_done_yuan: int
    ytd_yuan: int
    plan: ProjectPlan | None = None

    @property
    def annual_plan_yuan(self) -> int:
        """The year's annual plan, 0 without a plan for the year."""
        return self.plan.annual_plan_yuan if self.plan is not None else 0

    @property
    def monthly_plan_yuan(self) -> list[int] | None:
        """The year's monthly plan, if the project has one."""
        return self.plan.monthly_plan_yuan if self.plan is not None else None


async def month_figures(session: AsyncSession, year: int, month: int) -> list[MonthFigures]:
    """Every active project with this month's reported investment and its latest cumulative."""
    label = f"{year:04d}-{month:02d}"
    current = and_(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
    done = (
        select(Report.project_id, func.sum(Report.period_investment_yuan).label("done"))
        .where(current, Report.month == label)
        .group_by(Report.project_id)
        .subquery()
    )
    newest_first = (
        Report.month.desc(),
        Report.period.desc(),
        Report.received_at.desc(),
        Report.id.desc(),
    )
    ranked = (
        select(
            Report.project_id,
            Report.ytd_investment_yuan.label("ytd"),
            func.row_number()
            .over(partition_by=Report.project_id, order_by=newest_first)
            .label("rank"),
        )
        .where(current, Report.ytd_investment_yuan.is_not(None))
        .where(Report.month >= f"{year:04d}-01", Report.month <= label)
        .subquery()
    )
    statement = (
        select(Project, Unit.name.label("unit"), done.c.done, ranked.c.ytd, ProjectPlan)
        .join(Unit, Unit.id == Project.unit_id)
        .outerjoin(
            ProjectPlan, and_(ProjectPlan.project_id == Project.id, ProjectPlan.year == year)
        )
        .outerjoin(done, done.c.project_id == Project.id)
        .outerjoin(ranked, and_(ranked.c.project_id == Project.id, ranked.c.rank == 1))
        .where(Project.active.is_(True))
        .order_by(Project.code)
    )
    return [
        MonthFigures(row.Project, row.unit, int(row.done or 0), int(row.ytd or 0), row.ProjectPlan)
        for row in await session.execute(statement)
    ]


async def insert_returning(
    session: AsyncSession, model: Any, rows: list[dict[str, Any]], key: str
) -> dict[Any, int]:
    """Insert rows in bulk (far faster than one ORM object each); their `key` → new id."""
    found: dict[Any, int] = {}
    column = getattr(model, key)
    for batch in chunks(rows, 1000):
        result = await session.execute(insert(model).returning(model.id, column), batch)
        found.update((value, new_id) for new_id, value in result)
    return found
