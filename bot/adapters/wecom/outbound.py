"""WeCom group-robot pushes (PROTOCOLS §1.1): payloads in the WeCom dialect, and sending.

Which message type: a message that @-mentions people goes as `text`, because the people
asked to act must be able to read it, and members who use WeCom through the WeChat plugin
see markdown as "暂不支持此消息类型"; `text` also carries `mentioned_mobile_list`, which
markdown lacks. Other messages go as `markdown` (colours, bold). A group known to have
WeChat-plugin members should use `PLAIN_OUTBOUND`, which sends everything as `text`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from aiohttp import ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.text import dumps, inline_mentions
from bot.adapters.transport import post
from bot.adapters.wecom.render import (
    MARKDOWN_LIMIT,
    TEXT_LIMIT,
    split_lines,
    to_markdown,
    to_plain,
)
from core.messages import Mention, OutboundMessage

MAX_IMAGE_BYTES = 2 * 1024 * 1024
RATE_LIMITED = 45009
SYSTEM_BUSY = -1
RATE_LIMIT_PAUSE = 60.0
"""Seconds to wait after 45009: the robot limit is counted per minute."""


class WeComOutbound:
    """Group-robot webhook pushes for WeCom (20 messages per minute per robot)."""

    platform = "wecom"
    max_per_minute = 20
    max_per_second: int | None = None

    def __init__(self, *, plain_text: bool = False, mentions_as_text: bool = True) -> None:
        self.plain_text = plain_text
        self.mentions_as_text = mentions_as_text

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """Request bodies for `message`, split at line boundaries under the byte limits."""
        if message.image_png_base64:
            image = [image_payload(base64.b64decode(message.image_png_base64))]
            return image + (
                self.payloads(message.model_copy(update={"image_png_base64": None}))
                if message.text
                else []
            )
        body = f"**{message.title}**\n{message.text}" if message.title else message.text
        if self.plain_text or (message.mentions and self.mentions_as_text):
            return _text_payloads(body, message.mentions)
        content, left = inline_mentions(to_markdown(body), message.mentions, _markdown_mention)
        tags = [_markdown_mention(mention) for mention in left]
        content += "\n" + " ".join(tags) if tags else ""
        return [
            {"msgtype": "markdown", "markdown": {"content": chunk}}
            for chunk in split_lines(content, MARKDOWN_LIMIT)
        ]

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the robot's webhook; raise SendError unless errcode is 0."""
        if not target.webhook:
            raise SendError(f"群“{target.name}”没有配置 webhook", retryable=False)
        status, text, _ = await post(http, target.webhook, dumps(payload))
        if status != 200:
            raise SendError(f"HTTP {status}", retryable=status >= 500 or status == 429, code=status)
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise SendError("answer is not JSON", retryable=True) from exc
        _check_errcode(data)


def _check_errcode(data: Any) -> None:
    # WeCom answers HTTP 200 on errors; only errcode tells.
    code = data.get("errcode") if isinstance(data, dict) else None
    if code == 0:
        return
    message = f"errcode {code}: {data.get('errmsg', '') if isinstance(data, dict) else data}"
    if code == RATE_LIMITED:
        raise SendError(message, retryable=True, retry_after=RATE_LIMIT_PAUSE, code=code)
    if code == SYSTEM_BUSY or code is None:
        raise SendError(message, retryable=True, code=code)
    # 93000 (invalid webhook url) and parameter errors will fail the same way again.
    raise SendError(message, retryable=False, code=code)


def _text_payloads(body: str, mentions: tuple[Mention, ...]) -> list[dict[str, Any]]:
    # A mention written in the text becomes `<@userid>` there; by mobile, WeCom adds it itself.
    content, left = inline_mentions(to_plain(body), mentions, _markdown_mention)
    user_ids = [m.user_id for m in left if m.user_id]
    mobiles = [m.mobile for m in mentions if m.mobile and not m.user_id]
    unreachable = [f"@{m.name}" for m in left if not m.user_id and not m.mobile]
    content += "\n" + " ".join(unreachable) if unreachable else ""
    payloads: list[dict[str, Any]] = []
    for index, chunk in enumerate(split_lines(content, TEXT_LIMIT)):
        text: dict[str, Any] = {"content": chunk}
        # Mention once, on the first chunk: one notification, showing the message's start.
        if index == 0 and user_ids:
            text["mentioned_list"] = user_ids
        if index == 0 and mobiles:
            text["mentioned_mobile_list"] = mobiles
        payloads.append({"msgtype": "text", "text": text})
    return payloads


def _markdown_mention(mention: Mention) -> str:
    # Markdown mentions only by userid; anyone else is named so the group still sees who.
    return f"<@{mention.user_id}>" if mention.user_id else f"@{mention.name}"


def image_payload(data: bytes) -> dict[str, Any]:
    """An `image` body (base64 + md5 of the raw bytes) for a JPG/PNG of at most 2 MB."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(f"image is {len(data)} bytes; WeCom accepts at most {MAX_IMAGE_BYTES}")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise ValueError("WeCom robots accept only JPG or PNG images")
    return {
        "msgtype": "image",
        "image": {
            "base64": base64.b64encode(data).decode(),
            "md5": hashlib.md5(data, usedforsecurity=False).hexdigest(),
        },
    }


OUTBOUND = WeComOutbound()
"""The default: markdown, or text when the message @-mentions someone."""
PLAIN_OUTBOUND = WeComOutbound(plain_text=True)
"""For groups with WeChat-plugin members: always text."""
