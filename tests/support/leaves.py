"""Leave (请假) for tests: an owner away for some days, as the ledger keeps it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import parse_local_time
from storage.models import Leave, Person


async def add_leave(
    session: AsyncSession,
    mobile: str,
    start: date,
    end: date,
    *,
    asked: str,
    stand_in: str | None = None,
) -> None:
    """The person with `mobile` away from `start` to `end` (asked at local time `asked`), with
    the person whose mobile is `stand_in` reporting in their place."""
    person = (await session.execute(select(Person).where(Person.mobile == mobile))).scalar_one()
    stand_in_id = None
    if stand_in is not None:
        statement = select(Person.id).where(Person.mobile == stand_in)
        stand_in_id = (await session.execute(statement)).scalar_one()
    session.add(
        Leave(
            person_id=person.id,
            stand_in_id=stand_in_id,
            start_on=start,
            end_on=end,
            created_at=parse_local_time(asked),
        )
    )
