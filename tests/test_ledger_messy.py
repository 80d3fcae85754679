"""Ledgers as clerks really send them: units on a merged parent, formulas gone wrong, hidden
sheets, two plan columns, subtotal rows, phones beside the names, headers worded their way."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from storage.db import Database
from storage.ledger import import_ledger
from storage.ledger.result import LedgerError
from tests.support.ledger_files import (
    CLEAN_HEADER,
    SheetSpec,
    clean_row,
    clean_workbook,
    ledger_state,
    write_workbook,
)

TODAY = date(2025, 4, 1)
YI = 100_000_000


async def test_a_unit_on_a_merged_parent_header_holds_for_the_columns_under_it(
    db: Database, tmp_path: Path
) -> None:
    # 投资情况（亿元） merged over 总投资 | 2025年计划投资; the other headers merged down
    top = ["序号", "项目代码", "项目名称", "责任单位", "投资情况（亿元）", "", "计划开工日期"]
    below = ["", "", "", "", "总投资", "2025年计划投资", ""]
    merges = ["A1:G1", "E2:F2", *(f"{c}2:{c}3" for c in "ABCDG")]
    rows = [["2025年城区重点项目台账"], top, below]
    rows.append([1, "P1", "城区智慧物流园", "西街街道", 12.998, 4.2, "2023-04-27"])
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("台账", rows, merges)])

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    project = (await ledger_state(db))["projects"]["P1"]
    assert project["total_investment_yuan"] == 1_299_800_000
    assert project["annual_plan_yuan"] == 420_000_000


async def test_an_excel_error_value_refuses_the_row_instead_of_clearing_the_plan(
    db: Database, tmp_path: Path
) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", [clean_row("P1")]), today=TODAY)
    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(CLEAN_HEADER)
    sheet.append(clean_row("P1"))
    sheet["F2"] = "=1/0"  # 年度计划投资: cached as #DIV/0! the way Excel saves it
    path = tmp_path / "b.xlsx"
    book.save(path)
    _cache_error(path, "F2", "#DIV/0!")

    result = await import_ledger(db, path, today=TODAY)

    assert not result.written
    assert [(e.row, e.letter) for e in result.errors] == [(2, "F")]
    assert "#DIV/0!" in result.errors[0].reason
    assert (await ledger_state(db))["projects"]["P1"]["annual_plan_yuan"] == 5_000_000


async def test_a_hidden_sheet_is_not_imported(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    old = book.active
    old.title = "上年台账(备份)"
    old.append(CLEAN_HEADER)
    old.append(clean_row("P1", 年度计划投资=300))
    old.sheet_state = "hidden"
    current = book.create_sheet("项目")
    current.append(CLEAN_HEADER)
    current.append(clean_row("P1", 年度计划投资=800))
    path = tmp_path / "台账.xlsx"
    book.save(path)

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert (await ledger_state(db))["projects"]["P1"]["annual_plan_yuan"] == 8_000_000


async def test_two_columns_of_one_amount_are_refused_naming_both(
    db: Database, tmp_path: Path
) -> None:
    header = ["项目代码", "项目名称", "责任单位", "总投资（万元）", "计划总投资（万元）"]
    rows = [header, ["P1", "测试项目", "西街街道", 3000, 3500]]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    with pytest.raises(LedgerError) as refused:
        await import_ledger(db, path, today=TODAY)
    assert "D列「总投资（万元）」" in refused.value.reason
    assert "E列「计划总投资（万元）」" in refused.value.reason
    assert (await ledger_state(db))["projects"] == {}


async def test_of_two_years_plan_columns_the_later_years_is_read(
    db: Database, tmp_path: Path
) -> None:
    header = [
        "项目代码",
        "项目名称",
        "责任单位",
        "2025年计划投资（万元）",
        "2024年计划投资（万元）",
    ]
    rows = [header, ["P1", "测试项目", "西街街道", 800, 300]]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    result = await import_ledger(db, path, today=TODAY)

    assert "计划年度：2025年（表头「2025年计划投资（万元）」）" in result.summary()
    assert (await ledger_state(db))["plans"][("P1", 2025)]["annual_plan_yuan"] == 8_000_000


async def test_months_under_a_done_block_are_not_the_plans(db: Database, tmp_path: Path) -> None:
    # 2025年月度计划投资 and 2025年月度完成投资, each merged over 1月…12月
    months = [f"{m}月" for m in range(1, 13)]
    top = ["项目代码", "项目名称", "责任单位", "年度计划投资（万元）"]
    top += ["2025年月度计划投资（万元）", *[""] * 11, "2025年月度完成投资（万元）", *[""] * 11]
    below = ["", "", "", "", *months, *months]
    row = ["P1", "测试项目", "西街街道", 1200, *[100] * 12, *[90] * 12]
    merges = ["E1:P1", "Q1:AB1", *(f"{c}1:{c}2" for c in "ABCD")]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", [top, below, row], merges)])

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert (await ledger_state(db))["projects"]["P1"]["monthly_plan_yuan"] == [1_000_000] * 12


async def test_subtotal_and_group_rows_are_passed_over(db: Database, tmp_path: Path) -> None:
    rows = [
        CLEAN_HEADER,
        clean_row("P1"),
        clean_row("P2"),
        ["", "续建项目小计", "", "", "", 1000],
        ["", "", "西街街道（2个）", "", "", 1000],
        ["", "全区合计", "", "", "", 1000],
        ["合 计", "", "", "", "", 1000],
        ["", "", "2个项目", "", "", 1000],
    ]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert sorted((await ledger_state(db))["projects"]) == ["P1", "P2"]


async def test_a_phone_column_beside_a_person_is_that_persons(db: Database, tmp_path: Path) -> None:
    header = ["项目代码", "项目名称", "责任单位", "年度计划投资（万元）"]
    header += ["责任人", "联系电话", "包联领导", "联系电话"]
    row = ["P1", "测试项目", "西街街道", 500, "李娜", "13900000012", "钱副区长", "13900000002"]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", [header, row])])

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    state = await ledger_state(db)
    assert state["owners"] == {("P1", "13900000012")}
    assert state["leaders"] == {("P1", "13900000002")}


async def test_a_plan_header_in_other_words_is_read_and_unread_columns_are_named(
    db: Database, tmp_path: Path
) -> None:
    header = ["项目统一代码", "项目名称", "责任单位", "本年度计划投资（万元）", "建设单位"]
    header += ["所属街道（乡镇）"]
    rows = [header, ["P1", "测试项目", "西街街道", 800, "某公司", "北石店镇"]]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])

    result = await import_ledger(db, path, today=TODAY)

    project = (await ledger_state(db))["projects"]["P1"]
    assert project["annual_plan_yuan"] == 8_000_000
    assert project["locality"] == "北石店镇"
    assert "未识别、没有导入的列：建设单位" in result.summary()


def _cache_error(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the cached error value Excel stores (openpyxl saves none)."""
    import zipfile

    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(member).decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start) + len("</c>")
    cached = f'<c r="{cell}" t="e"><f>1/0</f><v>{value}</v></c>'
    _rewrite(path, member, (xml[:start] + cached + xml[end:]).encode())


