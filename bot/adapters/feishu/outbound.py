"""Feishu pushes (PROTOCOLS §3.1): post or card bodies, signed in the body; app replies."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any
from urllib.parse import quote

from aiohttp import ClientSession

from bot.adapters.base import PushTarget, SendError
from bot.adapters.feishu.crypto import webhook_sign
from bot.adapters.text import (
    dumps,
    inline_mentions,
    split_json_lines,
    title_of,
    written,
)
from bot.adapters.transport import post
from core.messages import Mention, OutboundMessage

# The webhook takes at most 20 KB (20,480 bytes); `timestamp` and `sign` add about 80.
LIMIT_BYTES = 20_000
RETRYABLE = frozenset({11232, 99991400})  # frequency limits (webhook; OpenAPI)
BACKOFF_SECONDS = 60.0
ALL = frozenset({"@all", "all"})
_MARKDOWN = re.compile(r"\*\*|^#{1,6} |\[[^\]\n]+\]\([^)\n]+\)", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6} +(.+)$", re.MULTILINE)
_TEXT_LINE = [{"tag": "text", "text": ""}]


class FeishuOutbound:
    """Custom-bot webhook pushes: `post`, or an `interactive` card for markdown; 100/min."""

    platform = "feishu"
    max_per_minute = 100
    max_per_second: int | None = 5

    def payloads(self, message: OutboundMessage) -> list[dict[str, Any]]:
        """Bodies split under 20 KB; the mentions go on the last one."""
        card = bool(_MARKDOWN.search(message.text))
        build = _card if card else _post
        text = _HEADING.sub(r"**\1**", message.text) if card else message.text
        if card:  # mentions the text names become <at> tags where they are written
            text, left = inline_mentions(text, message.mentions, _card_at)
        else:
            left = tuple(m for m in message.mentions if not written(text, m))
        inline = tuple(m for m in message.mentions if m not in left)
        frame = build(f"{title_of(message)}（99/99）", "", message.mentions, inline)
        budget = LIMIT_BYTES - len(dumps(frame))
        overhead = 2 if card else len(dumps(_TEXT_LINE)) + 1
        pieces = split_json_lines(text, budget, line_overhead=overhead)
        bodies = []
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            title = message.title
            if len(pieces) > 1:
                title = f"{title_of(message)}（{number}/{len(pieces)}）"
            bodies.append(build(title, piece, left if last else (), inline))
        return bodies

    async def send(
        self, http: ClientSession, target: PushTarget, payload: dict[str, Any], now_ms: int
    ) -> None:
        """POST one body to the bot; with a secret, `timestamp` (seconds) and `sign` go in it."""
        body = dict(payload)
        if target.secret:
            seconds = now_ms // 1000
            body.update(timestamp=str(seconds), sign=webhook_sign(target.secret, seconds))
        await post_json(http, target.webhook, body)


def _post(
    title: str, text: str, mentions: tuple[Mention, ...], inline: tuple[Mention, ...] = ()
) -> dict[str, Any]:
    paragraphs = [_post_line(line, inline) for line in text.split("\n")]
    if mentions:
        paragraphs.append([_post_at(mention) for mention in mentions])
    post = {"zh_cn": {"title": title, "content": paragraphs}}
    return {"msg_type": "post", "content": {"post": post}}


def _post_line(line: str, inline: tuple[Mention, ...]) -> list[dict[str, str]]:
    """One paragraph: text, with an `at` element where a mention is written as `@name`."""
    named = {f"@{m.name}": m for m in inline if m.user_id}
    if not named:
        return [{"tag": "text", "text": line}]
    names = "|".join(re.escape(name) for name in sorted(named, key=len, reverse=True))
    elements: list[dict[str, str]] = []
    for part in re.split(f"({names})(?=[\\s，,。；;、：:）)]|$)", line):
        if part in named:
            elements.append(_post_at(named[part]))
        elif part:
            elements.append({"tag": "text", "text": part})
    return elements or [{"tag": "text", "text": ""}]


def _post_at(mention: Mention) -> dict[str, str]:
    if mention.user_id in ALL:
        return {"tag": "at", "user_id": "all"}
    if mention.user_id:
        return {"tag": "at", "user_id": mention.user_id}
    return {"tag": "text", "text": f"@{mention.name} "}


def _card_at(mention: Mention) -> str:
    if mention.user_id in ALL:
        return "<at id=all></at>"
    return f"<at id={mention.user_id}></at>" if mention.user_id else f"@{mention.name}"


def _card(
    title: str, text: str, mentions: tuple[Mention, ...], inline: tuple[Mention, ...] = ()
) -> dict[str, Any]:
    ats = " ".join(_card_at(mention) for mention in mentions)
    card: dict[str, Any] = {
        "config": {"wide_screen_mode": True},
        "elements": [{"tag": "markdown", "content": f"{text}\n{ats}" if ats else text}],
    }
    if title:
        card["header"] = {"title": {"tag": "plain_text", "content": title}}
    return {"msg_type": "interactive", "card": card}


def api_body(payload: dict[str, Any]) -> dict[str, str]:
    """A webhook body as the send/reply OpenAPI wants it: `content` as a JSON string."""
    if payload["msg_type"] == "interactive":
        content = payload["card"]
    elif payload["msg_type"] == "post":
        content = payload["content"]["post"]
    else:
        content = payload["content"]
    return {"msg_type": payload["msg_type"], "content": json.dumps(content, ensure_ascii=False)}


async def post_json(
    http: ClientSession, url: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """POST to Feishu and map its `code` (or legacy `StatusCode`) to SendError; the answer."""
    status, text, answer_headers = await post(http, url, dumps(body), headers)
    reset = answer_headers.get("x-ogw-ratelimit-reset", "")
    wait = float(reset) if reset.isdigit() else BACKOFF_SECONDS
    if status >= 500:
        raise SendError(f"Feishu HTTP {status}", retryable=True, code=status)
    try:
        answer = json.loads(text)
        code = int(answer.get("code", answer.get("StatusCode", -1)))
    except (ValueError, TypeError, AttributeError) as exc:
        raise SendError(f"Feishu HTTP {status}: {text[:200]}", retryable=False) from exc
    if code == 0:
        return dict(answer)
    message = f"Feishu code {code}: {answer.get('msg') or answer.get('StatusMessage')}"
    if code in RETRYABLE or status == 429:
        raise SendError(message, retryable=True, retry_after=wait, code=code)
    raise SendError(message, retryable=False, code=code)


AUTH_ERRORS = frozenset({99991661, 99991663})  # token missing; token invalid or expired


class TenantTokens:
    """The app's tenant_access_tokens, per (API host, app id), until five minutes before expiry."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str], tuple[str, float]] = {}
        self._fetching: dict[tuple[str, str], asyncio.Lock] = {}

    async def get(self, http: ClientSession, api: str, app_id: str, app_secret: str) -> str:
        """A valid token, fetched when none is cached or the cached one ran out; replies sent
        at once wait for one fetch rather than each asking for a token."""
        key = (api, app_id)
        async with self._fetching.setdefault(key, asyncio.Lock()):
            token, until = self._tokens.get(key, ("", 0.0))
            if token and until > time.monotonic():
                return token
            return await self._fetch(http, api, app_id, app_secret)

    async def _fetch(self, http: ClientSession, api: str, app_id: str, app_secret: str) -> str:
        answer = await post_json(
            http,
            f"{api}/open-apis/auth/v3/tenant_access_token/internal",
            {"app_id": app_id, "app_secret": app_secret},
        )
        token = str(answer.get("tenant_access_token", ""))
        expires = time.monotonic() + int(answer.get("expire", 0)) - 300
        self._tokens[(api, app_id)] = (token, expires)
        return token

    def forget(self, api: str, app_id: str) -> None:
        """Drop a token the API refused (revoked, rotated): the next `get` fetches a new one."""
        self._tokens.pop((api, app_id), None)


async def reply(
    http: ClientSession, api: str, token: str, message_id: str, payload: dict[str, Any]
) -> None:
    """Answer a message in its chat through the OpenAPI (`/im/v1/messages/{id}/reply`)."""
    url = f"{api}/open-apis/im/v1/messages/{quote(message_id, safe='')}/reply"
    await post_json(http, url, api_body(payload), {"Authorization": f"Bearer {token}"})


async def reply_as_app(
    http: ClientSession,
    tokens: TenantTokens,
    api: str,
    app: tuple[str, str],
    message_id: str,
    payload: dict[str, Any],
) -> None:
    """`reply` with the app's cached token; a refused token is fetched anew and tried once more."""
    app_id, app_secret = app
    token = await tokens.get(http, api, app_id, app_secret)
    try:
        await reply(http, api, token, message_id, payload)
    except SendError as exc:
        if exc.code not in AUTH_ERRORS:
            raise
        tokens.forget(api, app_id)
        token = await tokens.get(http, api, app_id, app_secret)
        await reply(http, api, token, message_id, payload)


OUTBOUND = FeishuOutbound()
