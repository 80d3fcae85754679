"""Watching the holidays file, so an imported notice counts without a restart."""

from __future__ import annotations

import asyncio

from domain.live_calendar import LiveCalendar

CHECK_EVERY = 5.0  # seconds: a stat of one file, cheap enough to do often


async def watch(calendar: LiveCalendar, every: float = CHECK_EVERY) -> None:
    """Re-read the holidays file whenever it changes; until cancelled."""
    while True:
        await asyncio.sleep(every)
        await asyncio.to_thread(calendar.refresh)
