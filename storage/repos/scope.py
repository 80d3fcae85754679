"""Which projects a read covers: an id range, listed ids or all, as bound statement conditions.

Statements are built once per kind of scope and run with `scope_params`; rows come back as
NamedTuples whose fields name the columns the statement selects (`columns` builds the select
list from those fields, so names and positions cannot drift apart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, CursorResult, Executable, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.inline_session import Read, execute_core, fetch, fetch_each
from storage.models import Project

Part = tuple[int, int]  # an inclusive range of project ids
Scope = Part | list[int] | None  # an id range (the jobs), listed ids (chat), None: all active
Kind = Literal["range", "ids", "one", "all"]
Shape = TypeVar("Shape", bound=tuple[Any, ...])


def kind_of(scope: Scope) -> Kind:
    """Which statements serve `scope`."""
    if scope is None:
        return "all"
    if isinstance(scope, tuple):
        return "range"
    # One project (a report's reply, a card) is compared plainly: a list is spelled out into
    # the SQL on every run (an expanding IN), which costs as much as the rest of the call.
    return "one" if len(scope) == 1 else "ids"


def within(column: Any, kind: Kind) -> tuple[ColumnElement[bool], ...]:
    """Conditions keeping `column` in a scope of `kind`; `scope_params` gives their values."""
    if kind == "all":
        return ()
    if kind == "range":
        return (column.between(bindparam("first_id"), bindparam("last_id")),)
    if kind == "one":
        return (column == bindparam("one_id"),)
    return (column.in_(bindparam("ids", expanding=True)),)


def scope_params(scope: Scope) -> dict[str, Any]:
    """The bound values of `within` for `scope`."""
    if scope is None:
        return {}
    if isinstance(scope, tuple):
        return {"first_id": scope[0], "last_id": scope[1]}
    return {"one_id": scope[0]} if len(scope) == 1 else {"ids": scope}


def columns(fields: Sequence[str], entity: Any, **named: Any) -> list[Any]:
    """The columns called `fields`, in order: `named` ones labelled, the rest `entity`'s own."""
    return [named[f].label(f) if f in named else getattr(entity, f) for f in fields]


async def rows_of(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> CursorResult[Any]:
    """Run a column-only select on the session's connection: plain rows, no ORM loading step."""
    # As an ORM query would (autoflush): what this session changed (a report being answered,
    # the milestones its declarations closed) is part of what it reads.
    await session.flush()
    return await execute_core(session, statement, dict(params) if params else None)


async def read(
    session: AsyncSession,
    shape: Callable[[Iterable[Any]], Shape],
    statement: Executable,
    params: Mapping[str, Any],
) -> Iterator[Shape]:
    """The rows made into a NamedTuple (`shape` is its `_make`) naming the columns in order.

    `statement` is built once (see storage.prepared), with `params` bound at execution."""
    await session.flush()  # as in rows_of
    return map(shape, await fetch(session, statement, params))


async def read_each(session: AsyncSession, reads: Sequence[Read]) -> list[Sequence[Sequence[Any]]]:
    """The rows of several selects built once (statement, values), each as plain tuples: on
    PostgreSQL sent together, in one round trip (storage.inline_session.fetch_each)."""
    await session.flush()  # as in rows_of
    return await fetch_each(session, reads)


async def active_ids(session: AsyncSession) -> list[int]:
    """The active projects' ids, in order."""
    statement = select(Project.id).where(Project.active.is_(True)).order_by(Project.id)
    return list((await rows_of(session, statement)).scalars())


def id_ranges(ordered: Sequence[int], parts: int, min_size: int) -> list[Part]:
    """Ordered ids cut into ranges of about equal size, none under `min_size`; none for none."""
    if not ordered:
        return []
    count = max(1, min(parts, len(ordered) // max(min_size, 1)))
    size = -(-len(ordered) // count)
    chunks = (ordered[i : i + size] for i in range(0, len(ordered), size))
    return [(ids[0], ids[-1]) for ids in chunks]
