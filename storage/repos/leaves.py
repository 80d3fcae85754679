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


async def cancel_from(
    session: AsyncSession, person_id: int, since: date
) -> list[tuple[date, date]]:
    """Cancel the person's leave from `since` on (销假; the week's Monday: a day of leave
    excuses its whole week, and who is back reports this week): leave from then on is
    dropped, leave begun before ends the day before; the spans cancelled."""
    statement = select(Leave).where(Leave.person_id == person_id, Leave.end_on >= since)
    cancelled = []
    for leave in (await session.execute(statement.order_by(Leave.start_on))).scalars():
        cancelled.append((max(leave.start_on, since), leave.end_on))
        if leave.start_on >= since:
            await session.delete(leave)
        else:
            leave.end_on = since - timedelta(days=1)
    return cancelled


async def make_room(
    session: AsyncSession, person_id: int, start: date, end: date
) -> list[tuple[date, date, int | None]]:
    """Free `start`–`end` of the person's other leaves: the days of theirs before and after
    it stay (a week already excused stays excused); the spans given up and who was to report
    in them (the stand-in's id), to tell them."""
    statement = select(Leave).where(
        Leave.person_id == person_id, Leave.start_on <= end, Leave.end_on >= start
    )
    given_up = []
    for leave in (await session.execute(statement.order_by(Leave.start_on))).scalars():
        given_up.append((max(leave.start_on, start), min(leave.end_on, end), leave.stand_in_id))
        if leave.end_on > end:  # the days after the new leave, as a leave of their own
            session.add(
                Leave(
                    person_id=person_id,
                    stand_in_id=leave.stand_in_id,
                    start_on=end + timedelta(days=1),
                    end_on=leave.end_on,
                    created_at=leave.created_at,
                )
            )
        if leave.start_on < start:
            leave.end_on = start - timedelta(days=1)
        else:
            await session.delete(leave)
    return given_up


async def covered_by(session: AsyncSession, person_id: int, today: date) -> list[int]:
    """The projects the person reports for today as a stand-in (代报) of an owner on leave."""
    statement = (
        select(ProjectOwner.project_id)
        .join(Leave, Leave.person_id == ProjectOwner.person_id)
        .where(Leave.stand_in_id == person_id, Leave.start_on <= today, Leave.end_on >= today)
        .distinct()
        .order_by(ProjectOwner.project_id)
    )
    return list((await session.execute(statement)).scalars())
