"""Progress reports end to end through the local adapter (SPEC §3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select, update

from bot.app import create_app
from bot.keys import DB
from storage.models import Inbound, Issue, Person, Project, ProjectOwner, Report
from storage.models_ops import LightRecord
from tests.support.apps import app_settings, count, seeded_client
from tests.support.chat import chat, send
from tests.support.reports import add_report
from tests.support.seed import (
    ADMIN,
    COLLEAGUE,
    LEADER,
    OWNER,
    OWNER2,
    STRANGER,
    WAN,
    add_project,
    coded,
    seed,
)

REPORT = (
    "进度 城区智慧物流园\n本月完成：1200万\n累计完成：3500万\n形象进度：主体结构封顶\n存在问题：无"
)


async def _reports(client: TestClient) -> list[Report]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Report).order_by(Report.id))).scalars())


async def test_report_is_stored_in_yuan_and_answered_with_standing(client: TestClient) -> None:
    reply = await chat(client, OWNER, REPORT)
    assert "已收到“城区智慧物流园”2025年第17周" in reply
    assert "累计完成：3500万元" in reply
    assert "序时进度 3120万元" in reply  # 1.2亿 × (8% + 10% × 24/30) by 4月24日
    assert "序时进度 3120万元，完成序时 112.2%\n🔵 蓝灯" in reply
    assert "为序时进度" not in reply  # on schedule: the line above says it, not again below
    [report] = await _reports(client)
    assert report.period == "2025-W17"
    assert report.month == "2025-04"
    assert report.period_investment_yuan == 1200 * WAN
    assert report.ytd_investment_yuan == 3500 * WAN
    assert report.progress_text == "主体结构封顶"
    assert report.problems_text is None
    assert await count(client, Issue) == 0


@pytest.mark.parametrize(
    "line",
    [
        "进度 物流园，本月1200万，累计3500万，主体结构封顶",
        "进度 物流园 本月1,200万 累计3,500万，主体结构封顶",  # thousands separators
        "进度 物流园 本月 0.12 亿元 累计 0.35 亿 主体结构封顶",  # spaces a phone keyboard adds
        "进度 物流园 本月1200万 累计3500万 主体结构封顶。",  # a sentence's full stop
        "进度 物流园\n本月完成：1200万\n累积完成：3500万\n形象进度：主体结构封顶",  # 累积 for 累计
        "进度 物流园\n本月完成：1200万\n本年度累计完成：3500万\n形象进度：主体结构封顶",
        "进度 物流园\n本月完成:1200万;累计完成:3500万；形象进度：主体结构封顶",  # one body line
        "进度 物流园\n本月完成：1200万，累计完成：3500万\n形象进度：主体结构封顶",  # a comma
        "进度 物流园\n本月完成1200万 累计完成3500万\n形象进度：主体结构封顶",  # a space
        "进度 物流园\n本月完成：1,200万，累计完成：3,500万\n形象进度：主体结构封顶",
        "进度 物流园\n本月完成：1200万\n形象进度：主体结构封顶；累计完成：3500万",  # a figure after
        "进度 物流园 本月1200万 上周累计3500万 主体结构封顶",  # a Monday's report of last week
    ],
)
async def test_a_report_on_one_line_is_stored_like_the_long_form(
    client: TestClient, line: str
) -> None:
    reply = await chat(client, OWNER, line)
    assert "已收到“城区智慧物流园”" in reply
    assert "本月完成：1200万元" in reply and "本年累计完成：3500万元" in reply
    assert "形象进度：主体结构封顶" in reply
    [report] = await _reports(client)
    assert (report.period_investment_yuan, report.ytd_investment_yuan) == (1200 * WAN, 3500 * WAN)
    assert report.progress_text == "主体结构封顶"


async def test_the_standing_says_the_cumulative_as_recorded(client: TestClient) -> None:
    # it read “本年累计完成：11150万元” above “本年累计完成 1.12亿元” for the same figure; then
    # the figure twice, as typed (eight projects' reply had every cumulative twice); once now
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：11150万")
    assert "本年累计完成：11150万元\n年度计划 1.2亿元，完成率 92.9%" in reply
    assert reply.count("11150万元") == 1


async def test_behind_schedule_is_yellow_or_red_with_reason(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：2600万")
    assert "黄灯" in reply
    assert "为序时进度 3120万元 的 83.3%" in reply
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：2000万")
    assert "更正" in reply
    assert "红灯" in reply


async def test_several_blocks_are_each_judged(client: TestClient) -> None:
    text = (
        "@调度助手 进度 物流园\r\n累计完成：3500万\r\n\r\n"
        "进度 厂房\r\n本月完成：12x万\r\n\r\n"
        "进度 污水管网\r\n形象进度：管道铺设完成60%"
    )
    reply = await chat(client, OWNER, text)
    assert "【1/3】" in reply
    assert "【3/3】" in reply
    assert "12x万" in reply  # the bad value is quoted back
    stored = await _reports(client)
    assert [r.raw_text.splitlines()[0] for r in stored] == ["进度 物流园", "进度 污水管网"]
    # the week is named once, not again in each block of the same week
    assert reply.count("2025年第17周") == 1
    assert "【3/3】✅ 已收到“北石店污水管网改造”进度：" in reply


async def test_a_name_typed_short_finds_its_one_project(backend: TestClient) -> None:
    async with backend.app[DB].write() as session:
        await session.execute(
            update(Project)
            .where(Project.code == "P002")
            .values(name="北石店工业园区标准化厂房建设项目（一期）")
        )
    reply = await chat(backend, OWNER, "进度 标准化厂房一期\n累计完成：100万")
    assert "已收到“北石店工业园区标准化厂房建设项目（一期）”" in reply


async def test_unknown_sender_is_told_how_to_register(client: TestClient) -> None:
    reply = await chat(client, STRANGER, REPORT)
    assert "请专班办公室把您的手机号登记到台账" in reply  # the simulator: by the ledger mobile
    assert await _reports(client) == []
    # a greeting too: how to report was no use to someone the bot does not know
    greeting = await chat(client, STRANGER, "你好", chat_id=None)
    assert "您还没有在项目台账的人员名单中登记" in greeting and "进度 项目名" not in greeting


async def test_unknown_and_ambiguous_projects_get_candidates_not_guesses(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "进度 北石店\n累计完成：100万")
    assert "对应多个项目" in reply
    assert "北石店工业园区标准化厂房" in reply
    assert "北石店污水管网改造" in reply
    reply = await chat(client, OWNER, "进度 智慧物流\n累计完成：100万")
    assert "已收到“城区智慧物流园”" in reply  # an unambiguous part of the name
    reply = await chat(client, OWNER, "进度 城区智能物流园区\n累计完成：100万")
    assert "没有找到" in reply
    assert "城区智慧物流园" in reply
    assert len(await _reports(client)) == 1


async def test_a_shared_name_means_the_senders_own_project_when_only_one_is(
    client: TestClient,
) -> None:
    async with client.app[DB].write() as session:  # 王强 takes over 北石店污水管网改造
        colleague = (
            await session.execute(select(Person).where(Person.mobile == COLLEAGUE))
        ).scalar_one()
        sewer = (await session.execute(select(Project).where(Project.code == "P004"))).scalar_one()
        session.add(ProjectOwner(project_id=sewer.id, person_id=colleague.id))
    reply = await chat(client, COLLEAGUE, "进度 北石店\n累计完成：100万")
    assert "已收到“北石店污水管网改造”" in reply
    assert "进度 北石店污水管网改造" in await chat(client, COLLEAGUE, "/模板 北石店")
    assert "对应多个项目" in await chat(client, OWNER, "进度 北石店\n累计完成：200万")  # owns both
    assert len(await _reports(client)) == 1


async def test_the_reply_repeats_a_figure_as_exactly_as_it_was_typed(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1200万\n累计完成：12650万")
    assert "本月完成：1200万元\n本年累计完成：12650万元" in reply  # not 1.27亿元
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：1.3亿")
    assert "本年累计完成：1.3亿元" in reply


async def test_bad_amount_is_quoted_and_nothing_stored(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：约三千万")
    assert "约三千万" in reply
    assert "未记录" in reply
    assert await _reports(client) == []


async def test_report_without_any_field(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园")
    assert "“物流园”后面还没有填报内容" in reply
    assert "本年累计完成：3.5亿" in reply  # how to write one
    assert "发送“/模板 物流园”" in reply
    assert await _reports(client) == []


async def test_an_empty_block_beside_others_says_how_to_fill_it(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n进度 厂房\n本年累计完成：100万")
    assert "没有识别到任何填报内容：请在下面逐行写" in reply
    assert "或发送“/模板 物流园”获取预填模板" in reply


async def test_cumulative_over_total_investment_is_refused(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 老旧小区\n累计完成：6000万")
    assert "未记录" in reply
    reply = await chat(client, OWNER2, "进度 老旧小区\n累计完成：6000万")
    assert "超过了项目总投资 5000万元" in reply
    reply = await chat(client, OWNER2, "进度 老旧小区\n累计完成：19550000")  # meant in 元
    assert "本年累计完成 1955亿元 超过了项目总投资" in reply
    assert "没写单位的数字按万元计，写元请带“元”" in reply
    assert await _reports(client) == []


async def test_cumulative_may_not_go_below_an_earlier_period(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    week16 = await _client_at(aiohttp_client, tmp_path, "2025-04-16 10:00")
    assert "已收到" in await chat(week16, OWNER, "进度 物流园\n累计完成：3000万")
    await week16.close()
    week17 = await _client_at(aiohttp_client, tmp_path, "2025-04-24 10:00", seeded=True)
    reply = await chat(week17, OWNER, "进度 物流园\n累计完成：2800万")
    assert "低于2025年第16周（4月14日—4月20日）已报的 3000万元" in reply
    assert "已收到" in await chat(week17, OWNER, "进度 物流园\n累计完成：3300万")
    assert "已收到" in await chat(week17, OWNER, "进度 物流园\n累计完成：3100万")  # correction


async def test_a_weeks_amount_is_added_to_the_last_cumulative(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    march = await _client_at(aiohttp_client, tmp_path, "2025-03-27 10:00")
    assert "已收到" in await chat(march, OWNER, "进度 物流园\n累计完成：3000万")
    await march.close()
    week16 = await _client_at(aiohttp_client, tmp_path, "2025-04-16 10:00", seeded=True)
    assert "已收到" in await chat(week16, OWNER, "进度 物流园\n累计完成：3200万")
    await week16.close()
    week17 = await _client_at(aiohttp_client, tmp_path, "2025-04-24 10:00", seeded=True)
    reply = await chat(week17, OWNER, "进度 物流园\n本周完成：45万\n形象进度：道路硬化")
    assert (
        "本周完成：45万元\n本月完成：245万元（按累计推算）\n本年累计完成：3245万元（按此前累计加本周推算）"
        in reply
    )
    reply = await chat(week17, OWNER, "进度 物流园\n本周完成：50万")  # a correction
    assert "本年累计完成：3250万元（按此前累计加本周推算）" in reply
    current = (await _reports(week17))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (250 * WAN, 3250 * WAN)
    reply = await chat(week17, OWNER, "进度 污水管网\n本周完成：10万")
    assert "本周完成 无法换算为本年累计：今年还没有报过本年累计完成" in reply
    reply = await chat(week17, OWNER, "进度 物流园\n本年累计完成：3900万")  # 本月 goes with it
    current = (await _reports(week17))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (None, 3900 * WAN)
    # both: the cumulative as typed stands, the month's is its rise, the week's is repeated
    reply = await chat(week17, OWNER, "进度 物流园\n本周完成：10万\n本年累计完成：3210万")
    assert "本周完成：10万元\n本月完成：210万元（按累计推算）\n本年累计完成：3210万元\n" in reply
    current = (await _reports(week17))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (210 * WAN, 3210 * WAN)


async def test_correction_supersedes_and_withdraw_restores(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3000万")
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：3200万")
    assert "更正" in reply
    first, second = await _reports(client)
    assert first.superseded_by_id == second.id
    reply = await chat(client, OWNER, "/撤回")
    assert "已撤回" in reply
    assert "本周此前的填报重新生效：本年累计完成 3000万元（4月24日（周四）10:00 报）" in reply
    first, second = await _reports(client)
    assert second.withdrawn_at is not None
    assert first.superseded_by_id is None
    async with client.app[DB].read() as session:  # the day's light on record: the dashboard's
        [record] = (await session.execute(select(LightRecord))).scalars()
    assert "累计完成 3000万元" in str(record.reasons)
    assert "累计完成 3000万元" in await chat(client, OWNER, "/项目 物流园")


async def test_withdrawing_the_last_or_all_in_words(client: TestClient) -> None:
    # `全部` and `刚才那条` were looked up as projects' names: 台账中没有找到“全部”
    await chat(client, OWNER, "进度 物流园\n累计完成：3000万")
    await chat(client, OWNER, "进度 污水管网\n累计完成：600万")
    reply = await chat(client, OWNER, "/撤回 全部")
    assert "一次撤回一条" in reply and "没有找到" not in reply
    assert all(r.withdrawn_at is None for r in await _reports(client))
    assert "已撤回您对“北石店污水管网改造”" in await chat(client, OWNER, "/撤回 刚才发的")
    logistics, sewers = await _reports(client)
    assert logistics.withdrawn_at is None and sewers.withdrawn_at is not None


async def test_who_may_report(client: TestClient) -> None:
    reply = await chat(client, OWNER2, "进度 物流园\n累计完成：3000万")
    assert "不是“城区智慧物流园”的责任人" in reply
    assert "北石店镇" in reply
    assert "已收到" in await chat(client, COLLEAGUE, "进度 物流园\n累计完成：3000万")
    assert "已收到" in await chat(client, LEADER, "进度 老旧小区\n累计完成：100万")
    assert "已收到" in await chat(client, ADMIN, "进度 厂房\n累计完成：100万")
    assert len(await _reports(client)) == 3


async def test_problem_opens_an_issue_once(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：3000万\n存在问题：临时用地手续未办结")
    assert "已登记为问题 #1" in reply
    await chat(client, OWNER, "进度 物流园\n累计完成：3100万\n存在问题：临时用地手续未办结")
    async with client.app[DB].read() as session:
        issue = (await session.execute(select(Issue))).scalar_one()
    assert issue.category == "用地"
    assert issue.state == "发现"


async def test_late_report_is_accepted_and_marked(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    saturday = await _client_at(aiohttp_client, tmp_path, "2025-04-26 09:00")
    reply = await chat(saturday, OWNER, "进度 物流园\n累计完成：3000万")
    assert "迟报" in reply
    [report] = await _reports(saturday)
    assert report.is_late


async def test_start_declaration_updates_the_ledger(client: TestClient) -> None:
    await chat(client, OWNER, "进度 厂房\n本月完成：300万\n开工：4月20日")
    async with client.app[DB].read() as session:
        project = (
            await session.execute(select(Project).where(Project.code == "P002"))
        ).scalar_one()
    assert project.started_on is not None
    assert project.started_on.isoformat() == "2025-04-20"
    assert project.status == "在建"


async def test_retry_gets_the_same_answer_and_stores_once(client: TestClient) -> None:
    first = await send(client, OWNER, REPORT, msg_id="retry-1")
    again = await send(client, OWNER, REPORT, msg_id="retry-1")
    assert first == again
    assert len(await _reports(client)) == 1
    assert await count(client, Inbound) == 1


async def test_empty_and_oversized_messages(client: TestClient) -> None:
    assert "/帮助" in await chat(client, OWNER, "   ")
    reply = await chat(client, OWNER, "进度 物流园\n形象进度：" + "很" * 100_000)
    assert "消息太长" in reply
    assert await _reports(client) == []


async def test_malformed_requests_get_4xx_and_store_nothing(client: TestClient) -> None:
    bad_json = await client.post("/callback/local", data=b"{not json")
    assert bad_json.status == 400
    missing = await client.post("/callback/local", json={"msg_id": "x", "text": "hi"})
    assert missing.status == 400
    assert "user_id" in (await missing.json())["error"]
    huge = await client.post("/callback/local", data=b"x" * (2 * 1024 * 1024))
    assert huge.status == 413
    assert await count(client, Inbound) == 0


async def _client_at(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, *, seeded: bool = False
) -> TestClient:
    app = create_app(app_settings(tmp_path, now=now))
    client = await aiohttp_client(app)
    if not seeded:
        await seed(app[DB])
    return client


async def test_a_correction_keeps_what_it_does_not_restate(client: TestClient) -> None:
    await chat(client, OWNER, REPORT)
    reply = await chat(client, OWNER, "进度 物流园\n存在问题：临时用地手续未办结")
    assert "（更正，未重填的本月完成、本年累计完成、形象进度沿用本期之前所报）" in reply
    assert "本年累计完成：3500万元" in reply
    first, current = await _reports(client)
    assert first.superseded_by_id == current.id
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (1200 * WAN, 3500 * WAN)
    assert current.progress_text == "主体结构封顶"
    assert current.problems_text == "临时用地手续未办结"
    assert await count(client, Issue) == 1


async def test_a_correction_of_one_figure_keeps_the_other(client: TestClient) -> None:
    await chat(client, OWNER, REPORT)  # 本月 1200万, 累计 3500万
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3600万")
    assert "（更正，未重填的本月完成、形象进度沿用本期之前所报）" in reply
    current = (await _reports(client))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (1200 * WAN, 3600 * WAN)
    assert current.progress_text == "主体结构封顶"
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1300万")
    assert "未重填的本年累计完成、形象进度沿用" in reply and "推算" not in reply
    current = (await _reports(client))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (1300 * WAN, 3600 * WAN)


async def test_a_corrected_month_moves_the_cumulative_with_it(client: TestClient) -> None:
    # the 月报表 counts April as the cumulative's rise since March's 2000万: a kept 3500万
    # would have filed 1500万 where the owner had just said 1300万
    await add_report(client.app[DB], "P001", OWNER, "2025-03-28 10:00", 2000)
    await chat(client, OWNER, REPORT)  # 本月 1200万, 累计 3500万
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1300万")
    assert "本年累计完成：3300万元（按此前累计加本月推算）" in reply
    current = (await _reports(client))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (1300 * WAN, 3300 * WAN)
    march = 2000 * WAN
    assert current.ytd_investment_yuan - march == current.period_investment_yuan


async def test_a_kept_month_that_no_longer_adds_up_over_last_month_is_dropped(
    client: TestClient,
) -> None:
    # 1480万 (a rounded 1500万) was kept beside 3600万: the 月报表 counted 1600万, the reply
    # said 1480万
    await add_report(client.app[DB], "P001", OWNER, "2025-03-28 10:00", 2000)
    await chat(client, OWNER, "进度 物流园\n本月完成：1480万\n本年累计完成：3500万")
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3600万")
    assert "1480万" not in reply
    current = (await _reports(client))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (None, 3600 * WAN)


async def test_a_month_that_never_added_up_is_the_owners_and_stays(client: TestClient) -> None:
    # said (and confirmed) apart from the cumulative's rise: not dropped without a word
    await add_report(client.app[DB], "P001", OWNER, "2025-03-28 10:00", 2000)
    await chat(client, OWNER, REPORT)  # 本月 1200万 beside a rise of 1500万
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3600万")
    assert "本月完成 1200万元" in reply  # kept, and asked about against the new cumulative


@pytest.mark.parametrize(
    ("earlier", "first"),
    [
        ("2025-03-28 10:00", "进度 物流园\n累计完成：3500万"),  # the cumulative said alone
        ("2025-02-27 10:00", REPORT),  # over February's: March's work is in it
    ],
)
async def test_a_month_added_to_a_cumulative_of_its_own_keeps_it(
    client: TestClient, earlier: str, first: str
) -> None:
    await add_report(client.app[DB], "P001", OWNER, earlier, 2000)
    await chat(client, OWNER, first)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1300万")
    assert "推算" not in reply
    current = (await _reports(client))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (1300 * WAN, 3500 * WAN)


async def test_a_cumulative_worked_out_from_the_month_is_worked_out_again(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1200万")
    assert "本年累计完成：1200万元（按此前累计加本月推算）" in reply
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1300万")
    assert "本年累计完成：1300万元（按此前累计加本月推算）" in reply
    current = (await _reports(client))[-1]
    assert (current.period_investment_yuan, current.ytd_investment_yuan) == (1300 * WAN, 1300 * WAN)


@pytest.mark.parametrize(
    ("line", "problems"),
    [
        ("存在问题：临时用地未批；进展：已上报市局", "临时用地未批；进展：已上报市局"),
        ("存在问题：用地未批;本月：无法开工", "用地未批;本月：无法开工"),
        ("存在问题：用地未批；下步计划：本月：500万", "用地未批；下步计划：本月：500万"),
    ],
)
async def test_a_semicolon_in_a_problem_stays_in_it(
    client: TestClient, line: str, problems: str
) -> None:
    reply = await chat(client, OWNER, f"进度 物流园\n累计完成：3500万\n{line}")
    assert "已收到" in reply
    [report] = await _reports(client)
    assert (report.problems_text, report.period_investment_yuan) == (problems, None)


@pytest.mark.parametrize(
    "line",
    ["进度 物流园 累计1亿5200万", "进度 物流园 累计1亿 5200万", "进度 物流园 累计 1 亿 5200 万"],
)
async def test_an_amount_said_in_yi_and_wan_is_read_whole(client: TestClient, line: str) -> None:
    reply = await chat(client, OWNER, line)
    assert "本年累计完成：1.52亿元" in reply
    [report] = await _reports(client)
    assert report.ytd_investment_yuan == 15_200 * WAN


async def test_an_emoji_beside_a_figure_does_not_refuse_it(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：4.1亿 💰\n形象进度：封顶啦👍")
    assert "本年累计完成：4.1亿元" in reply
    [report] = await _reports(client)
    assert report.ytd_investment_yuan == 41_000 * WAN
    assert report.progress_text == "封顶啦👍"  # text keeps what was typed


async def test_two_projects_on_one_line_are_two_reports(client: TestClient) -> None:
    # the second was stored as the first's 形象进度, and its figure lost
    reply = await chat(client, OWNER, "物流园累计3500万，污水管网累计600万")
    assert "【1/2】" in reply and "【2/2】" in reply
    logistics, sewers = await _reports(client)  # P001, P004 in the order typed
    assert (logistics.ytd_investment_yuan, logistics.progress_text) == (3500 * WAN, None)
    assert sewers.ytd_investment_yuan == 600 * WAN and sewers.project_id != logistics.project_id


@pytest.mark.parametrize(
    ("text", "progress"),
    [
        ("物流园这周设备安装基本完成，累计完成3500万", "这周设备安装基本完成"),
        ("物流园的设备正在调试，累计3500万，形象进度：主体完工", "设备正在调试；主体完工"),
    ],
)
async def test_the_weeks_work_said_after_the_name_is_its_progress(
    client: TestClient, text: str, progress: str
) -> None:
    # voice input: the whole sentence was taken for a name, and the group heard silence
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, text)
    [report] = await _reports(client)
    assert (report.ytd_investment_yuan, report.progress_text) == (3500 * WAN, progress)


async def test_a_part_said_after_the_name_is_not_the_projects_report(client: TestClient) -> None:
    await chat(client, OWNER, "物流园二期累计3000万")  # a phase's figure, not 物流园's
    await chat(client, OWNER, "@调度助手 物流园二期累计3000万")
    assert await _reports(client) == []


@pytest.mark.parametrize(
    "title", ["目标进度：", "各项目年底目标汇报：", "下周工作安排如下", "本月进度要求："]
)
async def test_a_list_under_a_title_of_what_is_to_be_done_is_no_report(
    client: TestClient, title: str
) -> None:
    text = f"{title}\n1、物流园：本月完成1500万\n2、污水管网：累计2000万"
    assert await chat(client, OWNER, text) == ""
    assert await _reports(client) == []


async def test_a_leaders_list_of_figures_to_the_bot_is_no_report(client: TestClient) -> None:
    # it was stored as 物流园's report, in place of its owner's
    await chat(client, OWNER, "进度 物流园\n累计完成：3000万")
    text = "@调度助手 1.物流园：本月完成1500万\n2.污水管网：本月完成100万\n请各责任人抓紧"
    assert "已收到" not in await chat(client, LEADER, text)
    [report] = await _reports(client)
    assert report.ytd_investment_yuan == 3000 * WAN and report.superseded_by_id is None
    # with its 进度 written, a leader's report is one (SPEC lets them report); the office's
    # is one without it too, and an owner's name typed wrong is answered with candidates
    assert "已收到" in await chat(client, LEADER, "进度 物流园\n本月完成：1500万")
    assert "已收到" in await chat(client, LEADER, "@调度助手 老旧小区：累计完成700万，外墙施工")
    assert "已收到" in await chat(client, ADMIN, "@调度助手 污水管网：累计完成700万")
    assert "您要找的是不是" in await chat(client, OWNER, "@调度助手 智慧物流圆：累计完成3600万")


async def test_a_figure_said_done_with_a_particle_is_read(client: TestClient) -> None:
    # `完成了`, as people say it (and voice input writes it): the group heard silence
    reply = await chat(client, OWNER, "物流园本月完成了120万，累计完成了3500万")
    assert "已收到“城区智慧物流园”" in reply
    [report] = await _reports(client)
    assert (report.period_investment_yuan, report.ytd_investment_yuan) == (120 * WAN, 3500 * WAN)


@pytest.mark.parametrize(
    "text",
    [
        "物流园累计3500万；污水管网累计600万；厂房还没开工",
        "进度 物流园 累计3500万；污水管网累计600万；厂房还没开工",
        # each with a text: 厂房's was left in 污水管网's
        "物流园累计3500万，主体施工；污水管网累计600万，管网铺设；厂房还没开工",
    ],
)
async def test_another_projects_text_after_the_figures_is_its_own_report(
    client: TestClient, text: str
) -> None:
    # `厂房还没开工` was stored as 污水管网's 形象进度
    reply = await chat(client, OWNER, text)
    assert "【3/3】✅ 已收到“北石店工业园区标准化厂房”" in reply
    by_code = {await _code(client, r.project_id): r for r in await _reports(client)}
    assert by_code["P004"].ytd_investment_yuan == 600 * WAN
    assert "厂房" not in (by_code["P004"].progress_text or "")
    assert by_code["P002"].progress_text == "还没开工"


@pytest.mark.parametrize(
    "text",
    [
        "物流园：累计完成3500万，设备安装调试中；污水管网：累计600万，管网铺设",
        "进度 物流园 累计完成3500万，设备安装调试中；污水管网累计600万，管网铺设",
    ],
)
async def test_a_report_after_anothers_text_is_its_own(client: TestClient, text: str) -> None:
    # 污水管网's report ran on into 物流园's 形象进度, and its figure was lost
    assert "【2/2】✅ 已收到“北石店污水管网改造”" in await chat(client, OWNER, text)
    logistics, sewers = await _reports(client)
    assert (logistics.ytd_investment_yuan, logistics.progress_text) == (
        3500 * WAN,
        "设备安装调试中",
    )
    assert (sewers.ytd_investment_yuan, sewers.progress_text) == (600 * WAN, "管网铺设")


async def test_a_short_word_with_figures_after_a_semicolon_stays_the_reports_own(
    client: TestClient,
) -> None:
    # `管网`, two characters of 北石店污水管网改造's name, as often a part of the project
    # (配套, 供水): no other project's report, and nothing refused
    reply = await chat(client, OWNER, "物流园累计3500万；管网累计3公里")
    assert "已收到“城区智慧物流园”" in reply and "❌" not in reply, reply
    [logistics] = await _reports(client)
    assert (logistics.ytd_investment_yuan, logistics.progress_text) == (3500 * WAN, "管网累计3公里")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("物流园累计3500万；污水管网累计-600万", "金额“-600万”不能是负数"),
        ("物流园累计3500万，设备调试；污水管网累计约600万，管网铺设", "金额“约600万”要填确切数字"),
        ("进度 物流园 累计3500万；污水管网累计6OO万", "金额“6OO万”无法识别"),
    ],
)
async def test_a_wrong_figure_of_the_next_project_is_refused_as_its_own(
    client: TestClient, text: str, refused: str
) -> None:
    # 污水管网's figure, typed wrong, was stored as 物流园's 形象进度 and nothing was said of it
    reply = await chat(client, OWNER, text)
    assert "污水管网" in reply.partition("❌")[2] and refused in reply, reply
    [logistics] = await _reports(client)
    assert logistics.ytd_investment_yuan == 3500 * WAN
    assert "污水管网" not in (logistics.progress_text or "")


async def test_a_name_two_projects_share_is_the_one_it_is_an_alias_of(client: TestClient) -> None:
    # `标准化厂房`: 一期's alias, and a piece of 二期's name; the report went into 物流园's text
    db = client.app[DB]
    await add_project(db, "P005", "北石店工业园区标准化厂房（二期）", beside="P002", owner=OWNER)
    async with db.write() as session:
        (await coded(session, "P002")).aliases = "厂房,标准化厂房"
    await chat(client, OWNER, "物流园累计3500万，管网铺设；标准化厂房累计完成1810万，室外道路施工")
    by_code = {await _code(client, r.project_id): r for r in await _reports(client)}
    assert by_code["P001"].progress_text == "管网铺设"
    assert (by_code["P002"].ytd_investment_yuan, by_code["P002"].progress_text) == (
        1810 * WAN,
        "室外道路施工",
    )


@pytest.mark.parametrize(
    "text",
    [
        # text after figures that runs on: the project's own work, by whatever name
        "物流园累计3500万，污水管网铺设完成",
        "进度 P001 累计3500万；物流园设备安装完成",  # by its code, its own name after
        "进度 物流园 累计3500万，形象进度：主体完工；配套区：累计完成800万",
        "物流园累计3500万，存在问题：资金紧张；专项债累计1000万尚未拨付",
        "物流园累计3500万，主体施工\n钢结构吊装本月完成80万",  # a part's line (group silence)
        "物流园累计3500万，主体施工\n争取年底前累计完成4000万",
        # under its key, the owner's own words (污水管网 is another of the sender's projects)
        "进度 物流园\n累计完成：3500万\n形象进度：道路硬化；污水管网累计完成300万",
        "进度 物流园\n累计完成：3500万\n形象进度：雨污管网\n污水管网累计完成1950万",
    ],
)
async def test_a_text_about_the_projects_own_work_stays_its_own(
    client: TestClient, text: str
) -> None:
    await chat(client, OWNER, text)
    [report] = await _reports(client)
    assert report.ytd_investment_yuan == 3500 * WAN


@pytest.mark.parametrize(
    ("text", "progress"),
    [
        ("进度 污水管网\n累计600万\n形象进度：厂房段管道完工", "厂房段管道完工"),  # a key before
        ("污水管网累计600万；老旧小区段管道完工", "老旧小区段管道完工"),  # not the sender's
        ("污水管网累计600万；北石店段管道完工", "北石店段管道完工"),  # names no one project
    ],
)
async def test_a_text_naming_no_other_project_of_the_senders_stays_the_reports(
    client: TestClient, text: str, progress: str
) -> None:
    await chat(client, OWNER, text)
    [report] = await _reports(client)
    assert report.progress_text == progress


async def _code(client: TestClient, project_id: int) -> str:
    async with client.app[DB].read() as session:
        return (await session.get_one(Project, project_id)).code


async def test_a_misspelt_key_is_answered_with_the_field_it_likely_meant(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n形象进程：主体结构封顶\n累计完成：3500万")
    assert "不认识的字段“形象进程”，是不是“形象进度”？" in reply
    assert await _reports(client) == []
    reply = await chat(client, OWNER, "进度 物流园\n天气情况：晴\n累计完成：3500万")
    assert "不认识的字段“天气情况”，可填：" in reply  # no guess where nothing is close


@pytest.mark.parametrize(
    ("key", "told"),
    [
        ("累计到位资金", "“累计到位资金”不是完成投资，不单独填报：资金到位情况请写进“存在问题”"),
        ("本月到位资金", "“本月到位资金”不是完成投资"),
        ("年度计划", "“年度计划”以台账为准，不用填报（需调整请联系专班办公室）"),
        ("总投资", "“总投资”以台账为准"),
    ],
)
async def test_funds_or_the_plan_sent_as_a_field_are_told_where_they_belong(
    client: TestClient, key: str, told: str
) -> None:
    # the nearest field (本年累计完成, 本月完成) would have funds in place sent as investment
    reply = await chat(client, OWNER, f"进度 物流园\n{key}：3000万\n形象进度：设备安装")
    assert told in reply and "是不是" not in reply, reply
    assert await _reports(client) == []


@pytest.mark.parametrize("key", ["下月计划安排", "本月计划"])
async def test_a_work_plan_key_is_guessed_as_the_next_steps_not_the_ledgers_plan(
    client: TestClient, key: str
) -> None:
    # the month's work (下步计划), not the planned investment the ledger holds
    reply = await chat(client, OWNER, f"进度 物流园\n累计完成：3500万\n{key}：完成设备调试")
    assert f"不认识的字段“{key}”，是不是“下步计划”？" in reply, reply
    assert "以台账为准" not in reply


async def test_a_month_planned_amount_is_told_it_is_the_ledgers(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n本月计划完成：300万\n累计完成：3500万")
    assert "“本月计划完成”以台账为准" in reply, reply


@pytest.mark.parametrize(
    ("line", "figures", "progress"),
    [
        ("进度 物流园 本月120，累计3500，500米管网完工", (120, 3500), "500米管网完工"),
        ("进度 物流园 累计3500，300米管网完工", (None, 3500), "300米管网完工"),
        ("进度 物流园 本月100,累计3,500", (100, 3500), None),
        # 形象进度 first, glued to its text: it was read into the project's name
        ("进度 物流园 形象进度85% 累计3500万", (None, 3500), "85%"),
        ("进度 物流园 形象进度 主体封顶 累计3500万", (None, 3500), "主体封顶"),  # spaced
    ],
)
async def test_a_clause_comma_before_digits_still_breaks_a_one_line_report(
    client: TestClient, line: str, figures: tuple[int | None, int], progress: str | None
) -> None:
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, line)
    [report] = await _reports(client)
    month, ytd = figures
    assert report.period_investment_yuan == (month * WAN if month else None)
    assert report.ytd_investment_yuan == ytd * WAN
    assert report.progress_text == progress


async def test_a_comma_that_is_no_thousands_separator_is_never_read_as_one(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园 本月1,2345万")
    assert await _reports(client) == []  # never stored as 本月1万


async def test_a_correction_keeps_a_declaration_without_announcing_it_again(
    client: TestClient,
) -> None:
    first = await chat(client, OWNER, "进度 厂房\n开工：4月20日\n形象进度：场地平整")
    assert "项目状态 前期 → " in first
    again = await chat(client, OWNER, "进度 厂房\n形象进度：基础施工")
    assert "（更正，未重填的开工沿用本期之前所报）" in again
    assert "项目状态" not in again  # nothing changed, nothing announced
    async with client.app[DB].read() as session:
        project = (await session.execute(select(Project).where(Project.code == "P002"))).scalar()
    assert project is not None and project.started_on == date(2025, 4, 20)
    current = (await _reports(client))[-1]
    assert (current.started_on, current.progress_text) == (date(2025, 4, 20), "基础施工")


async def test_a_text_correction_is_not_refused_for_a_figure_it_did_not_restate(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n本年累计完成：3500万")
    async with client.app[DB].write() as session:  # the ledger's total lowered since
        await session.execute(
            update(Project).where(Project.code == "P001").values(total_investment_yuan=3000 * WAN)
        )
    reply = await chat(client, OWNER, "进度 物流园\n形象进度：主体结构封顶")
    assert "已收到“城区智慧物流园”" in reply
    assert (await _reports(client))[-1].ytd_investment_yuan == 3500 * WAN


async def test_a_code_typed_in_full_width_digits_finds_its_project(client: TestClient) -> None:
    # a phone in Chinese input mode types the ledger's code as Ｐ００１
    assert "城区智慧物流园" in await chat(client, OWNER, "/项目 Ｐ００１")
    reply = await chat(client, OWNER, "进度 Ｐ００１\n累计完成：3500万")
    assert "已收到“城区智慧物流园”" in reply
    [report] = await _reports(client)
    assert report.ytd_investment_yuan == 3500 * WAN


async def test_of_the_projects_a_name_fits_the_senders_own_are_offered_first(
    client: TestClient,
) -> None:
    async with client.app[DB].write() as session:
        owner = (await session.execute(select(Person).where(Person.mobile == OWNER))).scalar_one()
        town = owner.unit_id
        for n in range(1, 7):
            session.add(_another(f"X{n}", f"东城小区改造{n}期", town))
        own = _another("X7", "南城小区改造", town)
        also = _another("X8", "北城小区改造", town)
        session.add_all([own, also])
        await session.flush()
        session.add(ProjectOwner(project_id=own.id, person_id=owner.id))
        session.add(ProjectOwner(project_id=also.id, person_id=owner.id))
    # 西街老旧小区改造 and 东城小区改造1…6 come first in the ledger; 张伟's own two are last
    reply = await chat(client, OWNER, "进度 小区改造\n累计完成：100万")
    assert "“小区改造”对应多个项目" in reply
    assert reply.index("南城小区改造（X7）") < reply.index("东城小区改造1期")
    assert reply.index("北城小区改造（X8）") < reply.index("东城小区改造1期")
    assert "……另有 4 个" in reply
    assert await _reports(client) == []


def _another(code: str, name: str, unit_id: int) -> Project:
    return Project(
        code=code,
        name=name,
        unit_id=unit_id,
        category="续建",
        industry="基础设施",
        total_investment_yuan=1000 * WAN,
        status="在建",
        entered_ledger_on=date(2025, 4, 1),
    )


async def test_the_same_report_sent_twice_is_stored_once(client: TestClient) -> None:
    # the copy was stored as a correction of the first: `/撤回` took back only the copy, and
    # had to be sent again before the figure before them counted
    await chat(client, OWNER, "进度 物流园\n累计完成：3000万")
    text = "进度 物流园\n本月完成：1200万\n累计完成：3500万\n形象进度：主体结构施工"
    assert "更正" in await chat(client, OWNER, text)
    for resent in (text, text.replace("进度 物流园", "进度 城区智慧物流园")):  # another msg id
        again = await chat(client, OWNER, resent, chat_id=None)
        assert again == "✅ “城区智慧物流园”的进度与 10:00 所报相同，已登记，无需重复发送。"
    # `/模板` sent back unchanged: its cumulative and 形象进度 are the ones stored
    template = await chat(client, OWNER, "/模板 物流园")
    assert "已登记，无需重复发送" in await chat(client, OWNER, template)
    assert [r.ytd_investment_yuan for r in await _reports(client)] == [3000 * WAN, 3500 * WAN]
    withdrawn = await chat(client, OWNER, "/撤回")
    assert "本周此前的填报重新生效：本年累计完成 3000万元" in withdrawn, withdrawn
    assert "累计完成 3000万元" in await chat(client, OWNER, "/项目 物流园")
    # one figure changed: a correction, as before
    changed = await chat(client, OWNER, text.replace("3500万", "3600万"))
    assert "（更正，之前的填报已作废）" in changed, changed


async def test_a_report_sent_again_on_a_later_day_says_when_it_came(client: TestClient) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-04-22 09:30", 3500)  # 主体施工
    again = await chat(client, OWNER, "进度 物流园\n累计完成：3500万\n形象进度：主体施工")
    assert "与 4月22日（周二）09:30 所报相同，已登记，无需重复发送" in again, again
    assert len(await _reports(client)) == 1
    # the same figures from someone else stay theirs: stored, said to repeat the report before
    repeated = await chat(client, ADMIN, "进度 物流园\n累计完成：3500万\n形象进度：主体施工")
    assert "（与本期之前所报相同）" in repeated and "作废" not in repeated, repeated


async def test_a_weeks_amount_after_weeks_unreported_asks_for_the_cumulative(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # reported in week 15, then week 17's amount alone: week 16's is unknown, so adding 45万
    # to week 15's total would store a cumulative short of what was done
    week15 = await _client_at(aiohttp_client, tmp_path, "2025-04-10 10:00")
    assert "已收到" in await chat(week15, OWNER, "进度 物流园\n累计完成：3000万")
    await week15.close()
    week17 = await _client_at(aiohttp_client, tmp_path, "2025-04-24 10:00", seeded=True)
    reply = await chat(week17, OWNER, "进度 物流园\n本周完成：45万")
    assert "本周完成 无法换算为本年累计：上次报的本年累计是4月7日—13日那周的" in reply
    assert [r.ytd_investment_yuan for r in await _reports(week17)] == [3000 * WAN]


async def test_a_weeks_amount_after_the_spring_festival_week_is_added(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 2026-W08 (16–22 February) is the 春节 holiday, nothing due: week 9's amount adds to week 7's
    week7 = await _client_at(aiohttp_client, tmp_path, "2026-02-12 10:00")
    assert "已收到" in await chat(week7, OWNER, "进度 物流园\n累计完成：300万")
    await week7.close()
    week9 = await _client_at(aiohttp_client, tmp_path, "2026-02-26 10:00", seeded=True)
    reply = await chat(week9, OWNER, "进度 物流园\n本周完成：45万")
    assert "本年累计完成：345万元（按此前累计加本周推算）" in reply


async def test_a_reply_of_several_projects_gives_each_light_its_first_reason(
    client: TestClient,
) -> None:
    # an owner's eight projects in one message: every reason of every light made a reply of
    # several screens; each project's first reason, and how many more (“/项目” lists them)
    alone = await chat(client, OWNER, "进度 厂房\n形象进度：场地平整")
    reasons = [line[4:] for line in alone.splitlines() if line.startswith("  · ")]
    assert len(reasons) >= 2
    blocks = [
        "进度 物流园\n累计完成：3500万",
        "进度 厂房\n形象进度：场地平整中",  # not the same again: that is said to be in
        "进度 污水管网\n累计完成：300万",
    ]
    several = await chat(client, OWNER, "\n".join(blocks))
    assert f"  · {reasons[0]}（另 {len(reasons) - 1} 项原因）\n" in several
    assert reasons[1] not in several


async def test_a_report_naming_several_projects_is_answered_with_a_number(
    client: TestClient,
) -> None:
    # `进度 北石店 …` is 厂房 or 污水管网: the owner had to type the whole report again
    reply = await chat(client, OWNER, "进度 北石店\n累计完成：600万\n形象进度：管道铺设")
    assert "对应多个项目" in reply and "请回复序号" in reply, reply
    lines = [line for line in reply.splitlines() if line[:2] in ("1.", "2.")]
    number = next(line[0] for line in lines if "北石店污水管网改造" in line)
    assert await _reports(client) == []
    assert "请回复 1 到 2 之间的序号" in await chat(client, OWNER, "3")  # it waits on
    assert "请回复上面列出的序号" in await chat(client, OWNER, "好的")  # an ok: said what to send
    stored = await chat(client, OWNER, number)  # in the group, no @
    assert "已收到“北石店污水管网改造”" in stored and "形象进度：管道铺设" in stored, stored
    assert len(await _reports(client)) == 1
    assert await chat(client, OWNER, number) == ""  # answered: a number again is nothing
    # anything else drops the question, and says so
    await chat(client, OWNER, "进度 北石店\n累计完成：700万")
    reply = await chat(client, OWNER, "@调度助手 物流园的数我再核一下")
    assert "此前“北石店”的进度未回复是哪个项目，已放弃，未记录" in reply, reply
    await chat(client, OWNER, "进度 北石店\n累计完成：700万")
    assert "“北石店”填报已放弃" in await chat(client, OWNER, "算了")
    assert len(await _reports(client)) == 1


async def test_a_new_question_which_project_says_the_earlier_one_was_dropped(
    client: TestClient,
) -> None:
    first = "进度 北石店\n累计完成：600万"
    assert "请回复序号" in await chat(client, OWNER, first)
    # sent again as it was (no answer seen): asked again, nothing lost
    again = await chat(client, OWNER, first)
    assert "请回复序号" in again and "已放弃" not in again, again
    # another report naming 北石店 before the answer: its question takes the first one's place
    second = await chat(client, OWNER, "进度 北石店\n累计完成：700万\n形象进度：管道铺设")
    assert "请回复序号" in second, second
    assert "（此前“北石店”的进度未回复是哪个项目，已放弃，未记录）" in second, second
    stored = await chat(client, OWNER, "2")
    assert "已收到“北石店污水管网改造”" in stored and "700万" in stored, stored
    assert [r.ytd_investment_yuan for r in await _reports(client)] == [700 * 10_000]
    # a report of another project instead of the answer: said too (typed again, it is not)
    await chat(client, OWNER, "进度 北石店\n累计完成：800万")
    other = await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    assert "已收到“城区智慧物流园”" in other, other
    assert "（此前“北石店”的进度未回复是哪个项目，已放弃，未记录）" in other, other


async def test_last_week_said_above_a_report_is_answered_it_counts_for_this_week(
    client: TestClient,
) -> None:
    # no report names a past week: it is stored for this week, and the reply says so
    for said, wan in (("补报上周", 3500), ("补报：上周", 3550), ("上周的", 3550)):
        reply = await chat(client, OWNER, f"{said}\n进度 物流园\n累计完成：{wan}万")
        note = f"（您写了“{said}”：进度只能按本周填报，以下按本周处理；以前各周的不能补报"
        assert reply.startswith(note) and "✅" in reply, reply
        assert wan != 3500 or "2025年第17周（4月21日—4月27日）进度" in reply
    assert {r.period for r in await _reports(client)} == {"2025-W17"}
    # held for 确认 (本月完成 0.15 alone: 0.15亿 meant?): told before it is stored
    await add_report(client.app[DB], "P001", OWNER, "2025-03-27 10:00", 3000, month="2025-03")
    held = await chat(client, OWNER, "补报上周\n进度 物流园\n本月完成：0.15")
    assert held.startswith("（您写了“补报上周”：进度只能按本周填报") and "⏸" in held, held
    assert "补报" not in await chat(client, OWNER, "进度 物流园\n累计完成：3600万")


async def test_last_week_said_after_the_project_name_is_no_part_of_it(client: TestClient) -> None:
    # on the header line it was read as the project's name, and no project was found
    headers = (
        ("进度 城区智慧物流园 补报上周", "补报上周"),
        ("进度 物流园（补报上周）", "补报上周"),
        ("进度 物流园 上周的", "上周的"),
        ("进度：物流园 补报上周进度", "补报上周进度"),
    )
    for wan, (header, said) in enumerate(headers, 3500):
        reply = await chat(client, OWNER, f"{header}\n累计完成：{wan}万")
        note = f"（您写了“{said}”：进度只能按本周填报，以下按本周处理；以前各周的不能补报"
        assert reply.startswith(note) and "已收到“城区智慧物流园”2025年第17周" in reply, reply
    stored = await _reports(client)
    assert {(r.project_id, r.period) for r in stored} == {(stored[0].project_id, "2025-W17")}
    assert stored[-1].ytd_investment_yuan == 3503 * WAN
    # held for 确认 (本月完成 0.15 alone: 0.15亿 meant?): told before it is stored
    await add_report(client.app[DB], "P001", OWNER, "2025-03-27 10:00", 3000, month="2025-03")
    held = await chat(client, OWNER, "进度 物流园 补报上周\n本月完成：0.15")
    assert held.startswith("（您写了“补报上周”：进度只能按本周填报") and "⏸" in held, held
    # last week's cumulative, below one reported since: refused, and told which to send
    await add_report(client.app[DB], "P004", OWNER, "2025-04-18 10:00", 1800, period="2025-W16")
    refused = await chat(client, OWNER, "进度 北石店污水管网改造 补报上周\n累计完成：1700万")
    note = "（您写了“补报上周”：进度只能按本周填报；以前各周的不能补报，本年累计填截至目前的即可）"
    assert refused.startswith(note) and "❌" in refused and "低于" in refused, refused
    # several projects by that name: asked which, then stored for the one chosen
    asked = await chat(client, OWNER, "进度 北石店（上周的）\n累计完成：600万", chat_id=None)
    assert asked.startswith("“北石店”对应多个项目，是哪一个？") and "请回复序号" in asked, asked
    chosen = await chat(client, OWNER, "1", chat_id=None)
    assert chosen.startswith("（您写了“上周的”：进度只能按本周填报"), chosen
    assert "已收到“北石店工业园区标准化厂房”2025年第17周" in chosen, chosen


async def test_a_report_naming_a_project_nearly_is_stored_on_a_yes(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 城区智能物流园区\n累计完成：100万")
    assert "您要找的是不是" in reply and "1. 城区智慧物流园" in reply, reply
    assert "请回复序号（如“1”或“是”）" in reply
    stored = await chat(client, OWNER, "是的")
    assert "已收到“城区智慧物流园”" in stored, stored
    assert len(await _reports(client)) == 1
    # typed again with the right name instead: stored, and no note on the one it replaces
    await chat(client, OWNER, "进度 城区智能物流园区\n累计完成：200万")
    retyped = await chat(client, OWNER, "进度 物流园\n累计完成：200万")
    assert "已收到“城区智慧物流园”" in retyped and "已放弃" not in retyped, retyped


async def test_a_number_a_day_later_is_no_choice(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    friday = await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2025-04-25 10:00"))
    )
    assert "请回复序号" in await chat(friday, OWNER, "进度 北石店\n累计完成：600万")
    monday = create_app(app_settings(tmp_path, now="2025-04-28 10:00"))
    client = await aiohttp_client(monday)
    assert await chat(client, OWNER, "1") == ""  # `收到请回复1` days later: talk
    assert await _reports(client) == []


async def test_a_long_reply_says_at_its_top_which_reports_were_not_stored(
    client: TestClient,
) -> None:
    blocks = ["物流园\n累计完成：3500万", "污水管网\n累计完成：600万", "厂房\n累计完成：-5万"]
    blocks.append("物流园区\n累计完成：100万")
    text = "\n\n".join(f"进度 {block}" for block in blocks)
    reply = await chat(client, OWNER, text, chat_id=None)
    assert reply.startswith("共 4 个项目：已记录 2 个，❌ 未记录 2 个（第 3、4 个）。\n")
    # all stored, or two projects only: nothing to point at
    stored = await chat(client, OWNER, "\n\n".join(f"进度 {block}" for block in blocks[:2]))
    assert stored.startswith("【1/2】✅")
    two = await chat(client, OWNER, f"进度 {blocks[0]}\n\n进度 {blocks[2]}", chat_id=None)
    assert two.startswith("【1/2】✅")
