"""Issues as the 双周调度会 digest names them: raised since the last meeting, and overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Issue, Person, Project, Unit
from storage.repos.issues import RETRACTED, overdue_where


@dataclass
class IssueLine:
    """An issue as the digest names it."""

    number: int
    project: str
    text: str
    assignee: str | None
    deadline: date | None


def _issue_select() -> Select[int, str, str, str | None, date | None]:
    assigned = aliased(Unit)
    return (
        select(
            Issue.number,
            Project.name.label("project"),
            Issue.text,
            func.coalesce(Person.name, assigned.name).label("assignee"),
            Issue.deadline,
        )
        .join(Project, Project.id == Issue.project_id)
        .join(assigned, assigned.id == Issue.assigned_unit_id, isouter=True)
        .join(Person, Person.id == Issue.assigned_person_id, isouter=True)
    )


async def issues_since(
    session: AsyncSession, since: datetime, limit: int
) -> tuple[int, list[IssueLine]]:
    """How many issues were raised since `since`, and the first `limit` of them."""
    # a retracted issue was never a problem: the report that raised it was taken back
    found = and_(Issue.created_at >= since, Issue.state != RETRACTED)
    count = await session.scalar(select(func.count(Issue.id)).where(found))
    rows = await session.execute(_issue_select().where(found).order_by(Issue.number).limit(limit))
    return int(count or 0), [IssueLine(**row._mapping) for row in rows.all()]


async def overdue_issues(
    session: AsyncSession, today: date, limit: int
) -> tuple[int, list[IssueLine]]:
    """How many open issues are past their deadline, and the `limit` most overdue."""
    late = overdue_where(today)
    count = await session.scalar(select(func.count(Issue.id)).where(late))
    statement = _issue_select().where(late).order_by(Issue.deadline, Issue.number).limit(limit)
    rows = await session.execute(statement)
    return int(count or 0), [IssueLine(**row._mapping) for row in rows.all()]


async def overdue_asked(session: AsyncSession, today: date) -> int:
    """How many of the overdue issues wait for the office to confirm their asked-for 销号."""
    asked = and_(overdue_where(today), Issue.close_requested_by_id.is_not(None))
    return int(await session.scalar(select(func.count(Issue.id)).where(asked)) or 0)
