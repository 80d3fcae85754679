"""WeCom 1:1 messages (`[[bots]] direct = true` on a self-built app): the app message API.

`GET /cgi-bin/gettoken?corpid=…&corpsecret=…` gives the app's token;
`POST /cgi-bin/message/send?access_token=…` with `touser` (the userid), `agentid` and the
push's markdown sends it to the person as the app.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from aiohttp import ClientError, ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.text import dumps
from bot.adapters.transport import Progress, network_error, post
from bot.adapters.wecom.outbound import RATE_LIMIT_PAUSE, RATE_LIMITED, WeComOutbound
from core.messages import OutboundMessage
from core.settings import BotSettings

TOKEN_ERRORS = frozenset({40014, 42001})  # invalid, expired access_token
BUSY = -1
MARKDOWN = WeComOutbound(mentions_as_text=False)


class WeComDirect:
    """Sends one person a markdown message through the app of `bot`; `target.name` is their
    userid."""

    platform = "wecom"
    max_per_minute = 100
    max_per_second: int | None = None

    def __init__(self, bot: BotSettings) -> None:
        if bot.corp_id is None or bot.agent_id is None or bot.app_secret is None:
            raise ValueError(f"企业微信应用“{bot.name}”缺少 corp_id、agent_id 或 app_secret")
        self.api = bot.api()
        self.corp = (bot.corp_id, bot.app_secret.get_secret_value())
        self.agent_id = bot.agent_id
        self._token: tuple[str, float] = ("", 0.0)

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """The markdown bodies a group would get (no one to @ in a 1:1 chat)."""
        plain = message.model_copy(update={"mentions": (), "image_png_base64": None})
        return MARKDOWN.payloads(plain)

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the person; a refused token is fetched anew and tried once more."""
        kind = payload["msgtype"]
        body = {"touser": target.name, "agentid": self.agent_id, "msgtype": kind}
        body[kind] = payload[kind]
        for attempt in range(2):
            query = urlencode({"access_token": await self._access_token(http)})
            status, text, _ = await post(
                http, f"{self.api}/cgi-bin/message/send?{query}", dumps(body)
            )
            answer = _json(status, text)
            code = int(answer.get("errcode", -1))
            if code in TOKEN_ERRORS and not attempt:
                self._token = ("", 0.0)
                continue
            _check(code, answer, target.name)
            return

    async def _access_token(self, http: ClientSession) -> str:
        token, until = self._token
        if token and until > time.monotonic():
            return token
        corp_id, secret = self.corp
        url = f"{self.api}/cgi-bin/gettoken?{urlencode({'corpid': corp_id, 'corpsecret': secret})}"
        progress = Progress()
        try:
            async with http.get(url, trace_request_ctx=progress) as response:
                status, text = response.status, await response.text()
        except (ClientError, TimeoutError) as exc:
            raise network_error(exc, progress) from exc
        answer = _json(status, text)
        token = str(answer.get("access_token", ""))
        if not token:
            why = answer.get("errmsg", text[:100])
            raise SendError(f"企业微信应用凭证无效：{why}", retryable=False)
        self._token = (token, time.monotonic() + int(answer.get("expires_in", 0)) - 300)
        return token


def _json(status: int, text: str) -> dict[str, Any]:
    if status >= 500 or status == 429:
        raise SendError(f"WeCom HTTP {status}", retryable=True, code=status)
    try:
        answer = json.loads(text)
    except ValueError as exc:
        raise SendError(f"WeCom HTTP {status}: {text[:200]}", retryable=False) from exc
    return answer if isinstance(answer, dict) else {}


def _check(code: int, answer: dict[str, Any], user: str) -> None:
    """errcode 0 with the person among the valid receivers, else SendError."""
    why = str(answer.get("errmsg", ""))
    if code == RATE_LIMITED:
        raise SendError(why, retryable=True, retry_after=RATE_LIMIT_PAUSE, code=code)
    if code != 0:
        raise SendError(f"WeCom errcode {code}: {why}", retryable=code == BUSY, code=code)
    if user in str(answer.get("invaliduser", "")).split("|"):
        raise SendError(f"企业微信账号 {user} 无效或不在应用可见范围", retryable=False)
