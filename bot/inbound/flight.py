"""One message's way through this process: stored, answered, the answer delivered.

Each new message gets a Flight, run as an owned task, so what was stored is answered even when
the request that brought it is gone. A second delivery arriving meanwhile joins the Flight
instead of touching the database.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.inbound.answer import AnswerDelayed, answer
from bot.inbound.late import Addressee, deliver_late
from bot.keys import TASKS, WRITER
from core.messages import InboundMessage, OutboundMessage
from storage.repos import inbound

log = logging.getLogger(__name__)
Key = tuple[str, str, str]


def _future() -> asyncio.Future[bool]:
    return asyncio.get_running_loop().create_future()


class StoreUnavailable(Exception):
    """The message could not be stored: the platform must be told to deliver it again."""


@dataclass
class Flight:
    """A message being stored and answered in this process."""

    msg: InboundMessage
    reply_to: dict[str, Any]
    out_of_band: bool
    """The platform takes answers only out of band (DingTalk, Feishu), never in the response."""
    stored: asyncio.Future[bool] = field(default_factory=_future)
    """True once stored as new, False if it was stored before; StoreUnavailable if not stored."""
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    answers: list[OutboundMessage] | None = None
    late: bool = False
    """The response went out without the answer, which must now go out of band (once)."""

    @property
    def addressee(self) -> Addressee:
        """Where an out-of-band answer goes."""
        return Addressee.of(self.msg, self.reply_to)

    def give_up_waiting(self) -> bool:
        """Called when a response leaves without the answer: True if it must follow late."""
        if self.finished.is_set() and self.answers is not None:
            return False
        self.late = True
        return True


FLIGHTS = web.AppKey("inbound_flights", dict)


def key_of(msg: InboundMessage) -> Key:
    """The de-duplication key of a message."""
    return (msg.platform, msg.bot, msg.msg_id)


def joined(app: web.Application, msg: InboundMessage) -> Flight | None:
    """The Flight of an earlier delivery of `msg` still under way in this process."""
    flights: dict[Key, Flight] = app[FLIGHTS]
    return flights.get(key_of(msg))


def launch(
    app: web.Application, msg: InboundMessage, reply_to: dict[str, Any], out_of_band: bool
) -> Flight:
    """Start storing and answering a message in an owned task."""
    flight = Flight(msg, reply_to, out_of_band)
    flights: dict[Key, Flight] = app[FLIGHTS]
    flights[key_of(msg)] = flight
    app[TASKS].start(_fly(app, flight), name=f"inbound:{'/'.join(key_of(msg))}")
    return flight


async def _fly(app: web.Application, flight: Flight) -> None:
    try:
        if not await _store(app, flight):
            return
        try:
            flight.answers, mine = await answer(app, flight.msg)
        except AnswerDelayed as exc:
            log.error("message %s: stored, answer delayed; the sweeper will retry", exc)
            flight.late = True
            return
        # Settled synchronously with `give_up_waiting`: both run on this loop, no await between.
        flight.finished.set()
        if mine and (flight.out_of_band or flight.late):
            await deliver_late(
                app, flight.addressee, flight.answers, claim_first=not flight.out_of_band
            )
    finally:
        flight.finished.set()
        app[FLIGHTS].pop(key_of(flight.msg), None)


async def _store(app: web.Application, flight: Flight) -> bool:
    msg = flight.msg
    row = inbound.row_of(msg, flight.reply_to)
    try:
        new = await app[WRITER].run(lambda session: inbound.accept(session, row))
    except Exception as exc:
        failure = StoreUnavailable(f"message {'/'.join(key_of(msg))} not stored: {exc!r}")
        log.warning("%s", failure)
        flight.stored.set_exception(failure)
        flight.stored.exception()  # whoever waited may be gone; the log above tells
        return False
    flight.stored.set_result(new)
    return new
