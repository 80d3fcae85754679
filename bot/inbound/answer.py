"""Answering a stored message once: the handler, its answer and its pushes in one write job."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import CALENDAR, CLOCK, DB, RENDERER, ROUTER, SETTINGS, WRITER
from core.messages import InboundMessage, OutboundMessage
from handlers.context import Context, Push
from handlers.dispatch import dispatch
from storage.repos import inbound, outbox, people
from storage.writer import WriteFailed

log = logging.getLogger(__name__)
MAX_TEXT_CHARS = 10_000
TOO_LONG = "消息太长（超过 {limit} 字），请分成几条发送。"
FAILED = "抱歉，处理这条消息时出错了，已记录。请稍后再试，或联系专班办公室。"
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0)
"""Seconds between tries while the database refuses the write; then the sweeper takes over."""


class AnswerDelayed(Exception):
    """The database kept failing: the message stays stored, unanswered, for the sweeper."""


class _AlreadyAnswered(Exception):
    """Another delivery (or process) answered this message first; this try is undone."""


async def answer(app: web.Application, msg: InboundMessage) -> tuple[list[OutboundMessage], bool]:
    """Handle a stored message and store its answer, once.

    Returns the answer and whether this call stored it (False: another delivery or process
    answered it first, and delivers it).
    """
    job = partial(_handle, app, msg)
    for delay in (*RETRY_DELAYS, None):
        try:
            return await app[WRITER].run(job), True
        except _AlreadyAnswered:
            return await stored_answer(app, msg) or [], False
        except WriteFailed as exc:
            log.warning("message %s: answer not stored (%s); trying again", _name(msg), exc)
        except Exception:
            # A bug in a handler (an IntegrityError included): its writes are undone, the
            # sender is told, and a redelivery gets the same answer.
            log.exception("message %s from %s failed", _name(msg), msg.sender_id)
            job = partial(_store, msg, [OutboundMessage(text=FAILED)])
            continue
        if delay is not None:
            await asyncio.sleep(delay)
    raise AnswerDelayed(_name(msg))


async def stored_answer(app: web.Application, msg: InboundMessage) -> list[OutboundMessage] | None:
    """The answer stored for a message; None while it has none."""
    async with app[DB].read() as session:
        row = await inbound.find(session, msg.platform, msg.bot, msg.msg_id)
    if row is None or row.state != inbound.DONE:
        return None
    return [OutboundMessage.model_validate(reply) for reply in row.replies or []]


def _name(msg: InboundMessage) -> str:
    return f"{msg.platform}/{msg.bot}/{msg.msg_id}"


async def _handle(
    app: web.Application, msg: InboundMessage, session: AsyncSession
) -> list[OutboundMessage]:
    if len(msg.text) > MAX_TEXT_CHARS:
        too_long = OutboundMessage(text=TOO_LONG.format(limit=MAX_TEXT_CHARS))
        return await _store(msg, [too_long], session)
    ctx = Context(
        session=session,
        settings=app[SETTINGS],
        calendar=app[CALENDAR].current,
        msg=msg,
        now=app[CLOCK].now(),
        sender=await people.by_identity(session, msg.platform, msg.sender_id),
    )
    replies = await dispatch(app[ROUTER], ctx)
    renderer = app[RENDERER]
    answers = [
        OutboundMessage(text=renderer.reply(reply), mentions=reply.mentions) for reply in replies
    ]
    await _queue_pushes(app, session, ctx.pushes)
    return await _store(msg, answers, session)


async def _store(
    msg: InboundMessage, answers: list[OutboundMessage], session: AsyncSession
) -> list[OutboundMessage]:
    stored: list[dict[str, Any]] = [answer.model_dump(mode="json") for answer in answers]
    if not await inbound.finish(session, msg.platform, msg.bot, msg.msg_id, stored):
        raise _AlreadyAnswered(_name(msg))
    return answers


async def _queue_pushes(app: web.Application, session: AsyncSession, pushes: list[Push]) -> None:
    if not pushes:
        return
    settings, renderer, now = app[SETTINGS], app[RENDERER], app[CLOCK].now()
    for push in pushes:
        message = OutboundMessage(text=renderer.reply(push.reply), mentions=push.reply.mentions)
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
