"""序时 and year-to-date done as SQL expressions, so units are summed by the database.

Per-project 序时 repeats `domain.plan` to the yuan (the project's own monthly plan, else the
default curve, halves rounded up) and the done figure is the one `standing.standings` shows,
so an aggregate here equals the sum of the project cards. The plan is the year's
`ProjectPlan`: statements outer-join it with `storage.repos.plans.plan_of_year` (a project
without a plan for the year plans 0).
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Float,
    Integer,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from domain.periods import month_end, period_of, previous
from storage.models import Project, ProjectPlan, Report
from storage.repos.plans import annual
from storage.repos.reports import newest_first


class LocalDate(FunctionElement[date]):
    """The Asia/Shanghai calendar day of a stored (UTC) timestamp."""

    type = Date()
    inherit_cache = True


@compiles(LocalDate, "sqlite")
def _local_date_sqlite(element: LocalDate, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(LocalDate)
def _local_date_default(element: LocalDate, compiler: Any, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'Asia/Shanghai' AS DATE)"


def _month_plan(index: int) -> ColumnElement[int]:
    """The project's own plan for month `index` (0 = January), 0 when it has none."""
    value = ProjectPlan.monthly_plan_yuan[index].as_string()
    return func.coalesce(cast(value, BigInteger), 0)


def by_month() -> ColumnElement[bool]:
    """Whether the plan spreads the year over its months (`domain.plan.by_month`): twelve
    zeros (empty 1月…12月 columns) are no monthly plan; never NULL."""
    return or_(*(_month_plan(i) != 0 for i in range(12)))


def cumulative_plan(month: int, curve: Sequence[int]) -> ColumnElement[int]:
    """Plan due by the end of `month` (0 → nothing): own monthly plan, else the curve."""
    if month == 0:
        return cast(0, BigInteger)
    has_own = by_month()
    own = sum((_month_plan(i) for i in range(1, month)), _month_plan(0))
    by_curve = (annual() * (2 * curve[month - 1]) + 100) // 200
    return case((has_own, own), else_=by_curve)


def plan_on(day: ColumnElement[date], year: int, curve: Sequence[int]) -> ColumnElement[int]:
    """序时 on each row's `day` (of `year`): last month end's plan plus this month's share.

    Written so each month's plan appears once: the statement stays small enough to compile
    and cache quickly, which matters more than the arithmetic at 10,000 projects.
    """
    month = cast(func.extract("month", day), Integer)
    dom = cast(func.extract("day", day), Integer)
    own = [_month_plan(i) for i in range(12)]
    has_own = or_(*(value != 0 for value in own))
    own_before = sum(case((month > i + 1, own[i]), else_=0) for i in range(12))
    own_share = case({m: own[m - 1] for m in range(1, 13)}, value=month, else_=0)
    percent_before = case({m: curve[m - 2] for m in range(2, 13)}, value=month, else_=0)
    percent_end = case({m: curve[m - 1] for m in range(1, 13)}, value=month, else_=0)
    curve_before = (annual() * 2 * percent_before + 100) // 200
    curve_end = (annual() * 2 * percent_end + 100) // 200
    before = case((has_own, own_before), else_=curve_before)
    share = case((has_own, own_share), else_=curve_end - curve_before)
    days = case({m: gregorian.monthrange(year, m)[1] for m in range(1, 13)}, value=month)
    return before + (share * 2 * dom + days) // (2 * days)


def latest_ytd(year: int, month: int) -> tuple[type[Report], ColumnElement[bool]]:
    """(alias, join condition): each project's cumulative of `year` that counts up to `month`.

    The latest month's figure, and within a month the newest report (`reports.newest_first`,
    as `standing.standings` picks it): a back-filled earlier month arrives last but is not the
    latest. The lookup is per project through the (project_id, period) index instead of
    sorting every report.
    """
    latest, other = aliased(Report), aliased(Report)
    newest = (
        select(other.id)
        .where(
            other.project_id == Project.id,
            other.month.between(f"{year}-01", f"{year}-{month:02d}"),
            other.ytd_investment_yuan.is_not(None),
            other.superseded_by_id.is_(None),
            other.withdrawn_at.is_(None),
        )
        .correlate(Project)
        .order_by(*newest_first(other))
        .limit(1)
        .scalar_subquery()
    )
    return latest, latest.id == newest


class DoneAndPlan(NamedTuple):
    """A project's latest report (an alias to join on `joined`), its done figure and 序时."""

    latest: type[Report]
    joined: ColumnElement[bool]
    done: ColumnElement[int]
    plan: ColumnElement[int]


def done_and_plan(on: date, curve: Sequence[int]) -> DoneAndPlan:
    """Done and 序时 as the project card shows them, with the report they come from.

    序时 is taken on the day of the latest report (today when there is none), so a project is
    not behind for the days since its last weekly report; a figure older than the last closed
    week is taken at that week's end (`domain.plan.figure_day`).
    """
    latest, joined = latest_ytd(on.year, on.month)
    done = func.coalesce(latest.ytd_investment_yuan, 0)
    return DoneAndPlan(latest, joined, done, plan_on(figure_day_of(latest, on), on.year, curve))


def figure_day_of(latest: type[Report], on: date) -> ColumnElement[date]:
    """`domain.plan.figure_day` of each project's latest figure; `on` when it has none."""
    sent = LocalDate(latest.received_at)
    ends = {f"{on.year}-{m:02d}": literal(month_end(on.year, m), Date) for m in range(1, 13)}
    end = case(ends, value=latest.month)
    day = case((sent > end, end), else_=sent)
    closed = previous(period_of(on))
    if closed.end.year == on.year:
        start, last = literal(closed.start, Date), literal(closed.end, Date)
        day = case((day < start, last), else_=day)
    return func.coalesce(day, literal(on, Date))


def ratio(done: ColumnElement[Any], plan: ColumnElement[Any]) -> ColumnElement[float]:
    """done / plan as a float; NULL when nothing is due."""
    return cast(done, Float()) / cast(func.nullif(plan, 0), Float())
