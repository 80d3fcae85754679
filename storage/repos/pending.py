"""Questions waiting for one person's answer (`确认` a held report, `是/否` on a problem)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PendingAnswer
from storage.repos.scope import read

CONFIRM = "confirm"
PROBLEM = "problem"


async def ask(
    session: AsyncSession,
    person_id: int,
    kind: str,
    *,
    period: str,
    at: datetime,
    items: list[dict[str, Any]],
) -> None:
    """Add `items` to the person's open question of `kind` (one message may raise several)."""
    statement = select(PendingAnswer).where(
        PendingAnswer.person_id == person_id, PendingAnswer.kind == kind
    )
    found = (await session.execute(statement)).scalar_one_or_none()
    if found is None:
        session.add(
            PendingAnswer(
                person_id=person_id,
                kind=kind,
                period=period,
                asked_at=at,
                payload={"items": items},
            )
        )
    else:
        found.payload = {"items": [*found.payload.get("items", []), *items]}
        found.period, found.asked_at = period, at
    await session.flush()


async def take(
    session: AsyncSession, person_id: int, kinds: tuple[str, ...]
) -> list[PendingAnswer]:
    """Remove and return the person's open questions of `kinds`."""
    # Looked for first: most messages find none, and then nothing is written (so a command
    # that only reads can run where writing is refused).
    rows = await read(session, _Id._make, _open_ids(kinds), {"person_id": person_id})
    ids = [row.id for row in rows]
    if not ids:
        return []
    # Only what this transaction itself deletes is returned: a concurrent taker gets nothing.
    statement = delete(PendingAnswer).where(PendingAnswer.id.in_(ids)).returning(PendingAnswer)
    taken = list((await session.execute(statement)).scalars())
    for answer in taken:  # gone from the table: a question asked anew may reuse its id
        session.expunge(answer)
    return taken


async def waiting(session: AsyncSession, person_id: int, kinds: tuple[str, ...]) -> bool:
    """Whether the person has an open question of `kinds` (nothing is taken)."""
    return bool(list(await read(session, _Id._make, _open_ids(kinds), {"person_id": person_id})))


class _Id(NamedTuple):
    id: int


@cache
def _open_ids(kinds: tuple[str, ...]) -> Select[int]:
    """Built once per set of kinds: every message from a known sender runs it (a plain-row
    read, no ORM step), with the kinds part of the statement (storage.prepared)."""
    return select(PendingAnswer.id).where(
        PendingAnswer.person_id == bindparam("person_id"), PendingAnswer.kind.in_(kinds)
    )


def items(pending: PendingAnswer) -> list[dict[str, Any]]:
    """What a question is about (held report blocks, or report ids)."""
    return list(pending.payload.get("items", []))
