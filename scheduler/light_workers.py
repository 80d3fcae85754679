"""Lights of the whole ledger, judged in worker processes when the ledger is big.

Big ledgers are evaluated by several processes side by side, which also keeps the web server's
event loop free while 100,000 lights are worked out. A ledger too small to split but too big to
judge on the caller's loop (the scheduler's is the web server's) goes to one worker process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import sys
from asyncio.subprocess import PIPE
from datetime import datetime
from pathlib import Path

import storage
from domain.light_types import LightRules
from storage.db import Database
from storage.repos.light_changes import PartResult, light_changes
from storage.repos.scope import Part, active_ids, id_ranges

log = logging.getLogger(__name__)
MAX_WORKERS = 4
PART_MIN = 10_000  # projects per process below which starting one costs more than it saves
IN_PROCESS_MAX = 2_000
"""Projects judged on the caller's loop at most: it is held about 35 ms a thousand (measured:
330 ms for 10,000), against SPEC §8's 100 ms; a bigger ledger waits for a worker's start."""
WORKER = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from storage.repos.light_changes import worker_main; worker_main()"
)
ROOT = str(Path(storage.__file__).resolve().parent.parent)  # where the worker imports from


async def evaluate_all(
    db: Database,
    at: datetime,
    rules: LightRules,
    *,
    record: bool = True,
    keep: int | None = None,
    tell: bool = True,
) -> PartResult:
    """Every active project's light, recorded, with the changes; in parallel when it pays
    (`record`, `keep`, `tell`: as storage.repos.light_changes.light_changes takes them)."""
    workers = 1 if ":memory:" in db.url else min(os.cpu_count() or 1, MAX_WORKERS)
    async with db.read() as session:
        ids = await active_ids(session)
    parts = id_ranges(ids, workers, PART_MIN)
    small = len(parts) <= 1 and len(ids) <= IN_PROCESS_MAX
    if ":memory:" in db.url or small:  # another process cannot open an in-memory database
        part = parts[0] if parts else (0, -1)
        return await light_changes(db, at, rules, part, record=record, keep=keep, tell=tell)
    args = [(at, rules, part, record, keep, tell) for part in parts]
    results = await asyncio.gather(*(_in_worker(db.url, arg) for arg in args))
    merged = PartResult()
    for result in results:
        merged.changes += result.changes
        for step, seconds in result.seconds.items():  # the slowest process is what counts
            merged.seconds[step] = max(merged.seconds.get(step, 0.0), seconds)
        counted = ((merged.colors, result.colors), (merged.changed, result.changed))
        for mine, theirs in (*counted, (merged.first, result.first)):
            for unit, counts in theirs.items():
                into = mine.setdefault(unit, {})
                for color, count in counts.items():
                    into[color] = into.get(color, 0) + count
    return merged


async def _in_worker(
    url: str, args: tuple[datetime, LightRules, Part, bool, int | None, bool]
) -> PartResult:
    """One id range in a fresh interpreter.

    Not multiprocessing: its spawn re-imports the whole app in every worker, and a fork would
    inherit this process's running event loop. The worker imports only the storage modules.
    """
    code = WORKER.format(root=ROOT)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdin=PIPE, stdout=PIPE, stderr=PIPE
    )
    try:
        out, err = await process.communicate(pickle.dumps((url, *args)))
    except asyncio.CancelledError:
        process.kill()
        raise
    part = args[2]
    if process.returncode != 0:
        detail = err.decode(errors="replace")[-2000:]
        raise RuntimeError(f"亮灯计算子进程（项目 id {part}）失败：{detail}")
    if err.strip():
        log.warning("lights worker %s: %s", part, err.decode(errors="replace").strip())
    result: PartResult = pickle.loads(out)  # our own child, over our own pipe
    return result
