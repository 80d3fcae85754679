"""Progress reports: the current one per period, corrections, year-to-date (taking one back:
`storage.repos.report_takeback`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Select, UnaryExpression, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, Report
from storage.repos.scope import Kind, Scope, columns, kind_of, read, scope_params, within

CURRENT = (Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))


def newest_first(
    report: type[Report] = Report,
) -> tuple[UnaryExpression[str], UnaryExpression[int]]:
    """The order that puts a project's report that counts first: the latest month's, and within
    a month the newest. A back-filled month arrives after later months' reports but counts for
    its own month; chat's standings pick figures this way (storage.repos.light_facts)."""
    return report.month.desc(), report.id.desc()


class Figure(NamedTuple):
    """A stored report as a new one of its project is checked against it (plain columns)."""

    id: int
    period: str
    month: str
    ytd_investment_yuan: int | None
    is_late: bool
    started_on: date | None
    stats_entered_on: date | None
    completed_on: date | None
    period_investment_yuan: int | None
    progress_text: str | None
    problems_text: str | None
    plan_text: str | None
    figure_notes: str | None
    raw_text: str
    """The block as its owner sent it (what was typed, what worked out)."""


def figure_of(report: Report) -> Figure:
    """A loaded report as a `Figure`."""
    return Figure(*(getattr(report, name) for name in Figure._fields))


@dataclass
class Before:
    """What a new report is checked against, read in one round trip."""

    current: Figure | None
    """The report of the same period and month that the new one corrects: a week that spans
    two months (or New Year) holds a figure for each, and one never replaces the other."""
    floor: Figure | None
    """The cumulative figure that counts of an earlier period (the new one may not be lower)."""
    month_base: Figure | None
    """The latest cumulative figure of an earlier month (to derive one from 本月完成)."""
    ceiling: Figure | None
    """The lowest cumulative figure of a later month (a back-filled month may not be higher)."""
    month_first: Figure | None = None
    """The lowest cumulative figure of the same month from an earlier period: the month has
    done at least what the cumulative rose since."""


