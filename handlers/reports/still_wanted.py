"""What a question of the bot's still waits for, said to an answer that is none of its own:
an ok (`好的`, `1` as chat says 收到) or a bare number the question did not offer (`1` or `2`
to "是11月还是12月的?", which offers months, not numbered choices)."""

from __future__ import annotations

from core.messages import Reply
from domain.dates import last_month_of
from handlers.context import Context
from storage.repos import pending


async def what_to_send(ctx: Context) -> list[Reply]:
    """The word the bot's question waits for; nothing when nothing waits."""
    if await pending.waiting(ctx.session, ctx.person.id, (pending.CONFIRM,)):
        return [await held_wants(ctx)]
    if await pending.waiting(ctx.session, ctx.person.id, (pending.PROBLEM,)):
        return [Reply(template="replies/answer", data={"outcome": "yes_no_wanted"})]
    if await pending.waiting(ctx.session, ctx.person.id, (pending.CHOOSE,)):
        return [Reply(template="replies/answer", data={"outcome": "choice_wanted"})]
    return []


async def held_wants(ctx: Context) -> Reply:
    """What a held report waits for, to an ok or a 是 (`对`, `嗯`): which month, when it was
    asked (a 确认 files it in the month its question said, which `对` to "是11月的吗" does not
    mean: this month's, or last month's for a 1st-of-month correction of it), else 确认."""
    held = await pending.items_waiting(ctx.session, ctx.person.id, pending.CONFIRM)
    if asked := [item for item in held if item.get("months")]:
        last, this = last_month_of(ctx.today).month, ctx.today.month
        # which month a 确认 files them in, said only when it is the same for all
        filed = {bool(item.get("confirms_last")) for item in asked}
        confirms = (last if filed == {True} else this) if len(filed) == 1 else None
        data = {"outcome": "month_wanted", "last": last, "this": this, "confirms": confirms}
        return Reply(template="replies/answer", data=data)
    return Reply(template="replies/answer", data={"outcome": "confirm_wanted"})
