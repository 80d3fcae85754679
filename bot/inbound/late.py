"""Answers that do not go back in the response: each platform's channel, used at most once.

DingTalk and Feishu take every answer this way; WeCom and the local simulator only an answer
that missed its response (too slow, or retried after a restart). Such an answer first claims
the message's one out-of-response delivery in the database, so a redelivery that answers in
its response and a late answer are never both sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.keys import WRITER
from core.messages import InboundMessage, OutboundMessage
from storage.models import Inbound
from storage.repos import inbound

log = logging.getLogger(__name__)
LATE, IN_RESPONSE = "late", "response"


@dataclass(frozen=True)
class Addressee:
    """Whom an answer is for and how to reach them out of band."""

    platform: str
    bot: str
    msg_id: str
    chat_id: str | None
    sender: str
    reply_to: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, msg: InboundMessage, reply_to: Mapping[str, Any]) -> Addressee:
        """The addressee of a message just received."""
        return cls(msg.platform, msg.bot, msg.msg_id, msg.chat_id, msg.sender_id, reply_to)

    @classmethod
    def of_row(cls, row: Inbound) -> Addressee:
        """The addressee of a stored message."""
        return cls(
            row.platform, row.bot, row.platform_msg_id, row.chat_id, row.sender, row.reply_to or {}
        )


Channel = Callable[[web.Application, Addressee, list[OutboundMessage]], Awaitable[None]]
CHANNELS = web.AppKey("answer_channels", dict)
"""Platform name -> its Channel (filled by the app factory, which knows every adapter)."""


async def claim(app: web.Application, who: Addressee, how: str) -> bool:
    """Reserve the message's one out-of-response delivery; False if another path has it."""
    return await app[WRITER].run(
        lambda session: inbound.claim_delivery(session, who.platform, who.bot, who.msg_id, how)
    )


async def deliver_late(
    app: web.Application, who: Addressee, answers: list[OutboundMessage], *, claim_first: bool
) -> None:
    """Send answers through the platform's channel (once, if `claim_first`)."""
    if not answers:
        return
    if claim_first:
        try:
            if not await claim(app, who, LATE):
                log.info("message %s was answered in a response; no late answer", who.msg_id)
                return
        except Exception as exc:  # the database is failing: an answer twice beats none
            log.warning("message %s: late answer not claimed (%r)", who.msg_id, exc)
    channels: dict[str, Channel] = app[CHANNELS]
    channel = channels.get(who.platform)
    if channel is None:
        log.error("message %s: no channel for a late %s answer", who.msg_id, who.platform)
        return
    try:
        await channel(app, who, answers)
    except Exception:
        log.exception("message %s: the late answer failed", who.msg_id)
