"""The audit trail: who changed what in the ledger, reports and issues, a row per change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.inline_session import change
from storage.model_base import table_of
from storage.models import Audit

# A plain INSERT built once, written at once: every chat report adds a row, and an entity
# would cost a unit-of-work flush of its own.
_ADD = insert(table_of(Audit))


async def note(
    session: AsyncSession,
    *,
    at: datetime,
    actor: str,
    entity: str,
    entity_key: str,
    action: str,
    detail: dict[str, Any] | None,
) -> None:
    """Add a row to the audit trail."""
    row = {
        "at": at,
        "actor": actor,
        "entity": entity,
        "entity_key": entity_key,
        "action": action,
        "detail": detail,
    }
    await change(session, _ADD, row)
