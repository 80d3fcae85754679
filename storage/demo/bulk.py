"""A synthetic ledger of any size, written straight into a migrated SQLite file.

100 units, 3,000 owners (mobiles 139000000xx…), the projects with owners, milestones, monthly
reports at 75%–134% of 序时 (30% never report) and a few issues: for the lights benchmark and
for load tests over 20,000 projects, where importing a workbook would take too long.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, timedelta
from pathlib import Path

from domain.clock import parse_local_time

WAN = 10_000
UNITS = 100
OWNERS = 3_000
CATEGORIES = ("续建", "续建", "续建", "新建", "新建", "前期", "储备")


def _stamp(text: str) -> str:
    """A local time as SQLite stores a Stamp column (naive UTC)."""
    at = parse_local_time(text).astimezone(UTC)
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def _projects(count: int) -> Iterator[tuple[object, ...]]:
    for n in range(1, count + 1):
        category = CATEGORIES[n % len(CATEGORIES)]
        started = None if category in ("新建", "前期", "储备") else "2024-03-01"
        stats = "2024-05-01" if started and n % 13 else None
        yield (
            n, f"XM{n:06d}", f"项目{n}", "", 1 + n % UNITS, category, "二产",
            _annual(n) * 3, "在建" if started else "前期", started, stats, "2025-01-01", True,
        )  # fmt: skip


def _annual(n: int) -> int:
    return (500 + n % 9_500) * WAN


def _plans(count: int) -> Iterator[tuple[object, ...]]:
    """Each project's 2025 plan."""
    for n in range(1, count + 1):
        annual = _annual(n)
        monthly = json.dumps([annual // 12] * 12) if n % 10 == 0 else None
        planned = (date(2025, 4, 1) + timedelta(days=n % 90)).isoformat()
        yield (n, 2025, annual, monthly, "一般", annual >= 5000 * WAN, planned)


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
            "INSERT INTO projects (id, code, name, aliases, unit_id, category, industry,"
            " total_investment_yuan, status, started_on, stats_entered_on, entered_ledger_on,"
            " active, locality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            _projects(count),
        )
        con.executemany(
            "INSERT INTO project_plans (project_id, year, annual_plan_yuan, monthly_plan_yuan,"
            " level, is_key, planned_start) VALUES (?, ?, ?, ?, ?, ?, ?)",
            _plans(count),
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
