"""Feishu event subscription (PROTOCOLS §3.2): challenge, decrypt, verify, answer by reply API."""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from bot.adapters.bounds import is_short, json_object, one_line, parsing, read_body
from bot.adapters.errors import AdapterError, PayloadError, SignatureError
from bot.adapters.feishu.crypto import check_fresh, decrypt_event, verify_signature
from bot.adapters.feishu.models import URL_VERIFICATION, Envelope, message_event, validate
from bot.adapters.feishu.outbound import OUTBOUND, TenantTokens, reply_as_app
from bot.inbound import Addressee, StoreUnavailable, hand_over, receive, send_parts
from bot.keys import CLOCK, HTTP, SETTINGS
from core.messages import OutboundMessage
from core.settings import BotSettings

log = logging.getLogger(__name__)

TOKENS = web.AppKey("feishu_tokens", TenantTokens)
"""The app's Feishu tenant tokens (one cache per application, refreshed when refused)."""
BUDGET = 2.0
"""Seconds to wait for the answer before acknowledging: Feishu wants a 200 within 3 s."""


async def callback(request: web.Request, bot: BotSettings) -> web.StreamResponse:
    """`POST /callback/feishu/{bot}`: answer the challenge or take one event, within 3 s."""
    try:
        body = await read_body(request)
        with parsing():
            envelope = _open(request.headers, body, bot)
            if envelope.type == URL_VERIFICATION:
                return web.json_response({"challenge": envelope.challenge})
            event = message_event(envelope)
            msg = event.to_inbound(bot.name, request.app[CLOCK].now()) if event else None
    except AdapterError as exc:
        log.warning("feishu/%s: refused: %s", bot.name, one_line(exc))
        return web.json_response({"msg": str(exc)}, status=exc.http_status)
    if msg is not None:
        try:
            await receive(
                request.app, msg, budget=BUDGET, out_of_band=True, answer_duplicates=False
            )
        except StoreUnavailable:
            # Not stored: a non-200 makes Feishu push the event again (15 s, 5 min, …).
            return web.json_response({"msg": "try again later"}, status=503)
    return web.json_response({"msg": "success"})


def _open(headers: Mapping[str, str], body: bytes, bot: BotSettings) -> Envelope:
    encrypt_key = bot.encrypt_key.get_secret_value() if bot.encrypt_key else ""
    token = bot.verification_token.get_secret_value() if bot.verification_token else ""
    if not encrypt_key and not token:
        raise SignatureError("bot has neither encrypt_key nor verification_token")
    signature = headers.get("X-Lark-Signature")
    if encrypt_key and signature is not None:
        # Checked on the raw bytes, before anything is parsed or decrypted.
        timestamp = headers.get("X-Lark-Request-Timestamp", "")
        nonce = headers.get("X-Lark-Request-Nonce", "")
        if not (is_short(signature) and is_short(nonce)):
            raise SignatureError("X-Lark-Signature or X-Lark-Request-Nonce missing or overlong")
        verify_signature(timestamp, nonce, encrypt_key, body, signature)
        # After the signature, so a forged timestamp is a bad signature, not a stale one.
        check_fresh(timestamp, time.time())
    data = json_object(body)
    if encrypt_key:
        encrypted = data.get("encrypt")
        if not isinstance(encrypted, str):
            raise PayloadError('an encrypted body ({"encrypt": …}) was expected')
        data = json_object(decrypt_event(encrypted, encrypt_key), "decrypted event")
    envelope = validate(Envelope, data, "callback")
    if envelope.type == URL_VERIFICATION:
        # The challenge is not signed: the token (or a successful decryption) vouches for it.
        _check_token(envelope.token, token)
        return envelope
    if encrypt_key and signature is None:
        raise SignatureError("X-Lark-Signature header missing")
    if envelope.header is None:
        raise PayloadError("not a schema 2.0 event")
    _check_token(envelope.header.token, token)
    return envelope


def _check_token(given: str | None, expected: str) -> None:
    if expected and not hmac.compare_digest((given or "").encode(), expected.encode()):
        raise SignatureError("verification token does not match")


async def deliver_late(
    app: web.Application, who: Addressee, answers: list[OutboundMessage]
) -> None:
    """Answer in the message's chat through the reply API (the chat's robot if that fails)."""
    bot = next(
        (b for b in app[SETTINGS].bots if b.platform == "feishu" and b.name == who.bot), None
    )
    if bot is None:
        await hand_over(app, who, answers, f"飞书机器人 {who.bot} 已不在配置中")
        return
    credentials = (bot.app_key or "", bot.app_secret.get_secret_value() if bot.app_secret else "")

    async def send(body: dict[str, Any]) -> None:
        await reply_as_app(app[HTTP], app[TOKENS], bot.api(), credentials, who.msg_id, body)

    await send_parts(app, who, answers, OUTBOUND.payloads, send)
