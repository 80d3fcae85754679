"""A snapshot row as the ORM object a query would have given, in the session, with no SQL.

Callers of the ledger lookups get ORM objects they may change (the sender, the reported
project), so a row from storage.ledger_snapshot becomes one: a persistent instance in the
session's identity map, exactly as loading the row would make it. Only for a snapshot that is
current for the session's transaction (storage.ledger_cache.snapshot).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import TypeVar

from sqlalchemy import JSON, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict, set_committed_value

from storage.ledger_snapshot import Values
from storage.model_base import Base

M = TypeVar("M", bound=Base)
_MISSING = object()


def attach(
    session: AsyncSession, model: type[M], values: Values, *, fresh: bool = False
) -> M | None:
    """The session's object for this row: the one it holds, else a new one made from `values`.

    As a query would, an object the session holds keeps its loaded values; with `fresh` they
    are overwritten with the row's (a query with populate_existing). None when the session holds
    the object partly expired (after a savepoint rolled back): query it then.
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
    if not columns.isdisjoint(state.unloaded):
        return None
    if fresh:
        for key in columns:
            if state.dict.get(key, _MISSING) != values[key]:
                set_committed_value(held, key, copy.deepcopy(values[key]))
    return held


@cache
def _columns(model: type[Base]) -> frozenset[str]:
    """The model's column attributes."""
    return frozenset(a.key for a in inspect(model).column_attrs)


@cache
def _json(model: type[Base]) -> frozenset[str]:
    """The model's column attributes holding JSON (mutable values)."""
    attributes = inspect(model).column_attrs
    return frozenset(a.key for a in attributes if isinstance(a.columns[0].type, JSON))
