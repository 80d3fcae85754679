"""The deterministic demo ledger of `diaodu demo`: a plan that looks like 晋城市城区's 攻坚年.

Assumptions where 城政办发〔2025〕8号 is silent (it gives 145 projects, 105.2亿, 72 key ≥ 5000万):
- The annual plans add up to exactly 105.2亿; the 72 key projects hold 93.5亿 of it (the plan
  aims to complete 93亿 on them). The split per project is random but fixed by the seed.
- 责任单位 is 北石店镇, a 街道 or a district department; a department's project lies in one
  镇/街道 (属地). Each project has one 责任人 from its 责任单位; a few owners carry 6-8 projects.
- Ten 区级 leaders (names only, 单位 区人民政府): eight 包保 one 镇/街道 each, one 包 the
  区住建局's projects (包行业), one takes five of the largest key projects from leaders with
  more than five; every key project and six 重点前期 projects have a 包联 leader, others none.
- The demo clock is 24 April of the plan year (`demo_today`): 续建 projects started in earlier
  years, a few finished this spring and a few are past their planned completion; 新建 planned
  starts follow the plan's 40% Q1 / 80% H1 / 100% Q3 and about a fifth of those due have not
  started; some started ones are not yet 入统; about a fifth of past-due preparation
  milestones are not done. 前期 projects prepare to start in the year's last months (their
  plan counts from the planned start) and start as 新建 ones do. The featured owner 张伟 (8
  projects) always has one 新建 start overdue (泽辰碳材料, 3月18日) and one due on 6 May (厂房二期).
- Half the projects (more if needed) carry a monthly plan: every 新建 starting from April, every
  前期 and finished project (the default curve would misjudge them), topped up with others;
  the rest are blank so the configured default curve applies. Months before a 新建 start are 0.
- Amounts are computed in hundredths of 万元 (100 yuan), so every sum is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random
from typing import TypedDict

from openpyxl import Workbook

from storage.demo.names import TOWNS, UNIT_SLUGS
from storage.demo.people import (
    DEMO_ADMIN_MOBILE,
    DEMO_LEADER_MOBILE,
    DEMO_OWNER2_MOBILE,
    DEMO_OWNER_MOBILE,
    DEMO_PEOPLE,
    DemoContact,
)
from storage.demo.plan import DemoLedger, demo_today, generate_demo_ledger
from storage.demo.rows import Project
from storage.ledger.writer import save_whole

__all__ = [
    "DEMO_ADMIN_MOBILE",
    "DEMO_GROUPS",
    "DEMO_LEADER_MOBILE",
    "DEMO_OWNER2_MOBILE",
    "DEMO_OWNER_MOBILE",
    "DEMO_PEOPLE",
    "DemoContact",
    "DemoSummary",
    "build_demo_workbook",
    "build_next_plan_workbook",
    "demo_today",
    "generate_demo_ledger",
]

PROJECT_HEADERS = (
    "项目代码", "项目名称", "简称", "责任单位", "属地", "项目类别", "行业", "项目级别",
    "总投资（万元）", "年度计划投资（万元）", *(f"{m}月" for m in range(1, 13)),
    "计划开工日期", "计划竣工日期", "项目状态", "开工日期", "入统日期",
    "责任人", "责任人手机", "包联领导", "包联领导手机",
)  # fmt: skip
PEOPLE_HEADERS = ("姓名", "手机", "单位", "角色", "企业微信账号", "钉钉账号", "飞书账号")
MILESTONE_HEADERS = ("项目代码", "节点", "计划完成日期", "实际完成日期")
ROLE_ORDER = ("责任人", "包联领导", "管理员")


class DemoGroup(TypedDict):
    """A `[[groups]]` table of the demo, platform `local`."""

    name: str
    role: str
    chat_id: str


DEMO_GROUPS: list[DemoGroup] = [
    {"name": "城区项目责任人群", "role": "owners", "chat_id": "owners"},
    {"name": "城区包联领导群", "role": "leaders", "chat_id": "leaders"},
    {"name": "区项目攻坚专班办公室", "role": "office", "chat_id": "office"},
    *(
        DemoGroup(name=f"{unit}项目群", role=f"unit:{unit}", chat_id=f"unit-{slug}")
        for unit, slug in UNIT_SLUGS.items()
    ),
]
"""The demo's local chat groups (keys of a `[[groups]]` table, platform `local`): every 责任单位
has its own, as an office sets them up, so a /交办 to a department reaches it."""


@dataclass(frozen=True)
class DemoSummary:
    """What the generated ledger holds."""

    project_count: int
    key_count: int
    annual_plan_total_yuan: int
    units: tuple[str, ...]
    people_count: int

    def __str__(self) -> str:
        total = self.annual_plan_total_yuan / 10**8
        return (
            f"{self.project_count} 个项目（重点项目 {self.key_count} 个），"
            f"年度计划投资 {total:.2f} 亿元，{len(self.units)} 个单位，{self.people_count} 人"
        )


def build_demo_workbook(
    path: Path, year: int, seed: int = 2025, today: date | None = None
) -> DemoSummary:
    """Write the demo ledger of plan year `year` as it stands on `today` (sheets 项目 / 人员 /
    节点) to `path` and summarise it."""
    ledger = generate_demo_ledger(year, seed, today)
    workbook = Workbook(write_only=True)
    for title, rows in (
        ("项目", [PROJECT_HEADERS, *map(_project_row, ledger.projects)]),
        ("人员", [PEOPLE_HEADERS, *_people_rows(ledger)]),
        ("节点", [MILESTONE_HEADERS, *_milestone_rows(ledger)]),
    ):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append(row)
    save_whole(workbook, path)
    # every unit the workbook names, as the import creates them: the leaders' 区人民政府 too
    units = dict.fromkeys(
        [*TOWNS, *(p.entry.unit for p in ledger.projects), *(p.unit for p in ledger.people)]
    )
    return DemoSummary(
        project_count=len(ledger.projects),
        key_count=sum(p.is_key for p in ledger.projects),
        annual_plan_total_yuan=sum(p.annual for p in ledger.projects) * 100,
        units=tuple(units),
        people_count=len(ledger.people),
    )


def build_next_plan_workbook(
    path: Path, year: int, today: date, seed: int = 2025, share: float = 0.85
) -> int:
    """Next year's plan as offices prepare it in December: a 项目 sheet headed
    `{year + 1}年计划投资（万元）` for `share` of the projects still under way (the rest are
    not in yet; 1.0 once the year has begun); how many rows it has."""
    ledger = generate_demo_ledger(year, seed, today)
    rng = Random(seed + year)
    header = ("项目代码", "项目名称", "责任单位", f"{year + 1}年计划投资（万元）")
    rows = []
    for p in ledger.projects:
        # both drawn for every project: a project's figure is the same whatever the share
        scale, late = rng.uniform(0.6, 1.3), rng.random() >= share
        if p.when.finished is None and not late:
            # never above the project's total investment: a full import refuses a plan that is
            plan = _wan(min(round(p.annual * scale / 100) * 100, p.total or 10**12))
            rows.append((p.code, p.entry.name, p.entry.unit, plan))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目")
    for row in [header, *rows]:
        sheet.append(row)
    save_whole(workbook, path)
    return len(rows)


def _wan(hundredths: int) -> int | float:
    """An amount in 万元 with at most two decimals, as a whole number when it is one."""
    whole, rest = divmod(hundredths, 100)
    return whole if not rest else round(hundredths / 100, 2)


def _project_row(project: Project) -> tuple[object, ...]:
    entry, when = project.entry, project.when
    monthly = [_wan(v) for v in project.monthly] if project.monthly else [None] * 12
    owner, leader = project.owner, project.leader
    return (
        project.code, entry.name, entry.alias, entry.unit, entry.locality, project.category,
        entry.industry, project.level, _wan(project.total), _wan(project.annual), *monthly,
        when.planned_start, when.planned_completion, when.status, when.started, when.stats,
        owner.name if owner else None, owner.mobile if owner else None,
        leader.name if leader else None, leader.mobile if leader else None,
    )  # fmt: skip


def _people_rows(ledger: DemoLedger) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for person in ledger.people:
        roles = "、".join(r for r in ROLE_ORDER if r in person.roles)
        accounts = [account or None for account in person.accounts]
        rows.append((person.name, person.mobile, person.unit, roles, *accounts))
    return rows


def _milestone_rows(ledger: DemoLedger) -> list[tuple[str, str, date, date | None]]:
    return [
        (project.code, name, due, done)
        for project in ledger.projects
        for name, due, done in project.milestones
    ]
