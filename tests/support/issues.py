"""Issues made by hand in job tests: one handed over with a deadline, one whose 销号 is asked."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain.clock import parse_local_time
from scheduler.context import JobContext
from storage.models import Issue, Person, Project, Unit
from storage.repos.issues import open_issue, record
from tests.support.seed import OWNER


async def assign_issue(
    ctx: JobContext, code: str, unit: str, deadline: date, mobile: str | None
) -> int:
    """An issue on project `code`, handed to `unit` (and a person) with a deadline."""
    async with ctx.db.write() as session:
        project = (await session.execute(select(Project).where(Project.code == code))).scalar_one()
        to = (await session.execute(select(Unit).where(Unit.name == unit))).scalar_one()
        person = None
        if mobile:
            query = select(Person).where(Person.mobile == mobile)
            person = (await session.execute(query)).scalar_one()
        at = parse_local_time("2025-04-14 10:00")
        issue = await open_issue(
            session, project_id=project.id, text="临时用地手续未办结", raised_by_id=None, at=at
        )
        issue.assigned_unit_id = to.id
        issue.assigned_person_id = person.id if person else None
        issue.deadline = deadline
        record(session, issue, actor_id=None, action="交办", to_state="已交办", at=at)
        return issue.number


async def ask_to_close(ctx: JobContext, number: int) -> None:
    """张伟 asks for the issue's 销号."""
    async with ctx.db.write() as session:
        issue = (await session.execute(select(Issue).where(Issue.number == number))).scalar_one()
        issue.close_requested_by_id = (
            await session.execute(select(Person.id).where(Person.mobile == OWNER))
        ).scalar_one()
