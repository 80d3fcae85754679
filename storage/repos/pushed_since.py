"""When an occasion's push went out, and the reports that changed since: a month's ranking
asked for later is the pushed one only when none did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Outbox, Report
from storage.repos.reports import CURRENT


async def pushed_at(session: AsyncSession, occasion: str) -> datetime | None:
    """When the first push of `occasion` (an idempotency prefix, `monthly_ranking:2026-11`)
    was queued; None when it was not, or its rows were pruned."""
    statement = select(func.min(Outbox.created_at)).where(
        Outbox.idempotency_key.startswith(f"{occasion}:", autoescape=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def changed_since(session: AsyncSession, year: int, month: int, since: datetime) -> int:
    """Reports of `year` up to `month` that changed after `since`: received then (a late or
    corrected figure that counts) or taken back then (/撤回). A ranking at that month's end
    reads each project's latest figure of the year up to it."""
    counted = and_(Report.received_at > since, *CURRENT)
    statement = select(func.count(Report.id)).where(
        Report.month.between(f"{year}-01", f"{year}-{month:02d}"),
        or_(counted, Report.withdrawn_at > since),
    )
    return (await session.execute(statement)).scalar_one()
