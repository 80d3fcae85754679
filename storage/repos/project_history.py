"""One project's history for its dashboard page: reports (corrections kept), light changes,
milestones, issues with every event, and the reported cumulative at each month end."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.periods import parse_period
from storage.models import Issue, IssueEvent, LightRecord, Milestone, Person, Report, Unit
from storage.repos.light_changes import recorded_change
from storage.repos.reports import CURRENT


@dataclass
class ReportLine:
    """A report as filed, with what became of it."""

    report: Report
    reporter: str
    status: str
    """`有效`, `已更正` (a later report of the period replaced it) or `已撤回`."""

    @property
    def month_said(self) -> str | None:
        """`11月` where the week alone does not say which month the report counts for (a week
        spanning two months, a month back-filled), with the year where it is another."""
        period = parse_period(self.report.period)
        year, month = (int(part) for part in self.report.month.split("-"))
        if period.start.month == period.end.month and (year, month) == (
            period.start.year,
            period.start.month,
        ):
            return None
        return f"{month}月" if year == period.year else f"{year}年{month}月"


async def all_reports(session: AsyncSession, project_id: int) -> list[ReportLine]:
    """Every report of the project, newest first, corrected and withdrawn ones included."""
    statement = (
        select(Report, Person.name)
        .join(Person, Person.id == Report.reporter_id)
        .where(Report.project_id == project_id)
        .order_by(Report.received_at.desc(), Report.id.desc())
    )
    lines = []
    for report, reporter in (await session.execute(statement)).all():
        status = "有效"
        if report.withdrawn_at is not None:
            status = "已撤回"
        elif report.superseded_by_id is not None:
            status = "已更正"
        lines.append(ReportLine(report, reporter, status))
    return lines


@dataclass
class LightChange:
    """The day a project's light or its reasons changed, and to what."""

    day: date
    color: str
    reasons: list[str]


async def light_timeline(session: AsyncSession, project_id: int) -> list[LightChange]:
    """The project's recorded lights, kept only where the colour or the grounds for it (the
    rules that lit it, as the warnings judge news) changed; oldest first, each as it read on
    the day it changed."""
    statement = (
        select(LightRecord.day, LightRecord.color, LightRecord.reasons)
        .where(LightRecord.project_id == project_id)
        .order_by(LightRecord.day)
    )
    changes: list[LightChange] = []
    last: tuple[str, object] | None = None
    for day, color, raw in (await session.execute(statement)).all():
        # a standing red reads anew each day (已逾期 N 天 counts up): that is not a change
        if not recorded_change(last, color, raw):
            continue
        last = (color, raw)
        # a red or yellow day told only what was wrong, as `Light.shown` tells it
        reasons = _reasons(raw)
        shown = [r["text"] for r in reasons if color == "blue" or r["color"] != "blue"]
        changes.append(LightChange(day, color, shown))
    return changes


def _reasons(raw: Any) -> list[dict[str, str]]:
    reasons = json.loads(raw) if isinstance(raw, str) else raw or []
    return [
        {key: str(reason.get(key, "")) for key in ("rule", "color", "text")}
        for reason in reasons
        if isinstance(reason, dict)
    ]


async def milestones(session: AsyncSession, project_id: int) -> list[Milestone]:
    """The project's 节点 by due date."""
    statement = (
        select(Milestone)
        .where(Milestone.project_id == project_id)
        .order_by(Milestone.due_on, Milestone.name)
    )
    return list((await session.execute(statement)).scalars())


@dataclass
class EventLine:
    """One change of an issue."""

    at: datetime
    actor: str | None
    action: str
    from_state: str | None
    to_state: str | None
    note: str | None


@dataclass
class IssueHistory:
    """An issue of the project with who holds it and its every change."""

    issue: Issue
    holder: str | None
    events: list[EventLine] = field(default_factory=list)


async def issues_with_history(session: AsyncSession, project_id: int) -> list[IssueHistory]:
    """The project's issues (newest first), each with its events oldest first."""
    statement = (
        select(Issue, Person.name.label("person"), Unit.name.label("unit"))
        .join(Person, Person.id == Issue.assigned_person_id, isouter=True)
        .join(Unit, Unit.id == Issue.assigned_unit_id, isouter=True)
        .where(Issue.project_id == project_id)
        .order_by(Issue.number.desc())
    )
    found = {
        row.Issue.id: IssueHistory(row.Issue, row.person or row.unit)
        for row in await session.execute(statement)
    }
    if not found:
        return []
    actor = aliased(Person)
    events = (
        select(IssueEvent, actor.name)
        .join(actor, actor.id == IssueEvent.actor_id, isouter=True)
        .where(IssueEvent.issue_id.in_(list(found)))
        .order_by(IssueEvent.at, IssueEvent.id)
    )
    for event, name in (await session.execute(events)).all():
        found[event.issue_id].events.append(
            EventLine(event.at, name, event.action, event.from_state, event.to_state, event.note)
        )
    return list(found.values())


async def month_cumulative(session: AsyncSession, project_id: int, year: int) -> dict[int, int]:
    """The reported year-to-date cumulative at each month's last report that counts."""
    statement = (
        select(Report.month, Report.ytd_investment_yuan)
        .where(
            Report.project_id == project_id,
            Report.month.like(f"{year}-%"),
            Report.ytd_investment_yuan.is_not(None),
            *CURRENT,
        )
        .order_by(Report.received_at, Report.id)
    )
    result: dict[int, int] = {}
    for month, ytd in (await session.execute(statement)).all():
        if ytd is not None:
            result[int(month[5:7])] = ytd
    return result
