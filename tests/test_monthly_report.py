"""The upward 月报表 on the 2026 targets ledger, every figure worked out by hand (万元)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from domain.clock import SHANGHAI
from storage.db import Database
from storage.ledger import LedgerError, export_monthly_report
from storage.models import LightRecord, Project, Report
from storage.repos.issues import open_issue
from tests.support.reports import add_report
from tests.support.targets_ledger import build_targets_ledger

OVERDUE = "节点“施工许可”计划4月20日完成，已逾期 10 天"
MONTH_END = date(2026, 4, 30)


async def _export(db: Database, tmp_path: Path, month: date, suffix: str = ".xlsx") -> Path:
    ids = await build_targets_ledger(db)
    async with db.write() as s:  # the bot's own light for T1: red, though ahead of 序时
        reason = {"rule": "milestone", "color": "red", "text": OVERDUE}
        s.add(LightRecord(project_id=ids["T1"], day=MONTH_END, color="red", reasons=[reason]))
    path = tmp_path / f"月报表{suffix}"
    await export_monthly_report(db, path, month=month)
    return path


async def _made_on(db: Database, tmp_path: Path, month: date, today: date) -> Path:
    """The targets ledger's 月报表 of `month`, made on `today` (no light of the bot's own)."""
    await build_targets_ledger(db)
    path = tmp_path / f"{month.month}月.xlsx"
    await export_monthly_report(db, path, month=month, today=today)
    return path


def _rows(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    header = rows[1]
    # projects by code, subtotal and total rows by their name
    keyed = {str(row[2] if row[0] in (None, "") else row[1]): row for row in rows[2:]}
    return {key: dict(zip(header, row, strict=True)) for key, row in keyed.items()}


async def test_month_done_is_the_rise_of_the_cumulative(db: Database, tmp_path: Path) -> None:
    rows = _rows(await _export(db, tmp_path, date(2026, 4, 1)), "月报表")

    logistics = rows["T1"]
    # 3500 at April's end minus 2000 at March's; not 1000 + 1500 of the weekly month-to-dates
    assert logistics["本月完成（万元）"] == 1500
    assert logistics["年度累计完成（万元）"] == 3500  # the withdrawn 9999 left out
    assert logistics["序时进度（万元）"] == 3360  # 28% of 12000
    assert logistics["完成序时比例"] == pytest.approx(1.042)  # 3500 / 3360, as chat shows it
    assert logistics["亮灯"] == f"红灯：{OVERDUE}"  # the bot's light, not the ratio's band
    assert rows["T2"]["本月完成（万元）"] == 400  # cumulative only: 900 − 500
    assert rows["T7"]["本月完成（万元）"] == 0  # nothing new in April
    assert rows["T6"]["本月完成（万元）"] == 450  # no cumulative: the month's latest figure
    assert rows["T2"]["存在问题"] == "临时用地手续未办结"
    assert rows["T2"]["形象进度"] == "T2形象进度04-14"
    assert rows["T1"]["包联领导"] == "钱副区长"
    assert rows["T1"]["责任人"] == "张伟"
    assert rows["T1"]["项目类别"] == "续建"
    assert rows["T1"]["总投资（万元）"] == 60000
    in_order = ("T6", "T7", "T1", "T2", "T3", "T4", "T5")  # by unit, then code
    assert [rows[c]["序号"] for c in in_order] == list(range(1, 8))


async def test_the_month_under_way_is_judged_now_where_no_light_of_today_holds(
    db: Database, tmp_path: Path
) -> None:
    # made on 4月30日 at 18:00; the lights last ran on 4月28日 (a stopped service)
    ids = await build_targets_ledger(db)
    async with db.write() as s:
        reason = {"rule": "milestone", "color": "red", "text": OVERDUE}
        at = datetime.combine(date(2026, 4, 28), time(9), SHANGHAI)
        s.add(
            LightRecord(
                project_id=ids["T1"], day=at.date(), color="red", reasons=[reason], recorded_at=at
            )
        )
    path = tmp_path / "月报表.xlsx"
    now = datetime.combine(MONTH_END, time(18), SHANGHAI)
    await export_monthly_report(db, path, month=date(2026, 4, 1), today=MONTH_END, now=now)
    light = _rows(path, "月报表")["T1"]["亮灯"]
    assert "施工许可" not in light
    # ahead of 序时, but no report for the weeks 17 and 18 (due 4月30日, before 劳动节)
    assert light == "红灯：已连续 2 期未报送进度（4月20日起），请尽快补报"


async def test_a_month_not_over_says_as_of_when_in_its_title(db: Database, tmp_path: Path) -> None:
    await build_targets_ledger(db)
    path = tmp_path / "四月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 4, 1), today=date(2026, 4, 20))
    title = load_workbook(path)["月报表"]["A1"].value
    assert title == "2026年4月 项目建设月报表（截至4月20日，单位：万元）"
    await export_monthly_report(db, path, month=date(2026, 4, 1), today=date(2026, 5, 6))
    assert load_workbook(path)["月报表"]["A1"].value == "2026年4月 项目建设月报表（单位：万元）"


async def test_a_mid_month_sheet_adds_up_as_printed(db: Database, tmp_path: Path) -> None:
    # 序时 on 4月20日 has fractions of 0.01万: the printed rows missed their printed sums
    path = await _made_on(db, tmp_path, date(2026, 4, 1), date(2026, 4, 20))
    rows = list(load_workbook(path)["月报表"].iter_rows(min_row=3, values_only=True))
    schedule, ratio = 9, 10  # 序时进度（万元）, 完成序时比例
    projects, subtotals, total = [], [], None
    for row in rows:
        assert row[schedule] == round(row[schedule], 2)  # as printed, to 0.01万元
        assert row[ratio] is None or row[ratio] == round(row[ratio], 4)  # 0.949, no float noise
        if row[0] not in (None, ""):
            projects.append(row[schedule])
        elif "小计" in row[2]:
            assert round(sum(projects), 2) == row[schedule], row[2]  # the unit's, by hand
            subtotals.append(row[schedule])
            projects = []
        else:
            total = row[schedule]
    assert total == round(sum(subtotals), 2) and total % 1  # it has fractions to add up


async def test_every_printed_page_says_when_the_sheet_was_made(
    db: Database, tmp_path: Path
) -> None:
    # November exported on 30 November and again on 1 December read otherwise, titled alike
    book = load_workbook(await _made_on(db, tmp_path, date(2026, 4, 1), date(2026, 5, 6)))
    assert book["月报表"]["A1"].value == "2026年4月 项目建设月报表（单位：万元）"
    for sheet in book.worksheets:
        assert sheet.oddFooter.left.text == "制表日期：2026年5月6日", sheet.title


async def test_the_light_says_what_the_rows_columns_say(db: Database, tmp_path: Path) -> None:
    rows = _rows(await _export(db, tmp_path, date(2026, 4, 1)), "月报表")

    behind = rows["T2"]  # last reported on 4月14日: its light on record judged 序时 then
    assert (behind["年度累计完成（万元）"], behind["序时进度（万元）"]) == (900, 2240)
    light = behind["亮灯"]
    assert "截至4月末累计完成 900万元，为序时进度 2240万元 的 40.2%" in light
    assert "4月14日" not in light and "1813.33万元" not in light
    # 作检讨 at April's and March's ends, as the month's 晾晒 push lists it (not Feb and March)
    assert "连续2个月未达序时进度（3月末 34.7%、4月末 40.2%），需作检讨" in light


async def test_january_before_the_years_first_figure_is_not_behind(
    db: Database, tmp_path: Path
) -> None:
    await build_targets_ledger(db)
    path = tmp_path / "一月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 1, 1), today=date(2026, 1, 20))
    rows = _rows(path, "月报表")
    # as the light rule: nothing reported for the new year yet is no 序时 reason in January
    assert not [code for code, row in rows.items() if "为序时进度" in str(row["亮灯"] or "")]


async def test_a_figures_only_report_at_the_months_end_keeps_the_months_progress(
    db: Database, tmp_path: Path
) -> None:
    await build_targets_ledger(db)
    report_id = await add_report(db, "T2", None, "2026-04-28 10:00", 950)
    async with db.write() as session:  # 本年累计 only, as a one-line report gives it
        await session.execute(
            update(Report).where(Report.id == report_id).values(progress_text=None)
        )
    path = tmp_path / "四月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 4, 1))
    row = _rows(path, "月报表")["T2"]
    assert (row["年度累计完成（万元）"], row["形象进度"]) == (950, "T2形象进度04-14")


async def test_the_problems_column_lists_the_issues_open_at_the_months_end(
    db: Database, tmp_path: Path
) -> None:
    ids = await build_targets_ledger(db)
    async with db.write() as session:

        def at(text: str) -> datetime:
            return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)

        def issue(project: str, text: str, raised: str) -> Any:
            return open_issue(
                session, project_id=ids[project], text=text, raised_by_id=None, at=at(raised)
            )

        await issue("T3", "环评批复未取得", "2026-04-10 10:00")  # open at April's end
        await issue("T3", "施工用电未接入", "2026-04-12 10:00")
        closed = await issue("T4", "林地手续", "2026-04-05 10:00")
        closed.state, closed.closed_at = "已销号", at("2026-04-25 10:00")  # closed in April
        await issue("T4", "资金未到位", "2026-05-03 10:00")  # raised after April
    path = tmp_path / "四月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 4, 1))
    rows = _rows(path, "月报表")
    # the column said only the month's last report's text: blank beside a red 问题超期 light
    assert rows["T3"]["存在问题"] == "#1 环评批复未取得；#2 施工用电未接入"
    assert not rows["T4"]["存在问题"]  # closed in April, or raised after it
    assert rows["T2"]["存在问题"] == "临时用地手续未办结"  # no issue: the report's text


async def test_units_have_subtotals_and_a_total(db: Database, tmp_path: Path) -> None:
    rows = _rows(await _export(db, tmp_path, date(2026, 4, 1)), "月报表")

    east = rows["东街街道 小计（2个）"]
    assert east["年度计划投资（万元）"] == 2500
    assert (east["本月完成（万元）"], east["年度累计完成（万元）"]) == (450, 400)
    assert east["序时进度（万元）"] == 700
    town = rows["北石店镇 小计（3个）"]
    assert (town["本月完成（万元）"], town["年度累计完成（万元）"]) == (1900, 4400)
    assert town["序时进度（万元）"] == 5880
    total = rows["合计（7个）"]
    assert total["总投资（万元）"] == 101800
    assert (total["本月完成（万元）"], total["年度累计完成（万元）"]) == (2350, 4800)
    assert total["序时进度（万元）"] == 9100
    assert total["完成序时比例"] == pytest.approx(0.527)  # 4800 / 9100 = 52.7%


async def test_march_counts_from_the_year_start(db: Database, tmp_path: Path) -> None:
    rows = _rows(await _export(db, tmp_path, date(2026, 3, 1)), "月报表")

    assert rows["T1"]["本月完成（万元）"] == 2000
    assert rows["T7"]["本月完成（万元）"] == 400
    assert rows["合计（7个）"]["本月完成（万元）"] == 2900  # 2000 + 500 + 400


async def test_the_workbook_is_set_up_for_printing(db: Database, tmp_path: Path) -> None:
    book = load_workbook(await _export(db, tmp_path, date(2026, 4, 1)))

    assert book.sheetnames[:2] == ["月报表", "单位排名"]
    sheet = book["月报表"]
    assert sheet["A1"].value == "2026年4月 项目建设月报表（单位：万元）"
    assert "A1:P1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].alignment.horizontal == "center"
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2:P")
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert [c.value for c in sheet[2]][:4] == ["序号", "项目代码", "项目名称", "责任单位"]
    assert "&P" in sheet.oddFooter.center.text  # page numbers on a printout of many pages
    # every amount shows with its thousands separator in a column wide enough for it (a
    # column too narrow shows ##### in Excel)
    for sheet in (book["月报表"], book["单位排名"]):
        amounts = {cell.column_letter for cell in sheet[2] if "万元" in str(cell.value)}
        longest: dict[str, int] = {}
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if cell.column_letter in amounts and isinstance(cell.value, int | float):
                    assert cell.number_format == "#,##0.00", cell.coordinate
                    shown = len(f"{cell.value:,.2f}")
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert width >= shown + 1, (cell.coordinate, width)
                    longest[cell.column_letter] = max(longest.get(cell.column_letter, 0), shown)
        for letter, size in longest.items():  # and no wider than its figures (in 万元) need
            assert sheet.column_dimensions[letter].width <= max(10, size + 2), letter
    ranking = list(book["单位排名"].iter_rows(min_row=3, values_only=True))
    # 北石店镇 4400/5880, 东街街道 400/700, 西街街道 0/2520
    assert [(r[0], r[1]) for r in ranking] == [(1, "北石店镇"), (2, "东街街道"), (3, "西街街道")]


async def test_csv_gives_the_report_sheet(db: Database, tmp_path: Path) -> None:
    path = await _export(db, tmp_path, date(2026, 4, 1), ".csv")

    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("2026年4月 项目建设月报表")
    assert lines[2].startswith("1,T6,体育馆,东街街道,续建,4000,2000,450,0,560,0.0%,")


async def test_a_month_not_begun_is_refused(db: Database, tmp_path: Path) -> None:
    await build_targets_ledger(db)
    path = tmp_path / "五月.xlsx"
    with pytest.raises(LedgerError, match="2026年5月尚未开始"):
        await export_monthly_report(db, path, month=date(2026, 5, 1), today=date(2026, 4, 15))
    assert not path.exists()


async def test_an_empty_ledger_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    with pytest.raises(LedgerError, match="没有可上报的数据"):
        await export_monthly_report(db, path, month=date(2026, 4, 1))
    assert not path.exists()


async def test_starts_and_stats_sheets(db: Database, tmp_path: Path) -> None:
    """At April's end: 新建 T2, T7 started of T2, T3, T5, T7 (T3 应开未开); 续建 T1, T6 resumed
    of T1, T4, T6; started T1, T2, T4, T6, T7, all 入统 but T2 (started 3-20: 41 days, not due
    in the statistics until 5-20: 北石店镇's rate is of T1 alone)."""
    book = load_workbook(await _export(db, tmp_path, date(2026, 4, 1)))

    assert book.sheetnames == ["月报表", "单位排名", "开复工与入统", "入库纳统清单"]
    assert book["开复工与入统"]["A1"].value == "2026年4月 开复工与入统（截至4月30日）"
    rows = list(book["开复工与入统"].iter_rows(min_row=2, values_only=True))
    table = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    town = table["北石店镇"]
    assert (town["新建项目"], town["已开工"], town["应开未开"]) == (2, 1, 1)
    assert (town["续建项目"], town["已复工"], town["开复工率"]) == (
        1,
        1,
        pytest.approx(0.667),
    )  # 2 / 3
    assert (town["已开工项目"], town["已入统"]) == (2, 1)
    assert (town["开工满期应入统"], town["其中已入统"], town["入统率"]) == (1, 1, 1)
    total = table["合计"]
    assert (total["新建项目"], total["已开工"], total["续建项目"], total["已复工"]) == (4, 2, 3, 2)
    assert (total["已开工项目"], total["已入统"], total["超期未入统"]) == (5, 4, 0)
    waiting = list(book["入库纳统清单"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[5], r[6]) for r in waiting] == [("T2", 41, "否")]  # not past its line
    assert book["开复工与入统"].page_setup.orientation == "landscape"


async def test_a_past_months_starts_and_stats_leave_out_what_came_after_its_end(
    db: Database, tmp_path: Path
) -> None:
    """April's report made in May, after T3 started (5-6), T2 entered the statistics (5-8) and
    T4 reported its first figure of the year (5-12): by hand at April's end, 北石店镇 has
    started 1 of its 2 新建 (T3 still 应开未开), 2 projects started (T1, T2), 1 入统 (T1); T4
    is not resumed (合计 续建 复工 2 of 3: T1, T6); T2 waits 41 days, T3 is not on the list."""
    ids = await build_targets_ledger(db)
    async with db.write() as s:
        await s.execute(
            update(Project)
            .where(Project.id == ids["T3"])
            .values(started_on=date(2026, 5, 6), status="已开工")
        )
        await s.execute(
            update(Project).where(Project.id == ids["T2"]).values(stats_entered_on=date(2026, 5, 8))
        )
    await add_report(db, "T4", None, "2026-05-12 10:00", 300)
    path = tmp_path / "4月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 4, 1), today=date(2026, 5, 15))

    book = load_workbook(path)
    rows = list(book["开复工与入统"].iter_rows(min_row=2, values_only=True))
    table = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    town, total = table["北石店镇"], table["合计"]
    assert (town["新建项目"], town["已开工"], town["应开未开"]) == (2, 1, 1)
    assert (town["已开工项目"], town["已入统"]) == (2, 1)
    assert (total["续建项目"], total["已复工"], total["应复未复"]) == (3, 2, 1)
    assert (total["已开工项目"], total["已入统"]) == (5, 4)
    waiting = list(book["入库纳统清单"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[5], r[6]) for r in waiting] == [("T2", 41, "否")]


async def test_a_year_without_plans_or_reports_is_refused(db: Database, tmp_path: Path) -> None:
    await build_targets_ledger(db)  # plans and reports for 2026 only
    path = tmp_path / "2025年.xlsx"
    with pytest.raises(LedgerError, match="台账中没有2025年4月在册的项目"):
        await export_monthly_report(db, path, month=date(2025, 4, 1))
    assert not path.exists()


async def test_januarys_first_two_weeks_judge_no_schedule_as_chat_does(
    db: Database, tmp_path: Path
) -> None:
    # on 1月11日 chat said 蓝灯 (1月15日起考核序时) and the 月报表 said 红灯 at 0% of 序时
    await build_targets_ledger(db)
    # 物流园 (续建): 标准化厂房 (新建, planned to start on 3月10日) owes no 序时 in January
    await add_report(db, "T1", None, "2026-01-09 10:00", 0)
    path = tmp_path / "一月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 1, 1), today=date(2026, 1, 11))
    assert "为序时进度" not in str(_rows(path, "月报表")["T1"]["亮灯"] or "")
    places = [row["排名"] for row in _rows(path, "单位排名").values() if row["排名"]]
    assert places and set(places) == {1}  # every unit at 0%: one place, as the 晾晒 gives it
    await export_monthly_report(db, path, month=date(2026, 1, 1), today=date(2026, 1, 20))
    assert "为序时进度" in str(_rows(path, "月报表")["T1"]["亮灯"] or "")  # judged from the 15th


async def test_a_new_project_before_its_planned_start_is_not_behind_in_the_months_light(
    db: Database, tmp_path: Path
) -> None:
    # 标准化厂房 (新建) is planned to start on 3月10日: February's 月报表 holds it to no 序时,
    # as its light does not
    await build_targets_ledger(db)
    path = tmp_path / "二月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 2, 1), today=date(2026, 3, 2))
    light = str(_rows(path, "月报表")["T2"]["亮灯"] or "")
    assert "序时" not in light and "红灯" not in light


async def test_a_finished_project_is_not_behind_in_the_months_light(
    db: Database, tmp_path: Path
) -> None:
    # as the lights: a project finished owes no more figures, so 序时 no longer judges it
    ids = await build_targets_ledger(db)
    path = tmp_path / "四月.xlsx"
    await export_monthly_report(db, path, month=date(2026, 4, 1), today=date(2026, 5, 6))
    assert "为序时进度 2240万元" in str(_rows(path, "月报表")["T2"]["亮灯"])
    async with db.write() as s:
        await s.execute(update(Project).where(Project.id == ids["T2"]).values(status="已竣工"))
    await export_monthly_report(db, path, month=date(2026, 4, 1), today=date(2026, 5, 6))
    row = _rows(path, "月报表")["T2"]
    assert "为序时进度" not in str(row["亮灯"] or "")
    assert "作检讨" not in str(row["亮灯"] or "")
    assert row["年度累计完成（万元）"] == 900  # its figures are still the month's
