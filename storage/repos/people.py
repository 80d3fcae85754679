"""Looking people up by platform identity or mobile, and binding identities."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.ext.asyncio import AsyncSession

from storage.ledger_attach import attach, columns_of, loaded
from storage.ledger_cache import snapshot
from storage.models import Identity, Person, Unit


async def by_identity(session: AsyncSession, platform: str, external_id: str) -> Person | None:
    """The active person behind a platform identity (the local platform uses the mobile)."""
    ledger = await snapshot(session)
    if ledger is not None:
        if platform == "local":
            found = ledger.mobiles.get(external_id.strip())
        else:
            found = ledger.accounts.get((platform, external_id))
        if found is None:
            return None
        person = attach(session, Person, ledger.people[found])
        if person is not None:
            return person
    if platform == "local":
        return await by_mobile(session, external_id)
    params = {"platform": platform, "external_id": external_id}
    return await _one_person(session, _BY_IDENTITY, params)


async def _one_person(
    session: AsyncSession, statement: Select[Any], params: dict[str, Any]
) -> Person | None:
    """The one person `statement` (columns of people, built once) finds, or None."""
    found = await loaded(session, Person, statement, params)
    if len(found) > 1:
        raise MultipleResultsFound("more than one active person matches")
    return found[0][0] if found else None


# Built once: they run on every message.
_BY_IDENTITY = (
    select(*columns_of(Person))
    .join(Identity, Identity.person_id == Person.id)
    .where(
        Identity.platform == bindparam("platform"),
        Identity.external_id == bindparam("external_id"),
    )
    .where(Person.active.is_(True))
)


# Built once: it runs on every message from the local platform.
_BY_MOBILE = select(*columns_of(Person)).where(
    Person.mobile == bindparam("mobile"), Person.active.is_(True)
)


async def by_mobile(session: AsyncSession, mobile: str) -> Person | None:
    """The active person with this mobile."""
    return await _one_person(session, _BY_MOBILE, {"mobile": mobile.strip()})


async def by_name(session: AsyncSession, name: str) -> list[Person]:
    """Active people with exactly this name (names are not unique)."""
    statement = select(Person).where(Person.name == name.strip(), Person.active.is_(True))
    return list((await session.execute(statement)).scalars())


async def identity_of(session: AsyncSession, person_id: int, platform: str) -> Identity | None:
    """The person's identity on `platform`, if bound."""
    statement = select(Identity).where(
        Identity.person_id == person_id, Identity.platform == platform
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def platforms_of(session: AsyncSession, person_id: int) -> list[str]:
    """The platforms the person has an account on."""
    statement = select(Identity.platform).where(Identity.person_id == person_id)
    return list((await session.execute(statement)).scalars())


async def bound_in_unit(session: AsyncSession, unit_id: int, limit: int = 3) -> list[str]:
    """Names of the unit's active people with an account bound on some platform (by name),
    the ones a 交办 to the unit could name as its handler."""
    bound = select(Identity.person_id)
    statement = (
        select(Person.name)
        .where(Person.unit_id == unit_id, Person.active.is_(True), Person.id.in_(bound))
        .order_by(Person.name)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def unit_of(session: AsyncSession, person: Person) -> Unit | None:
    """The person's unit."""
    return await session.get(Unit, person.unit_id) if person.unit_id else None


async def lock_by_mobile(session: AsyncSession, mobile: str) -> Person | None:
    """The active person with this mobile, read afresh with the row locked until commit.

    Binding and confirming a binding take it first, so on PostgreSQL two of them for one
    person run one after the other and the second sees the identity the first added.
    """
    statement = (
        select(Person)
        .where(Person.mobile == mobile.strip(), Person.active.is_(True))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def person_of(session: AsyncSession, platform: str, external_id: str) -> Person | None:
    """Whoever holds this platform identity, active or not."""
    statement = (
        select(Person)
        .join(Identity, Identity.person_id == Person.id)
        .where(Identity.platform == platform, Identity.external_id == external_id)
    )
    return (await session.execute(statement)).scalar_one_or_none()
