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
import json
import logging
import os
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli.jobs import job_context
from core.settings import load_settings
from domain.clock import parse_local_time
from scheduler.deliver import deliver
from scheduler.warnings import lights
from storage.db import Database
from storage.migrate import upgrade

WAN = 10_000
UNITS = 100
OWNERS = 3_000
CATEGORIES = ("续建", "续建", "续建", "新建", "新建", "前期", "储备")
FIRST_DAY = "2025-04-17 09:00"  # Thursday
SECOND_DAY = "2025-04-18 09:00"  # Friday: the comparison day


def _stamp(text: str) -> str:
    """A local time as SQLite stores a Stamp column (naive UTC)."""
    at = parse_local_time(text).astimezone(UTC)
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def _projects(count: int) -> Iterator[tuple[object, ...]]:
    for n in range(1, count + 1):
        category = CATEGORIES[n % len(CATEGORIES)]
        annual = (500 + n % 9_500) * WAN
        monthly = json.dumps([annual // 12] * 12) if n % 10 == 0 else None
        started = None if category in ("新建", "前期", "储备") else "2024-03-01"
        stats = "2024-05-01" if started and n % 13 else None
        planned = (date(2025, 4, 1) + timedelta(days=n % 90)).isoformat()
        yield (
            n, f"XM{n:06d}", f"项目{n}", "", 1 + n % UNITS, category, "二产", "一般",
            annual >= 5000 * WAN, annual * 3, annual, monthly, planned,
            "在建" if started else "前期", started, stats, "2025-01-01", True,
        )  # fmt: skip


def _milestones(count: int) -> Iterator[tuple[object, ...]]:
    for n in range(1, count + 1):
        yield (n, "赋码", "2025-02-01", "2025-01-20")
        due = date(2025, 4, 10) + timedelta(days=n % 40)
        yield (n, "施工许可", due.isoformat(), None if n % 3 else due.isoformat())


def _reports(count: int) -> Iterator[tuple[object, ...]]:
    """Monthly reports at 75%–134% of 序时, so lights come out mixed; 30% never report."""
    reports = (
        ("2025-W07", "2025-02", "2025-02-13 10:00", 8),
        ("2025-W12", "2025-03", "2025-03-20 10:00", 18),
        ("2025-W15", "2025-04", "2025-04-10 10:00", 22),
    )
    for n in range(1, count + 1):
        if n % 10 < 3:
            continue
        annual = (500 + n % 9_500) * WAN
        factor = 75 + n % 60
        for period, month, at, share in reports:
            ytd = annual * share * factor // 10_000
            yield (n, period, month, 1 + n % OWNERS, _stamp(at), ytd // 4, ytd, "施工中")


def build(path: Path, count: int) -> None:
    """Fill the migrated database at `path` with `count` projects."""
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO units (id, name, kind) VALUES (?, ?, '乡镇')",
            [(u, f"乡镇{u}") for u in range(1, UNITS + 1)],
        )
        con.executemany(
            "INSERT INTO people (id, name, mobile, unit_id, is_owner, is_leader, is_admin, active)"
            " VALUES (?, ?, ?, ?, 1, 0, 0, 1)",
            [(p, f"责任人{p}", f"139{p:08d}", 1 + p % UNITS) for p in range(1, OWNERS + 1)],
        )
        con.executemany(
            "INSERT INTO projects (id, code, name, aliases, unit_id, category, industry, level,"
            " is_key, total_investment_yuan, annual_plan_yuan, monthly_plan_yuan, planned_start,"
            " status, started_on, stats_entered_on, entered_ledger_on, active, locality)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            _projects(count),
        )
        con.executemany(
            "INSERT INTO project_owners (project_id, person_id) VALUES (?, ?)",
            [(n, 1 + n % OWNERS) for n in range(1, count + 1)],
        )
        con.executemany(
            "INSERT INTO milestones (project_id, name, due_on, done_on) VALUES (?, ?, ?, ?)",
            _milestones(count),
        )
        con.executemany(
            "INSERT INTO reports (project_id, period, month, reporter_id, received_at,"
            " period_investment_yuan, ytd_investment_yuan, progress_text, is_late, raw_text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '')",
            _reports(count),
        )
        con.executemany(
            "INSERT INTO issues (number, project_id, text, category, state, assigned_unit_id,"
            " deadline, escalation_level, created_at) VALUES (?, ?, '临时用地手续未办结', '用地',"
            " '已交办', ?, ?, 0, ?)",
            [
                (i, n, 1 + n % UNITS, f"2025-04-{10 + i % 15:02d}", _stamp("2025-04-01 10:00"))
                for i, n in enumerate(range(7, count + 1, 97), start=1)
            ],
        )
    con.close()


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
