"""A five-project ledger whose digest and ranking figures are worked out by hand.

Units and projects (年度计划, default curve 3/8/18/28 % at the ends of Jan–Apr, except 西城厂房
with its own monthly plan 0/0/200/200/… 万元):

| project    | unit     | kind | plan  | reported cumulative (万元)                          |
|------------|----------|------|-------|-----------------------------------------------------|
| 东城物流园 | 东城街道 | 续建 | 1200  | 2-28: 100, 3-28: 250, 4-18: 300, 4-25: 400          |
| 东城学校   | 东城街道 | 新建 | 600   | 3-28: 50, 4-25: 100 (a 4-26 report of 900 withdrawn)|
| 西城管网   | 西城街道 | 续建 | 2400  | 3-28: 450, 4-25: 600                                |
| 西城厂房   | 西城街道 | 新建 | 1000  | 3-28: 150, 4-25: 350 corrected the same day to 300  |
| 南村农业园 | 南村镇   | 新建 | 500   | none (not started, planned for 6-1)                 |
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
from storage.models import Issue, Person, Project, ProjectLeader, ProjectOwner, Report, Unit
from tests.support.apps import app_settings
from tests.support.plans import plan_of

WAN = 10_000
ADMIN = "13900000001"
LEADER = "13900000002"
OWNER = "13900000003"
OWN_PLAN_WAN = (0, 0, 200, 200, 100, 100, 100, 100, 100, 50, 25, 25)
GROUPS = [
    {"name": "包联领导群", "platform": "local", "role": "leaders", "chat_id": "leaders"},
    {"name": "项目责任人群", "platform": "local", "role": "owners", "chat_id": "owners"},
    {"name": "专班办公室", "platform": "local", "role": "office", "chat_id": "office"},
    {"name": "东城街道项目群", "platform": "local", "role": "unit:东城街道", "chat_id": "east"},
]


def at(text: str) -> datetime:
    """A Shanghai time from `2025-04-25 10:00`."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


async def ledger_context(tmp_path: Path, groups: list[dict[str, str]] | None = None) -> JobContext:
    """A migrated database holding the ledger above, and the job context over it."""
    settings = app_settings(tmp_path, groups=groups or GROUPS)
    db = Database(settings.database.url)
    await upgrade(db)
    await build(db)
    return job_context(settings, db)


async def build(db: Database) -> None:
    """Write the ledger, its reports and two issues."""
    async with db.write() as s:
        east, south, west = (Unit(name=n) for n in ("东城街道", "南村镇", "西城街道"))
        s.add_all([east, south, west])
        await s.flush()
        admin = Person(name="赵敏", mobile=ADMIN, unit_id=east.id, is_admin=True)
        leader = Person(name="钱副区长", mobile=LEADER, unit_id=east.id, is_leader=True)
        idle = Person(name="孙副区长", mobile="13900000006", unit_id=east.id, is_leader=True)
        owner = Person(name="张伟", mobile=OWNER, unit_id=east.id, is_owner=True)
        s.add_all([admin, leader, idle, owner])
        await s.flush()
        a1 = _project("A1", "东城物流园", east, "续建", 1200, started=date(2024, 3, 1))
        a2 = _project("A2", "东城学校", east, "新建", 600, started=date(2025, 3, 10))
        a2.stats_entered_on = None
        b1 = _project("B1", "西城管网", west, "续建", 2400, started=date(2024, 1, 1))
        b2 = _project("B2", "西城厂房", west, "新建", 1000, started=date(2025, 2, 1))
        b2.stats_entered_on = None
        c1 = _project("C1", "南村农业园", south, "新建", 500, started=None)
        c1.status = "前期"
        s.add_all([a1, a2, b1, b2, c1])
        await s.flush()
        b2_months = [v * WAN for v in (0, 0, 200, 200, 100, 100, 100, 100, 100, 50, 25, 25)]
        s.add_all(
            [
                plan_of(a1, 2025, 1200 * WAN),
                plan_of(a2, 2025, 600 * WAN),
                plan_of(b1, 2025, 2400 * WAN),
                plan_of(b2, 2025, 1000 * WAN, monthly=b2_months),
                plan_of(c1, 2025, 500 * WAN, planned_start=date(2025, 6, 1)),
            ]
        )
        s.add_all(ProjectOwner(project_id=p.id, person_id=owner.id) for p in (a1, a2, b1, b2, c1))
        s.add_all(ProjectLeader(project_id=p.id, person_id=leader.id) for p in (a1, b2))
        reports = {
            project.code: [_report(project, owner, day, wan) for day, wan in figures]
            for project, figures in [
                (a1, [("02-28", 100), ("03-28", 250), ("04-18", 300), ("04-25", 400)]),
                (a2, [("03-28", 50), ("04-25", 100)]),
                (b1, [("03-28", 450), ("04-25", 600)]),
                (b2, [("03-28", 150), ("04-25", 350)]),
            ]
        }
        s.add_all(r for rows in reports.values() for r in rows)
        await s.flush()
        # 西城厂房's 4-25 figure corrected to 300 the same day; 东城学校's 4-26 report withdrawn
        fixed = _report(b2, owner, "04-25", 300, hour=16)
        withdrawn = _report(a2, owner, "04-26", 900)
        withdrawn.withdrawn_at = at("2025-04-26 11:00")
        s.add_all([fixed, withdrawn])
        await s.flush()
        reports["B2"][-1].superseded_by_id = fixed.id
        s.add_all(
            [
                _issue(1, b2, "临时用地手续未办结", "2025-04-20 10:00", date(2025, 4, 25), west),
                _issue(2, a2, "施工许可待审批", "2025-04-10 10:00", date(2025, 5, 30), None),
            ]
        )


def _project(
    code: str, name: str, unit: Unit, category: str, plan_wan: int, started: date | None
) -> Project:
    """A project whose total is three times its 2025 plan of `plan_wan` 万元."""
    return Project(
        code=code,
        name=name,
        unit_id=unit.id,
        category=category,
        total_investment_yuan=plan_wan * 3 * WAN,
        status="在建" if started else "前期",
        started_on=started,
        stats_entered_on=started,
        entered_ledger_on=date(2025, 1, 1),
    )


def _report(project: Project, owner: Person, day: str, wan: int, hour: int = 10) -> Report:
    received = at(f"2025-{day} {hour:02d}:00")
    return Report(
        project_id=project.id,
        period=period_of(received.date()).label,
        month=received.strftime("%Y-%m"),
        reporter_id=owner.id,
        received_at=received,
        ytd_investment_yuan=wan * WAN,
        raw_text="",
    )


def _issue(
    number: int, project: Project, text: str, created: str, deadline: date, unit: Unit | None
) -> Issue:
    return Issue(
        number=number,
        project_id=project.id,
        text=text,
        category="用地",
        state="已交办" if unit else "发现",
        assigned_unit_id=unit.id if unit else None,
        deadline=deadline,
        created_at=at(created),
    )
