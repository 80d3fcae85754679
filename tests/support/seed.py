"""A small hand-made ledger for chat tests (amounts in yuan)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import Milestone, Person, Project, ProjectLeader, ProjectOwner, Unit
from tests.support.plans import plan_of

WAN = 10_000
YI = 100_000_000
ADMIN = "13900000001"
LEADER = "13900000002"
OWNER = "13900000003"  # 张伟, owner of 物流园 and 厂房 (北石店镇)
OWNER2 = "13900000004"  # 李娜, owner of 老旧小区 (西街街道)
COLLEAGUE = "13900000005"  # 王强, 北石店镇 staff, owner of nothing
STRANGER = "13900000099"  # not in the ledger
# 张伟's weekly report on 物流园 as the platform tests send it, and the start of the bot's answer.
REPORT = "进度 城区智慧物流园\n本月完成：1200万\n累计完成：3500万\n形象进度：主体结构封顶"
CONFIRMATION = "已收到“城区智慧物流园”2025年第17周"


async def seed(db: Database, entered: date = date(2025, 4, 1)) -> None:
    """Three units, five people, four projects with milestones."""
    async with db.write() as s:
        town = Unit(name="北石店镇", kind="乡镇")
        street = Unit(name="西街街道", kind="街道")
        office = Unit(name="区发改科技局", kind="部门")
        s.add_all([town, street, office])
        await s.flush()
        admin = Person(name="赵敏", mobile=ADMIN, unit_id=office.id, is_admin=True)
        leader = Person(name="钱副区长", mobile=LEADER, unit_id=office.id, is_leader=True)
        owner = Person(name="张伟", mobile=OWNER, unit_id=town.id, is_owner=True)
        owner2 = Person(name="李娜", mobile=OWNER2, unit_id=street.id, is_owner=True)
        colleague = Person(name="王强", mobile=COLLEAGUE, unit_id=town.id)
        s.add_all([admin, leader, owner, owner2, colleague])
        await s.flush()
        projects = [
            _project("P001", "城区智慧物流园", "物流园", town.id, 60_000, "续建", entered),
            _project("P002", "北石店工业园区标准化厂房", "厂房", town.id, 20_000, "新建", entered),
            _project("P003", "西街老旧小区改造", "老旧小区", street.id, 5_000, "续建", entered),
            _project("P004", "北石店污水管网改造", "", town.id, 3_000, "续建", entered),
        ]
        projects[1].status = "前期"
        projects[1].started_on = None
        s.add_all(projects)
        await s.flush()
        # each project's plan for the year it entered the ledger (年度计划, 万元)
        for project, annual_wan in zip(projects, (12_000, 8_000, 3_000, 1_000), strict=True):
            start = date(2025, 5, 1) if project.code == "P002" else None
            annual = annual_wan * WAN
            s.add(plan_of(project, entered.year, annual, level="区重点", planned_start=start))
        for project, person in [(0, owner), (1, owner), (2, owner2), (3, owner)]:
            s.add(ProjectOwner(project_id=projects[project].id, person_id=person.id))
        s.add(ProjectLeader(project_id=projects[0].id, person_id=leader.id))
        s.add(Milestone(project_id=projects[1].id, name="施工许可", due_on=date(2025, 4, 28)))
        s.add(
            Milestone(
                project_id=projects[0].id,
                name="主体封顶",
                due_on=date(2025, 3, 31),
                done_on=date(2025, 3, 30),
            )
        )


def _project(
    code: str,
    name: str,
    alias: str,
    unit_id: int,
    total_wan: int,
    category: str,
    entered: date,
) -> Project:
    return Project(
        code=code,
        name=name,
        aliases=alias,
        unit_id=unit_id,
        category=category,
        industry="基础设施",
        total_investment_yuan=total_wan * WAN,
        status="在建",
        started_on=date(2024, 3, 1),
        stats_entered_on=date(2024, 4, 1),
        entered_ledger_on=entered,
    )


async def add_project(
    db: Database, code: str, name: str, *, beside: str, alias: str = "", owner: str | None = None
) -> None:
    """One more project in the unit of project `beside`, owned by `owner` (a mobile) if given."""
    async with db.write() as session:
        unit = await session.scalar(select(Project.unit_id).where(Project.code == beside))
        project = Project(
            code=code,
            name=name,
            aliases=alias,
            unit_id=unit,
            category="续建",
            status="在建",
            entered_ledger_on=date(2025, 4, 1),
        )
        session.add(project)
        await session.flush()
        if owner is not None:
            person = await session.scalar(select(Person.id).where(Person.mobile == owner))
            session.add(ProjectOwner(project_id=project.id, person_id=person))


async def coded(session: AsyncSession, code: str) -> Project:
    """The project of `code`, to change in a test's own write session."""
    return (await session.execute(select(Project).where(Project.code == code))).scalar_one()
