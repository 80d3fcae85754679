"""DingTalk Stream mode (PROTOCOLS §2.3): an outbound WebSocket, no public address needed."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import quote_plus

import dingtalk_stream
import websockets
from aiohttp import ClientError, ClientSession, ClientTimeout, web
from dingtalk_stream import AckMessage, CallbackMessage, Credential

from bot.adapters.bounds import json_object
from bot.adapters.dingtalk.inbound import answer
from bot.adapters.dingtalk.models import parse_message
from bot.adapters.errors import PayloadError
from bot.inbound import StoreUnavailable
from bot.keys import SETTINGS, TASKS
from bot.tasks import TaskGroup
from core.settings import BotSettings

log = logging.getLogger(__name__)

OPEN_URL = "https://api.dingtalk.com/v1.0/gateway/connections/open"
MAX_BACKOFF = 60.0


class BotHandler(dingtalk_stream.ChatbotHandler):
    """Robot messages from the stream, answered exactly like the HTTP callback's."""

    def __init__(self, app: web.Application, bot: str) -> None:
        super().__init__()
        self.app = app
        self.bot = bot

    async def process(self, callback: CallbackMessage) -> tuple[int, str]:
        """Answer one message; the SDK acks with the returned code."""
        try:
            message = parse_message(callback.data)
        except PayloadError as exc:
            log.warning("dingtalk stream/%s: refused: %s", self.bot, exc)
            return AckMessage.STATUS_BAD_REQUEST, str(exc)
        try:
            await answer(self.app, self.bot, message)
        except StoreUnavailable:
            # Not stored: an error status makes DingTalk deliver the message again.
            return AckMessage.STATUS_SYSTEM_EXCEPTION, "try again later"
        return AckMessage.STATUS_OK, "OK"


class StreamClient(dingtalk_stream.DingTalkStreamClient):
    """The SDK's frame routing and acks, under a connection loop that cancels cleanly."""

    def __init__(self, credential: Credential, tasks: TaskGroup, open_url: str = OPEN_URL) -> None:
        super().__init__(credential, logger=log)
        self.tasks = tasks
        self.open_url = open_url

    async def run(self) -> None:
        """Connect, serve frames, and reconnect forever with back-off 1 → 60 s."""
        self.pre_start()
        delay = 1.0
        while True:
            try:
                if await self._session():
                    delay = 1.0
            except (OSError, ClientError, websockets.WebSocketException, ValueError) as exc:
                log.warning("dingtalk stream %s: %r", self.credential.client_id, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    async def _session(self) -> bool:
        connection = await self._open()
        uri = f"{connection['endpoint']}?ticket={quote_plus(connection['ticket'])}"
        async with websockets.connect(uri, ping_interval=60) as websocket:
            self.websocket = websocket
            log.info("dingtalk stream %s connected", self.credential.client_id)
            async for raw in websocket:
                try:
                    frame = json_object(raw, "stream frame")
                except PayloadError as exc:
                    log.warning("dingtalk stream %s: %s", self.credential.client_id, exc)
                    continue
                self.tasks.start(self.background_task(frame), name="dingtalk-stream-frame")
        return True

    async def _open(self) -> dict[str, Any]:
        # The SDK opens the connection with blocking `requests`; this does the same without it.
        body = {
            "clientId": self.credential.client_id,
            "clientSecret": self.credential.client_secret,
            "subscriptions": [{"type": "CALLBACK", "topic": t} for t in self.callback_handler_map],
            "ua": "diaodu/dingtalk-stream",
            "localIp": "",
        }
        async with (
            ClientSession(timeout=ClientTimeout(total=15)) as http,
            http.post(self.open_url, json=body) as response,
        ):
            response.raise_for_status()
            connection: dict[str, Any] = await response.json()
        if not connection.get("endpoint") or not connection.get("ticket"):
            raise ValueError(f"no endpoint/ticket in {sorted(connection)}")
        return connection


def stream_client(app: web.Application, bot: BotSettings, open_url: str = OPEN_URL) -> StreamClient:
    """A client for one longconn robot, its messages routed to the app."""
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    client = StreamClient(Credential(bot.app_key, secret), app[TASKS], open_url)
    client.register_callback_handler(
        dingtalk_stream.ChatbotMessage.TOPIC, BotHandler(app, bot.name)
    )
    return client


def start_stream_clients(app: web.Application) -> None:
    """Start one owned Stream connection per DingTalk robot with mode = "longconn"."""
    for bot in app[SETTINGS].bots:
        if bot.platform == "dingtalk" and bot.mode == "longconn":
            app[TASKS].start(
                stream_client(app, bot).run(), name=f"dingtalk-stream:{bot.name}", service=True
            )
