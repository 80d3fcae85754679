"""The dashboard's pages over the seed ledger: figures as the read API gives them, each list
as .xlsx with the page's headers, and bad input answered with a clear page."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from pytest_aiohttp import AiohttpClient
from sqlalchemy import update

from bot.app import create_app
from bot.dashboard.charts import BLUE, RED, UNJUDGED, YELLOW
from bot.dashboard.lists import ISSUE_HEADER, PROJECT_HEADER, UNIT_HEADER
from bot.keys import DB
from domain.clock import SHANGHAI
from domain.money import format_percent
from storage.models import Issue, Project, ProjectPlan
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.dashboard import OFFICE, open_link
from tests.support.reports import add_report
from tests.support.seed import ADMIN, LEADER, OWNER, OWNER2, WAN, coded, seed


async def _xlsx(client: TestClient, path: str) -> list[list[object]]:
    response = await client.get(path, headers=OFFICE)
    assert response.status == 200, await response.text()
    assert response.content_type.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(await response.read())).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def test_units_page_and_download_match_the_api(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n本月完成：1200万\n累计完成：3500万")
    api = (await (await client.get("/api/units", headers=OFFICE)).json())["units"]
    page = await (await client.get("/dashboard/units", headers=OFFICE)).text()
    for name in UNIT_HEADER:
        assert f"<th>{name}</th>" in page
    # short figures: a phone shows a unit's card two cells a line, projects one a line
    assert '<table id="listing" class="cards compact">' in page
    projects = await (await client.get("/dashboard/projects", headers=OFFICE)).text()
    assert '<table id="listing" class="cards">' in projects
    rows = await _xlsx(client, "/dashboard/units?format=xlsx")
    assert rows[0] == UNIT_HEADER
    assert [row[1] for row in rows[1:]] == [unit["unit"] for unit in api]
    town = next(row for row in rows[1:] if row[1] == "北石店镇")
    assert town[4] == 3500  # 累计完成（万元）: the report, by hand
    assert town[4] * WAN == next(u for u in api if u["unit"] == "北石店镇")["ytd_done_yuan"]


async def test_schedule_totals_say_they_are_taken_at_each_projects_last_report(
    client: TestClient,
) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-04-22 10:00", 3000)
    # 序时 by hand (万元, default curve: 18% by March, April's 10% by the day): 物流园 at its
    # report of 22 April, the others on 24 April (today) as they have not reported
    at_reports = [12_000 * 18 // 100 + 12_000 * 10 // 100 * 22 // 30]
    at_reports += [
        annual * 18 // 100 + annual * 10 // 100 * 24 // 30 for annual in (8_000, 3_000, 1_000)
    ]
    overview = await (await client.get("/dashboard", headers=OFFICE)).text()
    card = overview[overview.index('id="schedule-card"') :]
    card = card[: card.index('<div class="kpi')]
    assert '<div class="l">序时完成率</div>' in card
    assert f'<div class="c">序时 {sum(at_reports)}万元</div>' in card
    assert '<div class="n">按各项目最近填报日计，逾期未报的计至上周日</div>' in card
    units = await (await client.get("/dashboard/units", headers=OFFICE)).text()
    assert "序时按各项目最近填报日计，逾期未报的计至上周日" in units
    town = await (await client.get("/dashboard/units/北石店镇", headers=OFFICE)).text()
    assert "序时完成率（序时按各项目最近填报日计，逾期未报的计至上周日）" in town


async def test_projects_filter_search_and_download(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：2600万")
    api = (await (await client.get("/api/projects", headers=OFFICE)).json())["projects"]
    rows = await _xlsx(client, "/dashboard/projects?format=xlsx")
    assert rows[0] == PROJECT_HEADER
    assert [row[0] for row in rows[1:]] == [p["code"] for p in api]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["P001"][8] == 2600
    town = await _xlsx(client, "/dashboard/projects?unit=北石店镇&format=xlsx")
    assert {row[2] for row in town[1:]} == {"北石店镇"}
    found = await _xlsx(client, "/dashboard/projects?q=老旧&format=xlsx")
    assert [row[0] for row in found[1:]] == ["P003"]
    led = await _xlsx(client, "/dashboard/projects?leader=钱副区长&format=xlsx")
    assert [row[0] for row in led[1:]] == ["P001"]
    for query in ("key=1", "key=0", "tag=1355"):  # key and 重点类别 as the read API counts them
        wanted = await (await client.get(f"/api/projects?{query}", headers=OFFICE)).json()
        shown = await _xlsx(client, f"/dashboard/projects?{query}&format=xlsx")
        assert [row[0] for row in shown[1:]] == [p["code"] for p in wanted["projects"]], query
    page = await (await client.get("/dashboard/projects?key=1", headers=OFFICE)).text()
    assert "重点项目（年度计划5000万元以上）" in page  # not the ledger's 级别 (区县重点)
    key = await _xlsx(client, "/dashboard/projects?key=1&format=xlsx")
    assert [row[0] for row in key[1:]] == ["P001", "P002"]  # 年度计划 ≥ 5000万: 1.2亿, 8000万
    yellow = [p["code"] for p in api if p["light"] == "yellow"]
    lit = await _xlsx(client, "/dashboard/projects?light=yellow&format=xlsx")
    assert [row[0] for row in lit[1:]] == yellow


async def test_the_project_list_says_why_a_light_is_red_or_yellow(client: TestClient) -> None:
    # a leader saw 红灯 on every card of a unit's page and nothing of why
    await chat(client, OWNER, "进度 物流园\n累计完成：2600万")  # yellow: behind 序时
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：1000万")  # blue
    api = {
        p["code"]: p
        for p in (await (await client.get("/api/projects", headers=OFFICE)).json())["projects"]
    }
    rows = {row[0]: row for row in (await _xlsx(client, "/dashboard/projects?format=xlsx"))[1:]}
    why = PROJECT_HEADER.index("亮灯原因")
    assert api["P001"]["light"] == "yellow" and "为序时进度" in rows["P001"][why]
    assert rows["P001"][why] == "；".join(api["P001"]["reasons"])  # its one reason
    assert api["P003"]["light"] == "blue" and rows["P003"][why] is None  # nothing wrong to say
    town = await (await client.get("/dashboard/units/北石店镇", headers=OFFICE)).text()
    assert f'data-label="亮灯原因">{rows["P001"][why]}</td>' in town


async def test_the_projects_page_lists_the_gravest_first(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：2600万")  # yellow; the other three red
    api = (await (await client.get("/api/projects", headers=OFFICE)).json())["projects"]
    lights = {p["code"]: p["light"] for p in api}
    page = await (await client.get("/dashboard/projects", headers=OFFICE)).text()
    shown = sorted(lights, key=lambda code: page.index(f"/dashboard/projects/{code}"))
    assert [lights[code] for code in shown] == ["red", "red", "red", "yellow"]


async def test_project_page_shows_reports_corrections_and_issue_history(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：2600万\n存在问题：资金未到位")
    await chat(client, OWNER, "进度 物流园\n累计完成：2700万\n存在问题：资金未到位")
    await chat(client, ADMIN, "/交办 1 北石店镇 5月10日")
    page = await (await client.get("/dashboard/projects/P001", headers=OFFICE)).text()
    assert "城区智慧物流园" in page
    assert "已更正" in page and "有效" in page  # the corrected report is kept and marked
    # each report a card on a phone, its week as people say it, its figure with its unit once
    assert '<table class="cards">' in page.split('id="reports"')[1]
    assert '<td data-label="周期">2025年第17周</td>' in page
    assert '<td class="num" data-label="本年累计完成">2700万元</td>' in page
    assert "2025-W17" not in page and "（万元）</th>" not in page.split('id="reports"')[1]
    assert "资金未到位" in page and "已交办" in page
    assert "交办给 北石店镇，期限 5月10日" in page  # as chat writes a day, not 2025-05-10
    assert "时限 5月10日" in page and re.search(r'data-label="收到">4月\d+日 \d\d:\d\d<', page)
    assert not re.search(r"2025-\d\d-\d\d", page)  # no date written as a database keeps it
    assert 'data-chart="plan-chart"' in page
    assert "· 重点项目" in page  # 1.2亿 of plan, at the office's 5000万 line
    small = await (await client.get("/dashboard/projects/P004", headers=OFFICE)).text()
    assert "· 重点项目" not in small  # 3000万


async def test_a_weeks_two_reports_across_a_month_end_say_their_months(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now="2025-05-02 10:00"))
    client = await seeded_client(aiohttp_client, app)
    await add_report(app[DB], "P001", OWNER, "2025-04-22 10:00", 2800)  # week 17: all April
    await add_report(app[DB], "P001", OWNER, "2025-04-30 10:00", 3000)  # week 18: 28 Apr–4 May
    await add_report(app[DB], "P001", OWNER, "2025-05-02 09:00", 3100)
    page = await (await client.get("/dashboard/projects/P001", headers=OFFICE)).text()
    weeks = re.findall(r'<td data-label="周期">([^<]*)</td>', page)
    assert weeks == ["2025年第18周（计入5月）", "2025年第18周（计入4月）", "2025年第17周"]


async def test_next_years_project_page_shows_that_years_plan_and_no_light(
    client: TestClient,
) -> None:
    # in December it said 蓝灯 按序时推进, 年度计划 0万元, 级别 一般, 计划工期 — 至 —
    async with client.app[DB].write() as session:
        project = await coded(session, "P003")
        project.entered_ledger_on = date(2026, 1, 1)
        session.add(
            ProjectPlan(
                project_id=project.id,
                year=2026,
                annual_plan_yuan=2000 * WAN,
                level="市重点",
                planned_start=date(2026, 3, 1),
                planned_completion=date(2026, 12, 31),
            )
        )
    page = await (await client.get("/dashboard/projects/P003", headers=OFFICE)).text()
    totals = page.split('id="totals"')[1].split("</div>\n<div")[0]
    assert "下一年度项目" in totals and "2026年1月1日起纳入台账：今年不亮灯、不催报" in totals
    assert "2026年计划 2000万元" in totals and "蓝灯" not in totals
    assert "<dd>市重点" in page and "2026年3月1日 至 2026年12月31日" in page
    assert "今日评估" not in page  # no light of this year on its timeline either


async def test_a_leader_of_next_years_projects_only_is_not_offered_as_a_filter(
    client: TestClient,
) -> None:
    # 钱副区长 leads P001 alone; loaded for next year, it is not on the list to filter to
    assert "<option >钱副区长</option>" in await _leader_choices(client)
    async with client.app[DB].write() as session:
        await session.execute(
            update(Project).where(Project.code == "P001").values(entered_ledger_on=date(2026, 1, 1))
        )
    assert "钱副区长" not in await _leader_choices(client)
    response = await client.get("/dashboard/projects?leader=钱副区长", headers=OFFICE)
    assert response.status == 400
    assert "包联领导" in await response.text()


async def _leader_choices(client: TestClient) -> str:
    page = await (await client.get("/dashboard/projects", headers=OFFICE)).text()
    return page.split('<select name="leader">')[1].split("</select>")[0]


async def test_issues_page_lists_overdue_first(client: TestClient) -> None:
    await chat(client, ADMIN, "/问题 老旧小区 居民协调难度大")
    await chat(client, ADMIN, "/问题 物流园 用地手续未批")
    await chat(client, ADMIN, "/交办 2 北石店镇 4月30日")
    async with client.app[DB].write() as session:  # its deadline has passed since
        await session.execute(
            update(Issue).where(Issue.number == 2).values(deadline=date(2025, 4, 20))
        )
    rows = await _xlsx(client, "/dashboard/issues?format=xlsx")
    assert rows[0] == ISSUE_HEADER
    assert [(row[0], row[9]) for row in rows[1:]] == [(2, "逾期"), (1, None)]
    assert isinstance(rows[1][8], datetime) and rows[1][8].date() == date(2025, 4, 20)
    page = await (await client.get("/dashboard/issues", headers=OFFICE)).text()
    assert ">4月20日<" in page and "2025-04-20" not in page  # a day as chat writes it


async def test_issues_page_and_download_say_the_day_each_issue_was_closed(
    client: TestClient,
) -> None:
    await chat(client, ADMIN, "/问题 老旧小区 居民协调难度大")
    await chat(client, ADMIN, "/问题 物流园 用地手续未批")
    await chat(client, ADMIN, "/问题 物流园 资金未到位")
    async with client.app[DB].write() as session:  # raised a fortnight ago; #3 taken back since
        await session.execute(
            update(Issue).values(created_at=datetime(2025, 4, 10, 9, tzinfo=SHANGHAI))
        )
        await session.execute(
            update(Issue)
            .where(Issue.number == 3)
            .values(state="已撤回", closed_at=datetime(2025, 4, 11, 9, tzinfo=SHANGHAI))
        )
    assert "已销号" in await chat(client, ADMIN, "/销号 #1 已协调解决", chat_id="office")
    rows = await _xlsx(client, "/dashboard/issues?format=xlsx")
    assert rows[0] == ISSUE_HEADER
    raised, closed = ISSUE_HEADER.index("提出日期"), ISSUE_HEADER.index("销号日期")
    days = {row[0]: (row[6], _day(row[raised]), _day(row[closed])) for row in rows[1:]}
    assert days[1] == ("已销号", date(2025, 4, 10), date(2025, 4, 24))  # 14 days to close
    assert days[2] == ("发现", date(2025, 4, 10), None)
    assert days[3] == ("已撤回", date(2025, 4, 10), None)  # taken back, never 销号
    page = await (await client.get("/dashboard/issues?state=已销号", headers=OFFICE)).text()
    # on a phone's card too: 销号日期 is not among the columns a phone leaves out
    assert '<td class="day" data-label="销号日期">4月24日</td>' in page
    page = await (await client.get("/dashboard/issues?state=发现", headers=OFFICE)).text()
    assert '<td class="" data-label="销号日期"></td>' in page  # blank: a card hides it


async def test_issues_page_and_download_carry_the_latest_word_on_each_issues_handling(
    client: TestClient,
) -> None:
    await chat(client, ADMIN, "/问题 物流园 用地手续未批")
    await chat(client, ADMIN, "/问题 物流园 资金未到位")
    await chat(client, ADMIN, "/交办 #1 北石店镇 张伟 5个工作日", chat_id="office")
    await chat(client, OWNER, "/进展 #1 已与区自然资源局对接，材料已报送")
    rows = await _xlsx(client, "/dashboard/issues?format=xlsx")
    said = {row[0]: row[ISSUE_HEADER.index("最新办理情况")] for row in rows[1:]}
    assert said == {1: "4月24日 进展：已与区自然资源局对接，材料已报送", 2: None}
    await chat(client, OWNER, "/销号 #1 用地批复已取得")  # the latest word replaces it
    page = await (await client.get("/dashboard/issues", headers=OFFICE)).text()
    assert 'data-label="最新办理情况">4月24日 申请销号：用地批复已取得</td>' in page
    await chat(client, ADMIN, "/销号 #1 已取得批复", chat_id="office")
    await chat(client, ADMIN, "/重开 #1 批复有误需重报", chat_id="office")
    rows = await _xlsx(client, "/dashboard/issues?format=xlsx")
    said = {row[0]: row[ISSUE_HEADER.index("最新办理情况")] for row in rows[1:]}
    assert said[1] == "4月24日 重新打开：批复有误需重报"  # not the 销号 it no longer is


def _day(cell: object) -> date | None:
    """A date cell of a downloaded .xlsx (openpyxl reads it as a datetime) as its day."""
    assert cell is None or isinstance(cell, datetime), cell
    return cell.date() if cell is not None else None


async def test_overview_totals_match_the_api(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    await open_link(client, LEADER)
    page = await (await client.get("/dashboard")).text()
    assert 'data-figure="done">3500万元<' in page
    # the curve's 50% by June of the 2.4亿 of plans (12000 + 8000 + 3000 + 1000 万), by hand
    assert 'data-figure="quarter">1.2亿元<' in page and "尚差 8500万元" in page
    assert 'data-chart="ranking-chart"' in page
    starts = (await (await client.get("/api/starts", headers=OFFICE)).json())["overall"]
    assert f'data-figure="start_rate">{format_percent(starts["rate"])}<' in page
    assert f"新建开工 {starts['new_started']}/{starts['new']}" in page
    assert '<div class="c">应复未复 2 个</div>' in page  # 续建 not resumed, after the 3月31日 line
    screen = await (await client.get("/dashboard?screen=1")).text()
    assert 'http-equiv="refresh"' in screen and "<nav>" not in screen


async def _overview_on(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> str:
    """The overview a leader sees over the seeded ledger with the clock at `now`."""
    client = await seeded_client(aiohttp_client, create_app(app_settings(tmp_path, now)))
    await open_link(client, LEADER)
    return await (await client.get("/dashboard")).text()


async def test_two_start_lines_asking_the_same_are_said_once(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # [40, 80, 100, 100]: in the fourth quarter 前三季度 and 全年 both ask 100% of new projects
    page = await _overview_on(aiohttp_client, tmp_path, "2025-11-20 10:00")
    assert "前三季度新建开工 100%（1 个）尚差 1 个" in page  # as the pushes say it, once
    assert "全年新建开工" not in page


async def test_continuing_projects_are_overdue_only_after_the_resumption_line(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 续建 projects not resumed before 3月31日 are 尚未复工, not yet 应复未复
    page = await _overview_on(aiohttp_client, tmp_path, "2025-03-10 10:00")
    assert '<div class="c">尚未复工 ' in page and "应复未复" not in page


async def test_ranking_chart_shows_the_percentages_chat_and_api_give(client: TestClient) -> None:
    # 北石店镇 then has 3520万 of its 序时 5460万 done, 64.47%: shown as 64.4%, never 64.5%
    await chat(client, OWNER, "进度 物流园\n累计完成：3520万")
    api = (await (await client.get("/api/units", headers=OFFICE)).json())["units"]
    page = await (await client.get("/dashboard", headers=OFFICE)).text()
    chart = json.loads(page.split('id="ranking-chart">')[1].split("</script>")[0])
    shown = dict(zip(chart["yAxis"]["data"], chart["series"][0]["data"], strict=True))
    ranking = await chat(client, LEADER, "/排名")
    for unit in api:
        if unit["schedule_ratio"] is None:
            continue
        text = format_percent(unit["schedule_ratio"])
        assert f"{shown[unit['unit']]['value']:g}%" == text
        assert f"{unit['unit']}：完成序时 {text}" in ranking
    # each bar coloured as a project's light at that ratio: 64.4% is red, not 80%'s yellow
    assert shown["北石店镇"]["itemStyle"]["color"] == RED
    for bar in shown.values():
        value = bar["value"] or 0
        expected = BLUE if value >= 100 else YELLOW if value >= 80 else RED
        assert bar["itemStyle"]["color"] == expected


async def test_in_the_years_first_days_the_ranking_is_grey_and_said_to_be_for_reference(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 6 January: every unit near 0% of a tiny 序时, which chat says is judged from 15 January
    (tmp_path / "early").mkdir()
    overview, units = await _pages_in_january(aiohttp_client, tmp_path / "early", 6)
    chart = json.loads(overview.split('id="ranking-chart">')[1].split("</script>")[0])
    colours = [bar["itemStyle"]["color"] for bar in chart["series"][0]["data"]]
    assert colours and set(colours) == {UNJUDGED}  # no unit drawn red for what is not judged
    assert "各单位序时完成率<span" in overview and "（1月15日起考核，现仅供参考）" in overview
    assert "2024年12月月报表（Excel）</a>：月末数，与“/排名 12月”一致，即2024年全年排名" in overview
    assert "新年度刚开始，序时进度还很小，1月15日起考核，以下排名仅供参考" in units
    # from the 15th 序时 counts: the bars take the lights' colours again, without the note
    (tmp_path / "judged").mkdir()
    overview, units = await _pages_in_january(aiohttp_client, tmp_path / "judged", 15)
    chart = json.loads(overview.split('id="ranking-chart">')[1].split("</script>")[0])
    colours = [bar["itemStyle"]["color"] for bar in chart["series"][0]["data"]]
    assert colours and UNJUDGED not in colours
    assert "仅供参考" not in overview and "仅供参考" not in units


async def _pages_in_january(
    aiohttp_client: AiohttpClient, tmp_path: Path, day: int
) -> tuple[str, str]:
    """The overview and the units page a leader sees on `day` January 2025, the seed ledger
    entered on the 2nd."""
    app = create_app(app_settings(tmp_path, now=f"2025-01-{day:02d} 10:00"))
    client = await aiohttp_client(app)
    await seed(app[DB], entered=date(2025, 1, 2))
    await open_link(client, LEADER)
    overview = await (await client.get("/dashboard")).text()
    return overview, await (await client.get("/dashboard/units")).text()


async def test_bad_input_gets_a_clear_page(client: TestClient) -> None:
    cases = {
        "/dashboard/projects/NOPE": (404, "没有项目代码"),
        "/dashboard/units/不存在的单位": (404, "没有名为"),
        "/dashboard/projects?page=-1": (400, "页码"),
        "/dashboard/projects?page=abc": (400, "页码"),
        "/dashboard/projects?page=99": (400, "只有 1 页"),
        "/dashboard/projects?light=purple": (400, "亮灯"),
        "/dashboard/projects?unit=火星": (400, "单位"),
        "/dashboard/projects?key=yes": (400, "重点"),
        "/dashboard/projects?level=宇宙级": (400, "项目级别"),
        "/dashboard/projects?tag=不存在": (400, "重点类别"),
        "/dashboard/projects?q=" + "长" * 500: (400, "搜索词太长"),
        "/dashboard/issues?state=随便": (400, "状态"),
        "/dashboard/l/not-a-link": (403, "无效"),
    }
    for path, (status, words) in cases.items():
        response = await client.get(path, headers=OFFICE)
        text = await response.text()
        assert response.status == status, (path, text[:300])
        assert words in text and "Traceback" not in text, path


async def test_unreported_is_of_the_week_whose_deadline_has_passed(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # Tuesday of week 17: its reports are due on Friday; week 16's deadline has passed
    app = create_app(app_settings(tmp_path, now="2025-04-22 10:00"))
    client = await seeded_client(aiohttp_client, app)
    await add_report(app[DB], "P001", OWNER, "2025-04-16 10:00", 3000)  # week 16, on time
    page = await (await client.get("/dashboard", headers=OFFICE)).text()
    assert "2025年第16周" in page and "未报（3 个项目）" in page
    assert "第17周" not in page.split('<section id="missing">')[1].split("</section>")[0]


async def test_a_units_page_lists_its_gravest_projects_first(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")  # blue; the others red
    town = await (await client.get("/dashboard/units/北石店镇", headers=OFFICE)).text()
    assert town.index("北石店污水管网改造") < town.index("城区智慧物流园")  # not by code
