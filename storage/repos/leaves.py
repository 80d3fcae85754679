"""Leave (请假): who is excused for a span of days."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Leave


async def excused_people(session: AsyncSession, start: date, end: date) -> set[int]:
    """People whose leave covers the whole span (they are neither nagged nor counted)."""
    statement = select(Leave.person_id).where(Leave.start_on <= start, Leave.end_on >= end)
    return set((await session.execute(statement)).scalars())
