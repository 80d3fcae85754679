"""Importing ledgers as offices keep them: everything lands, in yuan, once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from storage.db import Database
from storage.demo.ledger import build_demo_workbook
from storage.ledger import import_ledger, importer
from storage.migrate import upgrade
from storage.models import Audit
from tests.support.ledger_files import (
    CLEAN_HEADER,
    MONTHS,
    clean_row,
    clean_workbook,
    ledger_state,
    office_ledger,
    write_csv,
)

TODAY = date(2025, 4, 1)
WAN = 10_000


async def test_office_ledger_stores_every_project_person_and_milestone(
    db: Database, tmp_path: Path
) -> None:
    result = await import_ledger(db, office_ledger(tmp_path / "台账.xlsx"), today=TODAY)

    assert result.errors == []
    assert result.written
    state = await ledger_state(db)
    assert sorted(state["projects"]) == ["P001", "P002", "P003"]
    logistics = state["projects"]["P001"]
    assert logistics["name"] == "城区智慧物流园"
    assert logistics["aliases"] == "物流园、智慧物流"
    assert logistics["unit"] == "北石店镇"
    assert logistics["total_investment_yuan"] == 600_000_000
    assert logistics["annual_plan_yuan"] == 12_005_000
    assert logistics["monthly_plan_yuan"][0] == 500_000
    assert logistics["monthly_plan_yuan"][11] == 1_505_000
    assert sum(logistics["monthly_plan_yuan"]) == 12_005_000
    assert (logistics["category"], logistics["level"], logistics["industry"]) == (
        "续建",
        "市重点",
        "三产",
    )
    assert logistics["planned_start"] == date(2024, 3, 1)
    assert logistics["planned_completion"] == date(2026, 12, 31)  # "2026年12月": by month end
    assert (logistics["status"], logistics["started_on"]) == ("在建", date(2024, 3, 15))
    assert logistics["stats_entered_on"] == date(2024, 5, 1)
    assert logistics["entered_ledger_on"] == TODAY
    assert not logistics["is_key"]

    plant = state["projects"]["P002"]
    assert plant["total_investment_yuan"] == 200_000_000  # " 20,000 " as text
    assert plant["annual_plan_yuan"] == 80_005_000  # "8,000.50"
    assert plant["is_key"]  # 8000.5万 ≥ 5000万
    assert plant["monthly_plan_yuan"] is None
    assert (plant["planned_start"], plant["planned_completion"]) == (
        date(2025, 5, 1),
        date(2025, 12, 31),
    )

    sewers = state["projects"]["P003"]
    assert sewers["unit"] == "北石店镇"  # from the 责任单位 cell merged over two projects
    assert sewers["annual_plan_yuan"] == 30_000_000  # "3000万"
    assert sewers["planned_start"] == date(2025, 6, 30)

    assert state["units"] == {("北石店镇", "乡镇"), ("区发改科技局", "部门"), ("区政府办", "部门")}
    people = state["people"]
    assert {m: p["name"] for m, p in people.items()} == {
        "13900000001": "赵敏",
        "13900000002": "钱副区长",
        "13900000003": "张伟",
        "13900000011": "王伟",  # "王　伟" padded with a full-width space
        "13900000012": "李娜",
    }
    assert people["13900000001"]["is_admin"]
    assert people["13900000002"]["is_leader"]
    assert people["13900000002"]["unit"] == "区政府办"
    assert people["13900000011"]["is_owner"]
    assert people["13900000011"]["unit"] == "北石店镇"  # a new owner joins the project's unit
    assert state["owners"] == {
        ("P001", "13900000003"),
        ("P002", "13900000011"),
        ("P002", "13900000012"),
        ("P003", "13900000012"),
    }
    assert state["leaders"] == {("P001", "13900000002"), ("P003", "13900000002")}
    assert state["identities"] == {
        ("13900000001", "wecom", "zhaomin"),
        ("13900000002", "dingtalk", "ding-qian"),
        ("13900000002", "feishu", "ou_qian"),
        ("13900000003", "wecom", "zhangwei"),
    }
    assert state["milestones"] == {
        ("P001", "施工许可"): (date(2024, 2, 20), date(2024, 2, 18)),
        ("P002", "土地预审"): (date(2025, 3, 20), None),
        ("P002", "开工"): (date(2025, 5, 1), None),
    }


async def test_importing_the_same_file_again_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = office_ledger(tmp_path / "台账.xlsx")
    first = await import_ledger(db, path, today=TODAY)
    before = await ledger_state(db)

    again = await import_ledger(db, path, today=date(2025, 5, 6))

    assert again.written
    assert (first.counts.projects_created, first.counts.people_created) == (3, 5)
    c = again.counts
    assert (c.projects_created, c.projects_updated, c.units_created) == (0, 0, 0)
    assert (c.people_created, c.people_updated, c.milestones_created, c.milestones_updated) == (
        0,
        0,
        0,
        0,
    )
    assert (c.projects_unchanged, c.people_unchanged, c.milestones_unchanged) == (3, 5, 3)
    assert (c.project_changes, c.new_units) == ({}, [])
    assert await ledger_state(db) == before  # entered_ledger_on kept too
    async with db.read() as s:
        audits = (await s.execute(select(Audit))).scalars().all()
    assert [a.action for a in audits] == ["import", "import"]
    assert audits[0].detail is not None
    assert audits[0].detail["projects_created"] == 3


async def test_a_changed_row_updates_the_project_and_replaces_its_owners(
    db: Database, tmp_path: Path
) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", [clean_row("P1")]), today=TODAY)
    changed = clean_row("P1", 年度计划投资=800, 责任人="王伟", 责任人手机="13900000011")

    result = await import_ledger(db, clean_workbook(tmp_path / "b.xlsx", [changed]), today=TODAY)

    assert (result.counts.projects_created, result.counts.projects_updated) == (0, 1)
    state = await ledger_state(db)
    assert state["projects"]["P1"]["annual_plan_yuan"] == 800 * WAN
    assert state["owners"] == {("P1", "13900000011")}
    assert state["people"]["13900000012"]["is_owner"]  # roles are never taken away by import


async def test_a_clean_csv_with_a_title_row_imports(db: Database, tmp_path: Path) -> None:
    rows = [["2025年项目台账"], CLEAN_HEADER, clean_row("P1", 总投资="1,200.50"), clean_row("P2")]
    result = await import_ledger(db, write_csv(tmp_path / "台账.csv", rows), today=TODAY)

    assert result.errors == []
    state = await ledger_state(db)
    assert state["projects"]["P1"]["total_investment_yuan"] == 12_005_000
    assert state["projects"]["P2"]["planned_start"] == date(2025, 3, 1)


async def test_a_gbk_csv_with_a_two_row_header_imports(db: Database, tmp_path: Path) -> None:
    top = ["项目代码", "项目名称", "责任单位", "总投资（亿元）", "年度计划投资", "月度计划"]
    top += [*[""] * 11, "责任人", "", "包联领导", ""]
    below = ["", "", "", "", "", *MONTHS, "姓名", "手机", "姓名", "电话"]
    data = ["P9", "示范项目", "南街街道", "1.5", "1,200", *[100] * 12, "李娜"]
    data += ["13900000012", "钱副区长", "13900000002"]
    rows = [["单位：万元（总投资除外）"], top, below, data]
    path = write_csv(tmp_path / "gbk.csv", rows, encoding="gbk")

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    project = (await ledger_state(db))["projects"]["P9"]
    assert project["total_investment_yuan"] == 150_000_000  # 亿元 stated in the header
    assert project["annual_plan_yuan"] == 12_000_000
    assert project["monthly_plan_yuan"] == [1_000_000] * 12
    assert (await ledger_state(db))["leaders"] == {("P9", "13900000002")}


async def test_skip_bad_rows_writes_the_good_rows_only(db: Database, tmp_path: Path) -> None:
    rows = [clean_row("P1"), clean_row("P2", 总投资="很多"), clean_row("P3")]
    path = clean_workbook(tmp_path / "台账.xlsx", rows)

    result = await import_ledger(db, path, today=TODAY, skip_bad_rows=True)

    assert result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "总投资（万元）")]
    assert sorted((await ledger_state(db))["projects"]) == ["P1", "P3"]
    assert "跳过 1 处错误" in result.summary()


async def test_several_project_sheets_import_together(db: Database, tmp_path: Path) -> None:
    from tests.support.ledger_files import SheetSpec

    second = SheetSpec("新建项目", [CLEAN_HEADER, clean_row("N1", 项目类别="新建")])
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("X1")], (second,))

    result = await import_ledger(db, path, today=TODAY)

    assert result.counts.projects_created == 2
    async with db.read() as s:
        audits = await s.scalar(select(func.count()).select_from(Audit))
    assert audits == 1


async def test_a_big_import_goes_in_chunks_and_lands_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk its own transaction (chat writes get the lock in between), the same ledger."""
    workbook = tmp_path / "demo.xlsx"
    build_demo_workbook(workbook, 2025, today=TODAY)  # 145 projects, people, milestones
    states = []
    for chunk, name in ((10_000, "whole.db"), (40, "chunks.db")):
        monkeypatch.setattr(importer, "CHUNK", chunk)
        db = Database(f"sqlite+aiosqlite:///{tmp_path / name}")
        await upgrade(db)
        commits: list[object] = []
        event.listen(db.engine.sync_engine, "commit", commits.append)
        result = await import_ledger(db, workbook, today=TODAY)
        assert result.written and result.errors == []
        states.append((await ledger_state(db), result.counts.as_dict()))
        await db.dispose()
        assert len(commits) >= (1 if chunk > 145 else 4)
    assert states[0] == states[1]
