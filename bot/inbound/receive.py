"""The one step every platform's view takes: store a message once, then answer it.

The message is stored first, in a small transaction of its own, and handled from there; a
view acknowledges only what is stored (StoreUnavailable means: answer the platform with an
error status, it will deliver again). A redelivery, sequential or concurrent, is never handled
again: it gets the stored answer where the platform takes answers in the response, nothing
where answers go out of band.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

from bot.inbound.flight import Flight, StoreUnavailable, joined, launch
from bot.inbound.late import IN_RESPONSE, LATE, Addressee, claim
from bot.keys import DB
from core.messages import InboundMessage, OutboundMessage
from storage.repos import inbound

log = logging.getLogger(__name__)
T = TypeVar("T")
POLL_SECONDS = 0.2
"""How often a redelivery looks for the answer another process is still working on."""
LONGEST_WAIT = 30.0
"""A redelivery without a deadline of its own waits at most this long for the answer."""


@dataclass(frozen=True)
class Receipt:
    """What a view answers its platform with."""

    answers: list[OutboundMessage] = field(default_factory=list)
    late: bool = False
    """Stored, but not answered in time: the answer follows through the platform's channel."""
    duplicate: bool = False


async def receive(
    app: web.Application,
    msg: InboundMessage,
    *,
    reply_to: dict[str, Any] | None = None,
    budget: float | None = None,
    out_of_band: bool = False,
    answer_duplicates: bool = True,
) -> Receipt:
    """Store `msg` once and answer it, in the Receipt if ready within `budget` seconds.

    `reply_to` keeps what a late answer needs (a response_url, a sessionWebhook). With
    `out_of_band` every answer goes through the platform's channel and the Receipt is empty.
    Raises StoreUnavailable when the message could not be stored within the budget.
    """
    until = None if budget is None else asyncio.get_running_loop().time() + budget
    earlier = joined(app, msg)
    flight = earlier or launch(app, msg, reply_to or {}, out_of_band)
    try:
        new = await _until(asyncio.shield(flight.stored), until)
    except TimeoutError as exc:
        raise StoreUnavailable(f"message {msg.msg_id} not stored within {budget} s") from exc
    if earlier is not None or not new:
        answers = await _again(app, msg, earlier, until) if answer_duplicates else []
        return Receipt(answers or [], duplicate=True)
    with contextlib.suppress(TimeoutError):
        await _until(flight.finished.wait(), until)
    if out_of_band:
        return Receipt()
    if flight.give_up_waiting():
        return Receipt(late=True)
    return Receipt(flight.answers or [])


async def handle_message(app: web.Application, msg: InboundMessage) -> list[OutboundMessage]:
    """Store and answer a message, waiting as long as it takes (the local adapter, tests)."""
    return (await receive(app, msg)).answers


async def _again(
    app: web.Application, msg: InboundMessage, flight: Flight | None, until: float | None
) -> list[OutboundMessage]:
    """What a redelivery answers in its response: the earlier answer, unless it went late."""
    if flight is not None and flight.stored.result():  # the earlier delivery here answers it
        try:
            await _until(flight.finished.wait(), until)
        except TimeoutError:
            return []
        return [] if flight.late else flight.answers or []
    loop = asyncio.get_running_loop()
    give_up = min(until or float("inf"), loop.time() + LONGEST_WAIT)
    while True:
        async with app[DB].read() as session:
            row = await inbound.find(session, msg.platform, msg.bot, msg.msg_id)
        if row is not None and row.state == inbound.DONE:
            break
        if loop.time() + POLL_SECONDS > give_up:
            return []  # the delivery that is answering it will deliver it
        await asyncio.sleep(POLL_SECONDS)
    if row.delivery == LATE or not row.replies:
        return []
    try:
        if not await claim(app, Addressee.of(msg, {}), IN_RESPONSE):
            return []
    except Exception as exc:  # the database is failing: an answer twice beats none
        log.warning("message %s: answer to a redelivery not claimed (%r)", msg.msg_id, exc)
    return [OutboundMessage.model_validate(reply) for reply in row.replies]


async def _until(awaitable: Awaitable[T], until: float | None) -> T:
    if until is None:
        return await awaitable
    async with asyncio.timeout_at(until):
        return await awaitable
