"""DingTalk app-robot HTTP callback (PROTOCOLS §2.2): verify, answer once, reply in the chat."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.adapters.bounds import is_short, one_line, parsing, read_body
from bot.adapters.dingtalk.crypto import verify_callback
from bot.adapters.dingtalk.models import ChatbotMessage, parse_message
from bot.adapters.dingtalk.outbound import OUTBOUND, post_json
from bot.adapters.errors import AdapterError, SignatureError
from bot.inbound import Addressee, StoreUnavailable, hand_over, receive, send_parts
from bot.keys import CLOCK, HTTP, SETTINGS
from core.messages import OutboundMessage
from core.settings import BotSettings

log = logging.getLogger(__name__)

BUDGET = 2.0
"""Seconds to wait for the answer before acknowledging (the answer goes out of band anyway)."""


def real_now_ms() -> int:
    """The real time in ms: signature windows never follow the business clock."""
    return time.time_ns() // 1_000_000


async def callback(request: web.Request, bot: BotSettings) -> web.StreamResponse:
    """`POST /callback/dingtalk/{bot}`: check `timestamp`/`sign`, store, acknowledge fast."""
    try:
        _verify(request, bot)
        body = await read_body(request)
        with parsing():
            message = parse_message(body)
    except AdapterError as exc:
        log.warning("dingtalk/%s: refused: %s", bot.name, one_line(exc))
        return web.json_response({"errmsg": str(exc)}, status=exc.http_status)
    try:
        await answer(request.app, bot.name, message)
    except StoreUnavailable:
        return web.json_response({"errmsg": "try again later"}, status=503)
    return web.json_response({})


def _verify(request: web.Request, bot: BotSettings) -> None:
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    timestamp, sign = request.headers.get("timestamp", ""), request.headers.get("sign", "")
    if not secret or not is_short(timestamp) or not is_short(sign):
        raise SignatureError("timestamp or sign header missing or overlong")
    verify_callback(timestamp, sign, secret, real_now_ms())


async def answer(app: web.Application, bot: str, message: ChatbotMessage) -> None:
    """Store a verified message once; its answer goes to the chat (HTTP and Stream).

    Raises StoreUnavailable when it could not be stored (DingTalk must deliver it again).
    """
    reply_to: dict[str, Any] = {}
    if message.session_webhook:
        reply_to = {
            "session_webhook": message.session_webhook,
            "expires_ms": message.session_webhook_expired_time,
        }
    msg = message.to_inbound(bot, app[CLOCK].now())
    await receive(
        app, msg, reply_to=reply_to, budget=BUDGET, out_of_band=True, answer_duplicates=False
    )


async def deliver_late(
    app: web.Application, who: Addressee, answers: list[OutboundMessage]
) -> None:
    """Post to the sessionWebhook while it lives; what cannot go there goes to the group robot.

    The sessionWebhook comes from the message body, which the signature does not cover: it is
    used only on the host of the bot's `api_base` or one listed in `session_webhook_hosts`.
    """
    url = str(who.reply_to.get("session_webhook") or "")
    expires = who.reply_to.get("expires_ms")
    host, hosts = urlsplit(url).hostname, _session_hosts(app, who.bot)
    if not isinstance(expires, int) or expires <= real_now_ms():
        await hand_over(app, who, answers, "会话回复地址（sessionWebhook）已过期")
    elif host not in hosts:
        log.warning("dingtalk/%s: sessionWebhook host %s is not an allowed host", who.bot, host)
        await hand_over(app, who, answers, f"会话回复地址的主机 {host} 不在允许之列")
    else:

        async def send(body: dict[str, Any]) -> None:
            await post_json(app[HTTP], url, body)

        await send_parts(app, who, answers, OUTBOUND.payloads, send)


def _session_hosts(app: web.Application, name: str) -> frozenset[str]:
    bots = app[SETTINGS].bots
    bot = next((b for b in bots if b.platform == "dingtalk" and b.name == name), None)
    return bot.session_hosts() if bot is not None else frozenset()
