"""A ledger import that cannot corrupt the ledger: unknown units, files that are not ledgers,
a summary of what changes, and --dry-run (#10)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli.main import main
from storage.db import Database
from storage.ledger import LedgerError, export_monthly_report, import_ledger
from storage.models import Audit, Person, Project, ProjectLeader, Unit
from tests.support.ledger_files import (
    CLEAN_HEADER,
    SheetSpec,
    clean_row,
    clean_workbook,
    ledger_state,
    write_csv,
    write_workbook,
)

TODAY = date(2025, 4, 24)
CITY = "区城市管理局"


def _rows(unit_of_p2: str = CITY) -> list[list[object]]:
    return [
        clean_row("P1", "西街老旧小区改造"),
        clean_row("P2", "城区道路提升", 责任单位=unit_of_p2),
    ]


async def _units(db: Database) -> list[str]:
    async with db.read() as session:
        return sorted((await session.execute(select(Unit.name))).scalars())


async def test_the_first_import_creates_and_lists_its_units(db: Database, tmp_path: Path) -> None:
    result = await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    assert result.written
    assert await _units(db) == sorted([CITY, "西街街道"])
    assert "新建单位 2 个：区城市管理局、西街街道" in result.summary()


async def test_the_first_import_refuses_a_unit_typed_with_a_homophone(
    db: Database, tmp_path: Path
) -> None:
    rows = [
        clean_row("P1", "风电项目", 责任单位="县能源局"),
        clean_row("P2", "光伏项目", 责任单位="县能原局"),  # 原 for 源: the input method's slip
        clean_row("P3", "东街改造", 责任单位="东街街道"),  # a character apart: other units
        clean_row("P4", "西街改造", 责任单位="西街街道"),
        clean_row("P5", "学校项目", 责任单位="区卫健局"),
        clean_row("P6", "住房项目", 责任单位="区住建局"),
        clean_row("P7", "税务大楼", 责任单位="县税务局"),  # shuì, shuǐ: a tone apart
        clean_row("P8", "水库项目", 责任单位="县水务局"),
    ]
    result = await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", rows), today=TODAY)
    assert not result.written
    [error] = result.errors
    assert (error.row, error.column) == (3, "责任单位")
    assert "责任单位“县能原局”与本台账中的“县能源局”只差一个同音字" in error.reason
    told = await import_ledger(
        db, clean_workbook(tmp_path / "a.xlsx", rows), today=TODAY, new_units=True
    )
    assert told.written and "县能原局" in await _units(db)


async def test_a_typo_in_a_unit_is_refused_with_the_closest_ones(
    db: Database, tmp_path: Path
) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    before = await ledger_state(db)
    typo = clean_workbook(tmp_path / "b.xlsx", _rows("区城管局"))
    result = await import_ledger(db, typo, today=TODAY)
    assert not result.written
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("项目", 3, "责任单位")
    assert "责任单位“区城管局”不是已有单位，最接近的有：区城市管理局" in error.reason
    assert "--new-units" in error.reason
    assert await ledger_state(db) == before
    assert "区城管局" not in await _units(db)


async def test_new_units_when_told(db: Database, tmp_path: Path) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    path = clean_workbook(tmp_path / "b.xlsx", _rows("区城管局"))
    result = await import_ledger(db, path, today=TODAY, new_units=True)
    assert result.written
    assert "新建单位 1 个：区城管局" in result.summary()
    assert "区城管局" in await _units(db)


async def test_a_typo_in_the_locality_is_refused_too(db: Database, tmp_path: Path) -> None:
    header = [*CLEAN_HEADER, "属地"]
    first = [[*clean_row("P1"), "西街街道"], [*clean_row("P2", 责任单位=CITY), "北石店镇"]]
    await import_ledger(
        db, write_workbook(tmp_path / "a.xlsx", [SheetSpec("项目", [header, *first])]), today=TODAY
    )
    assert "北石店镇" in await _units(db)  # a 属地 is a unit (镇/街道)
    typo = [[*clean_row("P2", 责任单位=CITY), "北石店"]]
    result = await import_ledger(
        db, write_workbook(tmp_path / "b.xlsx", [SheetSpec("项目", [header, *typo])]), today=TODAY
    )
    [error] = result.errors
    assert "属地“北石店”不是已有单位，最接近的有：北石店镇" in error.reason


async def test_the_monthly_report_is_not_a_ledger(db: Database, tmp_path: Path) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    report = tmp_path / "月报.xlsx"
    await export_monthly_report(db, report, month=date(2025, 4, 1))
    with pytest.raises(LedgerError) as caught:
        await import_ledger(db, report, today=TODAY)
    message = str(caught.value)
    assert "工作表「月报表」是月报表" in message
    assert "本月完成" in message  # what was found
    assert "不是项目台账" in message


async def test_a_file_without_project_codes_names_what_it_found(
    db: Database, tmp_path: Path
) -> None:
    rows = [["项目名称", "责任单位", "年度计划投资（万元）"], ["城区道路提升", CITY, 500]]
    with pytest.raises(LedgerError) as caught:
        await import_ledger(db, write_csv(tmp_path / "list.csv", rows), today=TODAY)
    message = str(caught.value)
    assert "缺少必需的列：项目代码" in message
    assert "找到的列：项目名称、责任单位、年度计划投资（万元）" in message
    people = [["姓名", "电话号码"], ["张三", "13900000001"]]
    with pytest.raises(LedgerError) as caught:
        await import_ledger(db, write_csv(tmp_path / "people.csv", people), today=TODAY)
    assert "找不到项目表" in str(caught.value)
    assert "姓名、电话号码" in str(caught.value)
    assert await _units(db) == []


async def test_the_summary_says_what_changed_and_how(db: Database, tmp_path: Path) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    changed = [
        clean_row(
            "P1", "西街老旧小区改造", 年度计划投资=800, 责任人="王强", 责任人手机="13900000013"
        ),
        clean_row("P2", "城区道路提升", 责任单位=CITY),
        clean_row("P3", "新的项目"),
    ]
    result = await import_ledger(db, clean_workbook(tmp_path / "b.xlsx", changed), today=TODAY)
    summary = result.summary()
    assert "项目新增 1 个、更新 1 个、未变 1 个" in summary
    assert "人员新增 1 人" in summary
    assert "更新 P1（西街老旧小区改造）：2025年度计划投资（500万元→800万元）、责任人" in summary
    assert "P2" not in summary
    # a slip an office would catch on a dry run: 总投资 typed in 元, a unit, a date
    slips = [
        clean_row("P1", "西街老旧小区改造", 总投资=10_000_000, 责任单位=CITY),
        clean_row("P2", "城区道路提升", 责任单位=CITY, 计划开工日期=""),
    ]
    result = await import_ledger(db, clean_workbook(tmp_path / "c.xlsx", slips), today=TODAY)
    summary = result.summary()
    slipped = "责任单位（西街街道→区城市管理局）、总投资（1000万元→1000亿元）"
    assert f"更新 P1（西街老旧小区改造）：{slipped}" in summary
    assert "更新 P2（城区道路提升）：2025年计划开工日期（2025年3月1日→空）" in summary


async def test_a_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    before = await ledger_state(db)
    changed = [clean_row("P1", "西街老旧小区改造", 年度计划投资=800), clean_row("P3", "新的项目")]
    path = clean_workbook(tmp_path / "b.xlsx", changed)
    result = await import_ledger(db, path, today=TODAY, dry_run=True)
    assert not result.written
    summary = result.summary()
    assert summary.startswith(
        "预演（--dry-run），未写入任何数据。如导入将会：项目新增 1 个、更新 1 个"
    )
    assert "更新 P1（西街老旧小区改造）：2025年度计划投资（500万元→800万元）" in summary
    assert await ledger_state(db) == before
    async with db.read() as session:
        assert (await session.execute(select(func.count(Audit.id)))).scalar_one() == 1
        assert (await session.execute(select(func.count(Project.id)))).scalar_one() == 2


def test_cli_dry_run_and_new_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'o.db'}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2025-04-24 10:00")
    assert main(["import", str(clean_workbook(tmp_path / "a.xlsx", _rows()))]) == 0
    typo = str(clean_workbook(tmp_path / "b.xlsx", _rows("区城管局")))
    capsys.readouterr()
    assert main(["import", typo]) == 1
    err = capsys.readouterr().err
    assert "项目 第3行" in err
    assert "最接近的有：区城市管理局" in err
    assert main(["import", typo, "--new-units", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "预演（--dry-run）" in out
    assert "新建单位 1 个：区城管局" in out
    assert main(["import", typo, "--new-units"]) == 0
    assert "导入完成" in capsys.readouterr().out
    report = tmp_path / "月报.xlsx"
    assert main(["export", str(report), "--monthly", "2025-04"]) == 0
    assert main(["import", str(report)]) == 1
    assert "是月报表" in capsys.readouterr().err


async def test_a_typo_in_a_persons_unit_is_refused(db: Database, tmp_path: Path) -> None:
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", _rows()), today=TODAY)
    people = SheetSpec("人员", [["姓名", "手机", "单位"], ["王强", "13900000013", "西街街到"]])
    path = clean_workbook(tmp_path / "b.xlsx", _rows(), (people,))
    result = await import_ledger(db, path, today=TODAY)
    [error] = result.errors
    assert (error.sheet, error.column) == ("人员", "单位")
    assert "单位“西街街到”不是已有单位，最接近的有：西街街道" in error.reason


async def test_a_leader_listed_in_the_people_sheet_needs_no_mobile_on_each_row(
    db: Database, tmp_path: Path
) -> None:
    """The 人员 sheet holds 王建军's number once; his projects name him without it."""
    header = ["姓名", "手机", "单位", "角色"]
    people = SheetSpec("人员", [header, ["王建军", "13900000077", "西街街道", "包联领导"]])
    rows = [clean_row(f"P{n}", f"项目{n}", 包联领导="王建军", 包联领导手机=None) for n in (1, 2)]
    rows.append(clean_row("P3", "项目3", 包联领导="赵六", 包联领导手机=None))  # not on the sheet
    path = clean_workbook(tmp_path / "a.xlsx", rows, (people,))
    [error] = (await import_ledger(db, path, today=TODAY)).errors
    assert error.row == 4
    assert "请填在“包联领导手机”列，或把此人（姓名、手机）列入“人员”表" in error.reason
    rows.pop()
    path = clean_workbook(tmp_path / "b.xlsx", rows, (people,))
    assert (await import_ledger(db, path, today=TODAY)).errors == []
    async with db.read() as session:
        led = await session.execute(
            select(Project.code, Person.name)
            .join(ProjectLeader, ProjectLeader.project_id == Project.id)
            .join(Person, Person.id == ProjectLeader.person_id)
            .order_by(Project.code)
        )
        assert led.all() == [("P1", "王建军"), ("P2", "王建军")]


