"""Answering a stored message once: the handler, its answer and its pushes in one write job."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import CALENDAR, CLOCK, DB, READERS, RENDERER, ROUTER, SETTINGS, WRITER
from core.messages import InboundMessage, OutboundMessage
from handlers.context import Context, Push
from handlers.dispatch import dispatch, reads_only
from storage.readers import refused_write
from storage.repos import inbound, outbox, people
from storage.writer import Job, transient

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
    job = await _first_job(app, msg)
    for delay in (*RETRY_DELAYS, None):
        try:
            return await app[WRITER].run(job), True
        except _AlreadyAnswered:
            return await stored_answer(app, msg) or [], False
        except Exception as exc:
            if not transient(exc):
                # A bug in a handler (an IntegrityError included): its writes are undone, the
                # sender is told, and a redelivery gets the same answer.
                log.exception("message %s from %s failed", _name(msg), msg.sender_id)
                job = partial(_store, msg, [OutboundMessage(text=FAILED)])
                continue
            log.warning("message %s: answer not stored (%r); trying again", _name(msg), exc)
        if delay is not None:
            await asyncio.sleep(delay)
    raise AnswerDelayed(_name(msg))


async def _first_job(app: web.Application, msg: InboundMessage) -> Job[list[OutboundMessage]]:
    """The write job answering `msg`: all of it, or, for a command that only reads, storing the
    answer composed on a reader thread (outside the writer's transactions)."""
    if not reads_only(app[ROUTER], msg.text):
        return partial(_handle, app, msg)
    try:
        answers, pushes = await app[READERS].run(partial(_compose, app, msg), lane="chat")
    except Exception as exc:  # it wrote after all, or failed: run it the ordinary way
        if not refused_write(exc):
            log.warning("message %s: read-only answer failed (%r)", _name(msg), exc)
        return partial(_handle, app, msg)
    return partial(_store_composed, app, msg, answers, pushes)


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
    answers, pushes = await _compose(app, msg, session)
    return await _store_composed(app, msg, answers, pushes, session)


async def _store_composed(
    app: web.Application,
    msg: InboundMessage,
    answers: list[OutboundMessage],
    pushes: list[Push],
    session: AsyncSession,
) -> list[OutboundMessage]:
    await _queue_pushes(app, session, pushes)
    return await _store(msg, answers, session)


async def _compose(
    app: web.Application, msg: InboundMessage, session: AsyncSession
) -> tuple[list[OutboundMessage], list[Push]]:
    """The handler's answer, rendered, and the pushes it asked for."""
    if len(msg.text) > MAX_TEXT_CHARS:
        return [OutboundMessage(text=TOO_LONG.format(limit=MAX_TEXT_CHARS))], []
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
    budgets = app[SETTINGS].messages
    answers = [
        OutboundMessage(
            text=renderer.reply(
                reply,
                budgets.for_role(reply.budget) if reply.budget else None,
                dialect=msg.platform,
            ),
            mentions=reply.mentions,
        )
        for reply in replies
    ]
    return answers, ctx.pushes


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
        for group in settings.groups:
            if group.role != push.role:
                continue
            # Rendered for the group's platform: user text made inert in that platform's markup.
            text = renderer.reply(push.reply, dialect=group.platform)
            message = OutboundMessage(text=text, mentions=push.reply.mentions)
            await outbox.enqueue(
                session,
                key=f"{push.key}:{group.platform}:{group.name}",
                platform=group.platform,
                destination=group.name,
                payload=message.model_dump(mode="json"),
                now=now,
            )
