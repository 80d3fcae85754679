"""Questions waiting for one person's answer (`确认` a held report, `是/否` on a problem)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PendingAnswer
from storage.repos.scope import read

CONFIRM = "confirm"
PROBLEM = "problem"
CHOOSE = "choose"
"""Which of several projects a report named is for (handlers.reports.which_ask)."""
ASSIGN = "assign"
"""A /交办 with a slip in its handler, the command as meant offered for `是` (handlers.issues)."""


async def ask(
    session: AsyncSession,
    person_id: int,
    kind: str,
    *,
    period: str,
    at: datetime,
    items: list[dict[str, Any]],
) -> None:
    """Add `items` to the person's open question of `kind` (one message, or several reports
    in a row, may raise several); an item of a project already asked about replaces it. Each
    item keeps when it was first asked (`at`): a held report is stored as when it was sent."""
    found = await _one(session, person_id, kind)
    stamped = [{"at": at.isoformat(), **item} for item in items]  # asked again: as first asked
    if found is None:
        session.add(
            PendingAnswer(
                person_id=person_id,
                kind=kind,
                period=period,
                asked_at=at,
                payload={"items": stamped},
            )
        )
    else:
        asked = {item.get("project_id") for item in stamped} - {None}
        kept = [item for item in items_of(found) if item.get("project_id") not in asked]
        found.payload = {"items": [*kept, *stamped]}
        found.period, found.asked_at = period, at
    await session.flush()


async def settle(
    session: AsyncSession, person_id: int, kind: str, project_ids: Collection[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Drop the items of `project_ids` from the person's open question of `kind` (a report
    of those projects was stored since): the items still waiting, and those dropped."""
    if not list(await read(session, Asked._make, _open(kind), {"person_id": person_id})):
        return [], []  # most messages: nothing asked, nothing read beyond the ids
    found = await _one(session, person_id, kind)
    if found is None:
        return [], []
    every = items_of(found)
    left = [item for item in every if item.get("project_id") not in project_ids]
    if not left:
        await session.delete(found)
    elif len(left) < len(every):
        found.payload = {"items": left}
    await session.flush()
    return left, [item for item in every if item.get("project_id") in project_ids]


async def items_waiting(session: AsyncSession, person_id: int, kind: str) -> list[dict[str, Any]]:
    """The items of the person's open question of `kind`, read without a lock (nothing taken)."""
    statement = select(PendingAnswer).where(
        PendingAnswer.person_id == person_id, PendingAnswer.kind == kind
    )
    found = (await session.execute(statement)).scalar_one_or_none()
    return items_of(found) if found is not None else []


async def open_items(
    session: AsyncSession, person_id: int, kinds: tuple[str, ...]
) -> dict[str, list[dict[str, Any]]]:
    """The items of the person's open questions of `kinds`, by kind, in one read without a
    lock (nothing taken); a kind not asked is absent."""
    statement = select(PendingAnswer).where(
        PendingAnswer.person_id == person_id, PendingAnswer.kind.in_(kinds)
    )
    return {found.kind: items_of(found) for found in (await session.execute(statement)).scalars()}


async def _one(session: AsyncSession, person_id: int, kind: str) -> PendingAnswer | None:
    # locked: two quick messages of one person in two processes must not each drop the other's
    statement = (
        select(PendingAnswer)
        .where(PendingAnswer.person_id == person_id, PendingAnswer.kind == kind)
        .with_for_update()
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def take(
    session: AsyncSession,
    person_id: int,
    kinds: tuple[str, ...],
    *,
    keep: Callable[[Asked], bool] = lambda asked: False,
) -> list[PendingAnswer]:
    """Remove and return the person's open questions of `kinds`, but those `keep` keeps."""
    # Looked for first: most messages find none, and then nothing is written (so a command
    # that only reads can run where writing is refused).
    rows = await read(session, Asked._make, _open(*kinds), {"person_id": person_id})
    ids = [row.id for row in rows if not keep(row)]
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
    return bool(list(await read(session, Asked._make, _open(*kinds), {"person_id": person_id})))


class Asked(NamedTuple):
    """An open question, without what it is about."""

    id: int
    kind: str
    period: str


@cache
def _open(*kinds: str) -> Select[int, str, str]:
    """Built once per set of kinds: every message from a known sender runs it (a plain-row
    read, no ORM step), with the kinds part of the statement (storage.prepared)."""
    return select(PendingAnswer.id, PendingAnswer.kind, PendingAnswer.period).where(
        PendingAnswer.person_id == bindparam("person_id"), PendingAnswer.kind.in_(kinds)
    )


def items_of(pending: PendingAnswer) -> list[dict[str, Any]]:
    """What a question is about (held report blocks, or report ids)."""
    return list(pending.payload.get("items", []))


def asked_at(pending: PendingAnswer, item: dict[str, Any]) -> datetime:
    """When `item` was asked about (its message's time; the question's for an older item)."""
    said = item.get("at")
    return datetime.fromisoformat(said) if said else pending.asked_at
