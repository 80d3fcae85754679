"""A scriptable robot webhook, a clock the test moves and a small adapter for the outbox tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiohttp import ClientSession, web

from bot.adapters.base import PushTarget, SendError
from core.messages import OutboundMessage
from domain.clock import SHANGHAI
from tests.fakes.base import FakeServer

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


class RobotServer(FakeServer):
    """Webhook `POST /send?key=K` on 127.0.0.1: 20 per minute by `clock`, failures on demand."""

    platform = "wecom"  # it answers with WeCom's codes, as FakeOutbound reads them

    def __init__(self, clock: TestClock, per_minute: int = 20) -> None:
        super().__init__(lambda: clock.now().timestamp())
        self.per_minute = per_minute

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """The one webhook."""
        router.add_post("/send", self._send)

    def webhook(self, key: str = "k1") -> str:
        """The robot's webhook URL."""
        return f"{self.base_url}/send?key={key}"

    def delivered(self, key: str | None = None) -> list[str]:
        """Contents the robot accepted, in order of arrival."""
        return [
            r.body["text"]["content"]
            for r in self.received
            if r.code == 0 and (key is None or r.key == key)
        ]

    def arrived(self) -> list[str]:
        """Contents of every request, accepted or not, in order of arrival."""
        return [r.body["text"]["content"] for r in self.received]

    def rejected(self, errcode: int) -> int:
        """How many requests got `errcode`."""
        return sum(1 for r in self.received if r.code == errcode)

    async def _send(self, request: web.Request) -> web.Response:
        key = request.query["key"]
        return await self.respond(request, key, await request.json(), self._judge(key))

    def _judge(self, key: str) -> dict[str, Any]:
        if (scripted := self.scripted()) is not None:
            return scripted
        if self.window.count(key) >= self.per_minute:
            return self.answer(45009)
        self.window.accept(key)
        return self.answer(0)


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
