"""Telling the group that held an issue when a new 交办 hands it to another group.

The new handler's push says what it was before (调整：原为 …), but that goes to the new group
only: the old one, told 【问题交办】 earlier and @'d, heard nothing more and went on thinking
the issue theirs."""

from __future__ import annotations

from core.messages import Reply
from handlers.context import Context
from handlers.issues.notify import Holder
from handlers.issues.support import assignee_mentions


def tell_moved(ctx: Context, was: Holder | None, now: Holder, view: dict[str, object]) -> None:
    """Tell the group `was` pushed to, when it is not where the news now goes, whom the issue
    went to, calling out whom it called before."""
    if was is None or was.reach.role is None or was.reach.role == now.reach.role:
        return
    mentions = tuple(m for person in was.called for m in assignee_mentions(person))
    data = {"action": "moved", "issue": view}
    reply = Reply(template="pushes/issue_update", data=data, mentions=mentions)
    ctx.push(was.reach.role, reply, f"issue:{view['number']}:moved:{ctx.msg.msg_id}")
