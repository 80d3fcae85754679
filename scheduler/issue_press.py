"""The issue loop's 督办: which overdue issues to press today, and pressing one.

An issue is pressed once a working day, and not within the interval a person's /督办 promised
(`1 个工作日内不重复督办`); each press is one escalation level up, recorded as an `自动督办`
history entry by nobody (the bot).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from scheduler.context import JobContext
from storage.models import Issue, IssueEvent
from storage.repos import issues as issue_repo
from storage.repos.issues import OPEN_STATES

ACTION = "自动督办"
MANUAL = "督办"  # a person's /督办 (handlers.issues.commands)
PRESSED = "督办中"


async def open_issues(session: AsyncSession, horizon: date) -> list[Issue]:
    """The open issues due by `horizon` whose closing nobody asked for, locked for pressing."""
    # Locked in id order, so two runs at once queue behind each other instead of deadlocking.
    statement = (
        select(Issue)
        .where(Issue.state.in_(OPEN_STATES), Issue.deadline.is_not(None), Issue.deadline <= horizon)
        .where(Issue.close_requested_by_id.is_(None))
        .order_by(Issue.id)
        .with_for_update()
    )
    return list((await session.execute(statement)).scalars())


async def asked_overdue(session: AsyncSession, day: date) -> list[Issue]:
    """The open issues past their deadline on `day` whose 销号 request waits for the office:
    not pressed, but still overdue (asked for is not 销号'd)."""
    statement = (
        select(Issue)
        .where(Issue.state.in_(OPEN_STATES), Issue.close_requested_by_id.is_not(None))
        .where(issue_repo.overdue_where(day))
        .order_by(Issue.id)
    )
    return list((await session.execute(statement)).scalars())


async def pressed_lately(
    ctx: JobContext, session: AsyncSession, ids: Sequence[int], day: date
) -> set[int]:
    """The issues pressed too lately to press again on `day`: by this loop today, or by anyone
    (a leader's or the office's /督办) within [issues] supervise_interval_workdays, as /督办
    itself tells them (`1 个工作日内不重复督办`)."""
    if not ids:
        return set()
    interval = ctx.settings.issues.supervise_interval_workdays
    statement = (
        select(IssueEvent.issue_id, IssueEvent.action, func.max(IssueEvent.at))
        .where(IssueEvent.issue_id.in_(ids), IssueEvent.action.in_((ACTION, MANUAL)))
        .group_by(IssueEvent.issue_id, IssueEvent.action)
    )
    lately = set()
    for issue_id, action, at in await session.execute(statement):
        pressed = at.astimezone(SHANGHAI).date()
        # the loop's own 督办 is once a working day (SPEC §4), whatever a person's interval
        waits = interval if action == MANUAL else 1
        if pressed >= day or (waits > 0 and ctx.calendar.add_workdays(pressed, waits) > day):
            lately.add(issue_id)
    return lately


def press(session: AsyncSession, issue: Issue, day: date, at: datetime) -> None:
    """One escalation level up, state 督办中, with who (nobody: the bot) and why."""
    issue.escalation_level += 1
    late = (day - deadline_of(issue)).days
    note = f"超过期限 {late} 天未销号，第 {issue.escalation_level} 次督办（系统自动）"
    issue_repo.record(
        session, issue, actor_id=None, action=ACTION, to_state=PRESSED, note=note, at=at
    )


def deadline_of(issue: Issue) -> date:
    """The issue's deadline: the loop reads only issues that have one (`open_issues`)."""
    if issue.deadline is None:
        raise ValueError(f"issue {issue.number} has no deadline")
    return issue.deadline
