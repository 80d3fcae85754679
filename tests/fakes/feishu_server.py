"""A fake open.feishu.cn: custom-bot webhooks, the tenant token, and the message reply and send
APIs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.base import FakeServer

LIMIT_BYTES = 20 * 1024
TOKEN = "t-fake-tenant-token"
HOOK = "/open-apis/bot/v2/hook/{hook}"
REPLY = "/open-apis/im/v1/messages/{message_id}/reply"
SEND = "/open-apis/im/v1/messages"


class FeishuServer(FakeServer):
    """Checks body signatures, enforces 5/s and 100/min, answers the reply API; fails on demand."""

    platform = "feishu"
    code_field = "code"
    message_field = "msg"
    busy_code = 11232

    def __init__(
        self,
        hooks: dict[str, str | None] | None = None,
        app: tuple[str, str] = ("cli_fake_app", "fake-app-secret-0123456789"),
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(clock)
        self.hooks = {"hook-1": "feishu-bot-secret", "open-hook": None} if hooks is None else hooks
        self.app_credentials = app
        self.token_requests = 0
        self.token = TOKEN

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Custom-bot webhooks, the tenant token and the message reply API."""
        router.add_post(HOOK, self._hook)
        router.add_post("/open-apis/auth/v3/tenant_access_token/internal", self._token)
        router.add_post(REPLY, self._reply)
        router.add_post(SEND, self._send)

    def webhook(self, hook: str = "hook-1") -> str:
        """The custom bot's webhook URL."""
        return self.base_url + HOOK.format(hook=hook)

    def delivered(self, hook: str = "hook-1") -> list[Any]:
        """Bodies the bot `hook` accepted, in order."""
        return self.bodies(HOOK.format(hook=hook), hook)

    def replies(self, message_id: str) -> list[Any]:
        """Reply API bodies accepted for `message_id`, content decoded from its JSON string."""
        return [
            {**body, "content": json.loads(body["content"])}
            for body in self.bodies(REPLY.format(message_id=message_id), message_id)
        ]

    def sent_to(self, open_id: str) -> list[Any]:
        """Send API bodies accepted for the person `open_id`, content decoded."""
        return [{**b, "content": json.loads(b["content"])} for b in self.bodies(SEND, open_id)]

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        receiver = str(body.get("receive_id", ""))
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            answer = self.answer(99991663)
        elif not self._addressed(request, receiver, body):
            answer = self.answer(230001)
        else:
            answer = self.scripted() or self.answer(0)
        return await self.respond(request, receiver, body, answer)

    @staticmethod
    def _addressed(request: web.Request, receiver: str, body: dict[str, Any]) -> bool:
        """An open_id to send to and the content as a JSON string, as the API requires."""
        by_open_id = request.query.get("receive_id_type") == "open_id"
        return by_open_id and bool(receiver) and isinstance(body.get("content"), str)

    async def _hook(self, request: web.Request) -> web.Response:
        hook, raw = request.match_info["hook"], await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            return await self.respond(request, hook, raw, self.answer(9499))
        return await self.respond(request, hook, body, self._judge(hook, raw, body))

    def _judge(self, hook: str, raw: bytes, body: dict[str, Any]) -> dict[str, Any]:
        if (refused := self._refusal(hook, raw, body)) is not None:
            return self.answer(refused)
        if (scripted := self.scripted()) is not None:
            return scripted
        if self.window.count(hook) >= 100 or self.window.count(hook, within=1) >= 5:
            return self.answer(11232)
        self.window.accept(hook)
        return self.answer(0)

    def _refusal(self, hook: str, raw: bytes, body: dict[str, Any]) -> int | None:
        """The code of a request the bot refuses whatever the test scripted, else None."""
        if hook not in self.hooks:
            return 19001
        if len(raw) > LIMIT_BYTES:
            return 9499
        secret = self.hooks[hook]
        if secret is not None and not self._signed(secret, body):
            return 19021
        if "msg_type" not in body:  # parameters are read only after the hook and the signature
            return 19002
        return None

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
            return web.json_response(self.answer(10014))
        return web.json_response(
            {"code": 0, "msg": "ok", "tenant_access_token": self.token, "expire": 7200}
        )

    def rotate_token(self) -> None:
        """Revoke the tenant token handed out so far (as Feishu does on a secret reset)."""
        self.token = f"{TOKEN}-{self.token_requests}"

    async def _reply(self, request: web.Request) -> web.Response:
        message_id, body = request.match_info["message_id"], await request.json()
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            answer = self.answer(99991663)
        elif not isinstance(body.get("content"), str):
            answer = self.answer(230001)
        else:
            answer = self.scripted() or self.answer(0)
        return await self.respond(request, message_id, body, answer)
