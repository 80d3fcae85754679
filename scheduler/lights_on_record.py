"""Today's lights on record, kept current while this process runs the scheduled jobs.

Chat's lists and the read API take a project's recorded light while it still holds: judged
since the day began and since the last weekly reporting deadline (domain.lights.holds_since).
The daily lights job records every project's light on working days at its hour; before it, on
days without it (weekends, holidays) and after the Friday deadline nothing recorded held, and
each `/亮灯` judged every project anew (10,000 projects: 0.8–0.9 s, against 0.34 s read as
recorded). So the scheduler's leader looks every minute whether such a moment has passed since
it last recorded, and then records every active project's light, telling nobody: the warnings
keep their own record of what they told (storage.repos.light_changes).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from core.settings.light_rules import light_rules
from domain.lights import holds_since
from scheduler.context import JobContext
from scheduler.light_workers import evaluate_all

log = logging.getLogger(__name__)
EVERY = 60.0
"""Seconds between looks: a reporting deadline is recorded past within about a minute."""


class LightsOnRecord:
    """Records every light once per stretch in which a recorded light holds."""

    def __init__(self) -> None:
        self.kept_since: datetime | None = None
        """The start of the stretch the lights were last recorded in."""
        self._one_at_a_time = asyncio.Lock()

    async def keep(self, ctx: JobContext, now: datetime) -> bool:
        """Record every active project's light unless recorded since lights last stopped
        holding; whether it recorded."""
        async with self._one_at_a_time:
            return await self._keep(ctx, now)

    async def _keep(self, ctx: JobContext, now: datetime) -> bool:
        rules = light_rules(ctx.settings, ctx.calendar)
        since = holds_since(now, rules.calendar, rules.thresholds)
        if self.kept_since is not None and self.kept_since >= since:
            return False
        result = await evaluate_all(ctx.db, now, rules, tell=False)
        self.kept_since = since
        counted = sum(sum(colors.values()) for colors in result.colors.values())
        log.info("lights on record: %d projects judged at %s", counted, now.isoformat())
        return True
