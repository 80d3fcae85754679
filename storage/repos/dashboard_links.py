"""Dashboard links handed out, and the view each opens (SPEC §7 Dashboard).

A link row says whose view a signed URL opens and until when; revoking marks it. The view
is the person's as the ledger has them now: a person made inactive opens nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DashboardLink, Person, Unit

PERSON = "person"
SEES_ALL_GROUPS = ("leaders", "office")
"""Group links carried by pushes to these groups open the whole ledger."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: everything (leaders, admins, the office), one unit, or own projects."""

    name: str
    sees_all: bool
    person_id: int | None = None
    unit_id: int | None = None
    unit: str | None = None


OFFICE = Viewer("专班办公室", sees_all=True)


async def issue(
    session: AsyncSession, person_id: int | None, audience: str, now: datetime, days: int
) -> DashboardLink:
    """Store a new link for a person (`audience` PERSON) or a group's role; its id is set."""
    link = DashboardLink(
        person_id=person_id,
        audience=audience,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    await session.flush()
    return link


async def group_link(
    session: AsyncSession, audience: str, now: datetime, days: int
) -> DashboardLink:
    """The group's current link: reused while it has more than half its life left."""
    found = await current_group_link(session, audience, now, days)
    return found or await issue(session, None, audience, now, days)


async def current_group_link(
    session: AsyncSession, audience: str, now: datetime, days: int
) -> DashboardLink | None:
    """The group's link with more than half its life left, if one is on record."""
    statement = (
        select(DashboardLink)
        .where(
            DashboardLink.audience == audience,
            DashboardLink.person_id.is_(None),
            DashboardLink.revoked_at.is_(None),
            DashboardLink.expires_at > now + timedelta(days=days / 2),
        )
        .order_by(DashboardLink.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar()


async def viewer_of(session: AsyncSession, link_id: int, now: datetime) -> Viewer | str:
    """The view a stored link opens, or why it opens none (Chinese)."""
    link = await session.get(DashboardLink, link_id)
    if link is None:
        return "链接无效，请在群里发送“/看板”获取新的链接"
    if link.revoked_at is not None:
        return "这个链接已被专班办公室收回，请在群里发送“/看板”获取新的链接"
    if link.expires_at <= now:
        return "链接已过期，请在群里发送“/看板”获取新的链接"
    if link.person_id is None:
        return Viewer(f"{link.audience}群", sees_all=link.audience in SEES_ALL_GROUPS)
    return await person_viewer(session, link.person_id)


async def person_viewer(session: AsyncSession, person_id: int) -> Viewer | str:
    """A person's view: leaders and admins see everything, others their unit and projects."""
    statement = (
        select(Person, Unit.name)
        .join(Unit, Unit.id == Person.unit_id, isouter=True)
        .where(Person.id == person_id)
    )
    row = (await session.execute(statement)).first()
    if row is None or not row.Person.active:
        return "链接的主人已不在台账人员中，链接失效"
    person = row.Person
    sees_all = person.is_leader or person.is_admin
    return Viewer(person.name, sees_all, person.id, person.unit_id, row.name)


async def revoke_person(session: AsyncSession, person_id: int, now: datetime) -> int:
    """Revoke every live link of a person; how many were revoked."""
    statement = (
        update(DashboardLink)
        .where(DashboardLink.person_id == person_id, DashboardLink.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # CursorResult of an UPDATE


async def revoke_groups(session: AsyncSession, now: datetime) -> int:
    """Revoke every group link (a push was forwarded where it should not be)."""
    statement = (
        update(DashboardLink)
        .where(DashboardLink.person_id.is_(None), DashboardLink.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # CursorResult of an UPDATE
