"""Open issues as a list (问题清单), optionally for one unit or matching a project/unit name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Row, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Issue, Person, Project, Unit
from storage.repos.issues import OPEN_STATES, is_overdue

_Ts = TypeVarTuple("_Ts")


ASSIGNED = aliased(Unit, name="assigned_unit")
"""The unit an issue is assigned to, beside its project's `Unit`."""


def with_holders(statement: Select[*_Ts]) -> Select[*_Ts]:
    """An issue query joined to its project, the project's unit and who holds the issue: the
    `ASSIGNED` unit and the assigned `Person` (either may be missing)."""
    return (
        statement.join(Project, Project.id == Issue.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .join(ASSIGNED, ASSIGNED.id == Issue.assigned_unit_id, isouter=True)
        .join(Person, Person.id == Issue.assigned_person_id, isouter=True)
    )


@dataclass
class IssueRow:
    """One open issue as listed."""

    number: int
    project: str
    text: str
    state: str
    assignee: str | None
    deadline: date | None
    overdue: bool
    level: int
    unit: str = ""
    """The project's unit."""
    closing_asked: bool = False
    """Its handler asked for 销号: it waits for the office to confirm."""


async def open_issues(
    session: AsyncSession,
    *,
    unit_id: int | None,
    text: str | None,
    today: date,
    number: int | None = None,
    project_ids: Sequence[int] | None = None,
    person_id: int | None = None,
    handed_unit_id: int | None = None,
) -> list[IssueRow]:
    """Open issues, oldest first; `unit_id` scopes to a unit's projects or assignments,
    `project_ids` (with `person_id`) to those projects or issues assigned to that person (and
    those handed to `handed_unit_id` with nobody named)."""
    statement = (
        with_holders(
            select(
                Issue,
                Project.name.label("project"),
                ASSIGNED.name.label("unit"),
                Person.name.label("person"),
                Unit.name.label("project_unit"),
            )
        )
        .where(Issue.state.in_(OPEN_STATES))
        .order_by(Issue.number)
    )
    if number is not None:
        statement = statement.where(Issue.number == number)
    if unit_id is not None:
        statement = statement.where(
            or_(Project.unit_id == unit_id, Issue.assigned_unit_id == unit_id)
        )
    if project_ids is not None:
        mine: ColumnElement[bool] = Issue.project_id.in_(list(project_ids))
        if person_id is not None:
            mine = or_(mine, Issue.assigned_person_id == person_id)
        if handed_unit_id is not None:
            unit_handed = and_(
                Issue.assigned_person_id.is_(None), Issue.assigned_unit_id == handed_unit_id
            )
            mine = or_(mine, unit_handed)
        statement = statement.where(mine)
    if text and text.strip():
        like = f"%{_escape(text.strip())}%"
        statement = statement.where(
            or_(
                Project.name.like(like, escape="\\"),
                Project.aliases.like(like, escape="\\"),
                Project.code == text.strip(),
                Unit.name.like(like, escape="\\"),
                ASSIGNED.name.like(like, escape="\\"),
                Person.name.like(like, escape="\\"),  # the person it was handed to
                Issue.text.like(like, escape="\\"),
            )
        )
    return [_issue_row(row, today) for row in (await session.execute(statement)).all()]


def _issue_row(row: Row[Issue, str, str | None, str | None, str], today: date) -> IssueRow:
    issue = row.Issue
    return IssueRow(
        number=issue.number,
        project=row.project,
        text=issue.text,
        state=issue.state,
        assignee=row.person or row.unit,
        deadline=issue.deadline,
        overdue=is_overdue(issue, today),
        level=issue.escalation_level,
        unit=row.project_unit,
        closing_asked=issue.close_requested_by_id is not None,
    )


def _escape(text: str) -> str:
    """Make `%` and `_` typed by a user match themselves in LIKE."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
