"""What an import of next year's plan names for the office to look at: projects finished
before the year that the file plans for it all the same, and the projects it adds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.cli.main import main
from storage.db import Database
from storage.ledger import import_ledger
from storage.ledger.near_codes import one_off
from storage.models import Project
from tests.support.ledger_files import CLEAN_HEADER, SheetSpec, clean_row, write_workbook

NOV_28, DEC_10 = date(2026, 11, 28), date(2026, 12, 10)


def _ledger(path: Path, rows: list[tuple[list[Any], str]], plan: str) -> Path:
    """A 项目 sheet with a 项目状态 column, its plan column headed `plan`."""
    header = [plan if c == "年度计划投资（万元）" else c for c in CLEAN_HEADER] + ["项目状态"]
    body = [[*row, status] for row, status in rows]
    return write_workbook(path, [SheetSpec("项目", [header, *body])])


async def _this_year(db: Database, tmp_path: Path) -> None:
    """2026: 养老中心 finished (its status), 步道 declared 竣工 in chat in November."""
    rows = [
        (clean_row("P1", "物流园", 年度计划投资=500), "在建"),
        (clean_row("P2", "养老中心", 年度计划投资=300), "已竣工"),
        (clean_row("P3", "步道", 年度计划投资=200), "在建"),
        (clean_row("P4", "农田", 年度计划投资=100), "已投产"),
    ]
    path = _ledger(tmp_path / "2026.xlsx", rows, "年度计划投资（万元）")
    await import_ledger(db, path, today=NOV_28)
    async with db.write() as session:
        declared = update(Project).where(Project.code == "P3")
        await session.execute(declared.values(completed_on=date(2026, 11, 20)))


async def test_next_years_plan_for_a_finished_project_is_named_with_how_to_leave_it_out(
    db: Database, tmp_path: Path
) -> None:
    await _this_year(db, tmp_path)
    # December: next year's sheet built from this year's ledger keeps the finished projects;
    # 农田's plan written 0 (left out as the note says), 厂房 new
    next_year = [
        (clean_row("P1", "物流园", 年度计划投资=800), "在建"),
        (clean_row("P2", "养老中心", 总投资=5000, 年度计划投资=2657), "已竣工"),
        (clean_row("P3", "步道", 年度计划投资=150), "在建"),
        (clean_row("P4", "农田", 年度计划投资=0), "已投产"),
        (clean_row("P5", "厂房", 年度计划投资=900), "前期"),
    ]
    path = _ledger(tmp_path / "2027.xlsx", next_year, "2027年计划投资（万元）")
    for dry_run in (True, False):
        result = await import_ledger(db, path, today=DEC_10, dry_run=dry_run)
        summary = result.summary()
        assert (
            "注意：已竣工或投产的项目 2 个也写入了2027年计划："
            "养老中心（西街街道，2657万元）、步道（西街街道，150万元）。" in summary
        ), summary
        assert "否则请把“2027年计划投资”写 0 后再导入" in summary
        assert "农田" not in summary
        assert "  新增 P5（厂房）" in summary
    # left out as the note says: a 0 typed in is no blank emptying a plan
    next_year[1] = (clean_row("P2", "养老中心", 总投资=5000, 年度计划投资=0), "已竣工")
    next_year[2] = (clean_row("P3", "步道", 年度计划投资=0), "在建")
    path = _ledger(tmp_path / "zero.xlsx", next_year, "2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10)).summary()
    assert "已竣工或投产" not in summary and "空白" not in summary, summary
    assert "  更新 P2（养老中心）：2027年度计划投资（2657万元→0万元）" in summary


async def test_this_years_plan_of_a_project_finished_this_year_is_no_slip(
    db: Database, tmp_path: Path
) -> None:
    await _this_year(db, tmp_path)
    again = [
        (clean_row("P2", "养老中心", 年度计划投资=300), "已竣工"),
        (clean_row("P3", "步道", 年度计划投资=250), "在建"),
    ]
    path = _ledger(tmp_path / "again.xlsx", again, "年度计划投资（万元）")
    summary = (await import_ledger(db, path, today=NOV_28, year=2026)).summary()
    assert "已竣工或投产" not in summary and "新增 P" not in summary


async def test_a_long_list_of_new_projects_is_cut_short(db: Database, tmp_path: Path) -> None:
    rows = [(clean_row(f"N{n:02}", f"新项目{n}"), "在建") for n in range(1, 36)]
    path = _ledger(tmp_path / "new.xlsx", rows, "年度计划投资（万元）")
    summary = (await import_ledger(db, path, today=NOV_28, dry_run=True)).summary()
    assert "项目新增 35 个" in summary
    assert "  新增 N01（新项目1）" in summary and "  新增 N30（新项目30）" in summary
    assert "N31" not in summary and "  ……另有 5 个新增项目" in summary


def test_a_dry_runs_plan_changes_name_the_year_they_are_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # December: this year's and next year's plans side by side; a change must say which
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'office.db'}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-12-10 10:00")
    this_year = [(clean_row("P1", "物流园", 年度计划投资=500), "在建")]
    assert (
        main(
            [
                "import",
                str(_ledger(tmp_path / "a.xlsx", this_year, "2026年计划投资")),
                "--year",
                "2026",
            ]
        )
        == 0
    )
    next_year = [(clean_row("P1", "物流园", 年度计划投资=800), "在建")]
    assert (
        main(
            [
                "import",
                str(_ledger(tmp_path / "b.xlsx", next_year, "2027年计划投资")),
                "--year",
                "2027",
            ]
        )
        == 0
    )
    capsys.readouterr()
    changed = [(clean_row("P1", "物流园", 年度计划投资=900), "在建")]
    for year in (2027, 2026):
        path = _ledger(tmp_path / f"{year}.xlsx", changed, f"{year}年计划投资（万元）")
        assert main(["import", str(path), "--dry-run"]) == 0
        was = 800 if year == 2027 else 500
        assert (
            f"  更新 P1（物流园）：{year}年度计划投资（{was}万元→900万元）"
            in capsys.readouterr().out
        )
    blank = [(clean_row("P1", "物流园", 年度计划投资=None), "在建")]
    assert (
        main(["import", str(_ledger(tmp_path / "c.xlsx", blank, "2027年计划投资")), "--dry-run"])
        == 0
    )
    assert "清空原有数据——2027年度计划投资 1 个项目（物流园）" in capsys.readouterr().out


def test_one_character_off() -> None:
    code = "2022-140502-59-03-011961"
    assert one_off(code, "2022-140502-59-03-011962")  # changed
    assert one_off(code, "2022-140502-59-03-01196")  # dropped
    assert one_off(code, "2022-140502-59-03-0119611")  # added
    assert one_off(code, "2022-140502-59-03-011916")  # neighbours swapped
    assert not one_off(code, code)
    assert not one_off(code, "2022-140502-59-03-011972")
    assert not one_off(code, "2022-140502-59-03-011619")


async def test_a_mistyped_code_in_next_years_plan_names_the_project_it_likely_is(
    db: Database, tmp_path: Path
) -> None:
    logistics, sewage = "2022-140502-59-03-011961", "2023-140502-47-03-002210"
    rows = [
        (clean_row(logistics, "城区智慧物流园项目", 年度计划投资=500), "在建"),
        (clean_row(sewage, "污水处理厂", 年度计划投资=300), "在建"),
    ]
    await import_ledger(
        db, _ledger(tmp_path / "2026.xlsx", rows, "年度计划投资（万元）"), today=NOV_28
    )
    # December: next year's plan typed up, 物流园's code one digit off and its name shortened
    typo = "2022-140502-59-03-011967"
    next_year = [
        (clean_row(typo, "智慧物流园", 年度计划投资=800), "在建"),
        (clean_row(sewage, "污水处理厂", 年度计划投资=200), "在建"),
    ]
    path = _ledger(tmp_path / "2027.xlsx", next_year, "2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10, dry_run=True)).summary()
    assert (
        "注意：新增项目中有 1 个的项目代码与已有项目（本表未列）只差一个字符，可能是代码填错："
        f"{typo}（智慧物流园）像是 {logistics}（城区智慧物流园项目）；"
        "如是同一个项目，请改用原项目代码后再导入" in summary
    ), summary
    # both in the file: two projects numbered in a row, no slip
    both = [*next_year, (clean_row(logistics, "城区智慧物流园项目", 年度计划投资=900), "在建")]
    path = _ledger(tmp_path / "both.xlsx", both, "2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10, dry_run=True)).summary()
    assert "只差一个字符" not in summary and f"  新增 {typo}（智慧物流园）" in summary
    # a unit's own file, its new project numbered next to one it leaves out: no slip either
    neighbour = "2022-140502-59-03-011962"
    own = [(clean_row(neighbour, "东关村道路硬化", 年度计划投资=100), "在建")]
    path = _ledger(tmp_path / "unit.xlsx", own, "2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10, dry_run=True)).summary()
    assert "只差一个字符" not in summary and f"  新增 {neighbour}（东关村道路硬化）" in summary


async def test_a_change_too_small_to_show_in_yi_is_shown_in_wan(
    db: Database, tmp_path: Path
) -> None:
    big = [(clean_row("P1", "物流园", 总投资=90000, 年度计划投资=42000), "在建")]
    await import_ledger(db, _ledger(tmp_path / "a.xlsx", big, "年度计划投资（万元）"), today=NOV_28)
    slip = [(clean_row("P1", "物流园", 总投资=90000, 年度计划投资=42010), "在建")]
    path = _ledger(tmp_path / "b.xlsx", slip, "年度计划投资（万元）")
    summary = (await import_ledger(db, path, today=NOV_28, dry_run=True)).summary()
    # in 亿元 both read 4.2亿元: the dry run would show no change at all
    assert "  更新 P1（物流园）：2026年度计划投资（42000万元→42010万元）" in summary, summary
