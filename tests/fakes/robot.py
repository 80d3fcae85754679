"""A scriptable robot webhook and a minimal adapter for it, for the outbox tests.

The server counts a body as received the moment it arrives (before any delay), the strictest
reading: whatever reached the platform was delivered, so a resend would be a double.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiohttp import ClientSession, web

from bot.adapters.base import PushTarget, SendError
from core.messages import OutboundMessage
from domain.clock import SHANGHAI

RETRYABLE = {-1, 45009}


class TestClock:
    """A clock the test moves by hand."""

    __test__ = False

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2025, 4, 24, 10, 0, tzinfo=SHANGHAI)

    def now(self) -> datetime:
        """The time the test has set."""
        return self.current

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.current += timedelta(seconds=seconds)


@dataclass
class Arrival:
    """One request as the robot saw it."""

    key: str
    content: str
    errcode: int


class RobotServer:
    """Webhook `POST /send?key=K` on 127.0.0.1: 20 per minute by `clock`, failures on demand."""

    def __init__(self, clock: TestClock, per_minute: int = 20) -> None:
        self.clock, self.per_minute = clock, per_minute
        self.arrivals: list[Arrival] = []
        self.delay = 0.0
        self.script: deque[int] = deque()
        self._accepted: dict[str, list[datetime]] = {}
        self._arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> RobotServer:
        """Listen on a port the system picks."""
        app = web.Application()
        app.router.add_post("/send", self._send)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    def webhook(self, key: str = "k1") -> str:
        """The robot's webhook URL."""
        return f"{self.base_url}/send?key={key}"

    def delivered(self, key: str | None = None) -> list[str]:
        """Contents the robot accepted, in order of arrival."""
        return [
            a.content for a in self.arrivals if a.errcode == 0 and (key is None or a.key == key)
        ]

    async def wait_for_arrivals(self, count: int) -> None:
        """Wait until `count` requests have arrived (callers bound it with a timeout)."""
        async with self._arrived:
            await self._arrived.wait_for(lambda: len(self.arrivals) >= count)

    def rejected(self, errcode: int) -> int:
        """How many requests got `errcode`."""
        return sum(1 for a in self.arrivals if a.errcode == errcode)

    async def _send(self, request: web.Request) -> web.Response:
        key = request.query["key"]
        content = (await request.json())["text"]["content"]
        errcode = self._judge(key)
        self.arrivals.append(Arrival(key, content, errcode))
        async with self._arrived:
            self._arrived.notify_all()
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.json_response({"errcode": errcode, "errmsg": "ok" if errcode == 0 else "no"})

    def _judge(self, key: str) -> int:
        if self.script:
            return self.script.popleft()
        now = self.clock.now()
        recent = [at for at in self._accepted.get(key, []) if at > now - timedelta(minutes=1)]
        if len(recent) >= self.per_minute:
            return 45009
        self._accepted[key] = [*recent, now]
        return 0


class FakeOutbound:
    """Sends each blank-line-separated paragraph of a message as its own text body."""

    platform = "wecom"
    max_per_minute = 20
    max_per_second: int | None = None

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """One body per paragraph."""
        return [{"msgtype": "text", "text": {"content": p}} for p in message.text.split("\n\n")]

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST and map errcode like WeCom: -1 and 45009 retryable, the rest permanent."""
        async with http.post(target.webhook, json=payload) as response:
            answer = await response.json()
        code = answer["errcode"]
        if code == 0:
            return
        retry_after = 60.0 if code == 45009 else None
        raise SendError(
            answer["errmsg"], retryable=code in RETRYABLE, retry_after=retry_after, code=code
        )
