"""Time the 双周调度会 digest over 10,000 projects in 100 units (python bench/bench_digest.py)."""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time as timer
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli.jobs import job_context
from core.settings import load_settings
from domain.clock import SHANGHAI, parse_local_time
from scheduler.context import JobContext
from scheduler.digest import biweekly_digest
from storage.db import Database
from storage.migrate import upgrade

WAN = 10_000
AT = "2025-04-29 08:30"  # a Tuesday of the default series (anchor 2025-01-07)
# every project's light recorded after midnight, as the scheduler's leader records them when
# the day's first minute stops yesterday's from holding (scheduler.lights_on_record); with
# --no-lights none is recorded and the digest judges every one (a server started at 08:29)
LIT_AT = "2025-04-29 00:05"
LEADERS = 40
LED_PER_LEADER = 5
GROUPS = [
    {"name": "城区项目责任人群", "role": "owners"},
    {"name": "城区包联领导群", "role": "leaders"},
    {"name": "区项目攻坚专班办公室", "role": "office"},
]


def _stamp(at: datetime) -> str:
    """How the Stamp column keeps a time on SQLite: naive UTC text."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(path: Path, projects: int, units: int, weeks: int, lights: bool = True) -> int:
    """Fill the migrated SQLite file in bulk; returns how many reports were written."""
    rng = random.Random(17)
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO units (id, name, kind) VALUES (?, ?, '乡镇')",
        [(u + 1, f"单位{u + 1:03d}") for u in range(units)],
    )
    owners = max(1, projects // 3)
    people = [
        (p + 1, f"责任人{p + 1}", f"139{p + 1:08d}", p % units + 1, 1, 0, 0, 1)
        for p in range(owners)
    ]
    people += [
        (owners + n + 1, f"领导{n + 1}", f"138{n + 1:08d}", 1, 0, 1, 0, 1) for n in range(LEADERS)
    ]
    con.executemany(
        "INSERT INTO people (id, name, mobile, unit_id, is_owner, is_leader, is_admin, active)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        people,
    )
    rows = []
    for n in range(projects):
        annual = rng.randrange(500, 20_000) * WAN
        category = "新建" if n % 4 == 0 else "续建"
        started = date(2025, 3, 1) if category == "续建" or n % 8 else None
        stats = started if started and n % 5 else None
        planned = date(2025, 3, 15).isoformat() if category == "新建" else None
        status = "在建" if started else "前期"
        head = (n + 1, f"XM{n:06d}", f"项目{n}", n % units + 1, category, annual * 3, annual)
        dates = (started and started.isoformat(), stats and stats.isoformat())
        rows.append((*head, None, planned, status, *dates))
    con.executemany(
        "INSERT INTO projects (id, code, name, aliases, unit_id, locality, category, industry,"
        " total_investment_yuan, status, started_on, stats_entered_on,"
        " entered_ledger_on, active) VALUES (?, ?, ?, '', ?, '', ?, '', ?, ?, ?, ?,"
        " '2025-01-01', 1)",
        [(*row[:6], *row[9:]) for row in rows],
    )
    con.executemany(
        "INSERT INTO project_plans (project_id, year, annual_plan_yuan, monthly_plan_yuan,"
        " level, is_key, planned_start) VALUES (?, 2025, ?, ?, '一般', 0, ?)",
        [(row[0], row[6], row[7], row[8]) for row in rows],
    )
    con.executemany(
        "INSERT INTO project_owners (project_id, person_id) VALUES (?, ?)",
        [(n + 1, n % owners + 1) for n in range(projects)],
    )
    led = [
        (rng.randrange(projects) + 1, owners + leader + 1)
        for leader in range(LEADERS)
        for _ in range(LED_PER_LEADER)
    ]
    con.executemany(
        "INSERT OR IGNORE INTO project_leaders (project_id, person_id) VALUES (?, ?)", led
    )
    count = _reports(con, rng, rows, owners, weeks)
    _issues(con, rng, projects)
    if lights:
        _lights(con, rng, projects)
    con.commit()
    con.close()
    return count


def _reports(
    con: sqlite3.Connection, rng: random.Random, projects: list[tuple], owners: int, weeks: int
) -> int:
    """Weekly reports up to week `weeks`; each project runs at its own pace against the plan."""
    reports = []
    for row in projects:
        project_id, annual = row[0], row[6]
        pace = rng.uniform(0.5, 1.3)
        done = 0
        for week in range(1, weeks + 1):
            if rng.random() < 0.1:
                continue  # a missed week
            monday = date.fromisocalendar(2025, week, 1)
            step = int(annual * 0.3 * pace / 16)
            done += step
            at = datetime.combine(monday + timedelta(days=3), time(10), SHANGHAI)
            owner = project_id % owners + 1
            reports.append(
                (project_id, f"2025-W{week:02d}", f"{at:%Y-%m}", owner, _stamp(at), step, done)
            )
    con.executemany(
        "INSERT INTO reports (project_id, period, month, reporter_id, received_at,"
        " period_investment_yuan, ytd_investment_yuan, progress_text, is_late, raw_text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, '正常施工', 0, '')",
        reports,
    )
    return len(reports)


def _issues(con: sqlite3.Connection, rng: random.Random, projects: int) -> None:
    """One open issue per 20 projects; half of them past their deadline."""
    issues = []
    for number in range(1, projects // 20 + 1):
        created = datetime(2025, 4, 1, 10, tzinfo=SHANGHAI) + timedelta(days=rng.randrange(20))
        deadline = date(2025, 4, 10) + timedelta(days=rng.randrange(20))
        project = rng.randrange(projects) + 1
        issues.append(
            (number, project, "临时用地手续未办结", _stamp(created), deadline.isoformat())
        )
    con.executemany(
        "INSERT INTO issues (number, project_id, text, category, state, escalation_level,"
        " created_at, deadline) VALUES (?, ?, ?, '用地', '已交办', 0, ?, ?)",
        issues,
    )


def _lights(con: sqlite3.Connection, rng: random.Random, projects: int) -> None:
    """Today's light of every project, recorded just after midnight (LIT_AT)."""
    colors = ("blue", "blue", "yellow", "red")
    recorded = _stamp(parse_local_time(LIT_AT))
    rows = []
    for n in range(projects):
        color = rng.choice(colors)
        ratio = {"blue": 1.05, "yellow": 0.9, "red": 0.6}[color]
        reason = (
            f'[{{"rule": "schedule", "color": "{color}", "text": "累计完成为序时的 {ratio:.0%}"}}]'
        )
        rows.append((n + 1, LIT_AT[:10], color, ratio, reason, recorded))
    con.executemany(
        "INSERT INTO light_history (project_id, day, color, schedule_ratio, reasons, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


async def run(projects: int, units: int, repeat: int, lights: bool) -> None:
    """Generate the ledger, then time the digest job end to end, without and with the chart."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        db = Database(url)
        await upgrade(db)
        started = timer.perf_counter()
        reports = generate(path, projects, units, weeks=17, lights=lights)
        print(f"generated {projects} projects, {units} units, {reports} reports", end=" ")
        print(f"in {timer.perf_counter() - started:.1f}s")
        at = parse_local_time(AT)
        for platform, label in (("local", "text only"), ("wecom", "with chart")):
            groups = [{**group, "platform": platform} for group in GROUPS]
            ctx = job_context(load_settings(None, database={"url": url}, groups=groups), db)
            for attempt in range(1, repeat + 1):
                await _timed(ctx, at, f"digest {label}, run {attempt}")
        await db.dispose()


async def _timed(ctx: JobContext, at: datetime, label: str) -> None:
    """Run the job once; wall time, and CPU time (the machine may be shared)."""
    wall, cpu = timer.perf_counter(), timer.process_time()
    pushes = await biweekly_digest(ctx, at)
    wall, cpu = timer.perf_counter() - wall, timer.process_time() - cpu
    chars = sum(len(p.message.text) for p in pushes)
    images = sum(1 for p in pushes if p.message.image_png_base64)
    print(f"{label}: {wall:.3f}s wall, {cpu:.3f}s CPU", end="  ")
    print(f"({len(pushes)} pushes, {chars} characters, {images} image)")


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-lights", action="store_true", help="no light history: every light is judged now"
    )
    args = parser.parse_args()
    asyncio.run(run(args.projects, args.units, args.repeat, not args.no_lights))


if __name__ == "__main__":
    main()
