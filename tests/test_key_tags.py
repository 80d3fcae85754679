"""重点类别 from the ledger: imported per plan year, exported back, blank clears it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from storage.db import Database
from storage.ledger import export_ledger, import_ledger
from storage.models import Project, ProjectPlan
from tests.support.ledger_files import SheetSpec, write_workbook

HEADER = ["项目代码", "项目名称", "责任单位", "年度计划投资（万元）", "重点类别"]
TODAY = date(2026, 1, 10)


async def _tags(db: Database) -> dict[str, str]:
    async with db.read() as s:
        rows = await s.execute(
            select(Project.code, ProjectPlan.key_tags)
            .join(ProjectPlan, ProjectPlan.project_id == Project.id)
            .where(ProjectPlan.year == 2026)
        )
        return dict(rows.all())


async def test_tags_import_and_export(db: Database, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["K1", "物流园", "北石店镇", 12000, "20大重点项目，1355"],
        ["K2", "厂房", "北石店镇", 800, ""],
    ]
    ledger = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])
    result = await import_ledger(db, ledger, today=TODAY, year=2026)
    assert result.errors == []
    assert await _tags(db) == {"K1": "20大重点项目、1355", "K2": ""}

    out = tmp_path / "导出.xlsx"
    await export_ledger(db, out, year=2026)
    sheet = list(load_workbook(out)["项目"].iter_rows(values_only=True))
    column = sheet[0].index("重点类别")
    assert [row[column] for row in sheet[1:]] == ["20大重点项目、1355", None]

    rows[1][4] = ""
    await import_ledger(
        db, write_workbook(tmp_path / "b.xlsx", [SheetSpec("项目", rows)]), today=TODAY, year=2026
    )
    assert (await _tags(db))["K1"] == ""


async def test_target_queries_on_every_backend(db: Database) -> None:
    """The targets ledger's hand figures through each repository (SQLite and PostgreSQL)."""
    from core.settings import TargetSettings
    from domain.plan import DEFAULT_CURVE
    from storage.repos.completions import completions
    from storage.repos.key_projects import key_report, known_tags, matching_ids
    from storage.repos.starts import starts_report
    from storage.repos.stats_list import stats_report
    from tests.support.targets_ledger import TODAY, WAN, build_targets_ledger

    ids = await build_targets_ledger(db)
    async with db.read() as s:
        key = await key_report(
            s, TODAY, DEFAULT_CURVE, threshold_yuan=5000 * WAN, target_yuan=0, share_target=0
        )
        assert [r.code for r in key.rows] == ["T5", "T2", "T1"] or {r.code for r in key.rows} == {
            "T1",
            "T2",
            "T5",
        }
        assert (key.total.done, key.all_done) == (4400 * WAN, 4800 * WAN)
        tagged = await matching_ids(s, 2026, 5000 * WAN, key=None, level=None, tag="1355")
        assert tagged == {ids["T5"]}
        assert await known_tags(s, 2026, ["20大重点项目"]) == ["20大重点项目", "1355"]
        starts = await starts_report(s, TODAY, TargetSettings())
        assert (starts.total.new_started, starts.total.new, starts.total.resumed) == (2, 4, 2)
        plan = await completions(s, TODAY)
        assert [c.code for c in plan.slipping] == ["T7"]
        total, _ = await stats_report(s, TODAY, 2)
        assert (total.started, total.in_stats) == (5, 4)


async def test_an_office_with_its_own_key_line_counts_by_it(db: Database) -> None:
    """阳泉 draws the key-project line at 1亿, another county at 3000万: the ledger's stored
    flag (the documents' 5000万) decides nothing."""
    from domain.plan import DEFAULT_CURVE
    from storage.repos.digest_queries import unit_figures
    from storage.repos.key_projects import key_report, matching_ids
    from tests.support.targets_ledger import TODAY, WAN, build_targets_ledger

    ids = await build_targets_ledger(db)
    codes = {project_id: code for code, project_id in ids.items()}
    async with db.read() as s:
        for line, expected in [(10_000, {"T1"}), (3_000, {"T1", "T2", "T4", "T5"})]:
            key = await key_report(
                s, TODAY, DEFAULT_CURVE, threshold_yuan=line * WAN, target_yuan=0, share_target=0
            )
            assert {row.code for row in key.rows} == expected
            chosen = await matching_ids(s, 2026, line * WAN, key=True, level=None)
            assert {codes[i] for i in chosen} == expected
            others = await matching_ids(s, 2026, line * WAN, key=False, level=None)
            assert {codes[i] for i in others} == set(ids) - expected
            units = await unit_figures(s, TODAY, DEFAULT_CURVE, TODAY, key_yuan=line * WAN)
            assert sum(unit.key_projects for unit in units) == len(expected)


async def test_next_years_plan_keeps_the_tags_a_slim_sheet_leaves_out(
    db: Database, tmp_path: Path
) -> None:
    # a December plan sheet of code, name, unit and amount: the level and dates carried over
    # from this year's plan, the 重点类别 did not
    rows = [HEADER, ["K1", "物流园", "北石店镇", 12000, "20大重点项目"]]
    await import_ledger(
        db, write_workbook(tmp_path / "a.xlsx", [SheetSpec("项目", rows)]), today=TODAY, year=2026
    )
    slim = [HEADER[:4], ["K1", "物流园", "北石店镇", 15000]]
    ledger = write_workbook(tmp_path / "b.xlsx", [SheetSpec("项目", slim)])
    await import_ledger(db, ledger, today=date(2026, 12, 10), year=2027)
    async with db.read() as s:
        tags = await s.scalar(select(ProjectPlan.key_tags).where(ProjectPlan.year == 2027))
    assert tags == "20大重点项目"
