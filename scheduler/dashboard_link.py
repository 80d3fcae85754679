"""The dashboard link at the end of the leaders' pushes (`详见看板：…`).

Only when `[dashboard] base_url` says where people reach the dashboard. One group link per
audience, stored (revocable with `/看板 收回 群链接`) and reused while it has
more than half its life left; a dry run writes nothing and shows the link on record, if any.
The push keeps its phone budget: lines are cut from its end to make room for the link.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.signed_links import link_url, signing_key
from domain.budget import cut, fits
from scheduler.context import JobContext, Push
from storage.repos import dashboard_links

LINKED_ROLES = ("leaders",)
DRY_RUN_LINK = "（正式发送时附上看板链接）"
CUT_NOTE = "……"


async def with_dashboard_link(ctx: JobContext, at: datetime, pushes: list[Push]) -> list[Push]:
    """`pushes`, those to leaders' groups ending with the dashboard link."""
    linked = [push for push in pushes if push.group.role in LINKED_ROLES]
    # Only with an address people can reach: this server's own may be a private one.
    if not linked or signing_key(ctx.settings) is None or not ctx.settings.dashboard.base_url:
        return pushes
    url = await _url(ctx, at)
    tail = f"详见看板：{url}"
    return [_linked(ctx, push, tail) if push in linked else push for push in pushes]


async def _url(ctx: JobContext, at: datetime) -> str:
    days = ctx.settings.dashboard.link_days
    if ctx.dry_run:
        async with ctx.db.read() as session:
            found = await dashboard_links.current_group_link(session, "leaders", at, days)
        return (link_url(ctx.settings, found.id) if found else None) or DRY_RUN_LINK
    async with ctx.db.write() as session:
        link = await dashboard_links.group_link(session, "leaders", at, days)
    return link_url(ctx.settings, link.id) or DRY_RUN_LINK


def _linked(ctx: JobContext, push: Push, tail: str) -> Push:
    text = push.message.text
    budget = ctx.budget(push.group.role)
    joined = f"{text}\n{tail}"
    if not fits(joined, budget):
        joined = cut(text, budget, f"{CUT_NOTE}\n{tail}")
    return replace(push, message=push.message.model_copy(update={"text": joined}))
