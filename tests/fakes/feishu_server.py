"""A fake open.feishu.cn: custom-bot webhooks, the tenant token and the message reply API."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

OK = {"code": 0, "msg": "success", "data": {}}
LIMIT_BYTES = 20 * 1024
TOKEN = "t-fake-tenant-token"


@dataclass
class Received:
    """One request the fake answered."""

    path: str
    hook: str
    body: Any
    code: int


class FeishuServer:
    """Records requests, checks body signatures, enforces 5/s and 100/min, fails on demand."""

    def __init__(
        self,
        hooks: dict[str, str | None] | None = None,
        app: tuple[str, str] = ("cli_fake_app", "fake-app-secret"),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.hooks = {"hook-1": "feishu-bot-secret"} if hooks is None else hooks
        self.app_credentials = app
        self.clock = clock
        self.received: list[Received] = []
        self.token_requests = 0
        self._failures: deque[dict[str, Any]] = deque()
        self._accepted: dict[str, deque[float]] = defaultdict(deque)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> FeishuServer:
        """Listen on 127.0.0.1, port chosen by the system."""
        app = web.Application()
        app.router.add_post("/open-apis/bot/v2/hook/{hook}", self._hook)
        app.router.add_post("/open-apis/auth/v3/tenant_access_token/internal", self._token)
        app.router.add_post("/open-apis/im/v1/messages/{message_id}/reply", self._reply)
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

    def webhook(self, hook: str = "hook-1") -> str:
        """The custom bot's webhook URL."""
        return f"{self.base_url}/open-apis/bot/v2/hook/{hook}"

    def fail_next(self, count: int, code: int = 11232, msg: str = "frequency limited") -> None:
        """Answer the next `count` webhook sends or replies with `code`."""
        self._failures.extend([{"code": code, "msg": msg, "data": {}}] * count)

    def delivered(self, hook: str = "hook-1") -> list[Any]:
        """Bodies the bot `hook` accepted, in order."""
        return [r.body for r in self.received if r.hook == hook and r.code == 0]

    def replies(self, message_id: str) -> list[Any]:
        """Reply API bodies accepted for `message_id`, content decoded from its JSON string."""
        return [
            {**r.body, "content": json.loads(r.body["content"])}
            for r in self.received
            if r.path == "reply" and r.hook == message_id and r.code == 0
        ]

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        """Wait until `ready()` holds after some request (a hang fails the test after 5 s)."""
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(ready)

    async def _record(
        self, path: str, hook: str, body: Any, answer: dict[str, Any]
    ) -> web.Response:
        self.received.append(Received(path, hook, body, answer["code"]))
        async with self._changed:
            self._changed.notify_all()
        return web.json_response(answer)

    async def _hook(self, request: web.Request) -> web.Response:
        hook, raw = request.match_info["hook"], await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            return await self._record("hook", hook, raw, {"code": 9499, "msg": "Bad Request"})
        return await self._record("hook", hook, body, self._judge(hook, raw, body))

    def _judge(self, hook: str, raw: bytes, body: dict[str, Any]) -> dict[str, Any]:
        if hook not in self.hooks:
            return {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
        if len(raw) > LIMIT_BYTES:
            return {"code": 9499, "msg": "Bad Request"}
        secret = self.hooks[hook]
        if secret is not None and not self._signed(secret, body):
            return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}
        if self._failures:
            return self._failures.popleft()
        now, sent = self.clock(), self._accepted[hook]
        while sent and sent[0] <= now - 60:
            sent.popleft()
        if len(sent) >= 100 or sum(1 for t in sent if t > now - 1) >= 5:
            return {"code": 11232, "msg": "frequency limited psm[lark.oapi.app_platform_runtime]"}
        sent.append(now)
        return OK

    def _signed(self, secret: str, body: dict[str, Any]) -> bool:
        # Written from the documented algorithm, independently of bot/adapters/feishu/crypto.py.
        timestamp, sign = str(body.get("timestamp", "")), str(body.get("sign", ""))
        if not timestamp.isdigit() or abs(self.clock() - int(timestamp)) > 3600:
            return False
        key = f"{timestamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        return hmac.compare_digest(expected, sign)

    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.token_requests += 1
        if (body.get("app_id"), body.get("app_secret")) != self.app_credentials:
            return web.json_response({"code": 10014, "msg": "app secret invalid"})
        return web.json_response(
            {"code": 0, "msg": "ok", "tenant_access_token": TOKEN, "expire": 7200}
        )

    async def _reply(self, request: web.Request) -> web.Response:
        message_id, body = request.match_info["message_id"], await request.json()
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            answer = {"code": 99991663, "msg": "Invalid access token for authorization."}
        elif not isinstance(body.get("content"), str):
            answer = {"code": 230001, "msg": "Your request contains an invalid request parameter."}
        else:
            answer = self._failures.popleft() if self._failures else OK
        return await self._record("reply", message_id, body, answer)
