"""A progress report put straight into the ledger, without going through chat; the reports
that count, read back."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from domain.clock import parse_local_time
from storage.db import Database
from storage.models import Person, Project, Report
from tests.support.seed import WAN


async def add_report(
    db: Database,
    code: str,
    mobile: str | None,
    at: str,
    ytd_wan: int,
    month: str | None = None,
    *,
    period: str | None = None,
) -> int:
    """A report of `code` by `mobile` (None: the first person on file), received at `at` (local
    time) for its week and month (or for `period`, YYYY-Www, and `month`, YYYY-MM, filed late:
    `补报上周`), with a year-to-date figure; its id."""
    when = parse_local_time(at)
    async with db.write() as session:
        project = (await session.execute(select(Project).where(Project.code == code))).scalar_one()
        by = select(Person).where(Person.mobile == mobile) if mobile else select(Person)
        person = (await session.execute(by.order_by(Person.id))).scalars().first()
        assert person is not None, "a person to report"
        week = when.isocalendar()
        report = Report(
            project_id=project.id,
            period=period or f"{week.year}-W{week.week:02d}",
            month=month or f"{when:%Y-%m}",
            reporter_id=person.id,
            received_at=when,
            ytd_investment_yuan=ytd_wan * WAN,
            progress_text="主体施工",
        )
        session.add(report)
        await session.flush()
        return report.id


Stored = dict[str, tuple[int | None, int | None, str | None]]


async def current_reports(client: TestClient, unit: int = WAN) -> Stored:
    """Each project's current report: (本月, 累计) in `unit` (万, or 1 for yuan) and its
    形象进度, by project code."""
    async with client.app[DB].read() as session:
        rows = await session.execute(
            select(
                Project.code,
                Report.period_investment_yuan,
                Report.ytd_investment_yuan,
                Report.progress_text,
            )
            .join(Project, Project.id == Report.project_id)
            .where(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
        )
        return {c: (m and m // unit, y and y // unit, t) for c, m, y, t in rows}


async def latest_ytd(client: TestClient) -> int | None:
    """The cumulative (yuan) of the latest report that still counts."""
    statement = select(Report.ytd_investment_yuan).where(
        Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None)
    )
    async with client.app[DB].read() as session:
        return (await session.execute(statement.order_by(Report.id.desc()))).scalars().first()
