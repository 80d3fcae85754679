"""Bad ledgers: every bad row is named by row and column, and nothing at all is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.ledger import LedgerError, import_ledger
from storage.models import Person
from tests.support.ledger_files import (
    CLEAN_HEADER,
    MONTHS,
    SheetSpec,
    clean_row,
    clean_workbook,
    ledger_state,
    write_csv,
    write_workbook,
)

TODAY = date(2025, 4, 1)
PLAN = "年度计划投资（万元）"


async def assert_nothing_written(db: Database) -> None:
    """No unit, person, project or milestone was stored."""
    state = await ledger_state(db)
    assert not any(state.values()), state


BAD_ROWS: list[Any] = [
    pytest.param(clean_row("P1"), "项目代码", "与项目 第2行重复", id="duplicate-code"),
    pytest.param(clean_row("P9", 总投资=-5), "总投资（万元）", "不能为负数", id="negative"),
    pytest.param(clean_row("P9", 年度计划投资="一期"), PLAN, "不是数字", id="nan"),
    pytest.param(clean_row("P9", 计划开工日期="2025-02-30"), "计划开工日期", "不存在", id="date"),
    pytest.param(clean_row("P9", 计划开工日期="下月初"), "计划开工日期", "无法识别", id="no-date"),
    pytest.param(clean_row("P9", 责任人手机=""), "责任人手机", "李娜”没有填写手机号", id="owner"),
    pytest.param(clean_row("P9", 包联领导手机=None), "包联领导手机", "没有填写手机号", id="leader"),
    pytest.param(clean_row("P9", 责任人手机="1390000001"), "责任人手机", "11 位", id="short"),
    pytest.param(clean_row("P9", 年度计划投资=2000), PLAN, "大于总投资", id="plan"),
    pytest.param(clean_row("P9", 责任单位=" "), "责任单位", "不能为空", id="no-unit"),
    pytest.param(
        clean_row("", "无代码项目"), "项目代码", "不能为空；还没有赋码的项目请各填", id="no-code"
    ),
    pytest.param(clean_row("P9", 项目类别="新开"), "项目类别", "无法识别", id="category"),
    pytest.param(
        clean_row("P9", 责任人="张三", 责任人手机="13900000012"),
        "责任人",
        "登记为“李娜”",
        id="one-mobile-two-names",
    ),
    pytest.param(
        clean_row("P9", 责任人="张三、李四", 责任人手机="13900000012"),
        "责任人手机",
        "2 人，手机号 1 个",
        id="owners-and-mobiles",
    ),
]


@pytest.mark.parametrize(("bad", "column", "reason"), BAD_ROWS)
async def test_a_bad_row_is_reported_and_nothing_is_written(
    db: Database, tmp_path: Path, bad: list[Any], column: str, reason: str
) -> None:
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1"), bad, clean_row("P2")])

    result = await import_ledger(db, path, today=TODAY)

    assert not result.written
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.sheet, error.row, error.column) == ("项目", 3, column)
    assert reason in error.reason
    assert str(error).startswith(f"项目 第3行 {error.letter}列「{column}」：")
    assert "未写入任何数据" in result.summary()
    await assert_nothing_written(db)


async def test_monthly_plan_that_does_not_add_up_is_an_error(db: Database, tmp_path: Path) -> None:
    header = [*CLEAN_HEADER, *MONTHS]
    good = [*clean_row("P1"), *[40] * 11, 60]  # 500 万元
    off = [*clean_row("P2"), *[40] * 12]  # 480 万元 against 500
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", [header, good, off])])

    result = await import_ledger(db, path, today=TODAY)

    assert [(e.row, e.column) for e in result.errors] == [(3, "1月")]
    assert "合计 480 万元" in result.errors[0].reason
    await assert_nothing_written(db)


async def test_milestone_of_an_unknown_project_is_an_error(db: Database, tmp_path: Path) -> None:
    milestones = SheetSpec(
        "节点",
        [
            ["项目代码", "节点", "计划完成日期", "实际完成日期"],
            ["P1", "开工", "2025-05-01", ""],
            ["P404", "开工", "2025-05-01", ""],
        ],
    )
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1")], (milestones,))

    result = await import_ledger(db, path, today=TODAY)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("节点", 3, "项目代码")]
    assert "P404" in result.errors[0].reason
    await assert_nothing_written(db)


async def test_a_milestone_done_on_a_day_still_to_come_is_an_error(
    db: Database, tmp_path: Path
) -> None:
    # a planned date typed into 实际完成日期 would close the milestone ahead of time
    milestones = SheetSpec(
        "节点",
        [
            ["项目代码", "节点", "计划完成日期", "实际完成日期"],
            ["P1", "开工", "2025-03-01", "2025-03-28"],
            ["P1", "主体封顶", "2025-09-30", "2025-09-30"],
        ],
    )
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1")], (milestones,))

    result = await import_ledger(db, path, today=TODAY)

    assert [str(e) for e in result.errors] == [
        "节点 第3行 D列「实际完成日期」：2025-09-30 还没到：已完成请填实际日期，尚未完成请留空"
        "（计划日期请填在“计划完成日期”列）"
    ]
    await assert_nothing_written(db)


async def test_people_sheet_errors_name_the_row(db: Database, tmp_path: Path) -> None:
    people = SheetSpec(
        "人员",
        [
            ["姓名", "手机", "单位", "角色", "企业微信账号"],
            ["赵敏", "13900000001", "区发改局", "管理员、专班", "zhaomin"],
            ["钱副区长", "13900000002", "", "领导 / 总指挥", ""],
            ["孙七", "13900000007", "", "", "zhaomin"],
        ],
    )
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1")], (people,))

    result = await import_ledger(db, path, today=TODAY)

    found = [(e.sheet, e.row, e.column) for e in result.errors]
    assert found == [("人员", 3, "角色"), ("人员", 4, "企业微信账号")]
    assert "总指挥" in result.errors[0].reason
    await assert_nothing_written(db)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("台账.xlsx", b"PK\x03\x04 definitely not a workbook", "无法读取"),
        ("台账.txt", "项目代码,项目名称,责任单位\n".encode(), "不支持的文件格式"),
        ("台账.csv", b"\x00\x01\x02\x03binary", "不是文本格式"),
    ],
)
async def test_an_unreadable_file_is_refused_with_its_name(
    db: Database, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(LedgerError) as raised:
        await import_ledger(db, path, today=TODAY)

    assert str(raised.value).startswith(f"{name}：")
    assert message in str(raised.value)
    await assert_nothing_written(db)


async def test_a_missing_file_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="文件不存在"):
        await import_ledger(db, tmp_path / "没有.xlsx", today=TODAY)


async def test_missing_required_columns_are_named(db: Database, tmp_path: Path) -> None:
    rows = [["项目代码", "项目名称", "总投资（万元）"], ["P1", "测试", 100]]
    path = write_csv(tmp_path / "台账.csv", rows)

    with pytest.raises(LedgerError, match="缺少必需的列：责任单位"):
        await import_ledger(db, path, today=TODAY)
    await assert_nothing_written(db)


async def test_a_workbook_without_a_project_sheet_is_refused(db: Database, tmp_path: Path) -> None:
    sheets = [SheetSpec("说明", [["本表用于填报"], ["请勿修改格式"]])]
    path = write_workbook(tmp_path / "台账.xlsx", sheets)

    with pytest.raises(LedgerError, match="找不到项目表"):
        await import_ledger(db, path, today=TODAY)


async def test_a_towns_liaison_on_the_people_sheet_is_unit_staff(
    db: Database, tmp_path: Path
) -> None:
    # the office writes 联络员 for a town's liaison: it was refused as a role not known
    people = SheetSpec(
        "人员",
        [["姓名", "手机", "单位", "角色"], ["王芳", "13900000071", "西街街道", "联络员"]],
    )
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1")], (people,))
    assert (await import_ledger(db, path, today=TODAY)).errors == []
    async with db.read() as session:
        found = (await session.execute(select(Person).where(Person.name == "王芳"))).scalar_one()
    assert (found.is_owner, found.is_leader, found.is_admin) == (False, False, False)
    assert found.unit_id is not None
