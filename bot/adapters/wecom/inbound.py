"""WeCom callback views: the AI bot (JSON, receiveid "") and the self-built app (XML, CorpID).

Both verify the signature and decrypt before anything is parsed into a message or stored,
and answer every refusal with the error's 4xx status and a short body.

Replying to the AI bot: its passive reply accepts only `stream`, `template_card` (and a
welcome `text` for enter_chat), so an answer goes back as one encrypted `stream` with
`finish: true`. When the answer is not ready within REPLY_BUDGET (WeCom waits 5 s), the view
acknowledges with an empty 200 and the finished answer is posted once to `response_url`
as markdown (bot.adapters.wecom.late). The app can only be answered passively here (the
active-send API needs the app secret, which is not configured): a late answer is stored but
not delivered. A message that cannot be stored is refused with 503, so WeCom delivers it again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from bot.adapters.bounds import (
    BodyTooLargeError,
    is_short,
    is_timestamp,
    json_object,
    one_line,
    parsing,
    read_body,
)
from bot.adapters.errors import (
    AdapterError,
    ConfigError,
    PayloadError,
    ReceiveIdMismatchError,
    SignatureError,
)
from bot.adapters.wecom import replies
from bot.adapters.wecom.crypto import (
    WeComCrypto,
    parse_encrypted_json,
    parse_encrypted_xml,
    parse_xml,
)
from bot.adapters.wecom.models import AiBotMessage, AppMessage
from bot.inbound import Receipt, StoreUnavailable, receive
from bot.keys import CLOCK
from core.messages import InboundMessage
from core.settings import BotSettings

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
"""Largest callback body accepted; real ones are a few KB of base64."""
REPLY_BUDGET = 4.0
"""Seconds to wait for an answer before acknowledging; WeCom gives up after 5."""

_REASONS = {400: "bad request", 403: "forbidden"}
_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class Signed:
    """The query parameters every WeCom callback is signed with."""

    signature: str
    timestamp: str
    nonce: str


Post = Callable[[web.Request, BotSettings, WeComCrypto, Signed], Awaitable[web.StreamResponse]]


async def aibot_callback(request: web.Request, bot: BotSettings) -> web.StreamResponse:
    """`/callback/wecom/{bot}` for an AI bot: GET verifies the URL, POST carries messages."""
    return await _guarded(request, bot, "", _aibot_post)


async def app_callback(request: web.Request, bot: BotSettings) -> web.StreamResponse:
    """`/callback/wecom/{bot}` for a self-built app: GET verifies the URL, POST carries XML."""
    return await _guarded(request, bot, bot.corp_id or "", _app_post)


async def _guarded(
    request: web.Request, bot: BotSettings, receive_id: str, post: Post
) -> web.StreamResponse:
    try:
        crypto = _crypto(bot, receive_id)
        signed = _signed(request)
        if request.method == "GET":
            echostr = request.query.get("echostr", "")
            if not echostr:
                raise PayloadError("missing echostr")
            with parsing():
                plain = crypto.verify_and_decrypt(
                    signed.signature, signed.timestamp, signed.nonce, echostr
                )
            # The bare plaintext, nothing else: WeCom compares it byte for byte.
            return web.Response(text=plain, content_type="text/plain")
        if request.method != "POST":
            return web.Response(status=405, text="method not allowed")
        return await post(request, bot, crypto, signed)
    except AdapterError as exc:
        log.warning("wecom %s %r refused a callback: %s", bot.kind, bot.name, one_line(exc))
        reason = str(exc) if isinstance(exc, BodyTooLargeError) else None  # said in Chinese
        text = reason or _REASONS.get(exc.http_status, "refused")
        return web.Response(status=exc.http_status, text=text)
    except ConfigError as exc:
        log.error("wecom %s %r is misconfigured: %s", bot.kind, bot.name, exc)
        return web.Response(status=503, text="bot misconfigured")
    except StoreUnavailable:
        return web.Response(status=503, text="try again later")


def _crypto(bot: BotSettings, receive_id: str) -> WeComCrypto:
    if bot.token is None or bot.encoding_aes_key is None:
        raise ConfigError("token and encoding_aes_key are required")
    return WeComCrypto(
        bot.token.get_secret_value(), bot.encoding_aes_key.get_secret_value(), receive_id
    )


def _signed(request: web.Request) -> Signed:
    # request.query decodes once (with %2B -> "+"); decoding again would corrupt base64.
    query = request.query
    signature = query.get("msg_signature", "")
    if not is_short(signature, 64):
        raise SignatureError("missing or overlong msg_signature")
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    # ASCII digits only: "²1795851550" passes str.isdigit() and then fails int().
    if not is_timestamp(timestamp) or not is_short(nonce, 64):
        raise PayloadError("missing or malformed timestamp/nonce")
    return Signed(signature, timestamp, nonce)


def _model(model: type[_Model], data: Any) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PayloadError(f"decrypted message is not a {model.__name__}: {one_line(exc)}") from exc


async def _aibot_post(
    request: web.Request, bot: BotSettings, crypto: WeComCrypto, signed: Signed
) -> web.StreamResponse:
    body = await read_body(request, MAX_BODY)
    with parsing():
        # Only the envelope is read before the signature over its `encrypt` is checked.
        encrypt = parse_encrypted_json(body)
        plain = crypto.verify_and_decrypt(signed.signature, signed.timestamp, signed.nonce, encrypt)
        message = _model(AiBotMessage, json_object(plain, "decrypted AI-bot message"))
    reply = await _aibot_reply(request.app, bot, message)
    if reply is None:
        return web.Response()
    answer = json.dumps(reply, ensure_ascii=False)
    envelope = crypto.build_encrypted_json(answer, signed.nonce, signed.timestamp)
    # The documented reply carries the timestamp as a number.
    return web.json_response({**envelope, "timestamp": int(signed.timestamp)})


async def _aibot_reply(
    app: web.Application, bot: BotSettings, message: AiBotMessage
) -> dict[str, Any] | None:
    if message.msgtype == "event":
        entered = message.event is not None and message.event.eventtype == "enter_chat"
        return replies.welcome() if entered else None
    if message.msgtype == "stream":
        return None  # refresh of a stream; every stream we start is already finished
    text = message.readable_text()
    if text is None:
        return replies.stream(replies.text_only(app))
    if not message.msgid or message.sender is None:
        raise PayloadError("AI-bot message without msgid or from.userid")
    msg = _inbound(app, bot, message.msgid, message.sender.userid, message.group_id, text)
    reply_to = {"response_url": message.response_url} if message.response_url else {}
    receipt = await _receive(app, msg, reply_to)
    return replies.stream(replies.joined(receipt.answers)) if receipt.answers else None


async def _app_post(
    request: web.Request, bot: BotSettings, crypto: WeComCrypto, signed: Signed
) -> web.StreamResponse:
    body = await read_body(request, MAX_BODY)
    with parsing():
        encrypt = parse_encrypted_xml(body)["Encrypt"]
        plain = crypto.verify_and_decrypt(signed.signature, signed.timestamp, signed.nonce, encrypt)
        message = _model(AppMessage, parse_xml(plain))
    if message.to_user != bot.corp_id:
        raise ReceiveIdMismatchError("ToUserName is not the configured corp id")
    text = await _app_answer(request.app, bot, message)
    if text is None:
        return web.Response()
    xml = replies.app_text_xml(message, text)
    envelope = crypto.build_encrypted_xml(xml, signed.nonce, signed.timestamp)
    return web.Response(text=envelope, content_type="application/xml")


async def _app_answer(app: web.Application, bot: BotSettings, message: AppMessage) -> str | None:
    if message.msg_type == "event":
        return None
    if message.msg_type != "text":
        return replies.text_only(app)
    if not message.msg_id:
        raise PayloadError("app text message without MsgId")
    msg = _inbound(app, bot, message.msg_id, message.from_user, None, message.content or "")
    receipt = await _receive(app, msg, {})
    return replies.plain(receipt.answers) if receipt.answers else None


def _inbound(
    app: web.Application, bot: BotSettings, msg_id: str, sender: str, chat: str | None, text: str
) -> InboundMessage:
    return InboundMessage(
        platform="wecom",
        bot=bot.name,
        chat_id=chat,
        sender_id=sender,
        text=text,
        msg_id=msg_id,
        received_at=app[CLOCK].now(),
    )


async def _receive(app: web.Application, msg: InboundMessage, reply_to: dict[str, str]) -> Receipt:
    # Stored first; an answer not ready within the budget follows through bot.adapters.wecom.late.
    return await receive(app, msg, reply_to=reply_to, budget=REPLY_BUDGET)
