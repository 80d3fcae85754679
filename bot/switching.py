"""How often the process's threads take turns holding the GIL, while the app runs.

The reader threads run big queries, renders and exports in Python while the event loop
answers the platforms. CPython hands the GIL over when a thread that wants it has waited the
switch interval (5 ms by default), but with two busy readers the loop, waking for each
callback, can lose that hand-over again and again: measured here with five big queries over
20,000 projects at once (`tests/test_loop_free.py`), the loop was held 0.6–2.1 s at a time.
At 1 ms it was never held over 60 ms, for about a tenth more wall time of the queries
themselves. Restored when the last app stops (tests start many apps in one process).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

from aiohttp import web

SWITCH_SECONDS = 0.001
_running: list[float] = []
"""The interval each running app found; the first one is restored when the last app stops."""


async def quick_switching(app: web.Application) -> AsyncIterator[None]:
    """Let a waiting thread (the loop) take the GIL after 1 ms, until the last app stops."""
    _running.append(sys.getswitchinterval())
    sys.setswitchinterval(SWITCH_SECONDS)
    yield
    first = _running[0]
    _running.pop()
    if not _running:
        sys.setswitchinterval(first)
