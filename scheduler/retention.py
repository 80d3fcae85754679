"""The daily clean-up: answered messages and delivered pushes past [database] keep_days.

Only what nothing needs any more goes: a message still unanswered stays (the sweeper answers
it), and so does a push not delivered (pending, failed or unconfirmed: people act on those).
Deleted in chunks, each its own transaction, so chat writes get the lock in between.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.context import JobContext, JobResult
from storage.repos import inbound, outbox

log = logging.getLogger(__name__)
CHUNK = 5_000
Step = Callable[[AsyncSession], Awaitable[int]]


def retention_due(ctx: JobContext, day: date) -> bool:
    """Every day."""
    return True


async def retention(ctx: JobContext, at: datetime) -> JobResult:
    """Delete what is older than the kept days; pushes nothing (a dry run deletes nothing)."""
    if ctx.dry_run:
        return []
    before = at - timedelta(days=ctx.settings.database.keep_days)
    messages = await _in_chunks(ctx, lambda session: inbound.prune(session, before, CHUNK))
    pushes = await _in_chunks(ctx, lambda session: outbox.prune(session, before, CHUNK))
    log.info(
        "retention: %d messages and %d pushes from before %s deleted", messages, pushes, before
    )
    return []


async def _in_chunks(ctx: JobContext, step: Step) -> int:
    total = 0
    while True:
        async with ctx.db.write() as session:
            deleted = await step(session)
        total += deleted
        if deleted < CHUNK:
            return total
