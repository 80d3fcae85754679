"""The one fact loader: what the light rules look at, for a scope of projects, a query per fact.

Chat, the read API and the jobs read project facts here and nowhere else. A scope is an id
range (the lights job cuts a 100,000-project ledger into ranges that separate processes
evaluate side by side), listed ids (a reply about one project or a few) or None, every active
project. Each fact is one column-only query, no ORM loading; its statement is built once per
kind of scope with bound parameters (a chat reply runs them all, and building a statement
costs about as much as running it). Rows are read by name, as NamedTuples whose fields name
the columns their statement selects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, String, bindparam, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from domain.periods import period_of
from storage.inline_session import Read
from storage.models import (
    Issue,
    Leave,
    Milestone,
    Project,
    ProjectOwner,
    ProjectPlan,
    Report,
    Unit,
)
from storage.repos.issues import OPEN_STATES
from storage.repos.plans import plan_of_year
from storage.repos.reports import CURRENT
from storage.repos.scope import (
    Kind,
    Scope,
    columns,
    kind_of,
    read,
    read_each,
    scope_params,
    within,
)

LEAVE_LOOKBACK_DAYS = 120
Stamp = str | datetime  # a Stamp column read raw: SQLite's naive UTC text, PostgreSQL's datetime
MonthFigures = dict[int, tuple[int, Stamp]]  # month → (cumulative yuan, when it was received)
# Received times are read as text: converting 200k timestamps costs more than the rules do.
RECEIVED = type_coerce(Report.received_at, String)


class ProjectRow(NamedTuple):
    """An active project: who it is, and the columns the rules read.

    The plan columns are those of the plan year asked for (0 and None when the project has no
    plan for that year: it is then not judged on 序时).
    """

    id: int
    code: str
    name: str
    unit_id: int
    unit: str
    category: str
    status: str
    entered_ledger_on: date
    annual_plan_yuan: int
    monthly_plan_yuan: list[int] | None
    planned_start: date | None
    planned_completion: date | None
    is_key: bool
    level: str
    has_plan: bool
    """Whether the project has a plan for the year at all (else it is not judged on 序时)."""
    started_on: date | None
    stats_entered_on: date | None
    resumed_on: date | None
    completed_on: date | None


class _Figure(NamedTuple):
    project_id: int
    month: str
    ytd_investment_yuan: int | None
    received: Stamp


class _LastReport(NamedTuple):
    project_id: int
    received: Stamp


class _Milestone(NamedTuple):
    project_id: int
    name: str
    due_on: date | None
    done_on: date | None


class _Issue(NamedTuple):
    project_id: int
    number: int
    deadline: date | None


class _Leave(NamedTuple):
    project_id: int
    start_on: date
    end_on: date


def entered_by(rows: list[ProjectRow], day: date) -> list[ProjectRow]:
    """The rows of projects in the ledger by `day`: one loaded in December for next year is
    not lit, counted or listed before its year begins (its card says when it enters)."""
    return [row for row in rows if row.entered_ledger_on <= day]


async def project_rows(session: AsyncSession, scope: Scope, year: int) -> list[ProjectRow]:
    """The active projects of the scope, with their unit and `year`'s plan columns."""
    statement, params = _project_read(scope, year)
    return list(await read(session, ProjectRow._make, statement, params))


def _project_read(scope: Scope, year: int) -> Read:
    return _projects(kind_of(scope)), {**scope_params(scope), "year": year}


@dataclass
class Facts:
    """The per-project facts besides the project row, each read in one query."""

    ytd: dict[int, MonthFigures]
    milestones: dict[int, list[tuple[str, date | None, date | None]]]
    issues: dict[int, list[tuple[int, date | None]]]
    last_report: dict[int, Stamp]
    excused: dict[int, frozenset[str]]


async def rows_and_facts(
    session: AsyncSession, today: date, scope: Scope
) -> tuple[list[ProjectRow], Facts]:
    """The scope's active projects (as `project_rows`) and their reports, milestones, open
    issues and leave, read together (on PostgreSQL in one round trip)."""
    kind, params = kind_of(scope), scope_params(scope)
    year = today.year
    months = {**params, "first_month": f"{year}-01", "last_month": f"{year}-12"}
    since = {**params, "since": today - timedelta(days=LEAVE_LOOKBACK_DAYS)}
    projects, figures, milestones, issues, last, leaves = await read_each(
        session,
        [
            _project_read(scope, year),
            (_figures(kind), months),
            (_open_milestones(kind), params),
            (_issues(kind), params),
            (_last_reports(kind), params),
            (_leaves(kind), since),
        ],
    )
    facts = Facts(
        ytd=_ytd_by_month(map(_Figure._make, figures)),
        milestones=_milestones(map(_Milestone._make, milestones)),
        issues=_open_issues(map(_Issue._make, issues)),
        last_report={row.project_id: row.received for row in map(_LastReport._make, last)},
        excused=_excused_periods(map(_Leave._make, leaves)),
    )
    return [ProjectRow._make(row) for row in projects], facts


