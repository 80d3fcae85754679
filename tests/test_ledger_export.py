"""Exporting the ledger (it must read back unchanged) and the 月报表."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from storage.db import Database
from storage.ledger import export_ledger, export_monthly_report, import_ledger
from storage.migrate import upgrade
from storage.models import Project, Report
from storage.repos import ledger_repo
from tests.ledger_files import (
    clean_row,
    clean_workbook,
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

    count = await export_ledger(db, exported)
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

    await export_ledger(db, tmp_path / "export.xlsx")

    book = load_workbook(tmp_path / "export.xlsx", read_only=True)
    assert book.sheetnames == ["项目", "人员", "节点"]
    rows = list(book["项目"].iter_rows(values_only=True))
    header = list(rows[0])
    first = dict(zip(header, rows[1], strict=True))
    assert first["总投资（万元）"] == 60000
    assert first["年度计划投资（万元）"] == 1200.5
    assert first["12月"] == 150.5
    assert first["责任人手机"] == "13900000003"  # text, so Excel keeps every digit
    plant = dict(zip(header, rows[2], strict=True))
    assert plant["责任人"] == "王伟、李娜"
    assert plant["责任人手机"] == "13900000011、13900000012"


async def _seed_reports(db: Database, tmp_path: Path) -> None:
    rows = [
        clean_row("P1", "物流园", 总投资=5000, 年度计划投资=1200),
        clean_row("P2", "厂房", 总投资=5000, 年度计划投资=1000),
        clean_row("P3", "储备项目", 总投资=5000, 年度计划投资=0),
        clean_row("P4", "管网", 总投资=5000, 年度计划投资=500),
    ]
    await import_ledger(db, clean_workbook(tmp_path / "台账.xlsx", rows), today=TODAY)
    async with db.write() as s:
        ids = {p.code: p.id for p in (await ledger_repo.projects_by_code(s, ["P1", "P2"])).values()}
        reporter = (await ledger_repo.people_by_mobile(s, ["13900000012"]))["13900000012"].id

        def report(code: str, period: str, done: int, ytd: int | None, **extra: Any) -> Report:
            return Report(
                project_id=ids[code],
                period=period,
                reporter_id=reporter,
                received_at=datetime(2025, 4, 28, 2, tzinfo=UTC),
                period_investment_yuan=done * WAN,
                ytd_investment_yuan=None if ytd is None else ytd * WAN,
                **extra,
            )

        kept = report("P1", "2025-W16", 50, 350, month="2025-04")
        s.add(kept)
        await s.flush()
        s.add_all(
            [
                report("P1", "2025-W13", 40, 200, month="2025-03"),
                report("P1", "2025-W15", 100, 300, month="2025-04"),
                report("P1", "2025-W16", 999, 9999, month="2025-04", superseded_by_id=kept.id),
                report("P1", "2025-W17", 500, 900, month="2025-04", withdrawn_at=datetime.now(UTC)),
                report("P1", "2025-W18", 30, None, month="2025-04"),
                report("P1", "2025-W19", 400, 800, month="2025-05"),
                report("P2", "2025-W12", 250, 250, month="2025-03"),
                report("P2", "2024-W50", 900, 5000, month="2024-12"),
            ]
        )


async def test_monthly_report_sums_the_month_and_takes_the_latest_cumulative(
    db: Database, tmp_path: Path
) -> None:
    await _seed_reports(db, tmp_path)
    path = tmp_path / "月报表.xlsx"

    count = await export_monthly_report(db, path, month=date(2025, 4, 1))

    assert count == 4
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("2025年4月 项目建设月报表")
    header = rows[1]
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    logistics = by_code["P1"]
    assert logistics["本月完成（万元）"] == 180  # 100 + 50 + 30; superseded and withdrawn left out
    assert logistics["年度累计完成（万元）"] == 350  # the latest current figure up to April
    assert logistics["序时进度（万元）"] == 336  # 28% of 1200 by the end of April
    assert logistics["完成序时比例"] == pytest.approx(350 / 336)
    assert logistics["亮灯"] == "蓝灯"
    plant = by_code["P2"]
    assert (plant["本月完成（万元）"], plant["年度累计完成（万元）"]) == (0, 250)  # not 2024's
    assert plant["亮灯"] == "黄灯"  # 250 / 280
    assert by_code["P3"]["亮灯"] == "—"  # nothing planned
    assert by_code["P4"]["亮灯"] == "红灯"
    total = by_code["合计"]
    assert total["年度累计完成（万元）"] == 600


async def test_monthly_report_uses_an_injected_schedule_and_writes_csv(
    db: Database, tmp_path: Path
) -> None:
    await _seed_reports(db, tmp_path)
    path = tmp_path / "月报表.csv"

    def half_plan(project: Project, on: date) -> int:
        assert on == date(2025, 4, 30)
        return project.annual_plan_yuan // 2

    await export_monthly_report(db, path, month=date(2025, 4, 1), schedule_plan=half_plan)

    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("2025年4月 项目建设月报表")
    assert lines[2] == "P1,物流园,西街街道,1200,180,350,600,58.3%,红灯"


async def test_an_unknown_export_format_is_refused(db: Database, tmp_path: Path) -> None:
    from storage.ledger import LedgerError

    with pytest.raises(LedgerError, match="不支持的导出格式"):
        await export_ledger(db, tmp_path / "台账.pdf")
