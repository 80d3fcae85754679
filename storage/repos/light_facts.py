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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, String, bindparam, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from domain.periods import period_of
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
from storage.repos.scope import Kind, Scope, columns, kind_of, read, scope_params, within

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


async def project_rows(session: AsyncSession, scope: Scope, year: int) -> list[ProjectRow]:
    """The active projects of the scope, with their unit and `year`'s plan columns."""
    params = {**scope_params(scope), "year": year}
    rows = await read(session, ProjectRow._make, _projects(kind_of(scope)), params)
    return list(rows)


@dataclass
class Facts:
    """The per-project facts besides the project row, each read in one query."""

    ytd: dict[int, MonthFigures]
    milestones: dict[int, list[tuple[str, date | None, date | None]]]
    issues: dict[int, list[tuple[int, date | None]]]
    last_report: dict[int, Stamp]
    excused: dict[int, frozenset[str]]


async def read_facts(session: AsyncSession, today: date, scope: Scope) -> Facts:
    """Reports, milestones, open issues and leave of the scope's projects."""
    kind, params = kind_of(scope), scope_params(scope)
    return Facts(
        ytd=await _ytd_by_month(session, today.year, kind, params),
        milestones=await _milestones(session, kind, params),
        issues=await _open_issues(session, kind, params),
        last_report=await _last_report_at(session, kind, params),
        excused=await _excused_periods(session, today, kind, params),
    )


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


async def _last_report_at(
    session: AsyncSession, kind: Kind, params: Mapping[str, Any]
) -> dict[int, Stamp]:
    rows = await read(session, _LastReport._make, _last_reports(kind), params)
    return {row.project_id: row.received for row in rows}


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


async def _ytd_by_month(
    session: AsyncSession, year: int, kind: Kind, params: Mapping[str, Any]
) -> dict[int, MonthFigures]:
    """Per project, the latest cumulative figure reported in each month of `year`, and its day."""
    months = {**params, "first_month": f"{year}-01", "last_month": f"{year}-12"}
    result: dict[int, MonthFigures] = defaultdict(dict)
    for row in await read(session, _Figure._make, _figures(kind), months):
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


async def _milestones(
    session: AsyncSession, kind: Kind, params: Mapping[str, Any]
) -> dict[int, list[tuple[str, date | None, date | None]]]:
    result: dict[int, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    for row in await read(session, _Milestone._make, _open_milestones(kind), params):
        result[row.project_id].append((row.name, row.due_on, row.done_on))
    return result


@cache
def _issues(kind: Kind) -> Select[Any]:
    return select(*columns(_Issue._fields, Issue)).where(
        *within(Issue.project_id, kind), Issue.state.in_(OPEN_STATES)
    )


async def _open_issues(
    session: AsyncSession, kind: Kind, params: Mapping[str, Any]
) -> dict[int, list[tuple[int, date | None]]]:
    result: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for row in await read(session, _Issue._make, _issues(kind), params):
        result[row.project_id].append((row.number, row.deadline))
    return result


@cache
def _leaves(kind: Kind) -> Select[Any]:
    return (
        select(*columns(_Leave._fields, Leave, project_id=ProjectOwner.project_id))
        .join(Leave, Leave.person_id == ProjectOwner.person_id)
        .where(*within(ProjectOwner.project_id, kind), Leave.end_on >= bindparam("since"))
    )


async def _excused_periods(
    session: AsyncSession, today: date, kind: Kind, params: Mapping[str, Any]
) -> dict[int, frozenset[str]]:
    """Periods overlapping an owner's leave (请假, with or without a stand-in)."""
    since = {**params, "since": today - timedelta(days=LEAVE_LOOKBACK_DAYS)}
    result: dict[int, set[str]] = defaultdict(set)
    for row in await read(session, _Leave._make, _leaves(kind), since):
        day = row.start_on
        while day <= row.end_on:
            result[row.project_id].add(period_of(day).label)
            day += timedelta(days=7)
        result[row.project_id].add(period_of(row.end_on).label)
    return {key: frozenset(value) for key, value in result.items()}
