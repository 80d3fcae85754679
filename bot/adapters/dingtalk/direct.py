"""DingTalk 1:1 messages (`[[bots]] direct = true`): the app robot's 1:1 send, as the app.

`POST /v1.0/robot/oToMessages/batchSend` (header `x-acs-dingtalk-access-token`, the app's
token from `/v1.0/oauth2/accessToken`) with `robotCode` (the app's AppKey), the person's
userId and the push's markdown as `sampleMarkdown`.
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.dingtalk.outbound import OUTBOUND
from bot.adapters.text import dumps
from bot.adapters.transport import post
from core.messages import OutboundMessage
from core.settings import BotSettings

TOKEN = "/v1.0/oauth2/accessToken"
SEND = "/v1.0/robot/oToMessages/batchSend"
AUTH_ERRORS = frozenset({401, 403})


class DingTalkDirect:
    """Sends one person a markdown message through the app of `bot`; `target.name` is their
    userId (staffId)."""

    platform = "dingtalk"
    max_per_minute = 100
    max_per_second: int | None = None

    def __init__(self, bot: BotSettings) -> None:
        if bot.app_key is None or bot.app_secret is None:
            raise ValueError(f"钉钉机器人“{bot.name}”缺少 app_key 或 app_secret")
        self.api = bot.dingtalk_new_api()
        self.app = (bot.app_key, bot.app_secret.get_secret_value())
        self._token: tuple[str, float] = ("", 0.0)

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """The markdown bodies a group would get (no one to @ in a 1:1 chat)."""
        return OUTBOUND.payloads(message.model_copy(update={"mentions": ()}))

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the person; a refused token is fetched anew and tried once more."""
        markdown = payload["markdown"]
        body = {
            "robotCode": self.app[0],
            "userIds": [target.name],
            "msgKey": "sampleMarkdown",
            "msgParam": json.dumps(
                {"title": markdown["title"], "text": markdown["text"]}, ensure_ascii=False
            ),
        }
        for attempt in range(2):
            headers = {"x-acs-dingtalk-access-token": await self._access_token(http)}
            status, text, _ = await post(http, self.api + SEND, dumps(body), headers)
            if status in AUTH_ERRORS and not attempt:
                self._token = ("", 0.0)
                continue
            _check(status, text, target.name)
            return

    async def _access_token(self, http: ClientSession) -> str:
        token, until = self._token
        if token and until > time.monotonic():
            return token
        app_key, secret = self.app
        status, text, _ = await post(
            http, self.api + TOKEN, dumps({"appKey": app_key, "appSecret": secret})
        )
        answer = _json(status, text)
        token = str(answer.get("accessToken", ""))
        if status != 200 or not token:
            raise SendError(
                f"钉钉应用凭证无效：{answer.get('message', text[:100])}", retryable=False
            )
        self._token = (token, time.monotonic() + int(answer.get("expireIn", 0)) - 300)
        return token


def _json(status: int, text: str) -> dict[str, Any]:
    try:
        answer = json.loads(text)
    except ValueError as exc:
        raise SendError(f"DingTalk HTTP {status}: {text[:200]}", retryable=status >= 500) from exc
    return answer if isinstance(answer, dict) else {}


def _check(status: int, text: str, user: str) -> None:
    """Map the answer to SendError: server trouble and flow control are worth a retry."""
    if status >= 500 or status == 429:
        raise SendError(f"DingTalk HTTP {status}", retryable=True, code=status)
    answer = _json(status, text)
    if status != 200:
        raise SendError(f"DingTalk {answer.get('code')}: {answer.get('message')}", retryable=False)
    if user in answer.get("invalidStaffIdList", []):
        raise SendError(f"钉钉账号 {user} 无效或不在应用可见范围", retryable=False)
    if user in answer.get("flowControlledStaffIdList", []):
        raise SendError(f"钉钉对 {user} 限流", retryable=True, retry_after=60.0)
