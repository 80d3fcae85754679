"""What the office does with the outbox by hand: look at it, send failed pushes again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Outbox

# `pending` in a listing also covers rows a worker holds right now.
LISTED = {
    "pending": ("pending", "claimed", "sending"),
    "failed": ("failed",),
    "sent": ("sent",),
}


async def latest(session: AsyncSession, status: str, limit: int) -> list[Outbox]:
    """The newest rows with `status` (or any status for "all"), newest first."""
    statement = select(Outbox).order_by(Outbox.id.desc()).limit(limit)
    if status != "all":
        statement = statement.where(Outbox.status.in_(LISTED[status]))
    return list((await session.execute(statement)).scalars())


async def statuses(session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    """The status of each existing row among `ids`."""
    rows = await session.execute(select(Outbox.id, Outbox.status).where(Outbox.id.in_(ids)))
    return {id_: status for id_, status in rows}


async def retry_failed(
    session: AsyncSession, now: datetime, ids: Sequence[int] | None = None
) -> list[int]:
    """Put failed rows (all, or those of `ids`) back in the queue, due now; their ids."""
    statement = (
        update(Outbox)
        .where(Outbox.status == "failed")
        .values(status="pending", attempts=0, next_try_at=now)
        .returning(Outbox.id)
        .execution_options(synchronize_session=False)
    )
    if ids is not None:
        statement = statement.where(Outbox.id.in_(ids))
    return sorted((await session.execute(statement)).scalars())
