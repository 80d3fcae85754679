"""The office's one daily message (with the issue loop): what waits for its action.

Issues pressed to the leaders whose projects have no 包联 leader (the office takes them to the
分管 leader), issues raised and not yet assigned (待交办), requests to close an issue (销号申请),
and the messages that reached nobody since the last list (`scheduler.undelivered_list`). It is sent
when something is new since the last working day, and on the week's first working day as a
reminder of all that still waits; a day with nothing new says nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.holiday_policy import Policy, weekly_day
from scheduler.context import JobContext, Push, occasion
from scheduler.undelivered_list import undelivered_items
from storage.repos.office_queue import Waiting, awaiting_office


async def office_daily(
    ctx: JobContext,
    session: AsyncSession,
    at: datetime,
    leaderless: Sequence[dict[str, Any]] = (),
) -> list[Push]:
    """One message per office group, when something waits for the office that it should hear
    (`leaderless`: issues pressed to the leaders whose projects have no 包联 leader, each day
    the leaders are told of them)."""
    day = at.date()
    to_assign, to_close = await awaiting_office(session)
    missed, listed = await undelivered_items(session, day)
    since = _last_run(ctx, at)
    fresh = [w for w in [*to_assign, *to_close] if w.at > since]
    weekly = weekly_day(day, 0, ctx.calendar, Policy.NEXT) == day
    if not (fresh or missed or leaderless or (weekly and (to_assign or to_close))):
        return []
    numbers = ",".join(str(w.number) for w in [*to_assign, *to_close])
    raised = ",".join(str(v["number"]) for v in leaderless)
    tag = hashlib.sha1(f"{numbers}|{listed}|{raised}".encode()).hexdigest()[:12]
    key = occasion("issue_loop", f"{day.isoformat()}:office:{tag}")
    pushes = []
    for group in ctx.groups("office"):
        share = max(1, ctx.budget(group.role).top // 3)  # three lists share the message
        data = {
            "today": day,
            "leaderless": leaderless[:share],
            "more_leaderless": max(0, len(leaderless) - share),
            **_listed("to_assign", to_assign, since, share),
            **_listed("to_close", to_close, since, share),
            "items": missed[:share],
            "more": max(0, len(missed) - share),
            "total": len(missed),
        }
        pushes.append(Push.of(ctx, group, key, "pushes/office_daily", data))
    return pushes


def _listed(name: str, waiting: Sequence[Waiting], since: datetime, share: int) -> dict[str, Any]:
    """The newest first (what the office has not heard of), then the oldest waiting."""
    ordered = sorted(waiting, key=lambda w: (w.at <= since, w.number))
    return {
        name: ordered[:share],
        f"new_{name}": sum(1 for w in waiting if w.at > since),
        f"more_{name}": max(0, len(waiting) - share),
    }


def _last_run(ctx: JobContext, at: datetime) -> datetime:
    """The same time on the working day before: what came after it is news today."""
    before = at - timedelta(days=1)
    for _ in range(60):
        if ctx.calendar.is_workday(before.date()):
            break
        before -= timedelta(days=1)
    return before
