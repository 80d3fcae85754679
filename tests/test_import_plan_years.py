"""Importing next year's plan: the plan year a file is for, beside this year's, never over it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.cli.main import main
from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.light_types import LightRules, LightThresholds
from domain.periods import period_of
from domain.plan import DEFAULT_CURVE
from scheduler.audience import owners
from storage.db import Database
from storage.ledger import LedgerError, export_ledger, import_ledger
from storage.models import Project, ProjectPlan
from storage.repos import unreported
from storage.repos.month_report import month_rows
from storage.repos.standing import standings
from tests.support.ledger_files import CLEAN_HEADER, SheetSpec, clean_row, write_workbook
from tests.support.reports import add_report

WAN = 10_000
NOV_28, DEC_10 = date(2026, 11, 28), date(2026, 12, 10)
PLAN = "年度计划投资（万元）"


def _ledger(
    path: Path, rows: list[list[Any]], *, plan: str = PLAN, title: str | None = None
) -> Path:
    """A 项目 sheet whose plan column is headed `plan`, under a merged `title` if given."""
    header = [plan if column == PLAN else column for column in CLEAN_HEADER]
    above = [[title]] if title else []
    merges = ["A1:K1"] if title else []
    return write_workbook(path, [SheetSpec("项目", [*above, header, *rows], merges)])


def _with_year_column(path: Path, years: list[Any]) -> Path:
    header = [*CLEAN_HEADER, "计划年度"]
    rows = [[*clean_row(f"P{n}"), year] for n, year in enumerate(years, start=1)]
    return write_workbook(path, [SheetSpec("项目", [header, *rows])])


async def _plans(db: Database) -> dict[tuple[str, int], int]:
    async with db.read() as session:
        rows = await session.execute(
            select(Project.code, ProjectPlan.year, ProjectPlan.annual_plan_yuan).join(
                ProjectPlan, ProjectPlan.project_id == Project.id
            )
        )
        return {(code, year): annual // WAN for code, year, annual in rows}


def _rules() -> LightRules:
    return LightRules(LightThresholds(), DEFAULT_CURVE, WorkCalendar())


async def test_next_years_plan_goes_beside_this_years_and_changes_no_figure(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row("P1", 年度计划投资=500), clean_row("P2", 年度计划投资=300)]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    await add_report(db, "P1", None, "2026-12-03 10:00", 400)
    await add_report(db, "P2", None, "2026-12-03 10:00", 100)
    at = parse_local_time("2026-12-10 09:00")
    async with db.read() as session:
        before = await standings(session, at, _rules())

    next_year = [clean_row("P1", 年度计划投资=800), clean_row("P2", 年度计划投资=0)]
    path = _ledger(tmp_path / "2027.xlsx", next_year, plan="2027年计划投资（万元）")
    result = await import_ledger(db, path, today=DEC_10)

    assert "计划年度：2027年（表头「2027年计划投资（万元）」）" in result.summary()
    assert "2 个项目的计划写入2027年" in result.summary()
    assert await _plans(db) == {("P1", 2026): 500, ("P2", 2026): 300, ("P1", 2027): 800,
                                ("P2", 2027): 0}  # fmt: skip
    async with db.read() as session:
        after = await standings(session, at, _rules())
    assert [(s.project.annual_plan_yuan, s.plan_to_date, s.light) for s in after] == [
        (s.project.annual_plan_yuan, s.plan_to_date, s.light) for s in before
    ]
    assert [s.project.annual_plan_yuan // WAN for s in after] == [500, 300]


async def test_a_project_loaded_with_next_years_plan_is_none_of_this_years(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row("P1", 年度计划投资=500), clean_row("P2", 年度计划投资=300)]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    new = clean_row("P3", "充电站", 年度计划投资=600, 责任人="王五", 责任人手机="13900000077")
    next_year = [*rows, new]
    path = _ledger(tmp_path / "2027.xlsx", next_year, plan="2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10)).summary()
    assert "3 个项目的计划写入2027年（新增 3 个、修改 0 个）" in summary
    async with db.read() as session:
        december = [row.code for row in await month_rows(session, 2026, 12)]
        week = period_of(date(2026, 12, 14))
        owing = await unreported.missing(session, week.label, week.start, week.end)
        january = await month_rows(session, 2027, 1)
        called = {person.name for person in await owners(session, on=week.start)}
    assert called == {"李娜"}  # not 王五, P3's owner, on Monday's reminder
    late = [*rows, clean_row("P4", "补录项目", 年度计划投资=100)]  # added in December, this year's
    await import_ledger(
        db, _ledger(tmp_path / "补录.xlsx", late, plan="2026年计划投资（万元）"), today=DEC_10
    )
    async with db.read() as session:  # it may back-fill November, and November's 月报表 shows it
        assert "P4" in {row.code for row in await month_rows(session, 2026, 11)}
    assert december == ["P1", "P2"]  # not in 2026's 月报表
    assert "P3" not in {code for unit in owing for code, *_ in unit.projects}
    assert "P3" in {row.code for row in january}


@pytest.mark.parametrize(
    ("how", "expected", "source"),
    [
        ("year", 2027, "--year 指定"),
        ("column", 2027, "“计划年度”列"),
        ("title", 2027, "标题「2027年城区重点项目建设台账」"),
        ("dated title", 2027, "表头「2027年计划投资」"),
    ],
)
async def test_where_the_plan_year_comes_from(
    db: Database, tmp_path: Path, how: str, expected: int, source: str
) -> None:
    path, year = tmp_path / "台账.xlsx", None
    if how == "year":
        _ledger(path, [clean_row("P1")])
        year = 2027
    elif how == "column":
        _with_year_column(path, ["2027年", 2027])
    elif how == "title":
        _ledger(path, [clean_row("P1")], title="2027年城区重点项目建设台账")
    else:  # a title that dates the sheet does not overrule the header
        _ledger(path, [clean_row("P1")], plan="2027年计划投资", title="台账（截至2026年12月）")
    result = await import_ledger(db, path, today=DEC_10, year=year)
    assert f"计划年度：{expected}年（{source}）" in result.summary()
    assert {year for _, year in await _plans(db)} == {expected}


async def test_a_plan_without_a_year_is_this_years_until_december(
    db: Database, tmp_path: Path
) -> None:
    path = _ledger(tmp_path / "台账.xlsx", [clean_row("P1")])
    result = await import_ledger(db, path, today=date(2026, 11, 30))
    assert "计划年度：2026年（未注明年度，按当前年份）" in result.summary()
    assert {year for _, year in await _plans(db)} == {2026}


async def test_a_plan_without_a_year_in_december_asks_which_year(
    db: Database, tmp_path: Path
) -> None:
    # in December next year's plan comes in: taken as this year's it rewrote 2026's plans
    path = _ledger(tmp_path / "台账.xlsx", [clean_row("P1")])
    with pytest.raises(LedgerError) as refused:
        await import_ledger(db, path, today=DEC_10)
    said = str(refused.value)
    assert "12月导入的台账没有注明计划年度" in said
    assert "如是 2027 年的计划，请加 --year 2027" in said and "请加 --year 2026" in said
    async with db.read() as session:
        assert (await session.execute(select(Project))).first() is None
    await import_ledger(db, path, today=DEC_10, year=2026)  # said, it goes in
    assert {year for _, year in await _plans(db)} == {2026}


@pytest.mark.parametrize(
    ("build", "year", "said"),
    [
        (
            lambda p: _ledger(p, [clean_row("P1")], plan="2026年计划投资"),
            2027,
            "--year 2027 与台账的计划年度 2026 年（表头「2026年计划投资」）不一致",
        ),
        (
            lambda p: _with_year_column(p, [2026, 2027]),
            None,
            "“计划年度”列有 2026、2027 多个年度（项目第2行 2026、项目第3行 2027）",
        ),
        (  # last year's file, its title not updated: the plan would go to last year
            lambda p: _ledger(p, [clean_row("P1")], title="2025年城区重点项目建设台账（11月更新）"),
            None,
            "台账只在标题「2025年城区重点项目建设台账（11月更新）」里写了 2025 年，当前是 2026 年",
        ),
        (
            lambda p: _ledger(p, [clean_row("P1")], plan="2029年计划投资"),
            None,
            "计划年度是 2029 年（表头「2029年计划投资」），与当前年份 2026 年相差一年以上；"
            "如确要导入这一年的计划，请加 --year 2029",
        ),
    ],
)
async def test_an_unclear_plan_year_writes_nothing(
    db: Database, tmp_path: Path, build: Any, year: int | None, said: str
) -> None:
    path = build(tmp_path / "台账.xlsx")
    with pytest.raises(LedgerError) as refused:
        await import_ledger(db, path, today=DEC_10, year=year)
    assert said in str(refused.value)
    async with db.read() as session:
        assert (await session.execute(select(Project))).first() is None


async def test_a_year_column_and_a_header_that_disagree_are_refused(
    db: Database, tmp_path: Path
) -> None:
    header = [("2026年计划投资" if c == PLAN else c) for c in CLEAN_HEADER] + ["计划年度"]
    path = write_workbook(
        tmp_path / "a.xlsx", [SheetSpec("项目", [header, [*clean_row("P1"), 2027]])]
    )
    with pytest.raises(LedgerError, match="台账写的计划年度不一致"):
        await import_ledger(db, path, today=DEC_10)


async def test_a_far_year_goes_in_with_year_given(db: Database, tmp_path: Path) -> None:
    path = _ledger(tmp_path / "a.xlsx", [clean_row("P1")], plan="2029年计划投资")
    await import_ledger(db, path, today=DEC_10, year=2029)
    assert await _plans(db) == {("P1", 2029): 500}


def test_the_year_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{tmp_path / 'office.db'}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2026-12-10 10:00")
    path = _ledger(tmp_path / "台账.xlsx", [clean_row("P1")])
    assert main(["import", str(path), "--year", "2027"]) == 0
    assert "计划年度：2027年（--year 指定）" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:
        main(["import", str(path), "--year", "明年"])
    assert bad.value.code == 2
    assert "“明年”不是年份" in capsys.readouterr().err
    exported = tmp_path / "2027.xlsx"  # next year's plan exported, as import reads it back
    assert main(["export", str(exported), "--year", "2027"]) == 0
    header = next(load_workbook(exported, read_only=True)["项目"].iter_rows(values_only=True))
    assert "2027年计划投资（万元）" in header
    wrong = _ledger(tmp_path / "b.xlsx", [clean_row("P1")], plan="2026年计划投资")
    assert main(["import", str(wrong), "--year", "2027"]) == 1
    err = capsys.readouterr().err
    assert "与台账的计划年度 2026 年" in err and "Traceback" not in err


async def test_year_overrules_a_title_of_last_year(db: Database, tmp_path: Path) -> None:
    # what the refusal of a stale title tells the office to do must then work
    path = _ledger(tmp_path / "台账.xlsx", [clean_row("P1")], title="2025年城区重点项目建设台账")
    result = await import_ledger(db, path, today=DEC_10, year=2026)
    assert "计划年度：2026年（--year 指定）" in result.summary()
    assert {year for _, year in await _plans(db)} == {2026}


async def test_a_blank_plan_for_next_year_is_no_plan_and_is_named(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row("P1", 年度计划投资=500), clean_row("P2", "污水厂", 年度计划投资=300)]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    # December: the office has next year's figure for P1 only, P2's row left blank; P3, new,
    # has a planned start in 2027 but no amount yet: its dates are a plan, kept (at 0)
    next_year = [
        clean_row("P1", 年度计划投资=800),
        clean_row("P2", "污水厂", 年度计划投资=None, 计划开工日期=None),
        clean_row("P3", "充电站", 年度计划投资=None, 计划开工日期="2027-04-01"),
    ]
    path = _ledger(tmp_path / "2027.xlsx", next_year, plan="2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10)).summary()
    assert "2 个项目的计划写入2027年" in summary
    assert "年度计划投资空白、未录入2027年计划的项目 1 个（污水厂）" in summary
    assert await _plans(db) == {("P1", 2026): 500, ("P2", 2026): 300, ("P1", 2027): 800,
                                ("P3", 2027): 0}  # fmt: skip


async def test_next_years_sheet_as_exported_left_blank_plans_nothing(
    db: Database, tmp_path: Path
) -> None:
    # the export carries each project's dates into next year's sheet; a 前期 project planned to
    # start next year then read as planning it (a plan of 0) though its amount was left blank
    rows = [clean_row("P1", "充电站", 年度计划投资=300, 计划开工日期="2027-04-01")]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    sheet = tmp_path / "2027.xlsx"
    await export_ledger(db, sheet, year=2027)
    summary = (await import_ledger(db, sheet, today=DEC_10)).summary()
    assert await _plans(db) == {("P1", 2026): 300}
    assert "未录入2027年计划的项目 1 个（充电站）" in summary


async def test_a_new_project_without_a_category_is_said(db: Database, tmp_path: Path) -> None:
    # a slim plan sheet (code, name, unit, plan) adding a project: stored as 续建 by default
    header = ["项目代码", "项目名称", "责任单位", "2027年计划投资（万元）"]
    rows = [header, ["N1", "新能源示范项目", "北石店镇", 500]]
    path = write_workbook(tmp_path / "2027.xlsx", [SheetSpec("项目", rows)])
    summary = (await import_ledger(db, path, today=DEC_10, year=2027)).summary()
    assert "新增项目 1 个没有填“项目类别”，已按续建录入（新能源示范项目）" in summary


async def test_a_new_project_named_as_one_in_the_ledger_is_said(
    db: Database, tmp_path: Path
) -> None:
    # a project entered again under a new code: imported silently, then judged and chased twice
    rows = [
        clean_row("P1", "物流园", 年度计划投资=500),
        clean_row("P2", "污水厂", 年度计划投资=300),
    ]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    rows += [clean_row("N1", "物流园", 年度计划投资=800), clean_row("N2", "充电站"),
             clean_row("N3", "充电站")]  # fmt: skip
    again = _ledger(tmp_path / "2.xlsx", rows)
    summary = (await import_ledger(db, again, today=DEC_10, year=2026)).summary()
    assert "新增或改名的项目中有 2 个与其他项目同名：物流园（N1、P1）、充电站（N2、N3）" in summary
    assert "请删去新行或改用原项目代码后再导入" in summary
    twice = (await import_ledger(db, again, today=DEC_10, year=2026)).summary()
    assert "同名" not in twice  # nothing new: said once, when they were added


async def test_a_code_on_the_wrong_row_renaming_a_project_as_another_is_said(
    db: Database, tmp_path: Path
) -> None:
    # P2's code pasted onto 物流园's row: P2 becomes a second 物流园, with no word of it
    rows = [clean_row("P1", "物流园"), clean_row("P2", "污水厂")]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    pasted = _ledger(tmp_path / "2.xlsx", [clean_row("P1", "物流园"), clean_row("P2", "物流园")])
    summary = (await import_ledger(db, pasted, today=DEC_10, year=2026)).summary()
    assert "新增或改名的项目中有 1 个与其他项目同名：物流园（P1、P2）" in summary
    assert "如是项目代码填错了行，请改正后再导入" in summary
    unchanged = (await import_ledger(db, pasted, today=DEC_10, year=2026)).summary()
    assert "同名" not in unchanged  # renamed once, said once


async def test_a_blank_plan_beside_a_projects_old_dates_is_no_plan(
    db: Database, tmp_path: Path
) -> None:
    # the clerk's 2026 sheet with a 2027 column filled for some projects: a 续建 project's
    # dates (begun in 2024, to finish in 2028) made a 2027 plan of 0 for every blank row
    rows = [clean_row("P2", "污水厂", 年度计划投资=300, 计划开工日期="2024-03-01")]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    blank = [clean_row("P2", "污水厂", 年度计划投资=None, 计划开工日期="2024-03-01")]
    path = _ledger(tmp_path / "2027.xlsx", blank, plan="2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=DEC_10)).summary()
    assert "年度计划投资空白、未录入2027年计划的项目 1 个（污水厂）" in summary
    assert await _plans(db) == {("P2", 2026): 300}


async def test_in_january_too_a_blank_plan_is_no_plan_and_finished_projects_are_not_asked_for(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row(f"P{n}", f"项目{n}", 年度计划投资=500) for n in (1, 2, 3)]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    async with db.write() as session:
        await session.execute(update(Project).where(Project.code == "P3").values(status="已竣工"))
    # January: the office loads the year's sheet back with the plans it knows
    this_year = [
        clean_row("P1", "项目1", 年度计划投资=800),
        clean_row("P2", "项目2", 年度计划投资=None),
        clean_row("P3", "项目3", 年度计划投资=None),
    ]
    path = _ledger(tmp_path / "2027.xlsx", this_year, plan="2027年计划投资（万元）")
    summary = (await import_ledger(db, path, today=date(2027, 1, 11))).summary()
    assert "1 个项目的计划写入2027年" in summary
    # P2 is not planned at 0 (its 序时 would be judged against nothing); 已竣工 P3 needs no plan
    assert "年度计划投资空白、未录入2027年计划的项目 1 个（项目2）" in summary
    assert {key for key in await _plans(db) if key[1] == 2027} == {("P1", 2027)}


async def test_a_new_ledgers_blank_plan_keeps_the_projects_dates_on_a_plan_at_0(
    db: Database, tmp_path: Path
) -> None:
    # an office's first import: a project without this year's figure still has its dates
    rows = [clean_row("P1", 年度计划投资=500), clean_row("P2", "污水厂", 年度计划投资=None)]
    summary = (
        await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    ).summary()
    assert "空白" not in summary
    assert await _plans(db) == {("P1", 2026): 500, ("P2", 2026): 0}


async def _categories(db: Database) -> dict[str, str]:
    async with db.read() as session:
        return dict((await session.execute(select(Project.code, Project.category))).all())


async def test_next_years_sheet_leaves_this_years_category(db: Database, tmp_path: Path) -> None:
    """P1 is 新建 this year (to start 1 March); next year's sheet, made in December, calls it
    续建 as it will be then. This year's 开复工, lights and 月报表 read the category: kept."""
    rows = [clean_row("P1", 项目类别="新建", 计划开工日期="2026-03-01"), clean_row("P2")]
    await import_ledger(db, _ledger(tmp_path / "2026.xlsx", rows), today=NOV_28)
    next_year = [clean_row("P1", 项目类别="续建"), clean_row("P2")]
    path = _ledger(tmp_path / "2027.xlsx", next_year, plan="2027年计划投资（万元）")
    result = await import_ledger(db, path, today=DEC_10)
    assert await _categories(db) == {"P1": "新建", "P2": "续建"}
    summary = result.summary()
    assert "1 个项目（测试项目）明年台账的项目类别与今年不同，今年的保留" in summary
    assert "项目类别（新建→续建）" not in summary
    # in January the sheet is this year's: its category is the one that counts
    result = await import_ledger(db, path, today=date(2027, 1, 5))
    assert await _categories(db) == {"P1": "续建", "P2": "续建"}
    assert "项目类别（新建→续建）" in result.summary()


