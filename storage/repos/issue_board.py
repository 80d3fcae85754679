"""The dashboard's issue list: by state and deadline, overdue first, with who holds each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Issue, IssueEvent, Person, Project, Unit
from storage.repos.dashboard_links import Viewer
from storage.repos.issue_list import ASSIGNED, with_holders
from storage.repos.issues import (
    CLOSED,
    CLOSED_EVENT,
    OPEN_STATES,
    PROGRESS,
    REFUSED,
    REOPENED,
    is_overdue,
)
from storage.repos.office_queue import ASKED, asked_at

# what was said of an issue's handling, as its 问题台账 carries it (办理情况); a reopening is
# the latest word after a 销号 (its note says why)
HANDLING = (PROGRESS, ASKED, REFUSED, CLOSED_EVENT, REOPENED)


class Handling(NamedTuple):
    """The latest word on an issue's handling: its day, what it was (进展, 申请销号…), the note."""

    day: date
    action: str
    note: str


@dataclass
class BoardIssue:
    """One issue as the list shows it."""

    id: int
    number: int
    project_code: str
    project_name: str
    unit: str
    text: str
    category: str
    state: str
    holder: str | None
    deadline: date | None
    overdue: bool
    level: int
    created: date
    closed: date | None
    """The day the office closed it (销号); None while open, or when taken back (已撤回)."""
    latest: Handling | None = None
    closing_asked: bool = False
    """Its 销号 was asked for and waits for the office: still open, still overdue if late."""
    asked_by: str | None = None
    """Who asked for its 销号, while the request stands."""
    asked_at: datetime | None = None
    """When they last asked, while the request stands."""

    @property
    def is_open(self) -> bool:
        """Still in the loop (发现, 已交办, 督办中)."""
        return self.state in OPEN_STATES


async def board(
    session: AsyncSession,
    viewer: Viewer,
    ids: list[int] | None,
    today: date,
    state: str | None = None,
) -> list[BoardIssue]:
    """The viewer's issues: open ones overdue first then by deadline, closed ones after."""
    asker = aliased(Person)
    statement = with_holders(
        select(
            Issue,
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            Person.name.label("person"),
            ASSIGNED.name.label("assigned"),
            asker.name.label("asker"),
            asked_at().label("asked_at"),
        )
    ).join(asker, asker.id == Issue.close_requested_by_id, isouter=True)
    if ids is not None:
        mine: ColumnElement[bool] = Issue.project_id.in_(ids)
        if viewer.unit_id is not None:
            mine = or_(mine, Issue.assigned_unit_id == viewer.unit_id)
        statement = statement.where(mine)
    if state is not None:
        statement = statement.where(Issue.state == state)
    rows = [
        BoardIssue(
            id=row.Issue.id,
            number=row.Issue.number,
            project_code=row.code,
            project_name=row.name,
            unit=row.unit,
            text=row.Issue.text,
            category=row.Issue.category,
            state=row.Issue.state,
            holder=_holder(row.person, row.assigned),
            deadline=row.Issue.deadline,
            overdue=is_overdue(row.Issue, today),
            level=row.Issue.escalation_level,
            created=row.Issue.created_at.date(),
            closed=_closed_on(row.Issue),
            closing_asked=_asked(row.Issue),
            asked_by=row.asker if _asked(row.Issue) else None,
            asked_at=row.asked_at if _asked(row.Issue) else None,
        )
        for row in await session.execute(statement)
    ]
    said = await _handling(session, [row.id for row in rows])
    for row in rows:
        row.latest = said.get(row.id)
    rows.sort(key=_order)
    return rows


async def _handling(session: AsyncSession, issue_ids: list[int]) -> dict[int, Handling]:
    """Each issue's latest note on its handling (进展, a 销号 asked, refused or done)."""
    latest: dict[int, Handling] = {}
    for start in range(0, len(issue_ids), 500):  # bound the IN list
        statement = (
            select(IssueEvent.issue_id, IssueEvent.at, IssueEvent.action, IssueEvent.note)
            .where(
                IssueEvent.issue_id.in_(issue_ids[start : start + 500]),
                IssueEvent.action.in_(HANDLING),
                IssueEvent.note.is_not(None),
                IssueEvent.note != "",
            )
            .order_by(IssueEvent.at, IssueEvent.id)
        )
        for row in await session.execute(statement):
            latest[row.issue_id] = Handling(row.at.date(), row.action, row.note)
    return latest


def _asked(issue: Issue) -> bool:
    """A 销号 request stands: asked for on an issue still open (the office's 销号 keeps who
    asked for it on the closed issue)."""
    return issue.close_requested_by_id is not None and issue.state in OPEN_STATES


def _closed_on(issue: Issue) -> date | None:
    closed = issue.closed_at
    return closed.date() if closed is not None and issue.state == CLOSED else None


def _order(row: BoardIssue) -> tuple[bool, bool, date, int]:
    return (not row.is_open, not row.overdue, row.deadline or date.max, row.number)


def _holder(person: str | None, unit: str | None) -> str | None:
    """`刘艳超（区住建局）` as the pushes name a handler: a name alone is hard to place."""
    return f"{person}（{unit}）" if person and unit else person or unit