async def test_a_placeholder_code_is_refused(db: Database, tmp_path: Path) -> None:
    rows = [clean_row("待赋码", "城区前期项目甲"), clean_row("P2")]
    path = clean_workbook(tmp_path / "台账.xlsx", rows)

    result = await import_ledger(db, path, today=TODAY)

    assert [(e.row, e.letter) for e in result.errors] == [(2, "A")]
    assert "临时代码" in result.errors[0].reason
    assert (await ledger_state(db))["projects"] == {}


async def test_the_documents_category_words_are_read(db: Database, tmp_path: Path) -> None:
    rows = [clean_row("P1", 项目类别="续建项目"), clean_row("P2", 项目类别="新建项目")]
    result = await import_ledger(db, clean_workbook(tmp_path / "台账.xlsx", rows), today=TODAY)

    assert result.errors == []
    projects = (await ledger_state(db))["projects"]
    assert (projects["P1"]["category"], projects["P2"]["category"]) == ("续建", "新建")


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("台账.xls", b"<html><body><table><tr><td>x</td></tr></table>", "另存为 .xlsx"),
        ("~$台账.xlsx", b"\x00" * 165, "临时文件"),
        ("台账.xlsx", b"", "空的"),
    ],
)
async def test_a_file_that_is_not_a_workbook_says_what_it_is(
    db: Database, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerError) as refused:
        await import_ledger(db, path, today=TODAY)
    assert said in refused.value.reason


