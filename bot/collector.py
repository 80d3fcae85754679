"""The cyclic garbage collector, tuned for a server whose reader threads build big results.

A query over 20,000 projects keeps a few hundred thousand objects alive until its reply is
sent. With CPython's default thresholds the collector runs a full pass every 70,000 net new
objects or so, in whichever thread allocates, holding the GIL while it walks the whole heap:
measured here, eight passes of 130–300 ms during one /api/projects with /亮灯 beside it, each
stalling the event loop (a /healthz took 2.4 s on a busy machine). So, while the app runs:

- what exists once it has started (modules, settings, templates, a test runner's own objects)
  is frozen out of the collector's passes: it lives as long as the process;
- a full pass waits for 100 times as many young passes (about 7 million net new objects), so
  a big query meets only the young generations' passes, well under a millisecond each. The
  objects of a result are freed by reference counting once it is sent; cycles are rare here
  and still collected, by the young passes or a later full one.

On cleanup the thresholds are restored and the frozen objects handed back (tests start many
apps in one process; the last to stop leaves the collector as the first found it).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator

from aiohttp import web

OLD = 1_000  # young passes between full passes (CPython's default: 10)
_found: list[tuple[int, int, int]] = []  # the thresholds each running app found


async def tuned_collector(app: web.Application) -> AsyncIterator[None]:
    """Freeze what start-up built and make full passes rare, until cleanup."""
    young, middle, old = gc.get_threshold()
    _found.append((young, middle, old))
    gc.freeze()
    gc.set_threshold(young, middle, max(old, OLD))
    yield
    first = _found.pop()
    if not _found:
        gc.set_threshold(*first)
        gc.unfreeze()
