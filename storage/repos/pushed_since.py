"""When an occasion's push went out, and the reports that arrived for its month since: a
month's ranking asked for later is the pushed one only when nothing came in after it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
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


async def month_reports_since(session: AsyncSession, month: str, since: datetime) -> int:
    """Reports that count for `month` (`2026-11`) received after `since`."""
    statement = select(func.count(Report.id)).where(
        Report.month == month, Report.received_at > since, *CURRENT
    )
    return (await session.execute(statement)).scalar_one()
