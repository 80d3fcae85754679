"""The dashboard link at the end of the leaders' pushes (`详见看板：…`).

Only when `[dashboard] base_url` says where people reach the dashboard. One group link per
audience, stored (revocable with `/看板 收回 群链接`) and reused while it has
more than half its life left; a dry run writes nothing and shows the link on record, if any.
The push keeps its phone budget: lines are cut from its end to make room for the link.
A push about 包联 leaders' own projects (leader_weekly) opens theirs: scheduler.leader_links.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.signed_links import leader_url, link_url, signing_key
from domain.budget import cut, fits
from scheduler.context import JobContext, Push
from scheduler.leader_links import LINE, under_each_leader
from storage.repos import dashboard_links

LINKED_ROLES = ("leaders",)
DRY_RUN_LINK = "（正式发送时附上看板链接）"
CUT_NOTE = "……"
SIZED_ID = 10**6
"""A link id at least as long as any real one: a dry run's links are measured with it."""


async def with_dashboard_link(ctx: JobContext, at: datetime, pushes: list[Push]) -> list[Push]:
    """`pushes`, those to leaders' groups ending with the dashboard link."""
    linked = [push for push in pushes if push.group.role in LINKED_ROLES]
    # Only with an address people can reach: this server's own may be a private one.
    if not linked or signing_key(ctx.settings) is None or not ctx.settings.dashboard.base_url:
        return pushes
    url = await _url(ctx, at)
    return [_linked(ctx, push, url) if push in linked else push for push in pushes]


async def _url(ctx: JobContext, at: datetime) -> str | None:
    """The group link; None in a dry run before one is on record."""
    days = ctx.settings.dashboard.link_days
    if ctx.dry_run:
        async with ctx.db.read() as session:
            found = await dashboard_links.current_group_link(session, "leaders", at, days)
        return link_url(ctx.settings, found.id) if found else None
    async with ctx.db.write() as session:
        link = await dashboard_links.group_link(session, "leaders", at, days)
    return link_url(ctx.settings, link.id)


def _shown(url: str | None, leader: str | None = None) -> str:
    """The link as the push shows it, leading on to `leader`'s projects when one is named."""
    if url is None:
        return DRY_RUN_LINK
    return leader_url(url, leader) if leader else url


def _linked(ctx: JobContext, push: Push, url: str | None) -> Push:
    text = push.message.text
    budget = ctx.budget(push.group.role)
    joined = None
    if len(push.leaders) > 1:
        longest = url or link_url(ctx.settings, SIZED_ID) or DRY_RUN_LINK
        joined = under_each_leader(
            text,
            push.leaders,
            lambda name: _shown(url, name),
            lambda name: leader_url(longest, name),
            budget,
        )
    if joined is None:
        one = push.leaders[0] if len(push.leaders) == 1 else None
        tail = f"{LINE}{_shown(url, one)}"
        joined = f"{text}\n{tail}"
        if not fits(joined, budget):
            joined = cut(text, budget, f"{CUT_NOTE}\n{tail}")
    return replace(push, message=push.message.model_copy(update={"text": joined}))
