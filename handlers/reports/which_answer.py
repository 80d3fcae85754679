"""The answer to "which project?" (handlers.reports.which_ask): the report stored for the
project chosen, as if it had been named in full when it was sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from core.messages import Reply
from domain.clock import SHANGHAI
from handlers.context import Context
from handlers.reports.grammar import parse_report_message
from handlers.reports.kept_notes import held_notes
from handlers.reports.outcome import report_reply
from handlers.reports.receive import store_checked
from storage.models import Project
from storage.repos import pending

ONLY_ONE = 0
"""`是` to a question offering one project: that one (else no choice)."""


async def chosen(ctx: Context, number: int) -> list[Reply] | None:
    """The reply to `number` when a report of today waits for its project; None when none
    does (a question of an earlier day is dropped: `1` days later in a group is talk), or
    `ONLY_ONE` answers a question of several."""
    item = await _asked_today(ctx)
    if item is None or (number == ONLY_ONE and len(item["ids"]) != 1):
        return None
    number = number or 1
    if not 1 <= number <= len(item["ids"]):  # asked again: the report waits on
        data = {"outcome": "choice_out_of_range", "count": len(item["ids"])}
        return [Reply(template="replies/answer", data=data)]
    taken = await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))
    if not taken:  # answered meanwhile (the same answer delivered twice)
        return []
    item = pending.items_of(taken[0])[0]
    sent = _sent(item)
    project = await ctx.session.get(Project, item["ids"][number - 1])
    blocks = parse_report_message(item["raw"], sent.date())
    if project is None or len(blocks) != 1:
        return [Reply(template="replies/answer", data={"outcome": "choice_gone"})]
    block, (said, forwarded) = blocks[0], held_notes([item])
    # 补报上周 on a line above the header is no part of the raw block, nor is whose message it
    # forwards: kept if held for 确认
    block.past_week, block.forwarded = block.past_week or said, forwarded
    # stored as when it was sent, as a held report is (its week, on time or late)
    outcome = await store_checked(replace(ctx, now=sent), project, block)
    return [report_reply([outcome], forwarded=forwarded, past_week=block.past_week)]


def still_asked(waiting: list[dict[str, Any]], today: date) -> list[str]:
    """How the report waiting for its project (`waiting`, its question's items) was named,
    when asked `today` (one of an earlier day waits no more: its `1` is talk)."""
    return [item["project"] for item in waiting if _sent(item).date() == today]


async def _asked_today(ctx: Context) -> dict[str, Any] | None:
    """The report waiting for its project, asked today; one of an earlier day is dropped."""
    waiting = await pending.items_waiting(ctx.session, ctx.person.id, pending.CHOOSE)
    if not waiting:
        return None
    if _sent(waiting[0]).date() != ctx.today:
        await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))
        return None
    return waiting[0]


def _sent(item: dict[str, Any]) -> datetime:
    """When the report waiting for its project was sent (business time)."""
    return datetime.fromisoformat(item["at"]).astimezone(SHANGHAI)
