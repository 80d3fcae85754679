"""When an issue is overdue: open with its deadline before today, the same in Python and in SQL.

The issue card of the chat commands once called a closed issue past its deadline overdue too.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain.clock import parse_local_time
from scheduler.context import JobContext
from storage.models import Issue, Project
from storage.repos.issues import is_overdue, open_issue, overdue_where, record

TODAY = date(2025, 5, 12)


async def test_only_open_issues_past_their_deadline_are_overdue(backend_ctx: JobContext) -> None:
    cases = {
        "open, deadline passed": ("已交办", date(2025, 5, 11), True),
        "pressed, deadline passed": ("督办中", date(2025, 4, 30), True),
        "open, due today": ("已交办", TODAY, False),
        "open, no deadline": ("发现", None, False),
        "closed, deadline passed": ("已销号", date(2025, 5, 1), False),
        "retracted, deadline passed": ("已撤回", date(2025, 5, 1), False),
    }
    at = parse_local_time("2025-04-14 10:00")
    async with backend_ctx.db.write() as session:
        project = (await session.scalars(select(Project).where(Project.code == "P001"))).one()
        for text, (state, deadline, _) in cases.items():
            issue = await open_issue(
                session, project_id=project.id, text=text, raised_by_id=None, at=at
            )
            issue.deadline = deadline
            if state != issue.state:
                record(session, issue, actor_id=None, action=state, to_state=state, at=at)
    expected = {text for text, (_, _, overdue) in cases.items() if overdue}
    async with backend_ctx.db.read() as session:
        found = list(await session.scalars(select(Issue)))
        in_sql = await session.scalars(select(Issue.text).where(overdue_where(TODAY)))
        assert {issue.text for issue in found if is_overdue(issue, TODAY)} == expected
        assert set(in_sql) == expected
