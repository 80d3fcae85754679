"""Taking a report back (`/撤回`, the office's withdrawal, a correction filed in the wrong
month): which report, and what counts again once it is gone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import object_session

from storage.models import Report
from storage.repos.outdated_lights import outdate
from storage.repos.reports import CURRENT


async def last_by_reporter(
    session: AsyncSession, reporter_id: int, since: datetime, project_id: int | None = None
) -> Report | None:
    """The reporter's most recent report (of one project, given) received from `since` on that
    still counts, whatever period it counts for (a month filed late is sent this week too)."""
    of = () if project_id is None else (Report.project_id == project_id,)
    return await _latest(
        session, Report.reporter_id == reporter_id, Report.received_at >= since, *of
    )


async def last_of_project(session: AsyncSession, project_id: int, month_from: str) -> Report | None:
    """The project's most recent report that still counts, whoever sent it, of a month from
    `month_from` (YYYY-MM) on: what the office may take back (earlier months are closed)."""
    return await _latest(session, Report.project_id == project_id, Report.month >= month_from)


async def _latest(session: AsyncSession, *where: Any) -> Report | None:
    """The report stored last that still counts among those `where` selects (by its key, not
    its time received: a held report confirmed later keeps the time it was sent)."""
    statement = (
        select(Report)
        .where(*where, *CURRENT)
        .order_by(Report.id.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def superseded_by(session: AsyncSession, report_id: int) -> Report | None:
    """The earlier report that `report_id` corrected, if any."""
    statement = (
        select(Report)
        .where(Report.superseded_by_id == report_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


def withdraw(report: Report, earlier: Report | None, at: datetime) -> None:
    """Take a report back; the report it corrected counts again."""
    report.withdrawn_at = at
    if earlier is not None:
        earlier.superseded_by_id = None
    session = object_session(report)
    if session is not None:  # the light its figures gave no longer holds
        outdate(session, at, report.project_id)
