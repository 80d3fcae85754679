"""Formulas saved without their result (a ledger written by a script, some web exports): the
row is refused naming the cell, never read as a blank that clears the stored figure."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.cli.main import main
from storage.db import Database
from storage.ledger import import_ledger
from tests.support.apps import app_settings, seeded_client
from tests.support.dashboard import OFFICE
from tests.support.ledger_files import (
    CLEAN_HEADER,
    clean_row,
    clean_workbook,
    ledger_state,
    write_csv,
)

TODAY = date(2025, 4, 1)
ADVICE = "没有计算结果：请在 Excel 或 WPS 中打开、保存后再导入"


async def _stored(db: Database, tmp_path: Path) -> None:
    """P1 and P2 as the office imported them: 总投资 1000万, 年度计划 500万 each."""
    result = await import_ledger(
        db, clean_workbook(tmp_path / "上次.xlsx", [clean_row("P1"), clean_row("P2")]), today=TODAY
    )
    assert result.errors == []


async def test_a_formula_saved_without_its_result_refuses_the_row_instead_of_clearing_it(
    db: Database, tmp_path: Path
) -> None:
    await _stored(db, tmp_path)
    rows = [clean_row("P1", 总投资="=600+400"), clean_row("P2", 年度计划投资="=SUM(K3:V3)")]
    path = clean_workbook(tmp_path / "脚本生成.xlsx", rows)  # openpyxl keeps no results

    result = await import_ledger(db, path, today=TODAY)

    assert not result.written
    assert [str(e) for e in result.errors] == [
        f"项目 第2行 E列「总投资（万元）」：是公式（=600+400），{ADVICE}",
        f"项目 第3行 F列「年度计划投资（万元）」：是公式（=SUM(K3:V3)），{ADVICE}",
    ]
    projects = (await ledger_state(db))["projects"]
    assert projects["P1"]["total_investment_yuan"] == 10_000_000
    assert projects["P2"]["annual_plan_yuan"] == 5_000_000


@pytest.mark.parametrize(
    ("column", "letter", "formula"),
    [
        ("项目名称", "B", '=CONCAT("城区","物流园")'),
        ("责任人手机", "I", "=13900000012"),
        ("计划开工日期", "G", "=DATE(2025,3,1)"),
    ],
)
async def test_a_formula_in_a_text_phone_or_date_column_is_named_as_one(
    db: Database, tmp_path: Path, column: str, letter: str, formula: str
) -> None:
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1", **{column: formula})])

    result = await import_ledger(db, path, today=TODAY)

    assert [str(e) for e in result.errors] == [
        f"项目 第2行 {letter}列「{column}」：是公式（{formula}），{ADVICE}"
    ]
    assert (await ledger_state(db))["projects"] == {}


async def test_skip_bad_rows_imports_the_others_and_leaves_the_formulas_rows_alone(
    db: Database, tmp_path: Path
) -> None:
    await _stored(db, tmp_path)
    rows = [clean_row("P1", 总投资="=600+400"), clean_row("P2", 总投资=3000)]
    path = clean_workbook(tmp_path / "台账.xlsx", rows)

    result = await import_ledger(db, path, today=TODAY, skip_bad_rows=True)

    assert [(e.row, e.letter) for e in result.errors] == [(2, "E")]
    projects = (await ledger_state(db))["projects"]
    assert projects["P1"]["total_investment_yuan"] == 10_000_000
    assert projects["P2"]["total_investment_yuan"] == 30_000_000


async def test_formulas_saved_with_their_results_are_read(db: Database, tmp_path: Path) -> None:
    rows = [clean_row("P1", 总投资="=600+400", 包联领导='=IF(1,"","")', 包联领导手机=None)]
    path = clean_workbook(tmp_path / "台账.xlsx", rows)
    # as Excel and WPS save them: the result beside the formula, an empty text one as t="str"
    _rewrite_cell(path, "E2", "<f>600+400</f><v>1000</v>")
    _rewrite_cell(path, "J2", '<f>IF(1,"","")</f><v></v>', kind="str")

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert (await ledger_state(db))["projects"]["P1"]["total_investment_yuan"] == 10_000_000


async def test_spare_template_rows_holding_only_formulas_are_passed_over(
    db: Database, tmp_path: Path
) -> None:
    # a template an office script filled in: its spare rows keep their lookups, no results
    spare: list[Any] = [None] * 8 + ['=IFERROR(VLOOKUP(H3,人员!A:B,2,0),"")']
    spare[0] = '=IF(B3="","",ROW()-1)'
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1"), spare, spare])

    result = await import_ledger(db, path, today=TODAY)

    assert result.errors == []
    assert sorted((await ledger_state(db))["projects"]) == ["P1"]


async def test_a_csv_cell_starting_with_equals_is_what_was_typed(
    db: Database, tmp_path: Path
) -> None:
    # a CSV keeps no formulas: a name pasted as one is the name, an amount written so no number
    rows = [clean_row("P1", "=城区物流园"), clean_row("P2", 总投资="=600+400")]
    path = write_csv(tmp_path / "台账.csv", [CLEAN_HEADER, *rows])

    result = await import_ledger(db, path, today=TODAY, skip_bad_rows=True)

    assert [str(e) for e in result.errors] == [
        "项目 第3行 E列「总投资（万元）」：不是数字：“=600+400”"
    ]
    assert (await ledger_state(db))["projects"]["P1"]["name"] == "=城区物流园"


def test_the_import_verb_lists_the_formula_cells_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'office.db'}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-04-24 10:00")
    path = clean_workbook(tmp_path / "台账.xlsx", [clean_row("P1", 年度计划投资="=SUM(K2:V2)")])

    assert main(["import", str(path), "--dry-run"]) == 1

    err = capsys.readouterr().err
    assert f"第2行 F列「年度计划投资（万元）」：是公式（=SUM(K2:V2)），{ADVICE}" in err


async def test_the_dashboard_upload_names_the_formula_cell_and_imports_nothing(
    aiohttp_client: AiohttpClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    client = await seeded_client(aiohttp_client, create_app(app_settings(tmp_path)))
    row = clean_row("P001", "城区智慧物流园", 责任单位="北石店镇", 总投资="=SUM(600,400)")
    form = FormData()
    form.add_field(
        "file", clean_workbook(tmp_path / "a.xlsx", [row]).read_bytes(), filename="台账.xlsx"
    )
    for name, value in {"year": "2025", "action": "check"}.items():
        form.add_field(name, value)

    checked = await client.post("/dashboard/import", data=form, headers=OFFICE)

    text = await checked.text()
    assert checked.status == 422 and "检查未通过：台账.xlsx" in text
    assert f"第2行 E列「总投资（万元）」：是公式（=SUM(600,400)），{ADVICE}" in text


def _rewrite_cell(path: Path, cell: str, inner: str, kind: str = "") -> None:
    """Give a cell of the first sheet the XML `inner` (a formula and its result)."""
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts[member].decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start) + len("</c>")
    typed = f' t="{kind}"' if kind else ""
    parts[member] = (xml[:start] + f'<c r="{cell}"{typed}>{inner}</c>' + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
