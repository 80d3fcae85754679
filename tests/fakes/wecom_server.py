"""A fake qyapi.weixin.qq.com: group-robot webhook sends, the AI bot's response_url, and a
self-built app's token and message API."""

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
APP_SEND = "/cgi-bin/message/send"
APP = ("ww-fake-corp", "fake-app-corp-secret-0123")  # corpid, corpsecret
APP_TOKEN = "fake-wecom-app-token"


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
        router.add_get("/cgi-bin/gettoken", self._gettoken)
        router.add_post(APP_SEND, self._app_send)

    def sent_to(self, user: str) -> list[Any]:
        """App messages accepted for the userid `user`."""
        return self.bodies(APP_SEND, user)

    async def _gettoken(self, request: web.Request) -> web.Response:
        if (request.query.get("corpid"), request.query.get("corpsecret")) != APP:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        answer = {"errcode": 0, "errmsg": "ok", "access_token": APP_TOKEN, "expires_in": 7200}
        return web.json_response(answer)

    async def _app_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        user = str(body.get("touser", ""))
        kind = body.get("msgtype")
        if request.query.get("access_token") != APP_TOKEN:
            answer = {"errcode": 40014, "errmsg": "invalid access_token"}
        elif not isinstance(body.get("agentid"), int) or kind not in LIMITS:
            answer = {"errcode": 40008, "errmsg": "invalid message type"}
        else:
            answer = {"errcode": 0, "errmsg": "ok", "invaliduser": ""}
        self.received.append(Received(APP_SEND, user, body, answer["errcode"]))
        await self.changed()
        return web.json_response(answer)

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
