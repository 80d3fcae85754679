"""A 2026 ledger for the office's targets, small enough to work every figure out by hand.

Amounts in 万元; the default curve (3/8/18/28 % at the ends of Jan–Apr). "Today" in the tests
is 2026-04-15 unless a test says otherwise.

| code | project        | unit     | kind | plan  | key           | start / 复工       |
|------|----------------|----------|------|-------|---------------|--------------------|
| T1   | 城区智慧物流园 | 北石店镇 | 续建 | 12000 | 市重点, 20大  | reported 2026      |
| T2   | 标准化厂房     | 北石店镇 | 新建 | 8000  | 区县重点      | plan 3-10, on 3-20 |
| T3   | 污水管网改造   | 北石店镇 | 新建 | 1000  |               | plan 4-1, not yet  |
| T4   | 老旧小区改造   | 西街街道 | 续建 | 3000  |               | nothing in 2026    |
| T5   | 学校扩建       | 西街街道 | 新建 | 6000  | 省重点, 1355  | plan 6-1, not yet  |
| T6   | 体育馆         | 东街街道 | 续建 | 2000  |               | 复工 declared 2-20 |
| T7   | 商业街改造     | 东街街道 | 新建 | 500   |               | plan 2-1, on 2-15  |

Planned 竣工: T5 2026-12-20, T6 2026-05-10, T7 2026-03-31 (passed, not declared).
Reports (year-to-date cumulative unless noted):
- T1: 3-27 累计 2000 (本月完成 800); 4-10 累计 3000 (本月完成 1000); 4-14 累计 3500 (本月 1500);
  a 4-14 report of 9999 withdrawn.
- T2: 3-27 累计 500; 4-14 累计 900.
- T6: 本月完成 only: 4-10 本月 300, 4-14 本月 450 (month to date), no cumulative.
- T7: 3-27 累计 400 (入统 3-1).
Leaders: 钱副区长 包联 T1, T2, T3; 孙副区长 包联 T4, T5.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from bot.cli.jobs import job_context
from domain.clock import SHANGHAI
from domain.periods import period_of
from scheduler.context import JobContext
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Person, Project, ProjectLeader, ProjectOwner, Report, Unit
from tests.support.apps import app_settings
from tests.support.plans import plan_of

WAN = 10_000
ADMIN = "13900000001"
LEADER_QIAN = "13900000002"
LEADER_SUN = "13900000006"
OWNER_TOWN = "13900000003"
OWNER_STREET = "13900000004"
OWNER_EAST = "13900000005"
TODAY = date(2026, 4, 15)

PROJECTS = [
    # code, name, unit, category, annual 万, total 万, level, planned start, started, resumed, 竣工
    (
        "T1",
        "城区智慧物流园",
        "北石店镇",
        "续建",
        12000,
        60000,
        "市重点",
        None,
        date(2024, 3, 1),
        None,
        None,
    ),
    (
        "T2",
        "标准化厂房",
        "北石店镇",
        "新建",
        8000,
        20000,
        "区县重点",
        date(2026, 3, 10),
        date(2026, 3, 20),
        None,
        None,
    ),
    (
        "T3",
        "污水管网改造",
        "北石店镇",
        "新建",
        1000,
        3000,
        "一般",
        date(2026, 4, 1),
        None,
        None,
        None,
    ),
    (
        "T4",
        "老旧小区改造",
        "西街街道",
        "续建",
        3000,
        5000,
        "一般",
        None,
        date(2025, 5, 1),
        None,
        None,
    ),
    (
        "T5",
        "学校扩建",
        "西街街道",
        "新建",
        6000,
        9000,
        "省重点",
        date(2026, 6, 1),
        None,
        None,
        date(2026, 12, 20),
    ),
    (
        "T6",
        "体育馆",
        "东街街道",
        "续建",
        2000,
        4000,
        "一般",
        None,
        date(2025, 3, 1),
        date(2026, 2, 20),
        date(2026, 5, 10),
    ),
    (
        "T7",
        "商业街改造",
        "东街街道",
        "新建",
        500,
        800,
        "一般",
        date(2026, 2, 1),
        date(2026, 2, 15),
        None,
        date(2026, 3, 31),
    ),
]
TAGS = {"T1": "20大重点项目", "T5": "1355"}
STATS = {
    "T1": date(2024, 4, 1),
    "T4": date(2025, 6, 1),
    "T6": date(2025, 4, 1),
    "T7": date(2026, 3, 1),
}
OWNERS = {"北石店镇": OWNER_TOWN, "西街街道": OWNER_STREET, "东街街道": OWNER_EAST}
LEADS = {LEADER_QIAN: ("T1", "T2", "T3"), LEADER_SUN: ("T4", "T5")}
# code, received (local), cumulative 万 or None, 本月完成 万 or None, withdrawn
REPORTS = [
    ("T1", "2026-03-27 10:00", 2000, 800, False),
    ("T1", "2026-04-10 10:00", 3000, 1000, False),
    ("T1", "2026-04-14 10:00", 3500, 1500, False),
    ("T1", "2026-04-14 11:00", 9999, None, True),
    ("T2", "2026-03-27 11:00", 500, None, False),
    ("T2", "2026-04-14 11:00", 900, None, False),
    ("T6", "2026-04-10 11:00", None, 300, False),
    ("T6", "2026-04-14 12:00", None, 450, False),
    ("T7", "2026-03-27 12:00", 400, None, False),
]


def local(text: str) -> datetime:
    """A Shanghai time from `2026-04-14 10:00`."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


