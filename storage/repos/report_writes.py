"""A new report stored and the one it corrects superseded: plain statements, not the ORM's
unit of work (a report is written with every chat report, and the ORM's flush of a new entity
costs several times as much)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.inline_session import change, insert_row
from storage.ledger_attach import attach
from storage.model_base import table_of
from storage.models import Report


async def add(session: AsyncSession, values: Mapping[str, Any]) -> Report:
    """Store a new report of `values` (every column but its id, superseded_by_id and
    withdrawn_at); the session's entity of it, as loading the row would give."""
    row = {**values, "superseded_by_id": None, "withdrawn_at": None}
    if row.keys() != _NEW_COLUMNS:  # an entity with a column missing would load it lazily
        raise ValueError(f"a new report's columns: {sorted(row)} is not {sorted(_NEW_COLUMNS)}")
    # A plain INSERT, and the row attached to the session as loading it would.
    row["id"] = await insert_row(session, _ADD, row)
    report = attach(session, Report, row)
    if report is None:  # a new id is never held by the session
        raise RuntimeError(f"report {row['id']} could not join the session")
    return report


async def supersede(session: AsyncSession, earlier_id: int, by_id: int) -> None:
    """The report `earlier_id` no longer counts: `by_id` corrects it."""
    await change(session, _SUPERSEDE, {"k_id": earlier_id, "k_by": by_id})
    loaded = session.sync_session.identity_map.get(identity_key(Report, earlier_id))
    if loaded is not None:  # an entity of it this session holds says so too, with no flush
        set_committed_value(loaded, "superseded_by_id", by_id)


_REPORTS = table_of(Report)
_ADD = insert(_REPORTS)
_NEW_COLUMNS = frozenset(column.key for column in _REPORTS.columns) - {"id"}
_SUPERSEDE = (
    update(_REPORTS)
    .where(_REPORTS.c.id == bindparam("k_id"))
    .values(superseded_by_id=bindparam("k_by"))
)
