"""A fake oapi.dingtalk.com: custom-robot sends, sessionWebhook replies and the Stream gateway."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

OK = {"errcode": 0, "errmsg": "ok"}
LIMIT_BYTES = 20_000
MUTE_SECONDS = 600


@dataclass
class Received:
    """One request the fake answered."""

    path: str
    token: str
    body: Any
    errcode: int
    query: dict[str, str] = field(default_factory=dict)


class DingTalkServer:
    """Records requests, checks signatures, enforces 20/min (then 10 min mute), fails on demand."""

    def __init__(
        self,
        robots: dict[str, str | None] | None = None,
        app: tuple[str, str] = ("ding-app-key", "ding-app-secret"),
        per_minute: int = 20,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.robots = {"robot-token": "SECrobot-secret"} if robots is None else robots
        self.app_credentials = app
        self.per_minute = per_minute
        self.clock = clock
        self.received: list[Received] = []
        self.frames: list[dict[str, Any]] = []  # to push to the next Stream connection
        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self._failures: deque[dict[str, Any]] = deque()
        self._accepted: dict[str, deque[float]] = defaultdict(deque)
        self._muted_until: dict[str, float] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> DingTalkServer:
        """Listen on 127.0.0.1, port chosen by the system."""
        app = web.Application()
        app.router.add_post("/robot/send", self._send)
        app.router.add_post("/robot/sendBySession", self._session)
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._connect)
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

    def webhook(self, token: str = "robot-token") -> str:
        """The custom robot's webhook URL (unsigned)."""
        return f"{self.base_url}/robot/send?access_token={token}"

    def session_webhook(self, session: str = "session-1") -> str:
        """A sessionWebhook as an app-robot message carries it."""
        return f"{self.base_url}/robot/sendBySession?session={session}"

    @property
    def open_url(self) -> str:
        """The Stream gateway's connections/open endpoint."""
        return f"{self.base_url}/v1.0/gateway/connections/open"

    def fail_next(self, count: int, errcode: int = -1, errmsg: str = "系统繁忙") -> None:
        """Answer the next `count` sends (webhook or session) with `errcode`."""
        self._failures.extend([{"errcode": errcode, "errmsg": errmsg}] * count)

    def delivered(self, token: str = "robot-token") -> list[Any]:
        """Bodies the robot `token` accepted, in order."""
        return [
            r.body
            for r in self.received
            if r.path == "/robot/send" and r.token == token and r.errcode == 0
        ]

    def replies(self, session: str = "session-1") -> list[Any]:
        """Bodies posted to a sessionWebhook, in order."""
        return [
            r.body for r in self.received if r.path == "/robot/sendBySession" and r.token == session
        ]

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        """Wait until `ready()` holds after some request (a hang fails the test after 5 s)."""
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(ready)

    async def _record(
        self, request: web.Request, token: str, answer: dict[str, Any]
    ) -> web.Response:
        raw = await request.read()
        body = json.loads(raw) if raw.startswith(b"{") else raw.decode(errors="replace")
        query = dict(request.query)
        self.received.append(Received(request.path, token, body, answer["errcode"], query))
        async with self._changed:
            self._changed.notify_all()
        return web.json_response(answer)

    async def _send(self, request: web.Request) -> web.Response:
        token = request.query.get("access_token", "")
        return await self._record(request, token, await self._judge(request, token))

    async def _session(self, request: web.Request) -> web.Response:
        answer = self._failures.popleft() if self._failures else OK
        return await self._record(request, request.query.get("session", ""), answer)

    async def _judge(self, request: web.Request, token: str) -> dict[str, Any]:
        if token not in self.robots:
            return {"errcode": 400101, "errmsg": "access_token不存在"}
        secret = self.robots[token]
        if secret is not None and (problem := self._sign_problem(request, secret)):
            return {"errcode": 310000, "errmsg": problem}
        raw = await request.read()
        if len(raw) > LIMIT_BYTES:
            return {"errcode": 460101, "errmsg": "message too long, keep it under 20000 bytes"}
        if self._failures:
            return self._failures.popleft()
        return self._rate(token)

    def _rate(self, token: str) -> dict[str, Any]:
        now = self.clock()
        if self._muted_until.get(token, 0) > now:
            return {"errcode": 410100, "errmsg": "发送速度太快而限流"}
        sent = self._accepted[token]
        while sent and sent[0] <= now - 60:
            sent.popleft()
        if len(sent) >= self.per_minute:
            self._muted_until[token] = now + MUTE_SECONDS
            return {"errcode": 410100, "errmsg": "发送速度太快而限流"}
        sent.append(now)
        return OK

    def _sign_problem(self, request: web.Request, secret: str) -> str:
        # Written from the documented algorithm, independently of bot/adapters/dingtalk/crypto.py.
        timestamp, sign = request.query.get("timestamp", ""), request.query.get("sign", "")
        if not timestamp.isdigit() or abs(self.clock() * 1000 - int(timestamp)) > 3_600_000:
            return "invalid timestamp"
        digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
        expected = base64.b64encode(digest.digest()).decode()
        return "" if hmac.compare_digest(expected, sign) else "sign not match"

    async def _open(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("clientId"), body.get("clientSecret")) != self.app_credentials:
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        ws_url = self.base_url.replace("http://", "ws://")
        return web.json_response({"endpoint": f"{ws_url}/connect", "ticket": "ticket+1/="})

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        if request.query.get("ticket") != "ticket+1/=":
            await websocket.close(code=4001, message=b"bad ticket")
            return websocket
        self.connections += 1
        for frame in self.frames:
            await websocket.send_str(json.dumps(frame))
        async for message in websocket:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
                async with self._changed:
                    self._changed.notify_all()
        return websocket


def callback_frame(data: dict[str, Any], message_id: str = "frame-1") -> dict[str, Any]:
    """A Stream CALLBACK frame carrying a robot message, as the gateway sends it."""
    return {
        "specVersion": "1.0",
        "type": "CALLBACK",
        "headers": {
            "appId": "app-1",
            "connectionId": "conn-1",
            "contentType": "application/json",
            "messageId": message_id,
            "time": str(int(time.time() * 1000)),
            "topic": "/v1.0/im/bot/messages/get",
        },
        "data": json.dumps(data, ensure_ascii=False),
    }
