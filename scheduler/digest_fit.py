"""The digest within a group's phone budget, every 包联 leader kept: it says less instead.

A cut drops the message's last lines, and the 包联 lines come last: whole leaders went, @ed
and told nothing. So before anything is cut the leaders' lines drop their 最需关注, then the
unit ranking shortens, keeping its first and its last (the laggards matter as much).
"""

from __future__ import annotations

from typing import Any

from core.messages import Mention
from core.settings import GroupSettings
from domain.budget import ends, fits
from scheduler.context import JobContext, Push

TEMPLATE = "pushes/digest"


def fitted_digest(
    ctx: JobContext,
    group: GroupSettings,
    key: str,
    page: dict[str, Any],
    named: tuple[Mention, ...],
) -> Push:
    """The digest `page` (its `units` the whole ranking) for `group`, within its budget."""
    budget = ctx.budget(group.role)
    ranked, top = page["units"], budget.top
    tries = [(False, top), (True, top), (True, min(top, 6)), (True, min(top, 4))]
    for compact, shown in tries:
        tried = {**page, **ranking_ends(ranked, shown), "leaders_compact": compact}
        if fits(ctx.render(TEMPLATE, tried, None, dialect=group.platform), budget):
            break
    return Push.of(ctx, group, key, TEMPLATE, tried, named)


def ranking_ends(units: list[dict[str, Any]], shown: int) -> dict[str, Any]:
    """The template's view of a ranking shown `shown` lines long, from both ends."""
    head, between, tail = ends(units, shown)
    return {"units": head, "more_units": between, "tail_units": tail}