@cache
def _projects(kind: Kind) -> Select[Any]:
    plan = {
        "annual_plan_yuan": func.coalesce(ProjectPlan.annual_plan_yuan, 0),
        "monthly_plan_yuan": ProjectPlan.monthly_plan_yuan,
        "planned_start": ProjectPlan.planned_start,
        "planned_completion": ProjectPlan.planned_completion,
        "is_key": func.coalesce(ProjectPlan.is_key, False),
        "level": func.coalesce(ProjectPlan.level, "一般"),
        "has_plan": ProjectPlan.id.is_not(None),
    }
    return (
        select(*columns(ProjectRow._fields, Project, unit=Unit.name, **plan))
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(bindparam("year")), isouter=True)
        .where(Project.active.is_(True), *within(Project.id, kind))
    )


@cache
def _last_reports(kind: Kind) -> Select[Any]:
    newest = (
        select(func.max(Report.id))
        .where(*within(Report.project_id, kind), *CURRENT)
        .group_by(Report.project_id)
    )
    return select(*columns(_LastReport._fields, Report, received=RECEIVED)).where(
        Report.id.in_(newest)
    )


@cache
def _figures(kind: Kind) -> Select[Any]:
    newest = (
        select(func.max(Report.id))
        .where(
            *within(Report.project_id, kind),
            Report.ytd_investment_yuan.is_not(None),
            Report.month.between(bindparam("first_month"), bindparam("last_month")),
            *CURRENT,
        )
        .group_by(Report.project_id, Report.month)
    )
    return select(*columns(_Figure._fields, Report, received=RECEIVED)).where(Report.id.in_(newest))


def _ytd_by_month(rows: Iterable[_Figure]) -> dict[int, MonthFigures]:
    """Per project, the latest cumulative figure reported in each month of the year, and its
    day."""
    result: dict[int, MonthFigures] = defaultdict(dict)
    for row in rows:
        if row.ytd_investment_yuan is not None:
            result[row.project_id][int(row.month[5:7])] = (row.ytd_investment_yuan, row.received)
    return result


@cache
def _open_milestones(kind: Kind) -> Select[Any]:
    # Done or undated milestones light nothing, so they are not read at all.
    return (
        select(*columns(_Milestone._fields, Milestone))
        .where(
            *within(Milestone.project_id, kind),
            Milestone.done_on.is_(None),
            Milestone.due_on.is_not(None),
        )
        .order_by(Milestone.due_on)
    )


def _milestones(
    rows: Iterable[_Milestone],
) -> dict[int, list[tuple[str, date | None, date | None]]]:
    result: dict[int, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for row in rows:
        result[row.project_id].append((row.name, row.due_on, row.done_on))
    return result


@cache
def _issues(kind: Kind) -> Select[Any]:
    return select(*columns(_Issue._fields, Issue)).where(
        *within(Issue.project_id, kind), Issue.state.in_(OPEN_STATES)
    )


def _open_issues(rows: Iterable[_Issue]) -> dict[int, list[tuple[int, date | None]]]:
    result: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for row in rows:
        result[row.project_id].append((row.number, row.deadline))
    return result


@cache
def _leaves(kind: Kind) -> Select[Any]:
    return (
        select(*columns(_Leave._fields, Leave, project_id=ProjectOwner.project_id))
        .join(Leave, Leave.person_id == ProjectOwner.person_id)
        .where(*within(ProjectOwner.project_id, kind), Leave.end_on >= bindparam("since"))
    )


def _excused_periods(rows: Iterable[_Leave]) -> dict[int, frozenset[str]]:
    """Periods overlapping an owner's leave (请假, with or without a stand-in)."""
    result: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        day = row.start_on
        while day <= row.end_on:
            result[row.project_id].add(period_of(day).label)
            day += timedelta(days=7)
        result[row.project_id].add(period_of(row.end_on).label)
    return {key: frozenset(value) for key, value in result.items()}
