"""What every fake platform server shares: 127.0.0.1 on a port the system picks, each request
recorded, answers scripted on demand, a one-minute sliding limit, the documented answer bodies.

A request counts as received the moment it arrives (before any `delay`), the strictest reading:
whatever reached the platform was delivered, so a resend would be a double. The documented
bodies come from tests/data/<platform>/answers.json; scripting a code that is not there fails.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from aiohttp import web

from tests.support.payloads import payload

LOOPBACK = "127.0.0.1"


@dataclass
class Received:
    """One request as the fake saw it, and the code it answered."""

    path: str
    key: str  # the robot (webhook key, token, hook) or the session or message it was for
    body: Any
    code: int
    query: dict[str, str] = field(default_factory=dict)


class SlidingWindow:
    """When each robot's accepted sends were, by the fake's clock, kept for one minute."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._sent: dict[str, deque[float]] = defaultdict(deque)

    def count(self, key: str, within: float = 60.0) -> int:
        """Sends accepted for `key` in the last `within` seconds (at most a minute)."""
        now, sent = self.clock(), self._sent[key]
        while sent and sent[0] <= now - 60:
            sent.popleft()
        return sum(1 for at in sent if at > now - within)

    def accept(self, key: str) -> None:
        """Count a send accepted now."""
        self._sent[key].append(self.clock())


class FakeServer:
    """A fake platform on 127.0.0.1; subclasses add their routes and judge each request."""

    platform: ClassVar[str]  # its folder in tests/data
    code_field: ClassVar[str] = "errcode"
    message_field: ClassVar[str] = "errmsg"
    busy_code: ClassVar[int] = -1  # what `fail_next` answers unless told otherwise

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.received: list[Received] = []
        self.delay = 0.0  # seconds each answer is held back, after the request is recorded
        self.window = SlidingWindow(clock)
        self.documented = {
            body[self.code_field]: body for body in payload(self.platform, "answers")
        }
        self._script: deque[int] = deque()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Add the platform's endpoints."""
        raise NotImplementedError

    async def start(self) -> Self:
        """Listen on 127.0.0.1, port chosen by the system."""
        app = web.Application()
        self.add_routes(app.router)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, LOOPBACK, 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        """Stop listening (again is harmless)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def answer(self, code: int, message: str | None = None) -> dict[str, Any]:
        """The documented body for `code`, its message replaced by `message` if given."""
        body = dict(self.documented[code])
        if message is not None:
            body[self.message_field] = message
        return body

    def script(self, *codes: int) -> None:
        """Answer the next sends with these codes in order (0 accepts without any check)."""
        unknown = [code for code in codes if code not in self.documented]
        if unknown:
            raise KeyError(f"{self.platform} documents no answer for {unknown}")
        self._script.extend(codes)

    def fail_next(self, count: int, code: int | None = None) -> None:
        """Answer the next `count` sends with the documented body of `code` (busy by default)."""
        self.script(*[self.busy_code if code is None else code] * count)

    def scripted(self) -> dict[str, Any] | None:
        """The next scripted answer, if the test scripted one."""
        return self.answer(self._script.popleft()) if self._script else None

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        """Wait until `ready()` holds after some request (a hang fails the test after 5 s)."""
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(ready)

    async def changed(self) -> None:
        """Wake whoever waits for a request or frame."""
        async with self._changed:
            self._changed.notify_all()

    async def respond(
        self, request: web.Request, key: str, body: Any, answer: dict[str, Any]
    ) -> web.Response:
        """Record the request, wake the waiters, hold back `delay` seconds, then answer."""
        code = answer[self.code_field]
        self.received.append(Received(request.path, key, body, code, dict(request.query)))
        await self.changed()
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.json_response(answer)

    def bodies(self, path: str, key: str, accepted: bool = True) -> list[Any]:
        """Bodies sent to `path` for `key`, in order (only the accepted ones by default)."""
        return [
            r.body
            for r in self.received
            if r.path == path and r.key == key and (r.code == 0 or not accepted)
        ]
