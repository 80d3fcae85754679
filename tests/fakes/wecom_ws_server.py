"""A fake openws.work.weixin.qq.com: the AI bot's long-connection gateway, on 127.0.0.1.

Written from PROTOCOLS §1.3 (b) and the frames of the official SDK: the first frame must be
`aibot_subscribe` with a known bot_id/secret (refused otherwise, then closed); `ping` and
`aibot_respond_*` frames are acknowledged with `{"headers": {"req_id"}, "errcode": 0}`;
a new subscription for a bot kicks its older connection; `silent` leaves pings unanswered.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.base import FakeServer


class WeComGateway(FakeServer):
    """Accepts subscriptions, pushes callback frames on demand, records what bots send."""

    platform = "wecom"

    def __init__(self, bots: dict[str, str] | None = None) -> None:
        super().__init__()
        self.bots = (
            {"aibot-id": "aibot-secret-0123456789", "aibot-2": "secret-2-0123456789ab"}
            if bots is None
            else bots
        )
        self.subscribed: list[str] = []  # bot ids, one per accepted subscription
        self.refused: list[str] = []  # bot ids of refused subscriptions
        self.responses: list[dict[str, Any]] = []  # aibot_respond_* frames, in order
        self.pings = 0
        self.silent = False  # True: pings go unanswered, as on a dead link
        self._live: dict[str, web.WebSocketResponse] = {}

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """The WebSocket endpoint."""
        router.add_get("/", self._connect)

    @property
    def url(self) -> str:
        """The gateway's ws:// address."""
        return self.base_url.replace("http://", "ws://") + "/"

    async def close(self) -> None:
        """Close every connection and stop listening."""
        for socket in list(self._live.values()):
            await socket.close()
        await super().close()

    def is_live(self, bot_id: str = "aibot-id") -> bool:
        """Whether the bot holds an accepted connection now."""
        socket = self._live.get(bot_id)
        return socket is not None and not socket.closed

    async def push(
        self, body: dict[str, Any], bot_id: str = "aibot-id", cmd: str = "aibot_msg_callback"
    ) -> str:
        """Send a callback frame to the bot's live connection; its req_id."""
        req_id = uuid.uuid4().hex
        frame = {"cmd": cmd, "headers": {"req_id": req_id}, "body": body}
        await self._live[bot_id].send_str(json.dumps(frame, ensure_ascii=False))
        return req_id

    async def drop(self, bot_id: str = "aibot-id") -> None:
        """Close the bot's connection from the gateway's side."""
        await self._live[bot_id].close()

    def answers(self, req_id: str) -> list[dict[str, Any]]:
        """Bodies of the respond frames for one callback."""
        return [f["body"] for f in self.responses if f["headers"]["req_id"] == req_id]

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        bot_id = await self._subscribe(socket)
        if bot_id is None:
            await socket.close()
            await self.changed()
            return socket
        if (old := self._live.get(bot_id)) is not None:
            await old.close()  # one connection per bot: the newer one wins
        self._live[bot_id] = socket
        self.subscribed.append(bot_id)
        await self.changed()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                await self._frame(socket, json.loads(message.data))
        await self.changed()
        return socket

    async def _subscribe(self, socket: web.WebSocketResponse) -> str | None:
        message = await socket.receive(timeout=5)
        frame = json.loads(message.data) if message.type == WSMsgType.TEXT else {}
        body = frame.get("body") or {}
        req_id = frame.get("headers", {}).get("req_id", "")
        bot_id, secret = body.get("bot_id", ""), body.get("secret", "")
        if frame.get("cmd") != "aibot_subscribe" or self.bots.get(bot_id) != secret:
            self.refused.append(bot_id)
            # The refusal's code is assumed (40001, as for a bad secret elsewhere): not documented.
            await socket.send_json({"headers": {"req_id": req_id}, **self.answer(40001)})
            return None
        await socket.send_json({"headers": {"req_id": req_id}, **self.answer(0)})
        return bot_id

    async def _frame(self, socket: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        cmd = frame.get("cmd", "")
        if cmd == "ping":
            self.pings += 1
            if self.silent:
                return
        elif cmd.startswith("aibot_respond"):
            self.responses.append(frame)
        ack = {"headers": {"req_id": frame["headers"]["req_id"]}, **self.answer(0)}
        await socket.send_json(ack)
        await self.changed()
