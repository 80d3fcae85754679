"""Names from the office's own ledger for the examples help shows (`/项目 物流园` in 城区's
ledger, `/项目 王莽岭` in 陵川's): an example naming a project the office has not got is no
example at all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, Project, ProjectOwner, Unit
from storage.repos.projects import aliases_of


@dataclass(frozen=True)
class LedgerExample:
    """A project as people call it, its unit and one of its owners."""

    project: str
    unit: str
    owner: str | None


async def ledger_example(session: AsyncSession, person: Person | None) -> LedgerExample | None:
    """The asker's own first project (else the ledger's first), by code; None: no project."""
    statement = (
        select(Project.name, Project.aliases, Unit.name, Person.name)
        .join(Unit, Unit.id == Project.unit_id)
        .outerjoin(ProjectOwner, ProjectOwner.project_id == Project.id)
        .outerjoin(Person, Person.id == ProjectOwner.person_id)
        .where(Project.active.is_(True))
        .order_by(Project.code, Person.id)
        .limit(1)
    )
    found = None
    if person is not None:
        found = (await session.execute(statement.where(Person.id == person.id))).first()
    found = found or (await session.execute(statement)).first()
    if found is None:
        return None
    name, aliases, unit, owner = found
    short = next(iter(aliases_of(aliases)), None)
    return LedgerExample(short or name, unit, owner)
