"""The AI bot's WebSocket long connection (PROTOCOLS §1.3 b): no public address needed.

The official SDK's client is not used for the connection: `connect()` returns after starting
tasks nobody owns, reconnects from inside its receive task, cannot be cancelled as one task,
resets its back-off as soon as the TCP connection opens (so a refused secret is retried every
second), gives up for good after 10 failed attempts by default, and always passes a TLS
context (so it cannot reach a `ws://` test gateway). This loop is one cancellable coroutine
per bot instead, with the SDK's frames (frames.py) and the same answers as the URL callback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aibot import WsCmd
from aiohttp import ClientError, ClientWebSocketResponse, ClientWSTimeout, WSMsgType, web
from pydantic import ValidationError

from bot.adapters.errors import PayloadError
from bot.adapters.wecom import frames, replies
from bot.adapters.wecom.models import AiBotMessage
from bot.failures import describe
from bot.inbound import StoreUnavailable, receive
from bot.keys import CLOCK, HTTP, TASKS
from core.messages import InboundMessage
from core.settings import BotSettings
from core.settings.hosts import websocket_url

log = logging.getLogger(__name__)

HEARTBEAT = 30.0
"""Seconds between two `ping` frames, as the gateway expects."""
UNANSWERED_PINGS = 2
"""Pings in a row with no frame back after which the connection is considered dead."""
SUBSCRIBE_TIMEOUT = 10.0
MAX_BACKOFF = 60.0
STABLE = 60.0
"""A connection that stayed up this long resets the back-off; a shorter one (kicked by another
process holding the same bot, say) keeps backing off, so two processes do not fight every second."""

Sleep = Callable[[float], Awaitable[None]]
_CLOSED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


class LongConnection:
    """One AI bot's connection: subscribe, answer callbacks, ping, reconnect with back-off."""

    def __init__(
        self,
        app: web.Application,
        bot: BotSettings,
        *,
        heartbeat: float = HEARTBEAT,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.app = app
        self.bot = bot
        self.url = websocket_url(bot.longconn_origin())
        self.heartbeat = heartbeat
        self._sleep = sleep
        self._socket: ClientWebSocketResponse | None = None
        self._subscribed_at: float | None = None

    async def run(self) -> None:
        """Stay connected until cancelled, waiting 1 → 60 s between failed attempts."""
        loop = asyncio.get_running_loop()
        delay = 1.0
        while True:
            self._subscribed_at = None
            try:
                await self._session()
            except frames.SubscribeRefusedError as exc:
                log.error("wecom longconn %s: BotID/Secret refused (%s)", self.bot.name, exc)
            except (OSError, ClientError, TimeoutError, PayloadError) as exc:
                log.warning("wecom longconn %s: %s", self.bot.name, describe(exc))
            else:
                log.warning("wecom longconn %s: closed by the gateway", self.bot.name)
            if self._subscribed_at is not None and loop.time() - self._subscribed_at >= STABLE:
                delay = 1.0
            log.info("wecom longconn %s: reconnecting in %.0f s", self.bot.name, delay)
            await self._sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    async def _session(self) -> None:
        secret = self.bot.app_secret.get_secret_value() if self.bot.app_secret else ""
        timeout = ClientWSTimeout(ws_close=0.5)  # a dead gateway must not delay cancellation
        async with self.app[HTTP].ws_connect(self.url, timeout=timeout) as socket:
            hello = frames.subscribe(self.bot.app_key or "", secret)
            await socket.send_json(hello)
            async with asyncio.timeout(SUBSCRIBE_TIMEOUT):
                ack = await _next(socket)
                while ack is not None and ack.req_id != hello["headers"]["req_id"]:
                    ack = await _next(socket)
            if ack is None:
                raise ConnectionError("closed before the subscription was acknowledged")
            frames.check_subscribed(ack)
            log.info("wecom longconn %s: subscribed", self.bot.name)
            self._subscribed_at = asyncio.get_running_loop().time()
            self._socket = socket
            try:
                await self._read(socket)
            finally:
                self._socket = None

    async def _read(self, socket: ClientWebSocketResponse) -> None:
        loop = asyncio.get_running_loop()
        next_ping, unanswered = loop.time() + self.heartbeat, 0
        while True:
            wait = next_ping - loop.time()
            if wait <= 0:
                if unanswered >= UNANSWERED_PINGS:
                    raise TimeoutError(f"no answer to {unanswered} pings")
                await socket.send_json(frames.ping())
                next_ping, unanswered = loop.time() + self.heartbeat, unanswered + 1
                continue
            try:
                async with asyncio.timeout(wait):
                    frame = await _next(socket)
            except TimeoutError:
                continue
            except PayloadError as exc:
                log.warning("wecom longconn %s: %s", self.bot.name, exc)
                continue
            if frame is None:
                return
            unanswered = 0
            self._route(frame)

    def _route(self, frame: frames.Frame) -> None:
        if frame.cmd in frames.CALLBACKS:
            name = f"wecom-longconn:{self.bot.name}:{frame.req_id}"
            self.app[TASKS].start(self._serve(frame), name=name)
        elif frame.errcode not in (None, 0):
            log.warning(
                "wecom longconn %s: %s refused: %s %s",
                self.bot.name,
                frame.req_id,
                frame.errcode,
                frame.errmsg,
            )

    async def _serve(self, frame: frames.Frame) -> None:
        reply = await self.answer(frame)
        if reply is None:
            return
        socket = self._socket
        if socket is None or socket.closed:
            log.warning("wecom longconn %s: answer to %s lost", self.bot.name, frame.req_id)
            return
        try:
            await socket.send_json(reply)
        except (ConnectionError, ClientError) as exc:
            why = describe(exc)
            log.warning(
                "wecom longconn %s: answer to %s lost: %s", self.bot.name, frame.req_id, why
            )

    async def answer(self, frame: frames.Frame) -> dict[str, Any] | None:
        """The frame answering one callback, or None (a repeat, an ignored event, no answer)."""
        try:
            message = AiBotMessage.model_validate(frame.body or {})
        except ValidationError as exc:
            log.warning("wecom longconn %s: refused %s: %s", self.bot.name, frame.req_id, exc)
            return None
        if frame.cmd == WsCmd.EVENT_CALLBACK or message.msgtype == "event":
            if message.event is not None and message.event.eventtype == "enter_chat":
                return frames.respond(frame.req_id, replies.welcome(), WsCmd.RESPONSE_WELCOME)
            return None
        if message.msgtype == "stream":
            return None  # a stream refresh; every stream we start is already finished
        body = await self._reply(frame.req_id, message)
        return frames.respond(frame.req_id, body) if body is not None else None

    async def _reply(self, req_id: str, message: AiBotMessage) -> dict[str, Any] | None:
        text = message.readable_text()
        if text is None:
            return replies.stream(replies.text_only(self.app))
        if not message.msgid or message.sender is None:
            log.warning("wecom longconn %s: %s has no msgid or from", self.bot.name, req_id)
            return None
        msg = InboundMessage(
            platform="wecom",
            bot=self.bot.name,
            chat_id=message.group_id,
            sender_id=message.sender.userid,
            text=text,
            msg_id=message.msgid,
            received_at=self.app[CLOCK].now(),
        )
        try:
            # A repeat (here or through the URL callback) was answered already: say nothing.
            receipt = await receive(self.app, msg, answer_duplicates=False)
        except StoreUnavailable:
            return None
        return replies.stream(replies.joined(receipt.answers)) if receipt.answers else None


async def _next(socket: ClientWebSocketResponse) -> frames.Frame | None:
    """The next frame, or None once the connection is closed."""
    message = await socket.receive()
    if message.type in _CLOSED:
        return None
    if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
        raise PayloadError(f"unexpected {message.type.name} message")
    return frames.parse(message.data)


def long_connection(app: web.Application, bot: BotSettings) -> Coroutine[Any, Any, None]:
    """The connection loop of one AI bot with mode = "longconn" (run by the elected process)."""
    return LongConnection(app, bot).run()
