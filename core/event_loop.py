"""The event loops this process runs: uvloop's, where it is installed.

uvloop (libuv) runs `diaodu serve`'s loop and each database worker's loop: its callbacks,
futures, sockets and cross-thread hand-overs (every chat message crosses to the writer's
thread and back, twice) cost less CPU than the pure-Python asyncio loop's. Measured here, one
hand-over to a worker and back: 38 µs with both loops uvloop's, 69 µs with both asyncio's,
59 µs from an asyncio loop (a test runner's) to a uvloop worker.
"""

from __future__ import annotations

import asyncio

try:
    import uvloop
except ImportError:  # a platform uvloop does not build for (Windows): asyncio's loop works too
    uvloop = None  # type: ignore[assignment]


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A new event loop: uvloop's if available."""
    if uvloop is not None:
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()
