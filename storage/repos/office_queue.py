"""Issues waiting for the office: raised and not yet assigned (待交办), or asked to be closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Issue, IssueEvent, Person, Project
from storage.repos.issues import OPEN_STATES

NEW = "发现"
ASKED = "申请销号"


@dataclass(frozen=True)
class Waiting:
    """An issue the office is to act on."""

    number: int
    project: str
    text: str
    at: datetime
    """When it was raised (待交办) or its closing asked for (销号申请)."""
    by: str | None
    """Who raised it, or asked to close it."""


def asked_at() -> ScalarSelect[datetime]:
    """When an issue's 销号 was last asked for, as a column of a query on `Issue`."""
    return (
        select(func.max(IssueEvent.at))
        .where(IssueEvent.issue_id == Issue.id, IssueEvent.action == ASKED)
        .scalar_subquery()
    )


async def awaiting_office(session: AsyncSession) -> tuple[list[Waiting], list[Waiting]]:
    """(issues to assign, issues whose closing was asked for), oldest first."""
    raiser, asker = aliased(Person), aliased(Person)
    statement = (
        select(Issue, Project.name, raiser.name, asker.name, asked_at().label("asked_at"))
        .join(Project, Project.id == Issue.project_id)
        .join(raiser, raiser.id == Issue.raised_by_id, isouter=True)
        .join(asker, asker.id == Issue.close_requested_by_id, isouter=True)
        .where(Issue.state.in_(OPEN_STATES), Project.active.is_(True))
        .order_by(Issue.number)
    )
    to_assign: list[Waiting] = []
    to_close: list[Waiting] = []
    for issue, project, raised_by, asked_by, asked in (await session.execute(statement)).all():
        if issue.close_requested_by_id is not None:
            when = asked or issue.created_at
            to_close.append(Waiting(issue.number, project, issue.text, when, asked_by))
        elif issue.state == NEW:
            to_assign.append(
                Waiting(issue.number, project, issue.text, issue.created_at, raised_by)
            )
    return to_assign, to_close
