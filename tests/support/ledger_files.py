"""Ledger files as offices keep them: title rows, merged two-row headers, notes, text dates."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from storage.db import Database
from storage.models import (
    Identity,
    Milestone,
    Person,
    Project,
    ProjectLeader,
    ProjectOwner,
    ProjectPlan,
    Unit,
)
from tests.support.plans import plan_fields

MONTHS = [f"{m}月" for m in range(1, 13)]
CLEAN_HEADER = [
    "项目代码",
    "项目名称",
    "责任单位",
    "项目类别",
    "总投资（万元）",
    "年度计划投资（万元）",
    "计划开工日期",
    "责任人",
    "责任人手机",
    "包联领导",
    "包联领导手机",
]


@dataclass
class SheetSpec:
    """A sheet's rows from A1 and the ranges merged in it (e.g. "A1:F1")."""

    name: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)


def write_workbook(path: Path, sheets: list[SheetSpec]) -> Path:
    """Save the sheets as an .xlsx workbook."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for row in spec.rows:
            sheet.append(row)
        for cells in spec.merges:
            sheet.merge_cells(cells)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig") -> Path:
    """Save rows as a CSV file in the given encoding."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def clean_row(code: str, name: str = "测试项目", **cells: Any) -> list[Any]:
    """A row under CLEAN_HEADER; keywords override cells by column (总投资 for 总投资（万元）)."""
    values: dict[str, Any] = {
        "项目代码": code,
        "项目名称": name,
        "责任单位": "西街街道",
        "项目类别": "续建",
        "总投资（万元）": 1000,
        "年度计划投资（万元）": 500,
        "计划开工日期": "2025-03-01",
        "责任人": "李娜",
        "责任人手机": "13900000012",
        "包联领导": "钱副区长",
        "包联领导手机": "13900000002",
    }
    for key, value in cells.items():
        column = next(c for c in CLEAN_HEADER if c == key or c.startswith(f"{key}（"))
        values[column] = value
    return [values[column] for column in CLEAN_HEADER]


def clean_workbook(path: Path, rows: list[list[Any]], extra: tuple[SheetSpec, ...] = ()) -> Path:
    """A plain workbook: the 项目 sheet's header on row 1, then `rows`."""
    return write_workbook(path, [SheetSpec("项目", [CLEAN_HEADER, *rows]), *extra])


def office_ledger(path: Path) -> Path:
    """The office-style ledger the import tests expect to store in full."""
    return write_workbook(path, [_project_sheet(), _people_sheet(), _milestone_sheet()])


def _project_sheet() -> SheetSpec:
    top = [" 序号", "项目 代码", "项目名称", "简称", "责任单位", "属 地", "项目类别", "行业"]
    top += ["项目级别", "总投资 （万元）", "2025年计划投资(万元)", "月度计划（万元）"]
    top += [""] * 11 + ["计划开工时间", "计划竣工日期", "项目状态", "开工日期", "入统时间"]
    top += ["责任人", "", "包联领导", ""]
    width = len(top)
    below = [""] * 11 + MONTHS + [""] * 5 + ["姓名", "手机", "姓名", "手机"]
    logistics_months = [50, 80, 100, 100, 110, 110, 100, 100, 100, 100, 100, 150.5]
    rows: list[list[Any]] = [
        ["2025年城区重点项目建设台账"] + [""] * (width - 1),
        ["填报单位：区发改科技局"] + [""] * (width - 3) + ["单位：万元", ""],
        top,
        below,
        ["一、续建项目（1个）"] + [""] * (width - 1),
        [
            *[1, "P001", "城区智慧物流园", "物流园、智慧物流", "北石店镇", "北石店镇", "续建"],
            *["三产", "市重点", 60000, 1200.5, *logistics_months, date(2024, 3, 1), "2026年12月"],
            *["在建", date(2024, 3, 15), "2024.5.1", "张伟", 13900000003.0, "钱副区长"],
            "13900000002",
        ],
        ["二、新建项目（2个）"] + [""] * (width - 1),
        [
            *[
                2,
                "P002",
                "北石店工业园区标准化厂房",
                "厂房",
                "北石店镇",
                "北石店镇",
                "新建",
                "二产",
            ],
            *["区县重点", " 20,000 ", "8,000.50", *[""] * 12, "2025.5.1", "2025年12月31日"],
            *["前期", "", "", "王　伟、李娜", "13900000011、13900000012", "", ""],
        ],
        [
            *[3, " P003 ", "北石店污水管网改造", "", "", "北石店镇", "新建", "基础设施", "一般"],
            *["5,000", "3000万", *[""] * 12, "2025/6/30", "", "前期", "", ""],
            *["李娜", "139 0000 0012", "钱副区长", 13900000002],
        ],
        ["", "", "合计", "", "", "", "", "", "", 85000, 12201, *[""] * (width - 11)],
        ["注：1.本表金额单位为万元；2.项目代码为发改部门赋码。"] + [""] * (width - 1),
    ]
    last = get_column_letter(width)
    merges = [f"A1:{last}1", f"A11:{last}11", "L3:W3", "AC3:AD3", "AE3:AF3", "E8:E9"]
    merges += [f"{get_column_letter(c)}3:{get_column_letter(c)}4" for c in range(1, 12)]
    merges += [f"{get_column_letter(c)}3:{get_column_letter(c)}4" for c in range(24, 29)]
    return SheetSpec("2025年项目台账", rows, merges)