async def test_blank_cells_that_empty_stored_figures_are_pointed_out(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row("P1", "物流园"), clean_row("P2", "光机电")]
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", rows), today=TODAY)
    # a unit sends the sheet back half filled in: P1's plan and owner left blank
    partial = [clean_row("P1", "物流园", 年度计划投资="", 责任人="", 责任人手机=""), rows[1]]

    result = await import_ledger(
        db, clean_workbook(tmp_path / "b.xlsx", partial), today=TODAY, dry_run=True
    )

    summary = result.summary()
    assert "注意：表中的空白将清空原有数据" in summary
    assert "年度计划投资 1 个项目（物流园）" in summary
    assert "责任人 1 个项目（物流园）" in summary
    assert "光机电" not in summary.split("注意")[1].split("\n")[0]


async def test_a_sheet_starting_at_b3_with_a_stray_space_far_below_imports(
    db: Database, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    for offset, row in enumerate([CLEAN_HEADER, clean_row("P1", 年度计划投资=800)]):
        for col, value in enumerate(row):
            sheet.cell(row=3 + offset, column=2 + col, value=value)  # from B3, column A empty
    sheet["AF60000"] = " "  # typed by mistake far below: the sheet now runs to row 60,000
    path = tmp_path / "台账.xlsx"
    book.save(path)

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert (await ledger_state(db))["projects"]["P1"]["annual_plan_yuan"] == 8_000_000


async def test_spare_template_rows_and_merged_headings_are_passed_over(
    db: Database, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(CLEAN_HEADER)
    sheet.append(["西街街道"] * len(CLEAN_HEADER))  # a unit's heading, merged across the sheet
    sheet.merge_cells(f"A2:{chr(64 + len(CLEAN_HEADER))}2")
    sheet.append(clean_row("P1"))
    sheet.append([None] * 7 + ["=VLOOKUP(A4,人员!A:B,2,0)"])  # a spare row's lookup: #N/A
    path = tmp_path / "台账.xlsx"
    book.save(path)
    _cache_error(path, "H4", "#N/A")

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert sorted((await ledger_state(db))["projects"]) == ["P1"]


async def test_a_workbook_the_second_reader_cannot_open_is_still_imported(
    db: Database, tmp_path: Path
) -> None:
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1"), clean_row("P2")])
    _cache_error(path, "F3", "#REF!")
    _rewrite(path, "docProps/core.xml", b"<cp:coreProperties")  # as some exports write it

    result = await import_ledger(db, path, today=TODAY)

    assert [e.row for e in result.errors] == []  # calamine read it; the error cell reads blank
    assert sorted((await ledger_state(db))["projects"]) == ["P1", "P2"]


def _rewrite(path: Path, member: str, data: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


@pytest.mark.parametrize(
    "cell", ["李娜(13900000012)", "李娜（13900000012）", "李娜 13900000012", "李娜/13900000012"]
)
async def test_a_phone_written_in_the_name_cell_is_that_persons(
    db: Database, tmp_path: Path, cell: str
) -> None:
    header = ["项目代码", "项目名称", "责任单位", "年度计划投资（万元）", "责任人/联系电话"]
    header += ["项目状态"]
    row = ["P1", "测试项目", "西街街道", 500, cell, "未开工"]
    two = ["P2", "测试项目二", "西街街道", 500, "李娜 13900000012 王强 13900000013", "在建"]
    path = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", [header, row, two])])

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    state = await ledger_state(db)
    assert state["owners"] == {("P1", "13900000012"), ("P2", "13900000012"), ("P2", "13900000013")}
    assert state["projects"]["P1"]["status"] == "前期"  # 未开工: not started
