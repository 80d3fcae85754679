"""Exports never carry a live formula: a cell that starts like one is written as text."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from storage.db import Database
from storage.ledger import export_ledger, export_monthly_report, import_ledger
from storage.migrate import upgrade
from tests.support.ledger_files import CLEAN_HEADER, clean_row, ledger_state, write_csv

TODAY = date(2025, 4, 1)
LINK = '=HYPERLINK("http://evil.example/x","点我")'
HOSTILE = {"P1": LINK, "P2": "+1+cmd|' /C calc'!A0", "P3": "-2+3", "P4": "@SUM(1+1)"}


@pytest.fixture
async def ledger(db: Database, tmp_path: Path) -> Database:
    """A ledger whose project names an office typed (or pasted) as formulas."""
    rows = [clean_row(code, name) for code, name in HOSTILE.items()]
    rows.append(clean_row("P5", "＝1+1", 责任单位="=西街街道"))
    result = await import_ledger(
        db, write_csv(tmp_path / "in.csv", [CLEAN_HEADER, *rows]), today=TODAY
    )
    assert result.errors == []
    return db


@pytest.fixture
async def other_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    await upgrade(database)
    yield database
    await database.dispose()


def _xlsx_cells(path: Path, sheet: str) -> list:
    return [cell for row in load_workbook(path)[sheet].iter_rows() for cell in row]


async def test_ledger_xlsx_writes_formula_like_cells_as_quoted_text(
    ledger: Database, tmp_path: Path
) -> None:
    path = tmp_path / "out.xlsx"
    await export_ledger(ledger, path, year=2025)
    cells = _xlsx_cells(path, "项目")
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = {c.value: c for c in cells if isinstance(c.value, str)}
    for name in [*HOSTILE.values(), "＝1+1", "=西街街道"]:
        assert names[name].data_type == "s" and names[name].quotePrefix, name


async def test_ledger_csv_quotes_formula_like_cells_and_reads_back_the_same(
    ledger: Database, other_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "out.csv"
    await export_ledger(ledger, path, year=2025)
    with path.open(encoding="utf-8-sig") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    for name in HOSTILE.values():
        assert "'" + name in cells and name not in cells
    assert "'=西街街道" in cells
    assert (await import_ledger(other_db, path, today=TODAY)).errors == []
    ours, theirs = await ledger_state(ledger), await ledger_state(other_db)
    assert theirs["projects"] == ours["projects"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
async def test_monthly_report_neutralises_formula_like_cells(
    ledger: Database, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"月报{suffix}"
    await export_monthly_report(ledger, path, month=date(2025, 4, 1))
    if suffix == ".xlsx":
        cells = _xlsx_cells(path, "月报表")
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert any(c.value == LINK and c.quotePrefix for c in cells)
        return
    with path.open(encoding="utf-8-sig") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + LINK in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
