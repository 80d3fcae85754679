"""A fake qyapi.weixin.qq.com: group-robot webhook sends and the AI bot's response_url."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from aiohttp import web

from tests.fakes.base import FakeServer, Received

LIMITS = {"text": 2048, "markdown": 4096}
KINDS = frozenset({*LIMITS, "image"})  # the message types our robots send
WEBHOOK = "/cgi-bin/webhook/send"
RESPONSE = "/cgi-bin/aibot/response"


class WeComServer(FakeServer):
    """Group robots by key: 20 sends a minute each, documented shapes only; failures on demand."""

    platform = "wecom"

    def __init__(self, keys: tuple[str, ...] = ("robot-key",), per_minute: int = 20) -> None:
        super().__init__()
        self.keys = set(keys)
        self.per_minute = per_minute
        self._used_codes: set[str] = set()

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """The webhook and the response_url endpoints."""
        router.add_post(WEBHOOK, self._send)
        router.add_post(RESPONSE, self._response)

    def webhook(self, key: str = "robot-key") -> str:
        """The group robot's webhook URL for `key`."""
        return f"{self.base_url}{WEBHOOK}?key={key}"

    def response_url(self, code: str = "code-1") -> str:
        """An AI-bot response_url (usable once)."""
        return f"{self.base_url}{RESPONSE}?response_code={code}"

    def delivered(self, key: str = "robot-key") -> list[Any]:
        """Bodies the robot `key` accepted, in order."""
        return self.bodies(WEBHOOK, key)

    async def wait_for(self, path: str, count: int = 1) -> list[Received]:
        """Wait until `count` requests reached `path` (callers bound it with a timeout)."""
        async with self._changed:
            await self._changed.wait_for(lambda: len(self._on(path)) >= count)
        return self._on(path)

    def _on(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def _send(self, request: web.Request) -> web.Response:
        key = request.query.get("key", "")
        try:
            body = await request.json()
        except ValueError:
            body = None
        return await self.respond(request, key, body, self._judge(key, body))

    def _judge(self, key: str, body: Any) -> dict[str, Any]:
        if key not in self.keys:
            return self.answer(93000)
        if (scripted := self.scripted()) is not None:
            return scripted
        if self.window.count(key) >= self.per_minute:
            return self.answer(45009)
        if not isinstance(body, dict) or body.get("msgtype") not in KINDS:
            return self.answer(40008)
        if problem := _problem(body):
            return self.answer(40058, problem)
        self.window.accept(key)
        return self.answer(0)

    async def _response(self, request: web.Request) -> web.Response:
        code = request.query.get("response_code", "")
        body = await request.json()
        if code in self._used_codes:
            return await self.respond(
                request, code, body, self.answer(40058, "response_code already used")
            )
        self._used_codes.add(code)
        return await self.respond(request, code, body, self.answer(0))


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
