"""Sending an answer part by part through a chat's own reply channel, with the outbox behind it.

What the channel (a sessionWebhook, the reply API, a response_url) cannot carry goes on from
the first part not sent, queued for the group robot of the same chat; with no such robot the
answer is recorded as undelivered, for the office's daily list.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.failures import describe
from bot.inbound.late import Addressee
from bot.keys import CLOCK, SETTINGS, WRITER
from core.messages import OutboundMessage
from storage.repos import outbox, undelivered

log = logging.getLogger(__name__)
Bodies = Callable[[OutboundMessage], list[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def send_parts(
    app: web.Application, who: Addressee, answers: list[OutboundMessage], bodies: Bodies, send: Send
) -> None:
    """Send every part of every answer in order; on the first failure, hand the rest over.

    A part whose request went out unanswered (`uncertain`, a timeout) may have arrived: it is
    not sent again, the parts after it are.
    """
    for index, answer in enumerate(answers):
        parts = bodies(answer)
        for part, body in enumerate(parts):
            try:
                await send(body)
            except Exception as exc:  # whatever stopped it, the rest must still arrive
                why = describe(exc)
                log.warning("reply to %s stopped at %d.%d: %s", who.msg_id, index, part, why)
                start, sent = index, part
                if getattr(exc, "uncertain", False):
                    start, sent = (index, part + 1) if part + 1 < len(parts) else (index + 1, 0)
                if start < len(answers):
                    reason = f"回复发送失败：{exc}"
                    await hand_over(app, who, answers, reason, start=start, parts_sent=sent)
                return


async def hand_over(
    app: web.Application,
    who: Addressee,
    answers: list[OutboundMessage],
    reason: str,
    *,
    start: int = 0,
    parts_sent: int = 0,
) -> None:
    """Queue answers[start:] for the chat's group robot (resuming after `parts_sent` parts of
    the first), or record them as undelivered when the chat has no robot."""
    robots = [
        group.name
        for group in app[SETTINGS].groups
        if group.platform == who.platform and group.webhook and group.chat_id == who.chat_id
    ]
    now = app[CLOCK].now()

    async def store(session: AsyncSession) -> None:
        if who.chat_id is None or not robots:
            await undelivered.record(
                session,
                key=f"reply:{who.platform}:{who.bot}:{who.msg_id}",
                at=now,
                source="回复",
                what=answers[start].text[:200],
                target=who.chat_id or who.sender,
                reason=f"{reason}；该聊天没有配置群机器人",
            )
            return
        for index in range(start, len(answers)):
            await outbox.enqueue(
                session,
                key=f"reply:{who.platform}:{who.bot}:{who.msg_id}:{index}",
                platform=who.platform,
                destination=robots[0],
                payload=answers[index].model_dump(mode="json"),
                now=now,
                parts_sent=parts_sent if index == start else 0,
            )

    await app[WRITER].run(store)
