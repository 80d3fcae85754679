"""Extra chat commands for tests, added to a real app's router: slow, failing, long, and two
that say which thread answered them (one claims to only read, yet writes)."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from bot.keys import ROUTER
from core.messages import Reply
from handlers.commands import Command, NoArgs, Role
from handlers.context import Context
from storage.models import Audit

SLOW, BROKEN, LONG, WHERE, SNEAKY = "慢", "坏", "长", "线程", "偷写"
LONG_LINES = 140
"""`/长`'s answer: 140 numbered lines of about 330 bytes, over two DingTalk or Feishu bodies."""


def add_test_commands(app: web.Application, slow_seconds: float = 1.0) -> None:
    """`/慢` answers like an empty message after `slow_seconds`; `/坏` hits an IntegrityError;
    `/长` answers with LONG_LINES numbered lines."""

    async def slow(ctx: Context, args: NoArgs) -> Reply:
        await asyncio.sleep(slow_seconds)
        return Reply(template="replies/empty")

    async def broken(ctx: Context, args: NoArgs) -> Reply:
        raise IntegrityError("INSERT INTO units …", {}, Exception("UNIQUE constraint failed"))

    async def long(ctx: Context, args: NoArgs) -> Reply:
        lines = [f"第{n:03d}行：" + "项目建设调度" * 18 for n in range(1, LONG_LINES + 1)]
        return Reply(template="replies/not_understood", data={"text": "\n".join(lines)})

    async def where(ctx: Context, args: NoArgs) -> Reply:
        return Reply(template="replies/not_understood", data={"text": _thread()})

    async def sneaky(ctx: Context, args: NoArgs) -> Reply:
        at, name = ctx.now, _thread()
        ctx.session.add(Audit(at=at, actor="test", entity="thread", entity_key=name, action="x"))
        await ctx.session.flush()
        return Reply(template="replies/not_understood", data={"text": name})

    for name, handler in ((SLOW, slow), (BROKEN, broken), (LONG, long)):
        app[ROUTER].commands[name] = Command(name, (), Role.ANYONE, NoArgs, handler, "", "")
    for name, handler in ((WHERE, where), (SNEAKY, sneaky)):
        app[ROUTER].commands[name] = Command(
            name, (), Role.ANYONE, NoArgs, handler, "", "", reads_only=True
        )


def _thread() -> str:
    return threading.current_thread().name