async def test_a_project_left_out_is_named_and_a_cancelled_one_leaves_the_roll(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row(f"P{n}", f"项目{n}") for n in (1, 2, 3)]
    await import_ledger(db, clean_workbook(tmp_path / "a.xlsx", rows), today=TODAY)
    result = await import_ledger(db, clean_workbook(tmp_path / "b.xlsx", rows[:2]), today=TODAY)
    assert "在册但表中没有的项目 1 个（项目3），未改动，仍催报、亮灯" in result.summary()
    header = [*CLEAN_HEADER, "项目状态"]
    sheet = [header, *([*row, "在建"] for row in rows[:2]), [*rows[2], "已取消"]]
    path = write_workbook(tmp_path / "c.xlsx", [SheetSpec("项目", sheet)])
    summary = (await import_ledger(db, path, today=TODAY)).summary()
    assert "更新 P3（项目3）：移出台账（项目状态“已取消”：不再催报、亮灯）" in summary
    assert "在册但表中没有" not in summary
    async with db.read() as session:
        on_roll = await session.execute(select(Project.code).where(Project.active.is_(True)))
        assert sorted(on_roll.scalars()) == ["P1", "P2"]
    sheet[-1][-1] = "在建"  # back on the roll
    path = write_workbook(tmp_path / "d.xlsx", [SheetSpec("项目", sheet)])
    assert "恢复在册" in (await import_ledger(db, path, today=TODAY)).summary()
