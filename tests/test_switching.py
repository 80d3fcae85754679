"""The GIL's switch interval is short while any app runs, and as found once the last stops."""

from __future__ import annotations

import sys

from aiohttp import web

from bot.switching import SWITCH_SECONDS, quick_switching


async def test_the_interval_is_short_while_any_app_runs_and_restored_after_the_last() -> None:
    found = sys.getswitchinterval()
    first, second = quick_switching(web.Application()), quick_switching(web.Application())
    await anext(first)
    await anext(second)
    assert sys.getswitchinterval() == SWITCH_SECONDS
    await anext(first, None)  # the first app stops while the second still runs
    assert sys.getswitchinterval() == SWITCH_SECONDS
    await anext(second, None)
    assert sys.getswitchinterval() == found
