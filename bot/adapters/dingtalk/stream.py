"""DingTalk Stream mode (PROTOCOLS §2.3): an outbound WebSocket, no public address needed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any
from urllib.parse import quote_plus

import dingtalk_stream
from aiohttp import (
    ClientError,
    ClientSession,
    ClientWebSocketResponse,
    ClientWSTimeout,
    WSMsgType,
    web,
)
from dingtalk_stream import AckMessage, CallbackMessage, Credential

from bot.adapters.bounds import json_object
from bot.adapters.dingtalk.inbound import answer
from bot.adapters.dingtalk.models import parse_message
from bot.adapters.errors import PayloadError
from bot.failures import describe
from bot.inbound import StoreUnavailable
from bot.keys import HTTP, TASKS
from core.settings import BotSettings

log = logging.getLogger(__name__)

OPEN_PATH = "/v1.0/gateway/connections/open"
MAX_BACKOFF = 60.0
STABLE = 60.0
"""A connection that stayed up this long resets the back-off; one the gateway closes at once
keeps backing off, so a refused or kicked client never reconnects in a tight loop."""
_CLOSED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


class CredentialsRefusedError(Exception):
    """The gateway refused the AppKey / AppSecret."""


class BotHandler(dingtalk_stream.ChatbotHandler):
    """Robot messages from the stream, answered exactly like the HTTP callback's."""

    def __init__(self, app: web.Application, bot: BotSettings) -> None:
        super().__init__()
        self.app = app
        self.bot = bot

    async def process(self, callback: CallbackMessage) -> tuple[int, str]:
        """Answer one message; the SDK acks with the returned code."""
        try:
            message = parse_message(callback.data)
        except PayloadError as exc:
            log.warning("dingtalk stream/%s: refused: %s", self.bot.name, exc)
            return AckMessage.STATUS_BAD_REQUEST, str(exc)
        try:
            await answer(self.app, self.bot.name, message)
        except StoreUnavailable:
            # Not stored: an error status makes DingTalk deliver the message again.
            return AckMessage.STATUS_SYSTEM_EXCEPTION, "try again later"
        return AckMessage.STATUS_OK, "OK"


class _Socket:
    """The SDK writes acks with `send(str)` and closes with `close()`: an aiohttp socket so."""

    def __init__(self, socket: ClientWebSocketResponse) -> None:
        self.socket = socket

    async def send(self, text: str) -> None:
        await self.socket.send_str(text)

    async def close(self) -> None:
        await self.socket.close()


class StreamClient(dingtalk_stream.DingTalkStreamClient):
    """The SDK's frame routing and acks, under a connection loop of ours on the app's session."""

    def __init__(self, credential: Credential, app: web.Application, bot: BotSettings) -> None:
        super().__init__(credential, logger=log)
        self.app = app
        self.bot = bot

    async def run(self) -> None:
        """Connect, serve frames, and reconnect forever with back-off 1 → 60 s."""
        self.pre_start()
        loop = asyncio.get_running_loop()
        delay = 1.0
        while True:
            started = loop.time()
            try:
                await self._session()
            except CredentialsRefusedError as exc:
                log.error("dingtalk stream %s: AppKey/AppSecret refused (%s)", self.bot.name, exc)
            except (OSError, ClientError, TimeoutError, ValueError) as exc:
                log.warning("dingtalk stream %s: %s", self.bot.name, describe(exc))
            if loop.time() - started >= STABLE:
                delay = 1.0
            log.info("dingtalk stream %s: reconnecting in %.0f s", self.bot.name, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    async def _session(self) -> None:
        connection = await self._open()
        uri = f"{connection['endpoint']}?ticket={quote_plus(connection['ticket'])}"
        timeout = ClientWSTimeout(ws_close=0.5)  # a dead gateway must not delay cancellation
        async with self.app[HTTP].ws_connect(uri, heartbeat=60, timeout=timeout) as socket:
            self.websocket = _Socket(socket)
            log.info("dingtalk stream %s connected", self.bot.name)
            while (message := await socket.receive()).type not in _CLOSED:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    frame = json_object(message.data, "stream frame")
                except PayloadError as exc:
                    log.warning("dingtalk stream %s: %s", self.bot.name, exc)
                    continue
                self.app[TASKS].start(self.background_task(frame), name="dingtalk-frame")
        log.warning("dingtalk stream %s: closed by the gateway", self.bot.name)

    async def _open(self) -> dict[str, Any]:
        topics = list(self.callback_handler_map)
        credential = self.credential
        return await open_connection(
            self.app[HTTP], self.bot, credential.client_id, credential.client_secret, topics
        )


async def open_connection(
    http: ClientSession, bot: BotSettings, client_id: str, secret: str, topics: list[str]
) -> dict[str, Any]:
    """Ask the gateway for a Stream endpoint and ticket (nothing connects yet).

    CredentialsRefusedError when the gateway refuses the AppKey / AppSecret. The SDK does this
    with blocking `requests`; this does the same on the app's session (and its proxy).
    """
    body = {
        "clientId": client_id,
        "clientSecret": secret,
        "subscriptions": [{"type": "CALLBACK", "topic": topic} for topic in topics],
        "ua": "diaodu/dingtalk-stream",
        "localIp": "",
    }
    async with http.post(bot.dingtalk_new_api() + OPEN_PATH, json=body) as response:
        if response.status in (400, 401, 403):
            raise CredentialsRefusedError(f"HTTP {response.status}: {await response.text()}")
        response.raise_for_status()
        connection: dict[str, Any] = await response.json()
    if not connection.get("endpoint") or not connection.get("ticket"):
        raise ValueError(f"no endpoint/ticket in {sorted(connection)}")
    return connection


def stream_client(app: web.Application, bot: BotSettings) -> StreamClient:
    """A client for one longconn robot, its messages routed to the app."""
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    client = StreamClient(Credential(bot.app_key, secret), app, bot)
    client.register_callback_handler(dingtalk_stream.ChatbotMessage.TOPIC, BotHandler(app, bot))
    return client


def long_connection(app: web.Application, bot: BotSettings) -> Coroutine[Any, Any, None]:
    """The Stream loop of one robot with mode = "longconn" (run by the elected process)."""
    return stream_client(app, bot).run()
