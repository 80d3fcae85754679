"""A row as the ORM object a query would have given, in the session, without the ORM's query.

Callers of the ledger lookups get ORM objects they may change (the sender, the reported
project), so a row from storage.ledger_snapshot becomes one: a persistent instance in the
session's identity map, exactly as loading the row would make it. Only for a snapshot that is
current for the session's transaction (storage.ledger_cache.snapshot). Where there is none
(PostgreSQL, a snapshot gone stale), `loaded` reads the rows with a plain select built once
(run in place by a database worker, storage.inline_session) and makes them objects the same
way: an ORM query costs several times the statement it runs.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import JSON, Executable, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict, set_committed_value

from storage.inline_session import fetch
from storage.ledger_snapshot import Values
from storage.model_base import Base

M = TypeVar("M", bound=Base)
_MISSING = object()


def attach(
    session: AsyncSession,
    model: type[M],
    values: Values,
    *,
    fresh: bool = False,
    current: bool = False,
) -> M | None:
    """The session's object for this row: the one it holds, else a new one made from `values`.

    As a query would, an object the session holds keeps its loaded values; with `fresh` they
    are overwritten with the row's (a query with populate_existing). An object the session holds
    partly expired (after a rollback, or expired by its caller) takes the row's values for what
    it has not loaded when they were read in the session's own transaction (`current`); from a
    snapshot, None: query it then.
    """
    sync = session.sync_session
    mapper = inspect(model)
    held = sync.identity_map.get(mapper.identity_key_from_primary_key((values["id"],)))
    if held is None:
        # As the ORM's loading does: the values go straight into the instance's dict as loaded
        # ones (the constructor would record each as a change, at several times the cost).
        made = mapper.class_manager.new_instance()
        if not isinstance(made, model):  # its class manager makes the class's own instances
            return None
        loaded = instance_dict(made)
        loaded.update(values)
        for key in _json(model):  # mutable: changing the object must not change the snapshot
            loaded[key] = copy.deepcopy(loaded[key])
        make_transient_to_detached(made)
        sync.add(made)
        return made
    if not isinstance(held, model):
        return None
    state = inspect(held)
    columns = _columns(model)
    unloaded = columns & state.unloaded
    if unloaded and not current:
        return None
    for key in columns if fresh else unloaded:
        if state.dict.get(key, _MISSING) != values[key]:
            set_committed_value(held, key, copy.deepcopy(values[key]))
    return held


def columns_of(model: type[Base]) -> list[Any]:
    """The model's column attributes, in the order `loaded` expects them selected."""
    return [getattr(model, key) for key in _keys(model)]


async def loaded(
    session: AsyncSession,
    model: type[M],
    statement: Executable,
    params: Mapping[str, Any],
    *,
    fresh: bool = False,
) -> list[tuple[M, tuple[Any, ...]]]:
    """The objects of the rows `statement` selects, each with the row's further columns.

    `statement` selects `columns_of(model)` first (any further columns after them) and is built
    once. As a query would: the session flushes first, and an object it holds keeps its loaded
    values (with `fresh` it takes the row's) and takes the row's for those it has not loaded.
    """
    sync = session.sync_session
    if sync.autoflush and (sync.new or sync.dirty or sync.deleted):
        await session.flush()
    keys = _keys(model)
    width = len(keys)
    found = []
    for row in await fetch(session, statement, params):
        values = dict(zip(keys, row[:width], strict=True))
        made = attach(session, model, values, fresh=fresh, current=True)
        if made is None:
            raise RuntimeError(f"{model.__name__} {values['id']} is held as another class")
        found.append((made, tuple(row[width:])))
    return found


@cache
def _keys(model: type[Base]) -> tuple[str, ...]:
    """The model's column attributes, in the mapper's order."""
    return tuple(a.key for a in inspect(model).column_attrs)


@cache
def _columns(model: type[Base]) -> frozenset[str]:
    """The model's column attributes."""
    return frozenset(a.key for a in inspect(model).column_attrs)


@cache
def _json(model: type[Base]) -> frozenset[str]:
    """The model's column attributes holding JSON (mutable values)."""
    attributes = inspect(model).column_attrs
    return frozenset(a.key for a in attributes if isinstance(a.columns[0].type, JSON))
