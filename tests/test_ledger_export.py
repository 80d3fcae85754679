"""Exporting the ledger: it must read back unchanged (the 月报表: tests/test_monthly_report.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from domain.money import format_percent
from storage.db import Database
from storage.ledger import export_ledger, import_ledger
from storage.ledger.writer import PERCENT, Table, write_tables
from storage.migrate import upgrade
from storage.models import ProjectPlan
from tests.support.ledger_files import (
    ledger_state,
    office_ledger,
)

TODAY = date(2025, 4, 1)
WAN = 10_000


@pytest.fixture
async def other_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A second, empty SQLite database to import an export into."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    await upgrade(database)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
async def test_an_export_imports_back_without_changes(
    db: Database, other_db: Database, tmp_path: Path, suffix: str
) -> None:
    await import_ledger(db, office_ledger(tmp_path / "office.xlsx"), today=TODAY)
    exported = tmp_path / f"export{suffix}"

    count = await export_ledger(db, exported, year=2025)
    again = await import_ledger(db, exported, today=TODAY)
    elsewhere = await import_ledger(other_db, exported, today=TODAY)

    assert count == 3
    assert again.errors == []
    c = again.counts
    assert (c.projects_created, c.projects_updated, c.people_created, c.people_updated) == (
        0,
        0,
        0,
        0,
    )
    assert (c.milestones_created, c.milestones_updated, c.units_created) == (0, 0, 0)
    assert (c.projects_unchanged, c.project_changes, c.new_units) == (3, {}, [])
    ours, theirs = await ledger_state(db), await ledger_state(other_db)
    assert theirs["projects"] == ours["projects"]
    assert theirs["owners"] == ours["owners"]
    assert theirs["leaders"] == ours["leaders"]
    if suffix == ".xlsx":  # a CSV holds the project sheet only
        assert elsewhere.counts.milestones_created == 3
        assert theirs == ours


async def test_the_exported_workbook_reads_as_offices_expect(db: Database, tmp_path: Path) -> None:
    await import_ledger(db, office_ledger(tmp_path / "office.xlsx"), today=TODAY)

    await export_ledger(db, tmp_path / "export.xlsx", year=2025)

    book = load_workbook(tmp_path / "export.xlsx", read_only=True)
    assert book.sheetnames == ["项目", "人员", "节点"]
    rows = list(book["项目"].iter_rows(values_only=True))
    header = list(rows[0])
    first = dict(zip(header, rows[1], strict=True))
    assert first["总投资（万元）"] == 60000
    assert first["2025年计划投资（万元）"] == 1200.5  # the plan year in the header
    assert first["12月"] == 150.5
    assert first["责任人手机"] == "13900000003"  # text, so Excel keeps every digit
    plant = dict(zip(header, rows[2], strict=True))
    assert plant["责任人"] == "王伟、李娜"
    assert plant["责任人手机"] == "13900000011、13900000012"


async def test_an_unknown_export_format_is_refused(db: Database, tmp_path: Path) -> None:
    from storage.ledger import LedgerError

    with pytest.raises(LedgerError, match="不支持的导出格式"):
        await export_ledger(db, tmp_path / "台账.pdf", year=2025)


async def test_a_year_not_planned_yet_exports_blank_and_reads_back_as_not_planned(
    db: Database, tmp_path: Path
) -> None:
    await import_ledger(db, office_ledger(tmp_path / "office.xlsx"), today=TODAY)
    exported = tmp_path / "2026.xlsx"
    await export_ledger(db, exported, year=2026)  # December: next year's sheet, to be filled in

    again = await import_ledger(db, exported, today=date(2025, 12, 10))

    assert again.errors == []
    async with db.read() as session:
        years = (await session.scalars(select(ProjectPlan.year))).all()
    assert set(years) == {2025}  # it wrote a 0 that read back as a 2026 plan of nothing


async def test_next_years_sheet_filled_in_with_amounts_only_keeps_level_and_dates(
    db: Database, tmp_path: Path
) -> None:
    # December: the clerk exports 2026, types the plan amounts and imports. The export left
    # 项目级别 as 一般 and the dates blank, so the 市重点 project became 一般 with no 竣工 date.
    await import_ledger(db, office_ledger(tmp_path / "office.xlsx"), today=TODAY)
    exported = tmp_path / "2026.xlsx"
    await export_ledger(db, exported, year=2026)
    book = load_workbook(exported)
    sheet = book["项目"]
    header = [cell.value for cell in sheet[1]]
    first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert first["项目级别"].value == "市重点"  # what 2025 said, for the clerk to keep or change
    first["2026年计划投资（万元）"].value = 3000
    book.save(exported)

    again = await import_ledger(db, exported, today=date(2025, 12, 10))

    assert again.errors == []
    async with db.read() as session:
        plans = (await session.scalars(select(ProjectPlan).where(ProjectPlan.year == 2026))).all()
    assert [(p.annual_plan_yuan, p.level, p.planned_completion) for p in plans] == [
        (3000 * WAN, "市重点", date(2026, 12, 31))
    ]
    assert plans[0].planned_start == date(2024, 3, 1)
    assert plans[0].monthly_plan_yuan in (None, [None] * 12)  # 2025's months are not 2026's


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_ratio_in_a_sheet_reads_as_chat_shows_it(tmp_path: Path, suffix: str) -> None:
    # 325/400 is 81.25%: Python's float formatting gave 81.2%, chat (and a clerk's ROUND) 81.3%;
    # 90.96% shows 90.9% in chat (never onto the 91% line from below), Excel's format 91.0%
    ratios = [325 / 400, 0.9096, 1.0]
    table = Table("月报表", ["完成序时比例"], [[r] for r in ratios], formats={0: PERCENT})
    path = tmp_path / f"ratios{suffix}"
    write_tables(path, [table])
    if suffix == ".csv":
        shown = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    else:
        cells = list(load_workbook(path)["月报表"].iter_rows(min_row=2, values_only=True))
        shown = [f"{value * 100:.1f}%" for (value,) in cells]
    assert shown == ["81.3%", "90.9%", "100.0%"]
    assert [format_percent(r) for r in ratios] == ["81.3%", "90.9%", "100%"]
