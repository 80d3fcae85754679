"""Extra chat commands for tests: a slow one and a failing one, added to a real app's router."""

from __future__ import annotations

import asyncio

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from bot.keys import ROUTER
from core.messages import Reply
from handlers.commands import Command, NoArgs, Role
from handlers.context import Context

SLOW, BROKEN = "慢", "坏"


def add_test_commands(app: web.Application, slow_seconds: float = 1.0) -> None:
    """`/慢` answers like an empty message after `slow_seconds`; `/坏` hits an IntegrityError."""

    async def slow(ctx: Context, args: NoArgs) -> Reply:
        await asyncio.sleep(slow_seconds)
        return Reply(template="replies/empty")

    async def broken(ctx: Context, args: NoArgs) -> Reply:
        raise IntegrityError("INSERT INTO units …", {}, Exception("UNIQUE constraint failed"))

    for name, handler in ((SLOW, slow), (BROKEN, broken)):
        app[ROUTER].commands[name] = Command(name, (), Role.ANYONE, NoArgs, handler, "", "")
