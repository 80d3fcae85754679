"""Leave (请假): who is excused for a span of days."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.ledger_cache import snapshot
from storage.models import Leave, ProjectOwner


async def excused_people(session: AsyncSession, start: date, end: date) -> set[int]:
    """People on leave during the span (请假 of any of its days excuses the week, as the
    reporting light and the 未报 lists count it: they are neither nagged nor counted)."""
    statement = select(Leave.person_id).where(Leave.start_on <= end, Leave.end_on >= start)
    return set((await session.execute(statement)).scalars())


async def stands_in(session: AsyncSession, project_id: int, person_id: int, today: date) -> bool:
    """Whether an owner of the project is on leave `today` with this person as stand-in."""
    ledger = await snapshot(session)
    if ledger is not None:
        return ledger.stands_in(project_id, person_id, today)
    statement = (
        select(Leave.id)
        .join(ProjectOwner, ProjectOwner.person_id == Leave.person_id)
        .where(
            ProjectOwner.project_id == project_id,
            Leave.stand_in_id == person_id,
            Leave.start_on <= today,
            Leave.end_on >= today,
        )
    )
    return (await session.execute(statement)).first() is not None


async def cancel_from(session: AsyncSession, person_id: int, today: date) -> list[Leave]:
    """Cancel the person's leave from `today` on (销假): leave still to come is dropped, leave
    under way ends yesterday; the leaves as they were, to tell what was cancelled."""
    statement = select(Leave).where(Leave.person_id == person_id, Leave.end_on >= today)
    found = list((await session.execute(statement.order_by(Leave.start_on))).scalars())
    shown = [Leave(start_on=leave.start_on, end_on=leave.end_on) for leave in found]
    for leave in found:
        if leave.start_on >= today:
            await session.delete(leave)
        else:
            leave.end_on = today - timedelta(days=1)
    return shown


async def overlapping(session: AsyncSession, person_id: int, start: date, end: date) -> list[Leave]:
    """The person's leaves that share a day with `start`–`end`."""
    statement = select(Leave).where(
        Leave.person_id == person_id, Leave.start_on <= end, Leave.end_on >= start
    )
    return list((await session.execute(statement.order_by(Leave.start_on))).scalars())
