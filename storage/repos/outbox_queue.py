"""The outbox as a work queue: claim due rows under a lease, record each request's outcome.

A claimed row is `claimed` (reserved to one worker) or `sending` (a request is in flight); its
`next_try_at` then holds the lease's end, and that exact value is the owner's token: every
update below matches it, so a worker whose lease was taken over changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.db import rows_changed
from storage.models import Outbox
from storage.repos import robots

ACTIVE = ("claimed", "sending")
CLAIM_LOCK = 0x6F757462  # "outb": claims run one at a time, so two never split a robot
RETRY_BY_HAND = "核实群里没有收到后，可用 diaodu outbox retry 重发"
UNCERTAIN = f"发送中断（进程退出），无法确认是否已送达；{RETRY_BY_HAND}"


@dataclass
class Claim:
    """A row reserved to this worker; `lease` is the token its updates must present."""

    id: int
    platform: str
    destination: str
    payload: dict[str, Any]
    attempts: int
    parts_sent: int
    lease: datetime


def _due(now: datetime) -> ColumnElement[bool]:
    # A row never tried is due even if stamped ahead of real time by a frozen business clock.
    fresh = Outbox.next_try_at == Outbox.created_at
    pending = and_(Outbox.status == "pending", or_(Outbox.next_try_at <= now, fresh))
    abandoned = and_(Outbox.status == "claimed", Outbox.next_try_at <= now)
    return or_(pending, abandoned)


async def has_due(session: AsyncSession, now: datetime) -> bool:
    """True when some row is due or some in-flight lease has run out (a cheap read)."""
    lapsed = and_(Outbox.status == "sending", Outbox.next_try_at <= now)
    found = await session.execute(select(Outbox.id).where(or_(_due(now), lapsed)).limit(1))
    return found.first() is not None


async def claim(
    session: AsyncSession,
    now: datetime,
    lease: datetime,
    limit: int,
    robot_of: Mapping[str, str] | None = None,
) -> list[Claim]:
    """Reserve up to `limit` due rows of robots no worker is sending to and none paused.

    `robot_of` maps each destination (group) to its robot's key: groups sharing one webhook
    share its rate window, its "busy" and its pause. A destination not in it is its own robot.
    """
    robot_of = robot_of or {}
    postgres = session.bind is not None and session.bind.dialect.name == "postgresql"
    if postgres:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
    await _give_up_in_flight(session, now)
    active = select(Outbox.destination).where(Outbox.status.in_(ACTIVE), Outbox.next_try_at > now)
    busy = set((await session.execute(active.distinct())).scalars())
    blocked = {robot_of.get(d, d) for d in busy} | await robots.paused(session, now)
    held = busy | {d for d, robot in robot_of.items() if robot in blocked}
    ids = (
        select(Outbox.id)
        .where(_due(now), Outbox.destination.not_in(held))
        .order_by(Outbox.id)
        .limit(limit)
    )
    if postgres:
        ids = ids.with_for_update(skip_locked=True)
    chosen = list((await session.execute(ids)).scalars())
    if not chosen:
        return []
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_(chosen))
        .values(status="claimed", next_try_at=lease)
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(select(Outbox).where(Outbox.id.in_(chosen)).order_by(Outbox.id))
    return [
        Claim(r.id, r.platform, r.destination, r.payload, r.attempts, r.parts_sent, lease)
        for r in rows.scalars()
    ]


async def _give_up_in_flight(session: AsyncSession, now: datetime) -> None:
    # A request was in flight when its worker died: the platform may have it, so sending it
    # again could deliver it twice. Mark it failed with the reason instead.
    await session.execute(
        update(Outbox)
        .where(Outbox.status == "sending", Outbox.next_try_at <= now)
        .values(status="failed", last_error=UNCERTAIN)
        .execution_options(synchronize_session=False)
    )


async def _owned_update(session: AsyncSession, claim: Claim, **values: Any) -> bool:
    result = await session.execute(
        update(Outbox)
        .where(
            Outbox.id == claim.id,
            Outbox.status.in_(ACTIVE),
            Outbox.next_try_at == claim.lease,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) > 0


async def start_request(session: AsyncSession, claim: Claim, lease: datetime) -> bool:
    """Mark a request in flight and renew the lease; False if the row is no longer ours."""
    owned = await _owned_update(session, claim, status="sending", next_try_at=lease)
    if owned:
        claim.lease = lease
    return owned


async def part_sent(
    session: AsyncSession, claim: Claim, now: datetime, lease: datetime, *, last: bool
) -> bool:
    """Count one delivered body; the row is `sent` after its last one."""
    values: dict[str, Any] = {"parts_sent": claim.parts_sent + 1, "sent_at": now}
    if last:
        values.update(status="sent", next_try_at=now, last_error=None)
    else:
        values.update(status="claimed", next_try_at=lease)
    owned = await _owned_update(session, claim, **values)
    if owned:
        claim.parts_sent += 1
        claim.lease = values["next_try_at"]
    return owned


async def mark_sent(session: AsyncSession, claim: Claim, now: datetime) -> bool:
    """Close a row with nothing left to send."""
    return await _owned_update(session, claim, status="sent", next_try_at=now, last_error=None)


async def unclaim(session: AsyncSession, claims: Sequence[Claim], now: datetime) -> None:
    """Give back rows still only reserved (none in flight) when the worker stops."""
    for claim in claims:
        await session.execute(
            update(Outbox)
            .where(
                Outbox.id == claim.id,
                Outbox.status == "claimed",
                Outbox.next_try_at == claim.lease,
            )
            .values(status="pending", next_try_at=now)
            .execution_options(synchronize_session=False)
        )


async def release(
    session: AsyncSession,
    claim: Claim,
    next_try_at: datetime,
    *,
    attempts: int | None = None,
    error: str | None = None,
) -> bool:
    """Give the row back to the queue, due at `next_try_at` (after a failed try if `error`)."""
    values: dict[str, Any] = {"status": "pending", "next_try_at": next_try_at}
    if attempts is not None:
        values.update(attempts=attempts, last_error=error)
    return await _owned_update(session, claim, **values)


async def fail(
    session: AsyncSession, claim: Claim, reason: str, *, attempts: int | None = None
) -> bool:
    """Mark the row failed for good, with the reason people will read."""
    values: dict[str, Any] = {"status": "failed", "last_error": reason}
    if attempts is not None:
        values["attempts"] = attempts
    return await _owned_update(session, claim, **values)


async def recent_parts(
    session: AsyncSession, destinations: Sequence[str], since: datetime
) -> list[datetime]:
    """One time per body delivered to `destinations` after `since` (a row's at its last)."""
    rows = await session.execute(
        select(Outbox.sent_at, Outbox.parts_sent).where(
            Outbox.destination.in_(destinations), Outbox.sent_at > since
        )
    )
    return [at for at, parts in rows if at is not None for _ in range(parts)]


async def hold_back(session: AsyncSession, destinations: Sequence[str], until: datetime) -> None:
    """Delay every waiting row to `destinations` until `until` (the robot asked us to wait)."""
    await session.execute(
        update(Outbox)
        .where(
            Outbox.destination.in_(destinations),
            Outbox.status == "pending",
            or_(Outbox.next_try_at < until, Outbox.next_try_at == Outbox.created_at),
        )
        .values(next_try_at=until)
        .execution_options(synchronize_session=False)
    )
