"""A ledger date the import cannot read is refused with an example of the clock's year: in
2026 “请写成 2026-03-01”, never a 2025 date that reads as a stale one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storage.db import Database
from storage.ledger import import_ledger
from tests.support.ledger_files import SheetSpec, clean_row, clean_workbook

TODAY = date(2026, 12, 2)


async def test_an_unreadable_date_is_shown_how_to_write_it_this_year(
    db: Database, tmp_path: Path
) -> None:
    milestones = SheetSpec(
        "节点",
        [
            ["项目代码", "节点", "计划完成日期", "实际完成日期"],
            ["P1", "开工", "2026-03-01", "月初"],
        ],
    )
    rows = [clean_row("P1", 计划开工日期="2026-03-01"), clean_row("P2", 计划开工日期="下月初")]
    path = clean_workbook(tmp_path / "台账.xlsx", rows, (milestones,))
    result = await import_ledger(db, path, today=TODAY, year=2026)
    assert [(e.column, e.reason) for e in result.errors] == [
        ("计划开工日期", "无法识别的日期：“下月初”，请写成 2026-03-01"),
        ("实际完成日期", "无法识别的日期：“月初”，请写成 2026-03-01"),
    ]
