"""The cyclic garbage collector, tuned for a server whose reader threads build big results.

A query over 20,000 projects keeps a few hundred thousand objects alive until its reply is
sent. With CPython's default thresholds the collector runs a full pass every 70,000 net new
objects or so, in whichever thread allocates, holding the GIL while it walks the whole heap:
measured here, eight passes of 130–300 ms during one /api/projects with /亮灯 beside it, each
stalling the event loop (a /healthz took 2.4 s on a busy machine). So, while the app runs:

- what exists once it has started (modules, settings, templates, a test runner's own objects)
  is frozen out of the collector's passes: it lives as long as the process;
- a full pass waits for about 7 million net new objects (100 times CPython's default), so
  a big query meets only the young generations' passes, a few milliseconds at most. The
  objects of a result are freed by reference counting once it is sent; cycles are rare here
  and still collected, by the young passes or a later full one;
- a young pass comes every 20,000 net new objects, not every 700: a chat report makes a few
  thousand that live until it is answered, and the default walked them several times over
  (2–3% of a report's CPU, measured with bench/bench_inbound.py's phases).

On cleanup the thresholds are restored and the frozen objects handed back (tests start many
apps in one process; the last to stop leaves the collector as the first found it).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator

from aiohttp import web

YOUNG = 20_000  # net new objects between young passes (CPython's default: 700)
FULL = 7_000_000  # net new objects between full passes (about 100 times the default)
_found: list[tuple[int, int, int]] = []  # the thresholds each running app found


async def tuned_collector(app: web.Application) -> AsyncIterator[None]:
    """Freeze what start-up built and make full passes rare, until cleanup."""
    young, middle, old = gc.get_threshold()
    _found.append((young, middle, old))
    gc.freeze()
    gc.set_threshold(max(young, YOUNG), middle, max(old, FULL // (YOUNG * middle)))
    yield
    first = _found.pop()
    if not _found:
        gc.set_threshold(*first)
        gc.unfreeze()