async def test_an_older_sheet_does_not_undo_a_start(db: Database, tmp_path: Path) -> None:
    header = [*CLEAN_HEADER, "项目状态"]
    path = tmp_path / "台账.xlsx"
    write_workbook(path, [SheetSpec("项目", [header, [*clean_row("P1"), "前期"]])])
    await import_ledger(db, path, today=NOV_28)
    async with db.write() as session:  # 开工 reported in chat since
        await session.execute(update(Project).values(status="在建", started_on=date(2026, 11, 20)))
    result = await import_ledger(db, path, today=NOV_28)
    kept = "1 个项目（测试项目）已开工（群里申报或此前导入），表中写“前期”且没有开工日期，未改回"
    assert kept in result.summary()
    async with db.read() as session:
        project = (await session.execute(select(Project))).scalar_one()
    assert (project.status, project.started_on) == ("在建", date(2026, 11, 20))


async def test_new_projects_of_a_sheet_without_status_or_start_are_said_not_started(
    db: Database, tmp_path: Path
) -> None:
    rows = [clean_row("P1", "新建厂房", 项目类别="新建"), clean_row("P2")]
    summary = (await import_ledger(db, _ledger(tmp_path / "a.xlsx", rows), today=NOV_28)).summary()
    assert "表中没有“项目状态”“开工日期”列，新建项目 1 个按未开工录入（新建厂房）" in summary
    header = [*CLEAN_HEADER, "开工日期"]
    dated = [*clean_row("P3", "新建仓库", 项目类别="新建"), "2026-05-06"]
    path = write_workbook(tmp_path / "b.xlsx", [SheetSpec("项目", [header, dated])])
    assert "按未开工录入" not in (await import_ledger(db, path, today=NOV_28)).summary()
