"""Delivering pushes: the outbox worker, owned by the app.

Rate limits are kept per robot (webhook URL): a sliding one-minute window in the worker,
re-read from the database (`outbox.sent_at`, `parts_sent`) before each round, and claims that
never give two workers rows of the same robot at once, so several processes together stay under
the limit. The worker reads real time, not the business clock: a frozen `clock.now` would
otherwise stop every window and back-off from ever running out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from bot.adapters.base import Outbound
from bot.keys import DB, HTTP, SETTINGS, TASKS
from bot.outbox.worker import OutboxWorker
from core.settings import BotSettings, Settings
from domain.clock import Clock

__all__ = ["OutboxWorker", "add_outbox_worker", "direct_outbounds", "platform_outbounds"]


def platform_outbounds() -> dict[str, Outbound]:
    """The robot-webhook sender of every platform, by platform name."""
    from bot.adapters.dingtalk.outbound import OUTBOUND as DINGTALK
    from bot.adapters.feishu.outbound import OUTBOUND as FEISHU
    from bot.adapters.wecom.outbound import OUTBOUND as WECOM

    return {"wecom": WECOM, "dingtalk": DINGTALK, "feishu": FEISHU}


def direct_outbounds(settings: Settings) -> dict[str, Outbound]:
    """The 1:1 sender of every bot with `direct = true`, by bot name."""
    from bot.adapters.dingtalk.direct import DingTalkDirect
    from bot.adapters.feishu.direct import FeishuDirect
    from bot.adapters.wecom.direct import WeComDirect

    senders: dict[str, Callable[[BotSettings], Outbound]] = {
        "feishu": FeishuDirect,
        "dingtalk": DingTalkDirect,
        "wecom": WeComDirect,
    }
    return {bot.name: senders[bot.platform](bot) for bot in settings.bots if bot.direct}


def add_outbox_worker(app: web.Application) -> None:
    """Run the outbox worker through app[HTTP] if `[outbox] enabled` (after bot.http opens it)."""
    running = _Running()
    app.cleanup_ctx.append(running.context)
    # Stop the worker at shutdown, before any cleanup closes what it uses.
    app.on_shutdown.append(running.stop)


class _Running:
    """The worker of one app: started with the HTTP session, stopped at shutdown."""

    def __init__(self) -> None:
        self.halt = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.grace = 0.0

    async def context(self, app: web.Application) -> AsyncIterator[None]:
        """Start the worker; on the way out, stop it."""
        settings = app[SETTINGS]
        config = settings.outbox
        # The worker finishes the request in flight when stopped: give it one request's time.
        self.grace = config.request_timeout_seconds + 5
        if config.enabled:
            outbounds = platform_outbounds()
            directs = direct_outbounds(settings)
            worker = OutboxWorker(app[DB], settings, app[HTTP], outbounds, Clock(), directs)
            run = worker.run_forever(self.halt, config.interval_seconds)
            self.task = app[TASKS].start(run, "outbox", service=True)
        yield
        await self.stop(app)

    async def stop(self, app: web.Application) -> None:
        """Stop the worker: at once when idle; a request in flight gets `grace` to finish."""
        self.halt.set()
        if self.task is None or self.task.done():
            return
        # Cancelling is the worker's stop: it finishes and records the request in flight, gives
        # its other claimed rows back and sends nothing more (see bot.outbox.worker).
        self.task.cancel()
        _, late = await asyncio.wait([self.task], timeout=self.grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
