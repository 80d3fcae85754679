"""The rows of the upward 月报表: each project's month from its reports, in three queries.

本月完成 is the rise of the year's cumulative over the month (owners mostly report the
cumulative only, and weekly 本月完成 figures are month-to-date, so they never add up); the
month's own 本月完成 is used only for a project that reported no cumulative at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Select, and_, cast, func, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Issue,
    Person,
    Project,
    ProjectLeader,
    ProjectOwner,
    ProjectPlan,
    Report,
    Unit,
)
from storage.repos.duty import finished_by
from storage.repos.issues import RETRACTED
from storage.repos.plans import annual, plan_of_year
from storage.repos.reports import CURRENT

NEWEST_FIRST = (
    Report.month.desc(),
    Report.period.desc(),
    Report.received_at.desc(),
    Report.id.desc(),
)


@dataclass
class MonthRow:
    """One project's figures for one month (yuan)."""

    id: int
    code: str
    name: str
    unit: str
    category: str
    total_investment_yuan: int
    annual_plan_yuan: int
    monthly_plan_yuan: list[int] | None
    ytd_end: int | None
    """The year's cumulative at the month end (None: no cumulative reported this year)."""
    ytd_before: int | None
    """The year's cumulative at the previous month end (None: none by then)."""
    month_reported: int | None
    """本月完成 as the month's latest report gave it (month to date)."""
    progress_text: str | None
    problems_text: str | None
    finished: bool = False
    """竣工 by the month's end (declared by then, or a finished status in the ledger)."""
    status: str = ""
    started_on: date | None = None
    planned_start: date | None = None
    """The year's planned start (a 新建 project owes no 序时 before it, `domain.start_due`)."""
    leaders: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)

    @property
    def month_done(self) -> int:
        """本月完成: the cumulative's rise over the month, else the reported month figure."""
        return month_done(self.ytd_end, self.ytd_before, self.month_reported)

    @property
    def ytd_done(self) -> int:
        """年度累计完成 at the month end."""
        return self.ytd_end or 0


def month_done(ytd_end: int | None, ytd_before: int | None, reported: int | None) -> int:
    """The month's investment: cumulative at its end minus at the month before's end."""
    if ytd_end is not None:
        return ytd_end - (ytd_before or 0)
    return reported or 0


def _newest(
    year: int,
    last_month: int,
    *,
    cumulative: bool,
    first_month: int = 1,
    giving: Any = None,
) -> Any:
    """Each project's newest current report of `year` from `first_month` up to `last_month`
    (rank 1); with `cumulative`, only reports that gave a cumulative; with `giving` (a
    column), only reports that gave it."""
    conditions = [
        *CURRENT,
        Report.month >= f"{year:04d}-{first_month:02d}",
        Report.month <= f"{year:04d}-{last_month:02d}",
    ]
    if cumulative:
        conditions.append(Report.ytd_investment_yuan.is_not(None))
    if giving is not None:
        conditions.append(giving.is_not(None))
    return (
        select(
            Report.project_id,
            Report.ytd_investment_yuan.label("ytd"),
            Report.period_investment_yuan.label("reported"),
            Report.progress_text,
            Report.problems_text,
            func.row_number()
            .over(partition_by=Report.project_id, order_by=NEWEST_FIRST)
            .label("rank"),
        )
        .where(*conditions)
        .subquery()
    )


def _statement(year: int, month: int) -> Select[Any]:
    end = _newest(year, month, cumulative=True)
    before = _newest(year, month - 1, cumulative=True) if month > 1 else None
    this = _newest(year, month, cumulative=False, first_month=month)
    # the month's latest 形象进度 given: a figures-only report at the month's end says none
    shown = _newest(year, month, cumulative=False, first_month=month, giving=Report.progress_text)
    columns: list[Any] = [
        Project.id,
        Project.code,
        Project.name,
        Unit.name.label("unit"),
        Project.category,
        Project.total_investment_yuan,
        annual().label("annual_plan_yuan"),
        ProjectPlan.monthly_plan_yuan,
        end.c.ytd.label("ytd_end"),
        (before.c.ytd if before is not None else cast(null(), BigInteger)).label("ytd_before"),
        this.c.reported.label("month_reported"),
        shown.c.progress_text,
        this.c.problems_text,
        finished_by(month_end(year, month)).label("finished"),
        Project.status,
        Project.started_on,
        ProjectPlan.planned_start,
    ]
    statement = (
        select(*columns)
        .join(Unit, Unit.id == Project.unit_id)
        .outerjoin(ProjectPlan, plan_of_year(year))
        .outerjoin(end, and_(end.c.project_id == Project.id, end.c.rank == 1))
        .outerjoin(this, and_(this.c.project_id == Project.id, this.c.rank == 1))
        .outerjoin(shown, and_(shown.c.project_id == Project.id, shown.c.rank == 1))
        # in the ledger by the month's end, or with a plan for its year (a project added
        # later that back-fills the month): one loaded with only next year's plan is neither
        .where(
            Project.active.is_(True),
            or_(Project.entered_ledger_on <= month_end(year, month), ProjectPlan.id.is_not(None)),
        )
    )
    if before is not None:
        statement = statement.outerjoin(
            before, and_(before.c.project_id == Project.id, before.c.rank == 1)
        )
    return statement


async def month_rows(session: AsyncSession, year: int, month: int) -> list[MonthRow]:
    """Every active project's month, by unit then code, with its leaders and owners named."""
    found = await session.execute(_statement(year, month))
    # sorted here: databases collate Chinese unit names differently
    rows = sorted((MonthRow(**row._mapping) for row in found), key=lambda r: (r.unit, r.code))
    leaders = await _names(session, ProjectLeader)
    owners = await _names(session, ProjectOwner)
    for row in rows:
        row.leaders = leaders.get(row.id, [])
        row.owners = owners.get(row.id, [])
    return rows


async def _names(
    session: AsyncSession, link: type[ProjectLeader] | type[ProjectOwner]
) -> dict[int, list[str]]:
    statement = (
        select(link.project_id, Person.name)
        .join(Person, Person.id == link.person_id)
        .join(Project, Project.id == link.project_id)
        .where(Project.active.is_(True))
        .order_by(link.project_id, Person.id)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for project_id, name in await session.execute(statement):
        names[project_id].append(name)
    return names


def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    import calendar as gregorian

    return date(year, month, gregorian.monthrange(year, month)[1])


def by_unit(rows: Sequence[MonthRow]) -> dict[str, list[MonthRow]]:
    """Rows grouped by unit, in the order given."""
    groups: dict[str, list[MonthRow]] = {}
    for row in rows:
        groups.setdefault(row.unit, []).append(row)
    return groups


async def issues_open_at(session: AsyncSession, at: datetime) -> dict[int, list[str]]:
    """Each project's issues open at `at` (raised by then, neither closed nor taken back by
    then), as `#2 临时用地手续未办结`, by number."""
    statement = (
        select(Issue.project_id, Issue.number, Issue.text)
        .where(
            Issue.created_at <= at,
            or_(Issue.closed_at.is_(None), Issue.closed_at > at),
            Issue.state != RETRACTED,
        )
        .order_by(Issue.number)
    )
    found: dict[int, list[str]] = {}
    for project_id, number, text in await session.execute(statement):
        found.setdefault(project_id, []).append(f"#{number} {text}")
    return found
