"""Time the daily 亮灯 job over 100,000 projects (run: python bench/bench_lights.py).

The ledger is generated straight into a temporary SQLite file with `executemany` (100 units,
100,000 projects with owners, milestones, reports and a few issues), then the `lights` job is
run twice end to end, as the scheduler does (compute, record light history, compare with the
previous working day, render, queue): once with no history (every light is new) and once on
the next working day (only changes are pushed). The target of SPEC §8 is < 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli.jobs import job_context
from core.settings import load_settings
from domain.clock import parse_local_time
from scheduler.deliver import deliver
from scheduler.warnings import lights
from storage.db import Database
from storage.demo.bulk import UNITS, build
from storage.migrate import upgrade

FIRST_DAY = "2025-04-17 09:00"  # Thursday
SECOND_DAY = "2025-04-18 09:00"  # Friday: the comparison day


def _cpu_seconds() -> float:
    """CPU time of this process and of the finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _groups() -> list[dict[str, str]]:
    groups = [
        {"name": "项目责任人群", "platform": "local", "role": "owners"},
        {"name": "包联领导群", "platform": "local", "role": "leaders"},
        {"name": "专班办公室", "platform": "local", "role": "office"},
    ]
    groups += [
        {"name": f"乡镇{u}项目群", "platform": "local", "role": f"unit:乡镇{u}"}
        for u in range(1, UNITS + 1)
    ]
    return groups


async def run(count: int) -> None:
    """Generate the ledger, then time the lights job on two consecutive working days."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        settings = load_settings(
            None, database={"url": f"sqlite+aiosqlite:///{path}"}, groups=_groups()
        )
        db = Database(settings.database.url)
        await upgrade(db)
        started = time.perf_counter()
        build(path, count)
        print(f"generated {count:,} projects in {time.perf_counter() - started:.1f}s")
        ctx = job_context(settings, db)
        print(f"{os.cpu_count()} CPUs; load average before the runs: {os.getloadavg()[0]:.2f}")
        for label, text in (("first day (no history)", FIRST_DAY), ("next day", SECOND_DAY)):
            at = parse_local_time(text)
            cpu = _cpu_seconds()
            started = time.perf_counter()
            pushes = await lights(ctx, at)
            computed = time.perf_counter() - started
            new = await deliver(ctx, pushes, at)
            total = time.perf_counter() - started
            cpu = _cpu_seconds() - cpu
            verdict = "met" if total < 10 else "MISSED"
            print(
                f"{label}: {total:.2f}s end to end ({computed:.2f}s computing and recording,"
                f" {total - computed:.2f}s queuing), {len(pushes)} pushes, {new} new,"
                f" {count / total:,.0f} projects/s; {cpu:.1f} CPU-s in all processes;"
                f" target < 10 s {verdict}"
            )
        await db.dispose()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=100_000)
    args = parser.parse_args()
    logging.basicConfig(format="  %(message)s", stream=sys.stdout)
    logging.getLogger("scheduler.warnings").setLevel(logging.INFO)
    asyncio.run(run(args.projects))


if __name__ == "__main__":
    main()
