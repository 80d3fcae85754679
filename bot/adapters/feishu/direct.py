"""Feishu 1:1 messages (`[[bots]] direct = true`): the message API, as the bot's app.

`POST /open-apis/im/v1/messages?receive_id_type=open_id` with the app's tenant token; the body
is a push's card or post in the API's form (`content` a JSON string) plus `receive_id`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.feishu.outbound import (
    AUTH_ERRORS,
    OUTBOUND,
    TenantTokens,
    api_body,
    post_json,
)
from core.messages import OutboundMessage
from core.settings import BotSettings

SEND = "/open-apis/im/v1/messages?receive_id_type=open_id"


class FeishuDirect:
    """Sends one person a message through the app of `bot`; `target.name` is their open_id."""

    platform = "feishu"
    max_per_minute = 100
    max_per_second: int | None = 5

    def __init__(self, bot: BotSettings, tokens: TenantTokens | None = None) -> None:
        if bot.app_key is None or bot.app_secret is None:
            raise ValueError(f"飞书机器人“{bot.name}”缺少 app_key 或 app_secret")
        self.api = bot.api()
        self.app = (bot.app_key, bot.app_secret.get_secret_value())
        self.tokens = tokens or TenantTokens()

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """The bodies a group would get (no one to @ in a 1:1 chat)."""
        return OUTBOUND.payloads(message.model_copy(update={"mentions": ()}))

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the person; a refused token is fetched anew and tried once more."""
        body = {**api_body(payload), "receive_id": target.name}
        app_id, secret = self.app
        for attempt in range(2):
            token = await self.tokens.get(http, self.api, app_id, secret)
            try:
                await post_json(http, self.api + SEND, body, {"Authorization": f"Bearer {token}"})
                return
            except SendError as exc:
                if exc.code not in AUTH_ERRORS or attempt:
                    raise
                self.tokens.forget(self.api, app_id)
