"""Long connections: one holder per bot among every process, elected like the scheduler.

A platform's gateway keeps one connection per bot (WeCom kicks the older one; DingTalk splits
messages among them), so only the process holding the bot's lock opens it; the others stand by
and take over within seconds when the holder dies.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from functools import partial
from typing import Any

from aiohttp import web

from bot.keys import DB, SETTINGS, TASKS
from core.settings import BotSettings
from scheduler.election import Leadership, run_while_leader

log = logging.getLogger(__name__)
Connector = Callable[[web.Application, BotSettings], Coroutine[Any, Any, None]]


def connectors() -> dict[str, tuple[str, Connector]]:
    """Each platform's long connection, with the name its task carries."""
    from bot.adapters import dingtalk, wecom

    return {
        "wecom": ("wecom-longconn", wecom.long_connection),
        "dingtalk": ("dingtalk-stream", dingtalk.long_connection),
    }


async def long_connections(app: web.Application) -> AsyncIterator[None]:
    """Stand for election for every bot with mode = "longconn" (a cleanup context)."""
    known = connectors()
    for bot in app[SETTINGS].bots:
        if bot.mode != "longconn":
            continue
        if bot.platform not in known:
            log.error("bot %s: no long connection for platform %s", bot.name, bot.platform)
            continue
        label, connect = known[bot.platform]
        timeout = app[SETTINGS].server.leader_timeout_seconds
        leadership = Leadership(app[DB], f"longconn-{bot.name}", timeout=timeout)
        work = partial(connect, app, bot)
        elected = run_while_leader(leadership, work, f"{label}:{bot.name}")
        app[TASKS].start(elected, name=f"elect-{label}:{bot.name}", service=True)
    yield
