"""The answer to "which project?" (handlers.reports.which_ask): the report stored for the
project chosen, as if it had been named in full."""

from __future__ import annotations

from core.messages import Reply
from handlers.context import Context
from handlers.reports.grammar import parse_report_message
from handlers.reports.outcome import report_reply
from handlers.reports.receive import store_checked
from storage.models import Project
from storage.repos import pending

ONLY_ONE = 0
"""`是` to a question offering one project: that one (else no choice)."""


async def chosen(ctx: Context, number: int) -> list[Reply] | None:
    """The reply to `number` when a report waits for its project; None when none waits (or
    `ONLY_ONE` answers a question of several)."""
    waiting = await pending.items_waiting(ctx.session, ctx.person.id, pending.CHOOSE)
    if not waiting:
        return None
    ids: list[int] = waiting[0]["ids"]
    if number == ONLY_ONE:
        if len(ids) != 1:
            return None
        number = 1
    if not 1 <= number <= len(ids):  # asked again: the report waits on
        data = {"outcome": "choice_out_of_range", "count": len(ids)}
        return [Reply(template="replies/answer", data=data)]
    taken = await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))
    if not taken:  # answered meanwhile (the same answer delivered twice)
        return []
    item = pending.items_of(taken[0])[0]
    project = await ctx.session.get(Project, item["ids"][number - 1])
    blocks = parse_report_message(item["raw"], ctx.today)
    if project is None or len(blocks) != 1:
        return [Reply(template="replies/answer", data={"outcome": "choice_gone"})]
    return [report_reply([await store_checked(ctx, project, blocks[0])])]
