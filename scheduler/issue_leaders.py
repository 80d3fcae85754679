"""The issue loop's summary to the leaders: overdue issues, 升级 first, and those handed to a
leader that are due soon.

Its count of overdue issues is the one `/问题清单 超期` and the dashboard give: every open
issue past its deadline, those whose 销号 request waits for the office included (asked for is
not 销号'd), said as `其中 N 个已申请销号、待专班办公室确认` (domain.display.asked_among) and
listed apart, as they are not pressed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from core.settings import GroupSettings, Platform
from scheduler.audience import People, mentions
from scheduler.context import JobContext, Push, occasion
from storage.models import Person

JOB = "issue_loop"
TOP_LEVEL = 2  # pressed this many times → the leaders are asked to step in (升级)

Grouped = dict[tuple[str, str], tuple[GroupSettings, list[dict[str, Any]]]]
"""The issues each group is told of as their handler's, by (platform, group name)."""


def loop_key(day: date, views: Sequence[dict[str, Any]], kind: str = "") -> str:
    """Per day, and per set of issues told: the same message once, a new issue still told.
    `kind` tells the leaders' summary from a unit's list of the same issues."""
    numbers = ",".join(str(v["number"]) for v in views)
    label = f"{kind}:" if kind else ""
    digest = hashlib.sha1(numbers.encode()).hexdigest()[:12]
    return occasion(JOB, f"{day.isoformat()}:{label}{digest}")


def day_label(day: date) -> str:
    """`12月2日（周三）`."""
    return f"{day.month}月{day.day}日（周{'一二三四五六日'[day.weekday()]}）"


def leader_pushes(
    ctx: JobContext,
    day: date,
    views: Sequence[dict[str, Any]],
    asked: Sequence[dict[str, Any]],
    leaders: People,
    accounts: dict[Platform, dict[int, str]],
    handed: Grouped,
) -> list[Push]:
    """Overdue issues to the leaders; those pressed twice or more under a 升级 heading, @ 包联.
    Issues handed to a leader (`handed` in their group) are told in the same message: the
    overdue ones are in its lists, those due soon under a heading of their own, their
    handlers @. `asked`, overdue issues waiting for their 销号 to be confirmed, are counted
    and listed last; they alone (nothing pressed) make no message."""
    overdue = [v for v in views if v["overdue"]]
    if not overdue:
        return []
    top = [v for v in overdue if v["level"] >= TOP_LEVEL]
    for view in top:
        # who is asked to step in, by name: a project without a 包联 leader is said to have
        # none (the office then takes it higher), not @ed to nobody
        view["leaders"] = [person.name for person in leaders.get(view["project_id"], ())]
    total = len(overdue) + len(asked)
    pushes = []
    for group in ctx.reach("leaders", f"{total} 个超期问题（{day_label(day)}）"):
        own = handed.get((group.platform, group.name), (group, []))[1]
        due = [v for v in own if not v["overdue"]]
        most = ctx.budget(group.role).top
        listed_top = top[:most]
        others = [v for v in overdue if v["level"] < TOP_LEVEL][: max(0, most - len(top))]
        soon = due[: max(0, most - len(listed_top) - len(others))]
        waiting = list(asked[: max(0, most - len(listed_top) - len(others) - len(soon))])
        shown = len(listed_top) + len(others) + len(soon) + len(waiting)
        data = {
            "day": day_label(day),
            "today": day,
            "top": listed_top,
            "others": others,
            "soon": soon,
            "asked": waiting,
            "asked_count": len(asked),
            "handed": bool(own),
            "more": total + len(due) - shown,
            "total": total,
            "top_level": TOP_LEVEL,
        }
        # only whoever the message lists is @'d: a person called out must find why in it,
        # not in 另有 N 个
        called: dict[int, Person] = {}
        for view in listed_top:
            for person in leaders.get(view["project_id"], ()):
                called.setdefault(person.id, person)
        handled_here = {v["number"] for v in own}
        for view in [*listed_top, *others, *soon]:
            if view["number"] in handled_here:
                called.update((person.id, person) for person in view["called"])
        named = mentions(called.values(), accounts[group.platform])
        key = loop_key(day, [*overdue, *due, *asked], "leaders")
        pushes.append(Push.of(ctx, group, key, "pushes/issue_loop_leaders", data, named))
    return pushes
