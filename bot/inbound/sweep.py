"""Messages stored but left unanswered (a crash, a database that kept failing) get answered.

Every process sweeps: a message still unanswered at two sweeps in a row, and not under way in
this process, is answered again from its stored row and the answer sent out of band. Storing
the answer is conditional on the message being unanswered, so two processes sweeping at once
answer it once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.inbound.answer import AnswerDelayed, answer
from bot.inbound.flight import FLIGHTS
from bot.inbound.late import Addressee, deliver_late
from bot.keys import DB, TASKS
from storage.models import Inbound
from storage.repos import inbound

log = logging.getLogger(__name__)
SWEEP_SECONDS = 30.0
BATCH = 100


class Sweeper:
    """Remembers what was unanswered at the last sweep."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self._seen: set[int] = set()

    async def sweep(self) -> int:
        """Answer the messages unanswered since the last sweep; how many were answered."""
        async with self.app[DB].read() as session:
            rows = await inbound.waiting(session, BATCH)
        flying = self.app[FLIGHTS]
        idle = [r for r in rows if (r.platform, r.bot, r.platform_msg_id) not in flying]
        due = [row for row in idle if row.id in self._seen]
        self._seen = {row.id for row in idle} - {row.id for row in due}
        answered = 0
        for row in due:
            answered += await self._retry(row)
        return answered

    async def run_forever(self, every: float) -> None:
        """Sweep every `every` seconds until cancelled."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.sweep()
            except Exception:
                log.exception("inbound sweep failed; trying again in %s s", every)

    async def _retry(self, row: Inbound) -> int:
        msg = inbound.message_of(row)
        log.warning("message %s/%s was left unanswered; answering it now", row.platform, row.id)
        try:
            answers, mine = await answer(self.app, msg)
        except AnswerDelayed:
            return 0
        if mine:
            await deliver_late(self.app, Addressee.of_row(row), answers, claim_first=True)
        return 1


def add_sweeper(app: web.Application, every: float = SWEEP_SECONDS) -> None:
    """Run the sweeper as a service of the app, once its database is up."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        app[TASKS].start(Sweeper(app).run_forever(every), name="inbound-sweeper", service=True)
        yield

    app.cleanup_ctx.append(context)
