"""Who 包联 what, and scheduled occasions (a 调度会) moved to another day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import JobOverride, Person, Project, ProjectLeader


async def leaders_projects(session: AsyncSession) -> list[tuple[Person, list[int]]]:
    """Each active leader with the active projects they 包联, by leader."""
    statement = (
        select(Person, ProjectLeader.project_id)
        .join(ProjectLeader, ProjectLeader.person_id == Person.id)
        .join(Project, Project.id == ProjectLeader.project_id)
        .where(Person.active.is_(True), Project.active.is_(True))
        .order_by(Person.id, Project.code)
    )
    leaders: dict[int, tuple[Person, list[int]]] = {}
    for person, project_id in (await session.execute(statement)).all():
        leaders.setdefault(person.id, (person, []))[1].append(project_id)
    return list(leaders.values())


async def moved_occasions(session: AsyncSession, job: str) -> dict[str, date]:
    """Occasion label → the day it was moved to (the latest move of each wins)."""
    statement = (
        select(JobOverride.occasion, JobOverride.moved_to)
        .where(JobOverride.job == job)
        .order_by(JobOverride.id)
    )
    return {label: day for label, day in (await session.execute(statement)).all()}


def move_occasion(
    session: AsyncSession, job: str, label: str, moved_to: date, by: int | None, at: datetime
) -> None:
    """Record that one occasion of `job` happens on `moved_to` instead."""
    session.add(
        JobOverride(job=job, occasion=label, moved_to=moved_to, created_by=by, created_at=at)
    )
