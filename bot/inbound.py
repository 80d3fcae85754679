"""The inbound path after verification: de-duplicate, persist, answer, queue pushes."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import CALENDAR, CLOCK, DB, RENDERER, ROUTER, SETTINGS
from core.messages import InboundMessage, OutboundMessage
from handlers.context import Context, Push
from handlers.dispatch import dispatch
from storage.repos import inbound, outbox, people

log = logging.getLogger(__name__)
MAX_TEXT_CHARS = 10_000
TOO_LONG = "消息太长（超过 {limit} 字），请分成几条发送。"
FAILED = "抱歉，处理这条消息时出错了，已记录。请稍后再试，或联系专班办公室。"


async def handle_message(app: web.Application, msg: InboundMessage) -> list[OutboundMessage]:
    """Answer one verified message exactly once; a retry gets the stored answer."""
    if len(msg.text) > MAX_TEXT_CHARS:
        return [OutboundMessage(text=TOO_LONG.format(limit=MAX_TEXT_CHARS))]
    try:
        return await _process(app, msg)
    except IntegrityError:
        # A concurrent delivery of the same message committed first: answer as it did.
        return await _stored_answer(app, msg)
    except Exception:
        log.exception("message %s/%s from %s failed", msg.platform, msg.msg_id, msg.sender_id)
        return [OutboundMessage(text=FAILED)]


async def answer_once(app: web.Application, msg: InboundMessage) -> list[OutboundMessage]:
    """The answers to a new message; nothing for a redelivery, whose answer was already sent.

    For platforms that take the answer out of band (DingTalk, Feishu): a redelivery must not
    post its answer a second time.
    """
    async with app[DB].read() as session:
        if await inbound.find(session, msg.platform, msg.bot, msg.msg_id) is not None:
            return []
    return await handle_message(app, msg)


async def _process(app: web.Application, msg: InboundMessage) -> list[OutboundMessage]:
    async with app[DB].write() as session:
        seen = await inbound.find(session, msg.platform, msg.bot, msg.msg_id)
        if seen is not None:
            return _from_stored(seen.replies)
        ctx = await _context(app, session, msg)
        replies = await dispatch(app[ROUTER], ctx)
        renderer = app[RENDERER]
        answers = [
            OutboundMessage(text=renderer.reply(reply), mentions=reply.mentions)
            for reply in replies
        ]
        # Stored last, answer included, so it is one INSERT rather than an INSERT and an UPDATE;
        # the write transaction (and the unique key) still make a duplicate wait or fail.
        await inbound.record(
            session,
            platform=msg.platform,
            bot=msg.bot,
            msg_id=msg.msg_id,
            chat_id=msg.chat_id,
            sender=msg.sender_id,
            text=msg.text,
            received_at=msg.received_at,
            replies=[answer.model_dump(mode="json") for answer in answers],
        )
        await _queue_pushes(app, session, ctx.pushes)
        return answers


async def _context(app: web.Application, session: AsyncSession, msg: InboundMessage) -> Context:
    sender = await people.by_identity(session, msg.platform, msg.sender_id)
    return Context(
        session=session,
        settings=app[SETTINGS],
        calendar=app[CALENDAR].current,
        msg=msg,
        now=app[CLOCK].now(),
        sender=sender,
    )


async def _stored_answer(app: web.Application, msg: InboundMessage) -> list[OutboundMessage]:
    async with app[DB].read() as session:
        seen = await inbound.find(session, msg.platform, msg.bot, msg.msg_id)
    return _from_stored(seen.replies if seen else None)


def _from_stored(replies: list[Any] | None) -> list[OutboundMessage]:
    return [OutboundMessage.model_validate(reply) for reply in replies or []]


async def _queue_pushes(app: web.Application, session: AsyncSession, pushes: list[Push]) -> None:
    if not pushes:
        return
    settings, renderer, now = app[SETTINGS], app[RENDERER], app[CLOCK].now()
    for push in pushes:
        text = renderer.reply(push.reply)
        message = OutboundMessage(text=text, mentions=push.reply.mentions)
        for group in settings.groups:
            if group.role != push.role:
                continue
            await outbox.enqueue(
                session,
                key=f"{push.key}:{group.platform}:{group.name}",
                platform=group.platform,
                destination=group.name,
                payload=message.model_dump(mode="json"),
                now=now,
            )
