"""A fake oapi.dingtalk.com (and api.dingtalk.com): custom-robot sends, sessionWebhook replies,
the Stream gateway, the app's access token and the robot's 1:1 messages."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.base import FakeServer, Received

LIMIT_BYTES = 20_000
MUTE_SECONDS = 600
SEND = "/robot/send"
SESSION = "/robot/sendBySession"
TICKET = "ticket+1/="
ONE_TO_ONE = "/v1.0/robot/oToMessages/batchSend"
APP_TOKEN = "fake-dingtalk-app-token"


class DingTalkServer(FakeServer):
    """Checks signatures, enforces 20/min (then a 10 min mute), runs the Stream gateway."""

    platform = "dingtalk"

    def __init__(
        self,
        robots: dict[str, str | None] | None = None,
        app: tuple[str, str] = ("ding-app-key", "ding-app-secret-0123456789"),
        per_minute: int = 20,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(clock)
        default = {"robot-token": "SECrobot-secret-0123456789", "open-robot": None}
        self.robots = default if robots is None else robots
        self.app_credentials = app
        self.per_minute = per_minute
        self.frames: list[dict[str, Any]] = []  # to push to the next Stream connection
        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self.live: list[web.WebSocketResponse] = []
        self._muted_until: dict[str, float] = {}

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Robot sends, sessionWebhook replies and the Stream gateway."""
        router.add_post(SEND, self._send)
        router.add_post(SESSION, self._session)
        router.add_post("/v1.0/gateway/connections/open", self._open)
        router.add_get("/connect", self._connect)
        router.add_post("/v1.0/oauth2/accessToken", self._app_token)
        router.add_post(ONE_TO_ONE, self._one_to_one)

    def sent_to(self, user: str) -> list[Any]:
        """1:1 messages accepted for `user`, msgParam decoded."""
        return [
            {**r.body, "msgParam": json.loads(r.body["msgParam"])}
            for r in self.received
            if r.path == ONE_TO_ONE and r.key == user and r.code == 0
        ]

    async def _app_token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("appKey"), body.get("appSecret")) != self.app_credentials:
            return web.json_response({"code": "invalidClientIdOrSecret"}, status=400)
        return web.json_response({"accessToken": APP_TOKEN, "expireIn": 7200})

    async def _one_to_one(self, request: web.Request) -> web.Response:
        body = await request.json()
        users = body.get("userIds") or []
        key = str(users[0]) if users else ""
        if request.headers.get("x-acs-dingtalk-access-token") != APP_TOKEN:
            self.received.append(Received(request.path, key, body, 401, {}))
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        good = body.get("robotCode") == self.app_credentials[0] and body.get("msgKey")
        if not good or not isinstance(body.get("msgParam"), str):
            self.received.append(Received(request.path, key, body, 400, {}))
            return web.json_response({"code": "invalidParameter"}, status=400)
        self.received.append(Received(request.path, key, body, 0, {}))
        await self.changed()
        answer = {
            "processQueryKey": "q1",
            "invalidStaffIdList": [],
            "flowControlledStaffIdList": [],
        }
        return web.json_response(answer)

    def webhook(self, token: str = "robot-token") -> str:
        """The custom robot's webhook URL (unsigned)."""
        return f"{self.base_url}{SEND}?access_token={token}"

    def session_webhook(self, session: str = "session-1") -> str:
        """A sessionWebhook as an app-robot message carries it."""
        return f"{self.base_url}{SESSION}?session={session}"

    @property
    def open_url(self) -> str:
        """The Stream gateway's connections/open endpoint."""
        return f"{self.base_url}/v1.0/gateway/connections/open"

    def delivered(self, token: str = "robot-token") -> list[Any]:
        """Bodies the robot `token` accepted, in order."""
        return self.bodies(SEND, token)

    def replies(self, session: str = "session-1") -> list[Any]:
        """Bodies posted to a sessionWebhook, in order."""
        return self.bodies(SESSION, session, accepted=False)

    async def _respond(
        self, request: web.Request, key: str, answer: dict[str, Any]
    ) -> web.Response:
        raw = await request.read()
        body = json.loads(raw) if raw.startswith(b"{") else raw.decode(errors="replace")
        return await self.respond(request, key, body, answer)

    async def _send(self, request: web.Request) -> web.Response:
        token = request.query.get("access_token", "")
        return await self._respond(request, token, await self._judge(request, token))

    async def _session(self, request: web.Request) -> web.Response:
        answer = self.scripted() or self.answer(0)
        return await self._respond(request, request.query.get("session", ""), answer)

    async def _judge(self, request: web.Request, token: str) -> dict[str, Any]:
        if token not in self.robots:
            return self.answer(400101)
        secret = self.robots[token]
        if secret is not None and (problem := self._sign_problem(request, secret)):
            return self.answer(310000, problem)
        raw = await request.read()
        if len(raw) > LIMIT_BYTES:
            return self.answer(460101)
        if b'"msgtype"' not in raw:  # the body is read only after the token and the signature
            return self.answer(40035)
        return self.scripted() or self._rate(token)

    def _rate(self, token: str) -> dict[str, Any]:
        now = self.clock()
        if self._muted_until.get(token, 0) > now:
            return self.answer(410100)
        if self.window.count(token) >= self.per_minute:
            self._muted_until[token] = now + MUTE_SECONDS
            return self.answer(410100)
        self.window.accept(token)
        return self.answer(0)

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
        return web.json_response({"endpoint": f"{ws_url}/connect", "ticket": TICKET})

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        if request.query.get("ticket") != TICKET:
            await websocket.close(code=4001, message=b"bad ticket")
            return websocket
        self.connections += 1
        self.live.append(websocket)
        await self.changed()
        try:
            for frame in self.frames:
                await websocket.send_str(json.dumps(frame))
            async for message in websocket:
                if message.type == WSMsgType.TEXT:
                    self.acks.append(json.loads(message.data))
                    await self.changed()
        finally:
            self.live.remove(websocket)
            await self.changed()
        return websocket

    async def push(self, frame: dict[str, Any]) -> None:
        """Send `frame` on every live Stream connection."""
        for websocket in list(self.live):
            await websocket.send_str(json.dumps(frame))

    def refuse(self) -> None:
        """From now on, refuse the app's credentials (as after a changed AppSecret)."""
        self.app_credentials = ("", "")


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
