"""Messages that reached nobody, for the office's daily list (with the daily issue loop)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person
from storage.repos import undelivered


async def undelivered_items(session: AsyncSession, day: date) -> tuple[list[dict[str, Any]], str]:
    """What the office has not been shown yet (marked shown today), and a tag of those rows.

    The marks are written in the caller's transaction; the same rows give the same tag.
    """
    rows = await undelivered.to_list(session, day)
    items: list[dict[str, Any]] = []
    for row in rows:
        if row.listed_on is None:
            row.listed_on = day
        issuer = await session.get(Person, row.issuer_id) if row.issuer_id else None
        items.append(
            {
                "at": row.at,
                "source": row.source,
                "what": row.what,
                "target": row.target,
                "reason": row.reason,
                "issuer": issuer.name if issuer else None,
            }
        )
    return items, ",".join(str(row.id) for row in rows)
