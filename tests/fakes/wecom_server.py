"""A fake qyapi.weixin.qq.com: group-robot webhook sends and the AI bot's response_url."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

LIMITS = {"text": 2048, "markdown": 4096}
INVALID_URL = {"errcode": 93000, "errmsg": "invalid webhook url"}
RATE_LIMITED = {"errcode": 45009, "errmsg": "api freq out of limit"}
BUSY = {"errcode": -1, "errmsg": "system busy"}
OK = {"errcode": 0, "errmsg": "ok"}


@dataclass
class Received:
    """One request the fake answered."""

    path: str
    key: str
    body: Any
    errcode: int


class WeComServer:
    """Records requests, enforces the robot limits, and fails on demand."""

    def __init__(self, keys: tuple[str, ...] = ("robot-key",), per_minute: int = 20) -> None:
        self.keys = set(keys)
        self.per_minute = per_minute
        self.delay = 0.0
        self.received: list[Received] = []
        self.arrived = 0  # webhook sends that reached the fake, answered or not yet
        self._failures: deque[int] = deque()
        self._accepted: dict[str, deque[float]] = defaultdict(deque)
        self._used_codes: set[str] = set()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> WeComServer:
        """Listen on 127.0.0.1, port chosen by the system."""
        app = web.Application()
        app.router.add_post("/cgi-bin/webhook/send", self._send)
        app.router.add_post("/cgi-bin/aibot/response", self._response)
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
            self._runner = None

    def webhook(self, key: str = "robot-key") -> str:
        """The group robot's webhook URL for `key`."""
        return f"{self.base_url}/cgi-bin/webhook/send?key={key}"

    def response_url(self, code: str = "code-1") -> str:
        """An AI-bot response_url (usable once)."""
        return f"{self.base_url}/cgi-bin/aibot/response?response_code={code}"

    def fail_next(self, count: int, errcode: int = -1) -> None:
        """Answer the next `count` sends with `errcode` (HTTP 200, as WeCom does)."""
        self._failures.extend([errcode] * count)

    def delivered(self, key: str = "robot-key") -> list[Any]:
        """Bodies the robot `key` accepted, in order."""
        return [
            r.body
            for r in self.received
            if r.path == "/cgi-bin/webhook/send" and r.key == key and r.errcode == 0
        ]

    async def wait_for(self, path: str, count: int = 1) -> list[Received]:
        """Wait until `count` requests reached `path` (callers bound it with a timeout)."""
        async with self._changed:
            await self._changed.wait_for(lambda: len(self._on(path)) >= count)
        return self._on(path)

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        """Wait until `ready()` holds after some request (a hang fails the test after 5 s)."""
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(ready)

    def _on(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def _record(
        self, request: web.Request, key: str, body: Any, answer: dict[str, Any]
    ) -> web.Response:
        self.received.append(Received(request.path, key, body, answer["errcode"]))
        async with self._changed:
            self._changed.notify_all()
        return web.json_response(answer)

    async def _send(self, request: web.Request) -> web.Response:
        self.arrived += 1
        async with self._changed:
            self._changed.notify_all()
        if self.delay:
            await asyncio.sleep(self.delay)
        key = request.query.get("key", "")
        try:
            body = await request.json()
        except ValueError:
            body = None
        if key not in self.keys:
            return await self._record(request, key, body, INVALID_URL)
        if self._failures:
            answer = {"errcode": self._failures.popleft(), "errmsg": "injected failure"}
            return await self._record(request, key, body, answer)
        recent = self._accepted[key]
        now = time.monotonic()
        while recent and now - recent[0] >= 60:
            recent.popleft()
        if len(recent) >= self.per_minute:
            return await self._record(request, key, body, RATE_LIMITED)
        problem = _problem(body)
        if problem:
            return await self._record(request, key, body, {"errcode": 40058, "errmsg": problem})
        recent.append(now)
        return await self._record(request, key, body, OK)

    async def _response(self, request: web.Request) -> web.Response:
        code = request.query.get("response_code", "")
        body = await request.json()
        if code in self._used_codes:
            answer = {"errcode": 40058, "errmsg": "response_code already used"}
            return await self._record(request, code, body, answer)
        self._used_codes.add(code)
        return await self._record(request, code, body, OK)


def _problem(body: Any) -> str | None:
    """What the documented message shapes forbid in `body`, or None."""
    if not isinstance(body, dict) or not isinstance(body.get(body.get("msgtype", "")), dict):
        return "invalid message body"
    kind, inner = body["msgtype"], body[body["msgtype"]]
    if kind in LIMITS:
        content = inner.get("content")
        if not isinstance(content, str) or not content:
            return f"{kind}.content missing"
        if len(content.encode()) > LIMITS[kind]:
            return f"{kind}.content exceed max length {LIMITS[kind]}"
        return None
    if kind == "image":
        return _image_problem(inner)
    return f"unsupported msgtype {kind}"


def _image_problem(image: dict[str, Any]) -> str | None:
    try:
        raw = base64.b64decode(image.get("base64", ""), validate=True)
    except (binascii.Error, ValueError):
        return "invalid image base64"
    if hashlib.md5(raw, usedforsecurity=False).hexdigest() != image.get("md5"):
        return "image md5 mismatch"
    return None