def _people_sheet() -> SheetSpec:
    rows: list[list[Any]] = [
        ["人员名单", "", "", "", "", "", ""],
        ["姓名", "手机号码", "单位", "角色", "企业微信账号", "钉钉账号", "飞书账号"],
        ["赵敏", "13900000001", "区发改科技局", "管理员", "zhaomin", "", ""],
        ["钱副区长", "13900000002", "区政府办", "包联领导", "", "ding-qian", "ou_qian"],
        ["张伟", "13900000003", "北石店镇", "责任人", "zhangwei", "", ""],
    ]
    return SheetSpec("人员", rows, ["A1:G1"])


def _milestone_sheet() -> SheetSpec:
    rows: list[list[Any]] = [
        ["项目代码", "节点", "计划完成日期", "实际完成日期"],
        ["P001", "施工许可", date(2024, 2, 20), date(2024, 2, 18)],
        ["P002", "土地预审", "2025年3月20日", ""],
        ["P002", "开工", "2025.5.1", None],
    ]
    return SheetSpec("节点", rows)


async def ledger_state(db: Database) -> dict[str, Any]:
    """Everything an import writes, keyed by code and mobile so two databases compare equal."""
    async with db.read() as s:
        units = {u.id: u for u in (await s.execute(select(Unit))).scalars()}
        people = {p.id: p for p in (await s.execute(select(Person))).scalars()}
        projects = {p.id: p for p in (await s.execute(select(Project))).scalars()}
        plans = (await s.execute(select(ProjectPlan).order_by(ProjectPlan.year))).scalars().all()
        owners = (await s.execute(select(ProjectOwner))).scalars().all()
        leaders = (await s.execute(select(ProjectLeader))).scalars().all()
        milestones = (await s.execute(select(Milestone))).scalars().all()
        identities = (await s.execute(select(Identity))).scalars().all()
    skip = {"id", "unit_id", "_sa_instance_state", "milestones", "identities"}

    def fields(row: Any) -> dict[str, Any]:
        return {k: v for k, v in vars(row).items() if k not in skip}

    def unit(unit_id: int | None) -> str | None:
        return units[unit_id].name if unit_id else None

    # a project's fields include those of its latest plan year (most ledgers hold one)
    latest = {plan.project_id: plan_fields(plan) for plan in plans}

    return {
        "units": {(u.name, u.kind) for u in units.values()},
        "people": {p.mobile: {**fields(p), "unit": unit(p.unit_id)} for p in people.values()},
        "projects": {
            p.code: {**fields(p), **latest.get(p.id, {}), "unit": unit(p.unit_id)}
            for p in projects.values()
        },
        "plans": {(projects[plan.project_id].code, plan.year): plan_fields(plan) for plan in plans},
        "owners": {(projects[o.project_id].code, people[o.person_id].mobile) for o in owners},
        "leaders": {(projects[o.project_id].code, people[o.person_id].mobile) for o in leaders},
        "milestones": {
            (projects[m.project_id].code, m.name): (m.due_on, m.done_on) for m in milestones
        },
        "identities": {(people[i.person_id].mobile, i.platform, i.external_id) for i in identities},
    }
