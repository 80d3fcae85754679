"""Plaintext bodies of WeCom replies: AI-bot stream/text, response_url markdown, app XML."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import aiohttp
from aiohttp import web

from bot.adapters.wecom.models import AppMessage
from bot.adapters.wecom.render import STREAM_LIMIT, TEXT_LIMIT, to_plain, truncate
from bot.keys import RENDERER
from core.messages import OutboundMessage

log = logging.getLogger(__name__)

TEXT_ONLY = "replies/text_only"
"""What a picture, a file or a sticker is answered with, on every platform."""
WELCOME = "您好，我是调度助手。在群里@我并发送项目进度即可填报，发送“/帮助”查看全部用法。"
RESPONSE_URL_TIMEOUT = 10.0


def joined(answers: list[OutboundMessage]) -> str:
    """All answers as one text, people to mention named as `@name` (no userid syntax here)."""
    parts = []
    for answer in answers:
        names = " ".join(f"@{mention.name}" for mention in answer.mentions)
        parts.append(f"{answer.text}\n{names}" if names else answer.text)
    return "\n\n".join(parts)


def stream(content: str) -> dict[str, Any]:
    """A finished `stream` reply: the AI bot's passive reply for an ordinary answer."""
    # The stream is finished at once, so WeCom sends no refresh callbacks for this id.
    return {
        "msgtype": "stream",
        "stream": {
            "id": uuid.uuid4().hex,
            "finish": True,
            "content": truncate(content, STREAM_LIMIT),
        },
    }


def text_only(app: web.Application) -> str:
    """The answer to a message with no text in it (the office may override its template)."""
    return app[RENDERER].render(TEXT_ONLY, {}, dialect="wecom")


def welcome() -> dict[str, Any]:
    """The welcome `text` allowed only in answer to enter_chat."""
    return {"msgtype": "text", "text": {"content": WELCOME}}


def plain(answers: list[OutboundMessage]) -> str:
    """The app's passive text reply: one message, under the 2048-byte text limit."""
    return truncate(to_plain(joined(answers)), TEXT_LIMIT)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def app_text_xml(message: AppMessage, text: str) -> str:
    """The plaintext passive-reply XML to the member who wrote to the app."""
    return (
        f"<xml><ToUserName>{_cdata(message.from_user)}</ToUserName>"
        f"<FromUserName>{_cdata(message.to_user)}</FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType><Content>{_cdata(text)}</Content></xml>"
    )


def response_url_body(answers: list[OutboundMessage]) -> dict[str, Any]:
    """The one markdown body a late AI-bot answer is posted as."""
    return {"msgtype": "markdown", "markdown": {"content": truncate(joined(answers), STREAM_LIMIT)}}


async def post_to_response_url(http: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> None:
    """Post once to the AI bot's response_url (usable once, for an hour); raise on refusal."""
    timeout = aiohttp.ClientTimeout(total=RESPONSE_URL_TIMEOUT)
    async with http.post(url, json=body, timeout=timeout) as response:
        data = await response.json(content_type=None)
    if not isinstance(data, dict) or data.get("errcode") != 0:
        raise ValueError(f"response_url refused the answer: {data}")
