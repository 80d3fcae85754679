"""Who a push names: owners and leaders with the identity each platform needs for an @."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from sqlalchemy import select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.messages import Mention
from storage.models import Identity, Person, Project, ProjectLeader, ProjectOwner
from storage.repos.duty import owes_reports

People = dict[int, list[Person]]
"""People of each project (owners or 包联 leaders), by project id."""


async def owners(
    session: AsyncSession, exempt: Collection[str] = (), on: date | None = None
) -> list[Person]:
    """Active people who own at least one active project that owes weekly reports (of a
    reporting category, not finished; in the ledger by `on`, when given), by id."""
    statement = (
        select(Person)
        .where(Person.active.is_(True))
        .where(
            Person.id.in_(
                select(ProjectOwner.person_id)
                .join(Project, Project.id == ProjectOwner.project_id)
                .where(*owes_reports(exempt))
                .where(Project.entered_ledger_on <= on if on else true())
            )
        )
        .order_by(Person.id)
    )
    return list((await session.execute(statement)).scalars())


async def by_ids(session: AsyncSession, ids: Collection[int]) -> list[Person]:
    """Active people with the given ids, by id."""
    if not ids:
        return []
    wanted = Person.id.in_(sorted(ids))
    statement = select(Person).where(wanted, Person.active.is_(True)).order_by(Person.id)
    return list((await session.execute(statement)).scalars())


async def identities(session: AsyncSession, platform: str) -> dict[int, str]:
    """person id → account id on `platform`."""
    statement = select(Identity.person_id, Identity.external_id).where(
        Identity.platform == platform
    )
    return {person_id: account for person_id, account in (await session.execute(statement)).all()}


def mentions(people: Iterable[Person], accounts: dict[int, str]) -> tuple[Mention, ...]:
    """@ each person: by account id where bound on the platform, and by mobile."""
    return tuple(Mention(name=p.name, user_id=accounts.get(p.id), mobile=p.mobile) for p in people)


def named(ids: Iterable[int], people: People, accounts: dict[int, str]) -> tuple[Mention, ...]:
    """@ the people of the listed projects, each once."""
    seen: dict[int, Person] = {}
    for pid in ids:
        for person in people.get(pid, ()):
            seen.setdefault(person.id, person)
    return mentions(seen.values(), accounts)


async def project_people(
    session: AsyncSession, link: type[ProjectOwner] | type[ProjectLeader], ids: Iterable[int]
) -> People:
    """Active owners (or 包联 leaders) of the given projects, by project id."""
    wanted = sorted(set(ids))
    found: People = {}
    for start in range(0, len(wanted), 5_000):  # stay far below the drivers' parameter limits
        statement = (
            select(link.project_id, Person)
            .join(Person, Person.id == link.person_id)
            .where(link.project_id.in_(wanted[start : start + 5_000]), Person.active.is_(True))
            .order_by(Person.id)
        )
        for pid, person in await session.execute(statement):
            found.setdefault(pid, []).append(person)
    return found
