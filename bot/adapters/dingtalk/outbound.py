"""DingTalk custom-robot pushes (PROTOCOLS §2.1): markdown bodies, @-mentions, signed URL."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.dingtalk.crypto import sign_webhook_url
from bot.adapters.text import dumps, inline_mentions, split_json_lines, title_of
from bot.adapters.transport import post
from core.messages import Mention, OutboundMessage

LIMIT_BYTES = 20_000  # errcode 460101 above this
RATE_LIMITED = frozenset({410100, 130101})  # 20/min exceeded: the robot is muted for 10 minutes
BUSY = -1
MUTED_SECONDS = 600.0
ALL = frozenset({"@all", "all"})


class DingTalkOutbound:
    """Custom-robot webhook pushes: markdown, split under 20,000 bytes, 20 per minute."""

    platform = "dingtalk"
    max_per_minute = 20
    max_per_second: int | None = None

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """Markdown bodies; the mentions (`at` and the `@` in the text) go on the last one."""
        text, left = inline_mentions(message.text, message.mentions, _written)
        tail, at = _mentions(message.mentions, left)
        title = title_of(message)
        frame = _body(f"{title}（99/99）", tail, at)  # the worst-case title counter
        budget = LIMIT_BYTES - len(dumps(frame))
        # Each line gains a hard break ("  \n", escaped as 4 bytes) in DingTalk markdown.
        pieces = split_json_lines(text, budget, line_overhead=4)
        bodies = []
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            label = f"{title}（{number}/{len(pieces)}）" if len(pieces) > 1 else title
            bodies.append(
                _body(label, _markdown(piece) + (tail if last else ""), at if last else {})
            )
        return bodies

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the robot, its URL signed at `now_ms` when it has a secret."""
        url = (
            sign_webhook_url(target.webhook, target.secret, now_ms)
            if target.secret
            else target.webhook
        )
        await post_json(http, url, payload)


def _markdown(text: str) -> str:
    # DingTalk markdown ignores a single newline; two trailing spaces make it a line break.
    return text.replace("\n", "  \n")


def _written(mention: Mention) -> str:
    # DingTalk highlights a mention only when the "@" is written in the text as well.
    return f"@{mention.mobile or mention.user_id or mention.name}"


def _mentions(
    mentions: tuple[Mention, ...], left: tuple[Mention, ...]
) -> tuple[str, dict[str, Any]]:
    """The `at` field for every mention, and a tail naming those the text does not name."""
    mobiles = [m.mobile for m in mentions if m.mobile]
    user_ids = [m.user_id for m in mentions if m.user_id and not m.mobile and m.user_id not in ALL]
    at_all = any(m.user_id in ALL for m in mentions)
    if not (mobiles or user_ids or at_all):
        return "", {}
    reachable = [m for m in left if (m.mobile or m.user_id) and m.user_id not in ALL]
    written = " ".join(_written(m) for m in reachable)
    if at_all and any(m.user_id in ALL for m in left):
        written = f"{written} @所有人".strip()
    at = {"atMobiles": mobiles, "atUserIds": user_ids, "isAtAll": at_all}
    return (f"  \n\n{written}" if written else ""), at


def _body(title: str, text: str, at: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if at:
        body["at"] = at
    return body


async def post_json(http: ClientSession, url: str, body: dict[str, Any]) -> None:
    """POST a robot body (webhook or sessionWebhook) and map DingTalk's errcode to SendError."""
    status, text, _ = await post(http, url, dumps(body))
    if status >= 500 or status == 429:
        raise SendError(f"DingTalk HTTP {status}", retryable=True, code=status)
    try:
        answer = json.loads(text)
        code, why = int(answer.get("errcode", -1)), str(answer.get("errmsg", ""))
    except (ValueError, TypeError, AttributeError) as exc:
        raise SendError(f"DingTalk HTTP {status}: {text[:200]}", retryable=status < 400) from exc
    if code == 0:
        return
    if code in RATE_LIMITED:
        raise SendError(why, retryable=True, retry_after=MUTED_SECONDS, code=code)
    raise SendError(f"DingTalk errcode {code}: {why}", retryable=code == BUSY, code=code)


OUTBOUND = DingTalkOutbound()
