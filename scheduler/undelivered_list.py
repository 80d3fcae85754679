"""The office's daily list of messages that reached nobody (with the daily issue loop)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.context import JobContext, Push, occasion
from storage.models import Person
from storage.repos import undelivered

MAX_SHOWN = 15


async def office_list(ctx: JobContext, session: AsyncSession, day: date) -> list[Push]:
    """What has not been shown to the office yet, marked as shown today (in the caller's write)."""
    rows = await undelivered.to_list(session, day)
    if not rows:
        return []
    items: list[dict[str, Any]] = []
    for row in rows:
        if row.listed_on is None:
            row.listed_on = day
        issuer = await session.get(Person, row.issuer_id) if row.issuer_id else None
        items.append(
            {
                "at": f"{row.at.month}月{row.at.day}日 {row.at:%H:%M}",
                "source": row.source,
                "what": row.what,
                "target": row.target,
                "reason": row.reason,
                "issuer": issuer.name if issuer else None,
            }
        )
    ids = ",".join(str(row.id) for row in rows)
    key = occasion("issue_loop", f"{day.isoformat()}:undelivered:{_digest(ids)}")
    data = {"items": items[:MAX_SHOWN], "more": max(0, len(items) - MAX_SHOWN), "total": len(items)}
    return [Push.of(ctx, group, key, "pushes/undelivered", data) for group in ctx.groups("office")]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]
