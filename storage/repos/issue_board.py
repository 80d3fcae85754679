"""The dashboard's issue list: by state and deadline, overdue first, with who holds each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Issue, Person, Project, Unit
from storage.repos.dashboard_links import Viewer
from storage.repos.issue_list import ASSIGNED, with_holders
from storage.repos.issues import CLOSED, OPEN_STATES, is_overdue


@dataclass
class BoardIssue:
    """One issue as the list shows it."""

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
    statement = with_holders(
        select(
            Issue,
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            Person.name.label("person"),
            ASSIGNED.name.label("assigned"),
        )
    )
    if ids is not None:
        mine: ColumnElement[bool] = Issue.project_id.in_(ids)
        if viewer.unit_id is not None:
            mine = or_(mine, Issue.assigned_unit_id == viewer.unit_id)
        statement = statement.where(mine)
    if state is not None:
        statement = statement.where(Issue.state == state)
    rows = [
        BoardIssue(
            number=row.Issue.number,
            project_code=row.code,
            project_name=row.name,
            unit=row.unit,
            text=row.Issue.text,
            category=row.Issue.category,
            state=row.Issue.state,
            holder=row.person or row.assigned,
            deadline=row.Issue.deadline,
            overdue=is_overdue(row.Issue, today),
            level=row.Issue.escalation_level,
            created=row.Issue.created_at.date(),
            closed=_closed_on(row.Issue),
        )
        for row in await session.execute(statement)
    ]
    rows.sort(key=_order)
    return rows


def _closed_on(issue: Issue) -> date | None:
    closed = issue.closed_at
    return closed.date() if closed is not None and issue.state == CLOSED else None


def _order(row: BoardIssue) -> tuple[bool, bool, date, int]:
    return (not row.is_open, not row.overdue, row.deadline or date.max, row.number)
