"""DingTalk app-robot HTTP callback (PROTOCOLS §2.2): verify, answer once, reply in the chat."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from aiohttp import ClientSession, web

from bot.adapters.base import SendError
from bot.adapters.bounds import is_short, one_line, parsing, read_body
from bot.adapters.dingtalk.crypto import verify_callback
from bot.adapters.dingtalk.models import ChatbotMessage, parse_message
from bot.adapters.dingtalk.outbound import OUTBOUND, post_json
from bot.adapters.errors import AdapterError, SignatureError
from bot.inbound import answer_once
from bot.keys import CLOCK, DB, SETTINGS, TASKS
from core.messages import OutboundMessage
from core.settings import BotSettings
from storage.repos import outbox

log = logging.getLogger(__name__)

SESSION_HOSTS = web.AppKey("dingtalk_session_hosts", frozenset)
"""Hosts a sessionWebhook may point at (the URL comes from the request body, which the
signature does not cover); tests add 127.0.0.1."""
DEFAULT_SESSION_HOSTS = frozenset({"oapi.dingtalk.com"})


def real_now_ms() -> int:
    """The real time in ms: signature windows never follow the business clock."""
    return time.time_ns() // 1_000_000


async def callback(request: web.Request, bot: BotSettings) -> web.StreamResponse:
    """`POST /callback/dingtalk/{bot}`: check `timestamp`/`sign`, answer, acknowledge fast."""
    try:
        _verify(request, bot)
        body = await read_body(request)
        with parsing():
            message = parse_message(body)
    except AdapterError as exc:
        log.warning("dingtalk/%s: refused: %s", bot.name, one_line(exc))
        return web.json_response({"errmsg": str(exc)}, status=exc.http_status)
    await answer(request.app, bot.name, message)
    return web.json_response({})


def _verify(request: web.Request, bot: BotSettings) -> None:
    secret = bot.app_secret.get_secret_value() if bot.app_secret else ""
    timestamp, sign = request.headers.get("timestamp", ""), request.headers.get("sign", "")
    if not secret or not is_short(timestamp) or not is_short(sign):
        raise SignatureError("timestamp or sign header missing or overlong")
    verify_callback(timestamp, sign, secret, real_now_ms())


async def answer(app: web.Application, bot: str, message: ChatbotMessage) -> None:
    """Handle a verified message once and post its answers in a tracked task (HTTP and Stream)."""
    msg = message.to_inbound(bot, app[CLOCK].now())
    answers = await answer_once(app, msg)
    if answers:
        app[TASKS].start(deliver(app, message, answers), name=f"dingtalk-reply:{msg.msg_id}")


async def deliver(
    app: web.Application, message: ChatbotMessage, answers: list[OutboundMessage]
) -> None:
    """Post to the sessionWebhook while it lives; what cannot go there goes to the group robot."""
    url = message.session_webhook or ""
    hosts = app.get(SESSION_HOSTS, DEFAULT_SESSION_HOSTS)
    if message.session_alive(real_now_ms()) and urlsplit(url).hostname in hosts:
        async with ClientSession() as http:
            for index, reply in enumerate(answers):
                try:
                    for body in OUTBOUND.payloads(reply):
                        await post_json(http, url, body)
                except SendError as exc:
                    log.warning("dingtalk reply to %s failed: %s", message.msg_id, exc)
                    await queue_for_group(app, message, answers, start=index)
                    return
        return
    await queue_for_group(app, message, answers, start=0)


async def queue_for_group(
    app: web.Application, message: ChatbotMessage, answers: list[OutboundMessage], start: int
) -> None:
    """Queue answers for the custom robot of the group the message came from, if configured."""
    groups = [
        group
        for group in app[SETTINGS].groups
        if group.platform == "dingtalk" and group.webhook and group.chat_id == message.chat_id
    ]
    if not groups or message.chat_id is None:
        log.error("dingtalk reply to %s lost: no live sessionWebhook, no robot", message.msg_id)
        return
    async with app[DB].write() as session:
        for index in range(start, len(answers)):
            await outbox.enqueue(
                session,
                key=f"reply:dingtalk:{message.msg_id}:{index}",
                platform="dingtalk",
                destination=groups[0].name,
                payload=answers[index].model_dump(mode="json"),
                now=app[CLOCK].now(),
            )