async def build_targets_ledger(db: Database) -> dict[str, int]:
    """Write the ledger above; project code → id."""
    async with db.write() as s:
        units = {name: Unit(name=name, kind="乡镇") for name in OWNERS}
        office = Unit(name="区发改科技局", kind="部门")
        s.add_all([*units.values(), office])
        await s.flush()
        people = {
            ADMIN: Person(name="赵敏", mobile=ADMIN, unit_id=office.id, is_admin=True),
            LEADER_QIAN: Person(
                name="钱副区长", mobile=LEADER_QIAN, unit_id=office.id, is_leader=True
            ),
            LEADER_SUN: Person(
                name="孙副区长", mobile=LEADER_SUN, unit_id=office.id, is_leader=True
            ),
            OWNER_TOWN: Person(
                name="张伟", mobile=OWNER_TOWN, unit_id=units["北石店镇"].id, is_owner=True
            ),
            OWNER_STREET: Person(
                name="李娜", mobile=OWNER_STREET, unit_id=units["西街街道"].id, is_owner=True
            ),
            OWNER_EAST: Person(
                name="王芳", mobile=OWNER_EAST, unit_id=units["东街街道"].id, is_owner=True
            ),
        }
        s.add_all(people.values())
        await s.flush()
        ids: dict[str, int] = {}
        for row in PROJECTS:
            code, name, unit, kind, annual, total, level, planned, started, resumed, done_by = row
            project = Project(
                code=code,
                name=name,
                unit_id=units[unit].id,
                category=kind,
                industry="基础设施",
                total_investment_yuan=total * WAN,
                status="在建" if started else "前期",
                started_on=started,
                resumed_on=resumed,
                stats_entered_on=STATS.get(code),
                entered_ledger_on=date(2026, 1, 5),
            )
            s.add(project)
            await s.flush()
            ids[code] = project.id
            plan = plan_of(
                project,
                2026,
                annual * WAN,
                level=level,
                planned_start=planned,
                planned_completion=done_by,
            )
            plan.key_tags = TAGS.get(code, "")
            s.add(plan)
            s.add(ProjectOwner(project_id=project.id, person_id=people[OWNERS[unit]].id))
        for mobile, codes in LEADS.items():
            for code in codes:
                s.add(ProjectLeader(project_id=ids[code], person_id=people[mobile].id))
        for code, when, ytd, month, withdrawn in REPORTS:
            received = local(when)
            owner = people[OWNERS[next(p[2] for p in PROJECTS if p[0] == code)]]
            s.add(
                Report(
                    project_id=ids[code],
                    period=period_of(received.date()).label,
                    month=f"{received:%Y-%m}",
                    reporter_id=owner.id,
                    received_at=received,
                    ytd_investment_yuan=None if ytd is None else ytd * WAN,
                    period_investment_yuan=None if month is None else month * WAN,
                    progress_text=f"{code}形象进度{when[5:10]}",
                    problems_text="临时用地手续未办结" if code == "T2" else None,
                    withdrawn_at=received if withdrawn else None,
                )
            )
    return ids


GROUPS = [
    {"name": "包联领导群", "platform": "local", "role": "leaders", "chat_id": "leaders"},
    {"name": "项目责任人群", "platform": "local", "role": "owners", "chat_id": "owners"},
    {"name": "专班办公室", "platform": "local", "role": "office", "chat_id": "office"},
    {"name": "西街街道项目群", "platform": "local", "role": "unit:西街街道", "chat_id": "west"},
]


async def targets_context(tmp_path: Path, now: str = "2026-04-15 10:00") -> JobContext:
    """A migrated database holding the ledger above, and the job context over it."""
    settings = app_settings(tmp_path, now=now, groups=GROUPS)
    db = Database(settings.database.url)
    await upgrade(db)
    await build_targets_ledger(db)
    return job_context(settings, db)
