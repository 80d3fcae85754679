"""Replies only for a message said to the bot: in a 1:1 chat, or with an @ in a group (a
group's `好`, `是`, `确认` between people pass without a word)."""

from __future__ import annotations

from typing import Any

from core.messages import Reply
from handlers.chatter import addressed
from handlers.context import Context


def to_the_bot(ctx: Context) -> bool:
    """Whether the message is said to the bot: in a 1:1 chat, or with an @ in a group."""
    return ctx.msg.chat_id is None or addressed(ctx.msg.text, ctx.msg.addressed)


def nothing(ctx: Context, outcome: str, **data: Any) -> list[Reply]:
    """Nothing was asked: said in a 1:1 chat or to the bot, while a group's `好`/`是` passes."""
    if not to_the_bot(ctx):
        return []
    return [Reply(template="replies/answer", data={"outcome": outcome, **data})]
