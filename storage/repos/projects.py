"""Finding projects by code, name, alias or an unambiguous part of the name."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import BindParameter, Select, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.ledger_attach import attach, columns_of, loaded
from storage.ledger_cache import snapshot
from storage.ledger_snapshot import LedgerSnapshot, Values, fold
from storage.models import Person, Project, ProjectLeader, ProjectOwner
from storage.project_refs import code_digits, digits_of_column, half_width, unwrapped

MAX_CANDIDATES = 5
T = TypeVar("T")


@dataclass
class Resolution:
    """Either one project, or the candidates the user may have meant (never a guess)."""

    project: Project | None = None
    candidates: list[Project] = field(default_factory=list)
    ambiguous: bool = False
    matches: list[Project] = field(default_factory=list)
    """Every project an ambiguous `ref` is part of (`candidates` are the first of them)."""


async def lock(session: AsyncSession, project_id: int) -> Project | None:
    """The project, read afresh with its row locked until commit.

    Every write about a project's reports (a report, a correction, a withdrawal, an answer to
    a question about one) takes this lock first, so on PostgreSQL two of them for the same
    project run one after the other and the second sees what the first committed. SQLite
    serialises writers anyway (the lock clause is not emitted there), so where the ledger
    snapshot is current (SQLite only) the row is taken from it instead of read again.
    """
    ledger = await snapshot(session)
    if ledger is not None:
        values = ledger.projects.get(project_id)
        project = None if values is None else attach(session, Project, values, fresh=True)
        if values is None or project is not None:
            return project
    found = await loaded(session, Project, _LOCK, {"project_id": project_id}, fresh=True)
    return found[0][0] if found else None


async def resolve(session: AsyncSession, ref: str) -> Resolution:
    """Find the project `ref` names: code, full name, alias, or a unique part of the name; in
    the quotes or brackets it was copied in (`「物流园」`); typed with full-width digits
    (`２０２６－１４０５…`), as typed first, then in plain digits; a code without its hyphens
    (`20261405…`, `2026 140502 …`) last."""
    ref = unwrapped(ref)
    found = await _resolve_typed(session, ref)
    plain = half_width(ref)
    if found.project is None and plain != ref:
        again = await _resolve_typed(session, plain)
        if again.project is not None:
            return again
    digits = code_digits(ref)
    if found.project is None and digits is not None:
        coded = await _coded(session, digits)
        if coded is not None:
            return Resolution(project=coded)
    return found


async def _coded(session: AsyncSession, digits: str) -> Project | None:
    """The one active project whose code is `digits` once its hyphens are left out."""
    ledger = await snapshot(session)
    if ledger is not None:
        found = _attached(session, [ledger.projects[i] for i in ledger.coded.get(digits, ())])
        if found is not None:
            return found[0] if len(found) == 1 else None
    rows = await loaded(session, Project, _CODED, {"digits": digits})
    return rows[0][0] if len(rows) == 1 else None


async def _resolve_typed(session: AsyncSession, ref: str) -> Resolution:
    """resolve's tries of `ref` as it stands (quotes and brackets left out by `unwrapped`)."""
    if not ref:
        return Resolution()
    ledger = await snapshot(session)
    if ledger is not None and (found := _resolve_in(session, ledger, ref)) is not None:
        return found
    params = {"ref": ref, "pattern": f"%{_escape(ref)}%"}
    rows = await loaded(session, Project, _RESOLVE, params)
    exact = [project for project, (is_exact, _) in rows if is_exact]
    partial = [project for project, (_, is_partial) in rows if is_partial]
    return _decide(ref, exact, partial) or await _loosely(session, ref)


def _decide(ref: str, exact: list[Project], partial: list[Project]) -> Resolution | None:
    """The rules of resolve over the active projects `ref` equals and those it is part of."""
    if len(exact) == 1:
        return Resolution(project=exact[0])
    by_alias = [p for p in partial if ref in _aliases(p)]
    if len(by_alias) == 1:
        return Resolution(project=by_alias[0])
    if len(partial) == 1:
        return Resolution(project=partial[0])
    if partial:
        return Resolution(candidates=partial[:MAX_CANDIDATES], ambiguous=True, matches=partial)
    return None


def _resolve_in(session: AsyncSession, ledger: LedgerSnapshot, ref: str) -> Resolution | None:
    """resolve from the snapshot, matching as SQLite does; None if an object must be queried."""
    exact = _attached(session, [ledger.projects[i] for i in ledger.exact.get(ref, ())])
    if exact is not None and len(exact) == 1:
        return Resolution(project=exact[0])
    folded = fold(ref)
    partial = _attached(
        session, [p.values for p in ledger.active if folded in p.name or folded in p.aliases]
    )
    if exact is None or partial is None:
        return None
    found = _decide(ref, exact, partial)
    if found is not None:
        return found
    active = [p for p in ledger.projects.values() if p["active"]]  # by id, as SQL reads them
    one = _one_shortened(ref, active, lambda p: str(p["name"]))
    if one is not None:
        attached = _attached(session, [one])
        return None if attached is None else Resolution(project=attached[0])
    closest = _attached(session, _best(ref, active, lambda p: str(p["name"])))
    return None if closest is None else Resolution(candidates=closest)


def _attached(session: AsyncSession, rows: list[Values]) -> list[Project] | None:
    projects = [attach(session, Project, values) for values in rows]
    return None if None in projects else [p for p in projects if p is not None]