async def current_for_period(session: AsyncSession, project_id: int, period: str) -> Report | None:
    """The report that counts for `period` (the latest correction), if any."""
    statement = (
        select(Report)
        .where(Report.project_id == project_id, Report.period == period, *CURRENT)
        .order_by(Report.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def period_figure(session: AsyncSession, project_id: int, period: str) -> Figure | None:
    """`current_for_period` as plain columns: what a new report's filing looks at, read without
    building a statement or loading an entity (on the 1st of a month every report asks)."""
    params = {"project_id": project_id, "period": period}
    return next(iter(await read(session, Figure._make, _PERIOD_FIGURE, params)), None)


async def latest_with_ytd_before(
    session: AsyncSession,
    project_id: int,
    year: int,
    *,
    period: str | None = None,
    month: str | None = None,
    excluding: int | None = None,
) -> Report | None:
    """The current report of `year` whose cumulative figure counts (latest month's, newest in
    it: `newest_first`), before a period or month, leaving out the report `excluding`."""
    statement = select(Report).where(
        Report.project_id == project_id,
        Report.month >= f"{year}-01",
        Report.month <= f"{year}-12",
        Report.ytd_investment_yuan.is_not(None),
        *CURRENT,
    )
    if period is not None:
        statement = statement.where(Report.period < period)
    if month is not None:
        statement = statement.where(Report.month < month)
    if excluding is not None:
        statement = statement.where(Report.id != excluding)
    statement = statement.order_by(*newest_first()).limit(1)
    return (await session.execute(statement)).scalar_one_or_none()


async def before_new(
    session: AsyncSession, project_id: int, year: int, period: str, month: str
) -> Before:
    """The period's current report, the cumulative floor and ceiling and the month's base, at
    once."""
    params = {
        "project_id": project_id,
        "period": period,
        "month": month,
        "first_month": f"{year}-01",
        "last_month": f"{year}-12",
    }
    found: dict[str, Figure | None] = dict.fromkeys(_PICKS)
    # Plain rows, always as stored now: another process may have corrected this period while
    # we waited for the lock.
    width = len(Figure._fields)
    for row in await read(session, tuple, _BEFORE_NEW, params):
        for name, picked in zip(_PICKS, row[width:], strict=True):
            if picked:
                found[name] = Figure._make(row[:width])
    return Before(**found)


def _before_new() -> Select[Any]:
    # Built once with bound parameters: building and keying this statement per report cost
    # more than running it.
    project: BindParameter[int] = bindparam("project_id")
    period: BindParameter[str] = bindparam("period")
    month: BindParameter[str] = bindparam("month")
    of_year = (Report.month >= bindparam("first_month"), Report.month <= bindparam("last_month"))
    current = select(Report.id).where(
        Report.project_id == project, Report.period == period, Report.month == month, *CURRENT
    )
    with_ytd = select(Report.id).where(
        Report.project_id == project,
        *of_year,
        Report.ytd_investment_yuan.is_not(None),
        *CURRENT,
    )
    # the figure that counts, not the last received: a back-filled month arrives late
    newest = newest_first()
    lowest = (Report.ytd_investment_yuan, Report.id)
    picks = {
        "current": current.order_by(Report.id.desc()).limit(1),
        "floor": with_ytd.where(Report.period < period).order_by(*newest).limit(1),
        "month_base": with_ytd.where(Report.month < month).order_by(*newest).limit(1),
        "ceiling": with_ytd.where(Report.month > month).order_by(*lowest).limit(1),
        "month_first": with_ytd.where(Report.month == month, Report.period < period)
        .order_by(*lowest)
        .limit(1),
    }
    # Each pick worked out once, in a one-row CTE, and the reports it names read by id.
    ids = select(*(pick.scalar_subquery().label(name) for name, pick in picks.items())).cte()
    flags = [(Report.id == ids.c[name]).label(name) for name in picks]
    return select(*columns(Figure._fields, Report), *flags).join(
        ids, Report.id.in_([ids.c[name] for name in picks])
    )


_PICKS = ("current", "floor", "month_base", "ceiling", "month_first")
_BEFORE_NEW = _before_new()
_PERIOD_FIGURE = (
    select(*columns(Figure._fields, Report))
    .where(Report.project_id == bindparam("project_id"), Report.period == bindparam("period"))
    .where(*CURRENT)
    .order_by(Report.id.desc())
    .limit(1)
)


async def latest_ytd(session: AsyncSession, project_id: int, year: int) -> int | None:
    """The project's current year-to-date figure (from its latest report that gave one)."""
    report = await latest_with_ytd_before(session, project_id, year, month=f"{year + 1}-01")
    return report.ytd_investment_yuan if report else None


async def first_invested_month(
    session: AsyncSession, project_id: int, year: int, other_than: int
) -> str | None:
    """The first month of `year` (`2026-03`) a current report other than `other_than` gave
    the project a cumulative above nothing (what 开复工 counts as resumed); None if none did."""
    statement = select(func.min(Report.month)).where(
        Report.project_id == project_id,
        Report.month.between(f"{year}-01", f"{year}-12"),
        Report.id != other_than,
        Report.ytd_investment_yuan > 0,
        *CURRENT,
    )
    found: str | None = await session.scalar(statement)
    return found


class LatestReport(NamedTuple):
    """A project's latest report that counts, as the read API shows it, with its reporter."""

    project_id: int
    period: str
    received_at: datetime
    period_investment_yuan: int | None
    ytd_investment_yuan: int | None
    progress_text: str | None
    problems_text: str | None
    plan_text: str | None
    reporter: str


async def latest_reports(session: AsyncSession, scope: Scope) -> dict[int, LatestReport]:
    """Each project's latest report that counts (the latest month's, newest in it: a back-filled
    earlier month is not the latest), with its reporter's name, by project id.

    Plain rows, not ORM entities: the read API asks this for 20,000 projects at once, and
    entities would cost several times the CPU and objects (see storage.repos.scope)."""
    rows = await read(
        session, LatestReport._make, _latest_reports(kind_of(scope)), scope_params(scope)
    )
    return {row.project_id: row for row in rows}


@cache
def _latest_reports(kind: Kind) -> Select[Any]:
    # the latest month's newest report (`newest_first`), in two GROUP BYs: one window over
    # every report would sort them all
    last_month = (
        select(Report.project_id, func.max(Report.month).label("month"))
        .where(*within(Report.project_id, kind), *CURRENT)
        .group_by(Report.project_id)
        .subquery()
    )
    of_last_month = and_(
        Report.project_id == last_month.c.project_id, Report.month == last_month.c.month
    )
    newest = (
        select(func.max(Report.id))
        .join(last_month, of_last_month)
        .where(*CURRENT)
        .group_by(Report.project_id)
    )
    return (
        select(*columns(LatestReport._fields, Report, reporter=Person.name))
        .join(Person, Person.id == Report.reporter_id)
        .where(Report.id.in_(newest))
    )


async def reported_in(session: AsyncSession, period: str, project_ids: list[int]) -> set[int]:
    """Which of the projects have a report that counts for `period`."""
    statement = select(Report.project_id).where(
        Report.period == period, Report.project_id.in_(project_ids), Report.withdrawn_at.is_(None)
    )
    return set((await session.execute(statement)).scalars())


async def recent(
    session: AsyncSession, project_id: int, limit: int = 3, *, month: str | None = None
) -> list[Report]:
    """The project's latest reports that count (of `month`, given: `2026-12`), newest first."""
    of_month = () if month is None else (Report.month == month,)
    statement = (
        select(Report)
        .where(Report.project_id == project_id, *CURRENT, *of_month)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())
