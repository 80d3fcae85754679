"""The monthly 晾晒/赛马 on the hand-computed ledger of digest_ledger (ranked at April's end)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select, update

from bot.app import create_app
from bot.cli.jobs import job_context
from bot.keys import DB, SETTINGS
from core.settings.messages import BudgetSettings
from handlers.month_ranking import month_asked
from scheduler.context import JobContext
from scheduler.deliver import deliver
from scheduler.digest import rules_of
from scheduler.ranking import monthly_ranking, ranking_data, ranking_due, review_months
from storage.ledger import export_monthly_report
from storage.models import LightRecord, Project
from storage.repos.standing import standings
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.digest_ledger import ADMIN, GROUPS, LEADER, OWNER, at, build

RANKING_DAY = "2025-05-06 09:00"  # May 1–5 are the 劳动节 holiday


def test_review_needs_month_ends_of_the_same_plan_year() -> None:
    assert review_months(2025, 4, 2) == [3, 4]
    assert review_months(2025, 1, 2) == []  # December belongs to last year's plan


async def test_due_on_the_first_working_day(digest_ctx: JobContext) -> None:
    assert ranking_due(digest_ctx, date(2025, 4, 1))
    assert not ranking_due(digest_ctx, date(2025, 5, 1))
    assert not ranking_due(digest_ctx, date(2025, 5, 5))
    assert ranking_due(digest_ctx, date(2025, 5, 6))
    assert ranking_due(digest_ctx, date(2025, 6, 3))  # 6-2 is 端午
    assert await monthly_ranking(digest_ctx, at("2025-05-05 09:00")) == []


async def test_units_ranked_at_the_month_end(digest_ctx: JobContext) -> None:
    data = await ranking_data(digest_ctx, 2025, 4)
    # April-end plan: 28% of the plan (西城厂房: 200 + 200 万 of its own monthly plan)
    table = [(u["rank"], u["unit"], u["done"], u["plan"]) for u in data["units"]]
    assert table == [
        (1, "东城街道", 5_000_000, 5_040_000),
        (2, "西城街道", 9_000_000, 10_720_000),
        (3, "南村镇", 0, 1_400_000),
    ]


async def test_horses_snails_and_the_review_list(digest_ctx: JobContext) -> None:
    data = await ranking_data(digest_ctx, 2025, 4)
    assert [p["name"] for p in data["best"]] == ["东城物流园"]  # 400/336 万
    # worst first: 100/168, 300/400, 600/672; 南村农业园 (0, planned to start on 6-1) owes
    # no 序时 before its start, as its light says: no 蜗牛, no 作检讨
    assert [p["name"] for p in data["worst"]] == ["东城学校", "西城厂房", "西城管网"]
    review = [(r["name"], [round(x, 4) for _, x in r["ratios"]]) for r in data["review"]]
    assert review == [  # the furthest behind at the month's end first
        ("东城学校", [0.463, 0.5952]),  # 50/108, 100/168
        ("西城厂房", [0.75, 0.75]),  # 150/200, 300/400
    ]  # 西城管网 was on schedule at March's end (450/432)


async def test_a_finished_project_is_no_snail_and_owes_no_review(digest_ctx: JobContext) -> None:
    # the lights and the 月报表 no longer judge it on 序时: the 晾晒 named it for 作检讨 still
    async with digest_ctx.db.write() as session:
        await session.execute(
            update(Project).where(Project.name == "西城厂房").values(status="已竣工")
        )
    data = await ranking_data(digest_ctx, 2025, 4)
    assert [p["name"] for p in data["worst"]] == ["东城学校", "西城管网"]
    assert [r["name"] for r in data["review"]] == ["东城学校"]
    async with digest_ctx.db.read() as session:
        cards = await standings(session, at(RANKING_DAY), rules_of(digest_ctx))
    assert {card.project.name for card in cards if card.light.needs_review} == {
        r["name"] for r in data["review"]
    }


async def test_review_list_agrees_with_the_lights(digest_ctx: JobContext) -> None:
    async with digest_ctx.db.read() as session:
        cards = await standings(session, at(RANKING_DAY), rules_of(digest_ctx))
    flagged = {card.project.name for card in cards if card.light.needs_review}
    data = await ranking_data(digest_ctx, 2025, 4)
    assert {r["name"] for r in data["review"]} == flagged


async def test_each_audience_hears_what_is_its_own(digest_ctx: JobContext) -> None:
    pushes = await monthly_ranking(digest_ctx, at(RANKING_DAY))
    assert [p.group.role for p in pushes] == ["leaders", "owners", "office", "unit:东城街道"]
    assert {p.key.rsplit(":", 2)[0] for p in pushes} == {"monthly_ranking:2025-04"}
    by_role = {p.group.role: p.message.text for p in pushes}
    for role in ("leaders", "owners", "office"):
        text = by_role[role]
        assert "【2025年4月项目建设晾晒·双月赛马】" in text
        west = "2. 西城街道 83.9%（差 800万元），入统率 50%"  # 900 of 1072; H1 line: 1700
        assert west in text
        assert "1. 东城物流园（东城街道）完成序时 119%" in text
        assert "本单位" not in text
    for role in ("leaders", "office"):  # the 作检讨 list goes to these two only
        assert "连续2个月未达序时进度（需向专班作检讨）**2 个" in by_role[role]
        assert "· 东城学校（东城街道）：3月末 46.3%、4月末 59.5%" in by_role[role]
    assert "作检讨" not in by_role["owners"]
    unit = by_role["unit:东城街道"]
    assert "本单位排第 1 名（共 3 个单位），截至4月末完成序时 99.2%" in unit
    assert "1. 东城物流园 完成序时 119%" in unit  # its own 骏马
    assert "1. 东城学校 完成序时 59.5%" in unit  # its own 蜗牛
    # its own projects named for 作检讨, which it was not told of (nor those of other units)
    assert "本单位连续2个月未达序时进度（需向专班作检讨）1 个" in unit
    assert "· 东城学校：3月末 46.3%、4月末 59.5%" in unit
    assert "西城" not in unit and "南村" not in unit  # only its unit's


async def test_the_chat_ranking_of_a_month_is_the_pushed_one(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now=RANKING_DAY, groups=GROUPS))
    client = await aiohttp_client(app)
    await build(app[DB])
    assert "晾晒" not in await chat(client, ADMIN, "/排名 4月")  # none pushed yet
    ctx = job_context(app[SETTINGS], app[DB])
    pushes = await monthly_ranking(ctx, at(RANKING_DAY))
    await deliver(ctx, pushes, at(RANKING_DAY))
    unit = next(p.message.text for p in pushes if p.group.role == "unit:东城街道")
    assert "各单位排名发送“/排名 4月”查看" in unit
    reply = await chat(client, ADMIN, "/排名 4月")
    assert reply.startswith("各单位完成序时进度排名（截至2025年4月末，与4月晾晒一致）：")
    # as the push ranks them (test_units_ranked_at_the_month_end): done / April-end 序时
    assert "1. 东城街道：完成序时 99.2%，累计 500万元/年度" in reply
    assert (
        reply.index("1. 东城街道")
        < reply.index("2. 西城街道：完成序时 83.9%")
        < reply.index("3. 南村镇：完成序时 0%")
    )
    assert await chat(client, ADMIN, "/排名 上月") == reply
    assert "序时按各项目最近填报日计，逾期未报的计至上周日" in await chat(
        client, ADMIN, "/排名 本月"
    )
    assert "2025年5月还没结束" in await chat(client, ADMIN, "/排名 5月")
    refused = await chat(client, ADMIN, "/排名 北石店镇")
    assert "“北石店镇”不是月份；各单位的当前排名请发送“/排名”" in refused
    assert "请写成" not in refused  # it suggested writing 2026年12月, a month not begun
    assert "如“/排名 4月”查看4月末的排名" in refused  # the example is a month already over
    assert "2024年没有年度计划" in await chat(client, ADMIN, "/排名 2024年12月")


async def test_the_chat_ranking_after_a_late_report_says_it_differs_from_the_push(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now="2025-05-07 10:00", groups=GROUPS))
    client = await aiohttp_client(app)
    await build(app[DB])
    ctx = job_context(app[SETTINGS], app[DB])
    await deliver(ctx, await monthly_ranking(ctx, at(RANKING_DAY)), at(RANKING_DAY))
    # April's last figure for 南村农业园, sent the day after the 晾晒
    reply = await chat(client, OWNER, "进度 南村农业园\n月份：4月\n累计完成：200万")
    assert "计入 2025年4月" in reply
    ranking = await chat(client, ADMIN, "/排名 4月")
    assert "与4月晾晒一致" not in ranking
    said = (
        "（截至2025年4月末；5月6日晾晒后又有 1 条填报补报、更正或撤回，已计入，与晾晒所列可能不同）"
    )
    assert said in ranking
    assert "1. 南村镇：完成序时 142.9%，累计 200万元" in ranking  # 200 of the 140万 due


async def test_a_report_taken_back_after_the_push_is_a_change_too(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    early = create_app(app_settings(tmp_path, now="2025-05-06 08:30", groups=GROUPS))
    first = await aiohttp_client(early)
    await build(early[DB])
    # sent before the 晾晒 (and ranked in it), taken back after it
    sent = await chat(first, OWNER, "进度 南村农业园\n月份：4月\n累计完成：200万")
    assert "计入 2025年4月" in sent
    ctx = job_context(early[SETTINGS], early[DB])
    await deliver(ctx, await monthly_ranking(ctx, at(RANKING_DAY)), at(RANKING_DAY))
    later = create_app(app_settings(tmp_path, now="2025-05-06 10:00", groups=GROUPS))
    client = await aiohttp_client(later)
    assert "与4月晾晒一致" in await chat(client, ADMIN, "/排名 4月")
    assert "已撤回" in await chat(client, OWNER, "/撤回")
    ranking = await chat(client, ADMIN, "/排名 4月")
    assert "晾晒后又有 1 条填报补报、更正或撤回" in ranking
    assert "南村镇：完成序时 0%" in ranking


def test_the_month_under_way_says_when_its_ranking_opens() -> None:
    assert "月末排名明天可查" in str(month_asked("11月", date(2026, 11, 30)))
    assert "月末排名12月1日起可查" in str(month_asked("11月", date(2026, 11, 20)))
    assert "2027年1月还没到" in str(month_asked("2027年1月", date(2026, 12, 31)))
    assert month_asked("12月", date(2027, 1, 1)) == (2026, 12)


def test_a_year_asks_for_its_final_ranking_once_it_is_over() -> None:
    january = date(2027, 1, 4)
    for said in ("2026年", "2026", "去年", "２０２６年", "2026年全年", "上年度"):
        assert month_asked(said, january) == (2026, 12), said
    assert "2027年还没结束，全年排名2028年1月1日起可查" in str(month_asked("今年", january))
    assert "2026年还没结束，全年排名明天可查" in str(month_asked("2026年", date(2026, 12, 31)))
    assert "2028年还没开始，还没有2028年的排名" in str(month_asked("2028年", january))
    assert "2028年还没开始" in str(month_asked("明年", january))
    # a month of a year said in words: read as with its number
    assert "2027年1月还没到" in str(month_asked("明年1月", date(2026, 12, 1)))
    assert month_asked("去年11月", january) == (2026, 11)
    assert month_asked("上年度11月", january) == (2026, 11)
    assert month_asked("今年1月", date(2027, 3, 2)) == (2027, 1)


async def test_last_years_ranking_asked_in_january_is_its_decembers(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now="2026-01-06 10:00", groups=GROUPS))
    client = await aiohttp_client(app)
    await build(app[DB])
    december = await chat(client, ADMIN, "/排名 2025年12月")
    assert december.startswith("各单位完成序时进度排名（截至2025年12月末")
    for said in ("/排名 2025年", "/排名 去年", "/排名 2025"):
        assert await chat(client, ADMIN, said) == december, said
    assert "2024年没有年度计划，无法按序时排名" in await chat(client, ADMIN, "/排名 2024年")
    refused = await chat(client, ADMIN, "/排名 今年全年")
    assert "2026年还没结束" in refused and "“/排名 2025年”查看2025年全年排名" in refused
    assert "请发送“/排名 去年”" in await chat(client, ADMIN, "去年排名", chat_id=None)


async def test_the_ranking_alone_in_januarys_first_days_is_last_years_full_year(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now="2026-01-06 10:00", groups=GROUPS))
    client = await aiohttp_client(app)
    await build(app[DB])  # plans for 2025 only
    december = await chat(client, LEADER, "/排名 去年")
    ranking = await chat(client, LEADER, "/排名")
    # was the handful of 2026's days, 序时 not even judged until 15 January
    assert ranking.startswith("2025年全年各单位完成序时进度排名（截至2025年12月末")
    assert ranking.endswith("\n今年的排名请发送“/排名 今年”（1月15日起考核序时）")
    units = [line for line in december.splitlines() if "：完成序时" in line]
    assert units and units == [line for line in ranking.splitlines() if "：完成序时" in line]
    this_year = await chat(client, LEADER, "/排名 今年")
    assert this_year.startswith("各单位完成序时进度排名（截至 1月6日")
    assert "2025年全年排名请发送“/排名 去年”" in this_year
    assert "当前排名请发送“/排名 今年”" in await chat(client, LEADER, "/排名 1月")
    await client.close()
    later = create_app(app_settings(tmp_path, now="2026-01-15 10:00", groups=GROUPS))
    client = await aiohttp_client(later)
    ranking = await chat(client, LEADER, "/排名")  # 序时 judged from today: this year's
    assert ranking.startswith("各单位完成序时进度排名（截至 1月15日") and "全年" not in ranking
    assert "当前排名请发送“/排名”" in await chat(client, LEADER, "/排名 1月")


@pytest.mark.parametrize(
    ("now", "last_year"),
    [("2026-12-01 10:00", "，“/排名 去年”看2025年全年排名"), ("2025-12-01 10:00", "")],
)
async def test_next_years_ranking_asked_in_december_is_not_there_yet(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, last_year: str
) -> None:
    app = create_app(app_settings(tmp_path, now=now, groups=GROUPS))
    client = await aiohttp_client(app)
    await build(app[DB])  # plans for 2025 only
    year = int(now[:4]) + 1
    for said in ("/排名 明年", f"/排名 {year}年", f"/排名 {year}", "/排名 明年全年"):
        reply = await chat(client, ADMIN, said)
        assert reply.startswith(f"{year}年还没开始，还没有{year}年的排名"), said
        # what there is instead; 去年 only when last year had a plan to rank on
        assert reply.endswith(f"现在可查：“/排名”看当前排名，“/排名 11月”看11月末排名{last_year}")
        assert "不是月份" not in reply


async def test_a_ranking_longer_than_the_budget_shows_its_first_and_its_last(
    digest_ctx: JobContext,
) -> None:
    # the 晾晒 exists to name the laggards: the bottom of the table is not left out
    short = BudgetSettings(top=2)
    messages = digest_ctx.settings.messages.model_copy(update={"owners": short, "units": short})
    ctx = replace(
        digest_ctx, settings=digest_ctx.settings.model_copy(update={"messages": messages})
    )
    data = await ranking_data(ctx, 2025, 4)
    first, last = data["units"][0], data["units"][-1]
    pushes = await monthly_ranking(ctx, at(RANKING_DAY))
    text = next(p.message.text for p in pushes if p.group.role == "owners")
    assert f"{len(data['units'])} 个单位排名" in text
    assert f"1. {first['unit']}" in text
    assert f"……另有 {len(data['units']) - 2} 个单位" in text
    assert f"{last['rank']}. {last['unit']}" in text
    own = next(p.message.text for p in pushes if p.group.role.startswith("unit:"))
    assert "个单位排名" not in own and f"（共 {len(data['units'])} 个单位）" in own


async def test_a_project_red_at_the_month_end_is_no_horse(digest_ctx: JobContext) -> None:
    # 东城物流园 is well ahead of 序时 (400/336 万), but red on 4-30 for another reason
    async with digest_ctx.db.write() as session:
        park = (
            await session.execute(select(Project).where(Project.name == "东城物流园"))
        ).scalar_one()
        reason = {"rule": "milestone", "color": "red", "text": "节点逾期"}
        session.add(
            LightRecord(project_id=park.id, day=date(2025, 4, 30), color="red", reasons=[reason])
        )
    data = await ranking_data(digest_ctx, 2025, 4)
    assert "东城物流园" not in [p["name"] for p in data["best"]]


async def test_a_start_or_stats_entry_after_the_month_end_is_not_in_its_ranking(
    digest_ctx: JobContext,
) -> None:
    # April's ranking pushed on 5-6, after 南村农业园 started (5-2) and 西城厂房 entered the
    # statistics (5-3): at April's end 2 of the 3 新建 had started (东城学校, 西城厂房) and
    # 西城街道's 入统率 was 1 of its 2 due (西城管网), as the April 月报表 says
    async with digest_ctx.db.write() as session:
        await session.execute(
            update(Project)
            .where(Project.name == "南村农业园")
            .values(started_on=date(2025, 5, 2), status="在建")
        )
        await session.execute(
            update(Project)
            .where(Project.name == "西城厂房")
            .values(stats_entered_on=date(2025, 5, 3))
        )
    data = await ranking_data(digest_ctx, 2025, 4)
    assert (data["starts"].total.new, data["starts"].total.new_started) == (3, 2)
    pushes = await monthly_ranking(digest_ctx, at(RANKING_DAY))
    leaders = next(p.message.text for p in pushes if p.group.role == "leaders")
    assert "2. 西城街道 83.9%（差 800万元），入统率 50%" in leaders


async def test_the_pushed_stats_rate_is_the_monthly_reports(
    digest_ctx: JobContext, tmp_path: Path
) -> None:
    # 西城厂房 started 3-31, not in the statistics: its 2 months run to 5-31, so at May's end
    # it is not behind yet (SPEC §5: "started more than 2 months ago"); 西城街道's 入统率 is
    # 西城管网's alone, 1 of 1, in the May 月报表 and in May's 晾晒 alike
    async with digest_ctx.db.write() as session:
        await session.execute(
            update(Project).where(Project.name == "西城厂房").values(started_on=date(2025, 3, 31))
        )
    path = tmp_path / "5月.xlsx"
    await export_monthly_report(digest_ctx.db, path, month=date(2025, 5, 1))
    rows = list(load_workbook(path)["开复工与入统"].iter_rows(min_row=2, values_only=True))
    west = next(dict(zip(rows[0], row, strict=True)) for row in rows if row[0] == "西城街道")
    assert (west["开工满期应入统"], west["其中已入统"], west["入统率"]) == (1, 1, 1)
    data = await ranking_data(digest_ctx, 2025, 5)
    assert next(u["stats_rate"] for u in data["units"] if u["unit"] == "西城街道") == 1
    pushes = await monthly_ranking(digest_ctx, at("2025-06-03 09:00"))  # 6-2 is 端午
    office = next(p.message.text for p in pushes if p.group.role == "office")
    west_line = next(line for line in office.splitlines() if "西城街道 " in line)
    assert "入统率" not in west_line  # was "，入统率 50%"