def _resolve() -> Select[Any]:
    # One round trip for both tries (the database still judges LIKE, with its case rules),
    # built once because building and keying it cost about as much as running it.
    ref: BindParameter[str] = bindparam("ref")
    pattern: BindParameter[str] = bindparam("pattern")
    exact = or_(Project.code == ref, Project.name == ref)
    partial = or_(
        Project.name.like(pattern, escape="\\"), Project.aliases.like(pattern, escape="\\")
    )
    return (
        select(*columns_of(Project), exact.label("exact"), partial.label("partial"))
        .where(Project.active.is_(True), or_(exact, partial))
        .order_by(Project.name)
    )


_RESOLVE = _resolve()
_CODED = select(*columns_of(Project)).where(
    Project.active.is_(True), digits_of_column(Project.code) == bindparam("digits")
)
_LOCK = select(*columns_of(Project)).where(Project.id == bindparam("project_id")).with_for_update()
_IS_OWNER = select(ProjectOwner).where(
    ProjectOwner.project_id == bindparam("project_id"),
    ProjectOwner.person_id == bindparam("person_id"),
)


def aliases_of(text: str) -> list[str]:
    """The short names of a project's 简称 cell (`物流园、智慧物流园`)."""
    return [a for a in (a.strip() for a in re.split(r"[、，,]", text)) if a]


def _aliases(project: Project) -> list[str]:
    return aliases_of(project.aliases)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def _loosely(session: AsyncSession, ref: str) -> Resolution:
    """The one project `ref` names as people shorten names, else the closest names."""
    rows = (await session.execute(select(Project).where(Project.active.is_(True)))).scalars().all()
    one = _one_shortened(ref, rows, lambda p: p.name)
    if one is not None:
        return Resolution(project=one)
    return Resolution(candidates=_best(ref, rows, lambda p: p.name))


# what people leave out of a project's name when they type it: brackets, and the words
# every name has (`标准化厂房一期` for `北石店工业园区标准化厂房建设项目（一期）`)
_LEFT_OUT = re.compile(r"[（）()【】\[\]《》〈〉\s]|建设项目|建设工程|项目|工程")


def _one_shortened(ref: str, items: Iterable[T], name_of: Callable[[T], str]) -> T | None:
    """The one item whose name holds `ref` once both lose what people leave out of names."""
    wanted = _LEFT_OUT.sub("", fold(ref))
    if len(wanted) < 2:
        return None
    found = [item for item in items if wanted in _LEFT_OUT.sub("", fold(name_of(item)))]
    return found[0] if len(found) == 1 else None


def _best(ref: str, items: Iterable[T], name_of: Callable[[T], str]) -> list[T]:
    """The items whose names look most like `ref` (the closest first), if any is close enough."""
    scored = [(difflib.SequenceMatcher(None, ref, name_of(item)).ratio(), item) for item in items]
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [item for score, item in scored[:MAX_CANDIDATES] if score >= 0.3]


async def also_named(session: AsyncSession, ref: str, chosen: int, limit: int = 3) -> list[str]:
    """Names of other active projects that `ref` is part of (an alias chose `chosen`)."""
    ref = ref.strip()
    if not ref:
        return []
    statement = (
        select(Project.name)
        .where(
            Project.active.is_(True),
            Project.id != chosen,
            Project.name.like(f"%{_escape(ref)}%", escape="\\"),
        )
        .order_by(Project.code)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def owned_by(session: AsyncSession, person_id: int) -> list[Project]:
    """Projects the person is an owner of, by code."""
    statement = (
        select(Project)
        .join(ProjectOwner, ProjectOwner.project_id == Project.id)
        .where(ProjectOwner.person_id == person_id, Project.active.is_(True))
        .order_by(Project.code)
    )
    return list((await session.execute(statement)).scalars())


async def owners_of(
    session: AsyncSession, project_id: int, unit_id: int | None = None
) -> list[Person]:
    """The project's active owners, by name; those who belong to `unit_id` when given."""
    statement = (
        select(Person)
        .join(ProjectOwner, ProjectOwner.person_id == Person.id)
        .where(ProjectOwner.project_id == project_id, Person.active.is_(True))
        .order_by(Person.name)
    )
    if unit_id is not None:
        statement = statement.where(Person.unit_id == unit_id)
    return list((await session.execute(statement)).scalars())


async def ids_in_unit(session: AsyncSession, unit_id: int) -> list[int]:
    """The ids of a unit's active projects."""
    statement = select(Project.id).where(Project.unit_id == unit_id, Project.active.is_(True))
    return list((await session.execute(statement)).scalars())


async def led_by(session: AsyncSession, person_id: int) -> list[Project]:
    """Projects the person is a 包联 leader of, by code."""
    statement = (
        select(Project)
        .join(ProjectLeader, ProjectLeader.project_id == Project.id)
        .where(ProjectLeader.person_id == person_id, Project.active.is_(True))
        .order_by(Project.code)
    )
    return list((await session.execute(statement)).scalars())


async def is_owner(session: AsyncSession, project_id: int, person_id: int) -> bool:
    """Whether the person is one of the project's owners."""
    ledger = await snapshot(session)
    if ledger is not None:
        return (project_id, person_id) in ledger.owners
    params = {"project_id": project_id, "person_id": person_id}
    return (await session.execute(_IS_OWNER, params)).first() is not None
