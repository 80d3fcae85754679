"""Questions and reporting aids in chat: /项目 /我的 /未报 /亮灯 /排名 /模板 /撤回 /请假."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select, update

from bot.app import create_app
from bot.keys import DB
from domain.budget import Budget, fits
from domain.clock import SHANGHAI
from domain.ranks import by_place, shared_places
from storage.models import (
    Issue,
    Leave,
    LightRecord,
    Milestone,
    Person,
    Project,
    ProjectOwner,
    ProjectPlan,
    Report,
)
from tests.support.apps import app_settings, count, seeded_client
from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, COLLEAGUE, LEADER, OWNER, OWNER2, add_project, coded

LOGISTICS = "进度 物流园\n本月完成：1200万\n累计完成：3500万\n形象进度：主体结构封顶"


@pytest.mark.parametrize("ref", ["P001", "城区智慧物流园", "物流园", "智慧物流", "《物流园》"])
async def test_project_card_by_any_name(client: TestClient, ref: str) -> None:
    card = await chat(client, OWNER2, f"/项目 {ref}")
    assert card.startswith("**城区智慧物流园**（P001）")
    assert "责任单位：北石店镇" in card
    assert "总投资 6亿元，年度计划 1.2亿元" in card
    assert "主体封顶 ✔ 3月30日 完成" in card
    assert "还没有填报记录" in card


async def test_project_card_names_a_status_the_category_already_says_once(
    client: TestClient,
) -> None:
    async with client.app[DB].write() as session:
        await session.execute(update(Project).where(Project.code == "P002").values(category="前期"))
    card = await chat(client, OWNER, "/项目 厂房")
    assert "责任单位：北石店镇｜前期｜区重点\n" in card  # status 前期 too: not "…｜区重点｜前期"
    assert "｜区重点｜在建" in await chat(client, OWNER, "/项目 物流园")


async def test_project_card_after_a_report(client: TestClient) -> None:
    await chat(client, OWNER, LOGISTICS)
    card = await chat(client, LEADER, "/project 物流园")
    assert "累计完成 3500万元（完成率 29." in card
    assert "蓝灯" in card
    assert "4月24日（周四）10:00 累计 3500万元 主体结构封顶" in card
    red = await chat(client, LEADER, "/项目 厂房")
    assert "红灯" in red
    assert "施工许可 计划 4月28日" in red
    await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：2000万")  # two reports now
    listed = (await chat(client, LEADER, "/项目 物流园")).split("最近填报：\n")[1].split("\n")
    assert [line.startswith("  · ") for line in listed[:2]] == [True, True]  # no blank between
    # the back-filled month is named: its date alone would read as April's
    assert "（计入3月） 累计 2000万元" in listed[0] and "计入" not in listed[1]


async def test_a_card_says_when_a_new_project_is_planned_to_start(client: TestClient) -> None:
    card = await chat(client, OWNER, "/项目 厂房")  # 新建, not begun, planned for 5月1日
    assert "计划 5月1日 开工" in card.splitlines()  # a line of its own, beside 竣工's
    reply = await chat(client, OWNER, "进度 厂房\n累计完成：100万\n开工日期：4月20日")
    assert "开工" in reply
    card = await chat(client, OWNER, "/项目 厂房")
    assert "计划 5月1日 开工" not in card.splitlines()  # begun: said no more


async def test_a_finished_projects_card_shows_its_completion_node_done(
    client: TestClient,
) -> None:
    # marked 已竣工 in the ledger, its 竣工 节点 read “计划 4月20日（已逾期）”
    async with client.app[DB].write() as session:
        project = await coded(session, "P001")
        project.status = "已竣工"
        session.add(Milestone(project_id=project.id, name="竣工", due_on=date(2025, 4, 20)))
    card = await chat(client, LEADER, "/项目 P001")
    assert "· 竣工 ✔ 已竣工" in card and "已逾期" not in card


async def test_a_card_of_next_years_project_says_it_is_not_judged_yet(client: TestClient) -> None:
    async with client.app[DB].write() as session:  # loaded in December for next year
        await session.execute(
            update(Project).where(Project.code == "P004").values(entered_ledger_on=date(2026, 1, 1))
        )
    card = await chat(client, LEADER, "/项目 P004")
    assert "2026年1月1日起纳入台账（下一年度的项目）：今年不亮灯、不催报" in card
    assert "蓝灯" not in card and "红灯" not in card
    assert "2026年计划尚未录入" in card and "不考核序时" not in card
    async with client.app[DB].write() as session:  # next year's plan imported beside it
        project_id = (
            await session.execute(select(Project.id).where(Project.code == "P004"))
        ).scalar_one()
        session.add(
            ProjectPlan(
                project_id=project_id,
                year=2026,
                annual_plan_yuan=2000 * 10_000,
                level="市重点",
                planned_start=date(2026, 1, 15),
                planned_completion=date(2027, 6, 30),
            )
        )
    card = await chat(client, LEADER, "/项目 P004")
    # it said 一般 and “2025年计划尚未录入（不考核序时）”, inviting a plan for this year
    assert "｜市重点" in card and "总投资 3000万元，2026年计划 2000万元" in card
    assert "计划 2026年1月15日 开工" in card and "计划 2027年6月30日 竣工" in card
    assert "2025年计划" not in card and "本年累计" not in card


async def test_next_years_project_is_not_lit_or_counted_before_its_year(
    client: TestClient,
) -> None:
    # loaded in December for next year: /亮灯 said 共 150 个项目 (145 before), /我的 and the
    # read API listed it as 蓝灯, though its card said 今年不亮灯、不催报
    lights = await chat(client, LEADER, "/亮灯")
    assert "共 4 个项目" in lights and "西街老旧小区改造" in lights
    async with client.app[DB].write() as session:
        await session.execute(
            update(Project).where(Project.code == "P003").values(entered_ledger_on=date(2026, 1, 1))
        )
    lights = await chat(client, LEADER, "/亮灯")
    assert "共 3 个项目" in lights and "西街老旧小区改造" not in lights
    mine = await chat(client, OWNER2, "/我的")
    assert "蓝灯" not in mine and "没有登记" not in mine  # it is in the ledger, for next year
    assert "· 西街老旧小区改造：2026年1月1日起纳入台账（下一年度的项目），届时开始填报" in mine
    auth = {"Authorization": "Bearer secret-token-0123456789"}
    listed = (await (await client.get("/api/projects", headers=auth)).json())["projects"]
    assert "P003" not in {p["code"] for p in listed} and len(listed) == 3
    assert (await client.get("/api/projects/P003", headers=auth)).status == 200  # asked by code
    card = await chat(client, OWNER2, "/项目 老旧小区")  # its card still answers, saying when
    assert "2026年1月1日起纳入台账" in card
    async with client.app[DB].read() as session:  # and keeps no light of this year for it
        kept = await session.scalar(
            select(func.count(LightRecord.id))
            .join(Project, Project.id == LightRecord.project_id)
            .where(Project.code == "P003")
        )
    assert kept == 0


async def test_ambiguous_and_unknown_projects_get_candidates(client: TestClient) -> None:
    reply = await chat(client, OWNER, "/项目 北石店")
    assert "“北石店”对应多个项目" in reply
    assert "北石店工业园区标准化厂房（P002）" in reply
    assert "北石店污水管网改造（P004）" in reply
    assert "**" not in reply  # no card: nothing guessed
    reply = await chat(client, OWNER, "/项目 城区智能物流园区")
    assert "没有找到“城区智能物流园区”。您要找的是不是" in reply
    assert "城区智慧物流园（P001）" in reply
    reply = await chat(client, OWNER, "/项目 " + "很长的名字" * 50)
    assert len(reply) < 200  # the bad name is quoted, not echoed whole


async def test_mine_for_owner_leader_and_nobody(client: TestClient) -> None:
    owner = await chat(client, OWNER, "/我的")
    assert "张伟 的项目（3 个，累计完成与序时截至4月24日）" in owner
    for name in ("城区智慧物流园", "北石店工业园区标准化厂房", "北石店污水管网改造"):
        assert name in owner
    assert "老旧小区" not in owner
    leader = await chat(client, LEADER, "/mine")
    assert "钱副区长 的项目（1 个，" in leader
    assert "城区智慧物流园：🔴 红灯" in leader
    await chat(client, OWNER, LOGISTICS)
    after = await chat(client, LEADER, "/我的")
    assert "城区智慧物流园：🔵 蓝灯，累计 3500万元，完成序时 112.2%" in after
    assert after.count("3500万元") == 1  # the 序时 reason is not repeated after the figures
    assert "没有登记由您负责或包联的项目" in await chat(client, COLLEAGUE, "/我的")
    owner = await chat(client, OWNER, "/我的")  # an owner sees which of his this week lacks
    assert "城区智慧物流园（本周已报）：🔵 蓝灯" in owner
    assert "北石店污水管网改造（本周待报）：" in owner  # Thursday: due on Friday
    lines = [line for line in owner.splitlines() if line[:1].isdigit()]
    assert "蓝灯" in lines[-1] and "蓝灯" not in lines[0]  # the blue one last: red first
    assert "已报" not in after and "未报" not in after  # a leader reports for none of them
    await chat(client, OWNER, "/请假 4月21日-4月25日")  # as /未报 counts it: excused
    assert "本周待报" not in await chat(client, OWNER, "/我的")
    await chat(client, OWNER, "/请假 4月21日-4月25日 王强")  # now with a stand-in
    stand_in = await chat(client, COLLEAGUE, "/我的")  # 王强 reports for him meanwhile
    assert "王强 的项目（3 个" in stand_in
    assert "北石店污水管网改造（代报）（本周待报）" in stand_in
    assert "城区智慧物流园（代报）（本周已报）" in stand_in


async def test_a_week_before_the_ledger_was_kept_owed_nothing(client: TestClient) -> None:
    async with client.app[DB].write() as session:  # the office began on Monday 4-21
        await session.execute(update(Project).values(entered_ledger_on=date(2025, 4, 21)))
    last_week = await chat(client, LEADER, "/未报 上周")
    assert "2025年第16周（4月14日—4月20日）：台账4月21日才建立，这一周没有需要报送的项目" in (
        last_week
    )
    assert "都已报送" not in last_week
    this_week = await chat(client, LEADER, "/未报")  # this week owes reports
    assert "未报进度 4 个项目**（全部单位）" in this_week


async def test_unreported_before_and_after_reports(client: TestClient) -> None:
    own_unit = await chat(client, OWNER, "/未报")  # an owner: his unit's, as SPEC §3 says
    assert "2025年第17周（4月21日—4月27日）未报进度 3 个项目**（北石店镇）" in own_unit
    assert "本周 4月25日（周五）17:00 截止，尚未到期。" in own_unit  # Thursday: not late yet
    assert "上周逾期未报 3 个，发送“/未报 上周”查看。" in own_unit  # what is late already
    assert "· 城区智慧物流园（张伟）\n" in own_unit
    assert "西街" not in own_unit
    last_week = await chat(client, OWNER, "/未报 上周")
    assert "2025年第16周（4月14日—4月20日）未报进度 3 个项目**（北石店镇）" in last_week
    assert "尚未到期" not in last_week
    west = await chat(client, LEADER, "/未报 上周 西街街道")
    assert "2025年第16周（4月14日—4月20日）未报进度 1 个项目**（西街街道）" in west
    for said in ("/未报 西街街道 上周", "/未报 西街街道上周"):  # the two words either way round
        assert await chat(client, LEADER, said) == west, said
    everyone = await chat(client, LEADER, "/未报")
    assert "未报进度 4 个项目**（全部单位）" in everyone
    assert "【西街街道】\n· 西街老旧小区改造（李娜）" in everyone

    await chat(client, OWNER, LOGISTICS)
    after = await chat(client, LEADER, "/未报")
    assert "未报进度 3 个项目" in after
    assert "城区智慧物流园" not in after
    await chat(client, OWNER, "进度 厂房\n形象进度：场地平整")
    await chat(client, OWNER, "进度 污水管网\n形象进度：管道铺设")
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：1000万")
    assert "所有项目都已报送进度" in await chat(client, ADMIN, "/unreported")


async def test_leave_excuses_or_names_the_stand_in(client: TestClient) -> None:
    reply = await chat(client, OWNER2, "/请假 4月24日-4月25日")
    assert "已登记请假 4月24日至4月25日。第17周不再催报，也不计为未报" in reply
    assert "老旧小区" not in await chat(client, LEADER, "/未报")

    reply = await chat(client, OWNER, "/请假 4月24日 至 4月30日 王强")
    assert "期间由 王强 代报" in reply
    listed = await chat(client, LEADER, "/未报")
    assert "城区智慧物流园（王强代张伟报）" in listed
    assert "（张伟）" not in listed


async def test_a_new_leave_replaces_the_days_it_overlaps_and_leave_can_be_cancelled(
    client: TestClient,
) -> None:
    # 4月24日 is a Thursday of week 17; an earlier leave's days before the new one stay
    async with client.app[DB].write() as session:
        owner = (await session.execute(select(Person).where(Person.mobile == OWNER))).scalar_one()
        registered = datetime(2025, 4, 11, 9, 0, tzinfo=SHANGHAI)  # before last week's deadline
        session.add(
            Leave(
                person_id=owner.id,
                start_on=date(2025, 4, 14),
                end_on=date(2025, 4, 30),
                created_at=registered,
            )
        )
    reply = await chat(client, OWNER, "/请假 4月25日-4月30日 王强")
    assert (
        "期间由 王强 代报，王强 可直接为您的项目报进度。（替换了之前登记的 4月25日至4月30日）"
        in reply
    )
    assert "城区智慧物流园（王强代张伟报）" in await chat(client, LEADER, "/未报")
    async with client.app[DB].read() as session:
        spans = (await session.execute(select(Leave.start_on, Leave.end_on))).all()
    assert sorted(spans) == [
        (date(2025, 4, 14), date(2025, 4, 24)),
        (date(2025, 4, 25), date(2025, 4, 30)),
    ]
    reply = await chat(client, OWNER, "/请假 取消")  # back: this week is owed again
    assert reply == "已取消请假：4月21日至4月24日、4月25日至4月30日。本周起照常填报、催报。"
    assert "城区智慧物流园（张伟）" in await chat(client, LEADER, "/未报")
    async with client.app[DB].read() as session:
        spans = (await session.execute(select(Leave.start_on, Leave.end_on))).all()
    assert spans == [(date(2025, 4, 14), date(2025, 4, 20))]  # last week stays excused
    assert "没有登记的请假，无需取消" in await chat(client, OWNER, "/请假 取消")


async def test_a_leave_entered_again_without_its_stand_in_says_who_no_longer_reports(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "/请假 4月28日-4月30日 李娜")
    # entered again without 李娜: she no longer reports for 张伟, which went unsaid
    reply = await chat(client, OWNER, "/请假 4月28日-4月30日")
    assert "（替换了之前登记的 4月28日至4月30日，李娜 不再代报）" in reply, reply
    reply = await chat(client, OWNER, "/请假 4月28日-4月30日")  # nobody to drop this time
    assert "不再代报" not in reply


async def test_stand_in_may_report_only_during_the_leave(client: TestClient) -> None:
    refused = await chat(client, OWNER2, LOGISTICS)
    assert "不是“城区智慧物流园”的责任人" in refused
    assert "/请假" in refused
    assert "代报人“李娜”" not in await chat(client, OWNER, "/请假 4月24日-4月30日 李娜")
    accepted = await chat(client, OWNER2, LOGISTICS)
    assert "已收到“城区智慧物流园”" in accepted
    async with client.app[DB].read() as session:
        [report] = (await session.execute(select(Report))).scalars()
    assert report.ytd_investment_yuan == 35_000_000


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("", "缺少参数 起止日期"),
        ("4月28日-4月20日", "结束日期 4月20日 早于开始日期 4月28日"),
        ("3月1日-3月5日", "已经过去"),
        ("4月25日-12月31日", "请假最长 90 天"),
        ("过几天", "日期“过几天”无法识别"),
        ("4月28日-4月30日 张伟", "代报人不能是您自己"),
        ("4月28日-4月30日 刘备", "代报人“刘备”台账中没有此人"),
        ("4月28日-4月3x日", "日期“4月3x日”无法识别"),
    ],
)
async def test_bad_leave_is_explained_and_not_stored(
    client: TestClient, args: str, problem: str
) -> None:
    reply = await chat(client, OWNER, f"/请假 {args}")
    assert problem in reply
    assert "/请假 <起止日期> [代报人]" in reply
    assert await count(client, Leave) == 0


@pytest.mark.parametrize(
    "args",
    [
        "2025-04-28-2025-04-30",
        "2025-04-28 至 2025-04-30",
        "4月28日 - 4月30日",
        "4.28~4.30",
        "4月28日 4月30日",
    ],
)
async def test_leave_ranges_as_people_write_them(client: TestClient, args: str) -> None:
    assert "已登记请假 4月28日至4月30日" in await chat(client, OWNER, f"/请假 {args}")


async def test_lights_are_scoped_to_the_caller(client: TestClient) -> None:
    await chat(client, OWNER, LOGISTICS)
    mine = await chat(client, OWNER, "/亮灯")  # an owner: his unit's
    assert "（北石店镇，4月24日，共 3 个项目）\n🔴 红灯 2 个，🟡 黄灯 0 个" in mine
    assert "🔴 北石店工业园区标准化厂房：" in mine
    assert "城区智慧物流园" not in mine  # blue after the report
    assert "西街" not in mine
    town = await chat(client, COLLEAGUE, "/亮灯")  # a unit's staff: the unit
    assert "（北石店镇，4月24日，共 3 个项目）" in town
    street = await chat(client, OWNER2, "/亮灯")
    assert "共 1 个项目）" in street
    assert "🔴 西街老旧小区改造：" in street
    everyone = await chat(client, LEADER, "/lights")
    assert "（全部单位，4月24日，共 4 个项目）\n🔴 红灯 3 个，🟡 黄灯 0 个" in everyone
    assert everyone.index("🔴") < everyone.index("西街老旧小区改造")


async def test_lights_narrowed_by_unit_or_colour(client: TestClient) -> None:
    town = await chat(client, LEADER, "/亮灯 北石店镇")
    assert "（北石店镇，" in town and "西街" not in town
    assert await chat(client, LEADER, "/亮灯 北石店") == town  # the one unit containing it
    assert "没有🟡 黄灯项目（全部单位，🔴 红灯 4 个" in await chat(client, LEADER, "/亮灯 黄灯")
    assert "西街老旧小区改造" in await chat(client, LEADER, "/亮灯 红灯")
    for blue in ("/亮灯 蓝灯", "/亮灯 北石店镇 蓝灯"):  # it said 没有找到单位“蓝灯”
        assert "蓝灯项目进度正常，不逐个列出" in await chat(client, LEADER, blue)
    for green in ("/亮灯 绿灯", "/亮灯 北石店镇 绿"):  # it said 没有找到单位“绿灯”
        answer = await chat(client, LEADER, green)
        assert "亮灯只分红灯、黄灯、蓝灯三色" in answer and "没有找到单位" not in answer
    refused = await chat(client, OWNER, "/亮灯 西街街道")
    assert "只能查看本单位的项目" in refused and "老旧小区" not in refused
    assert "（北石店镇，" in await chat(client, OWNER, "/亮灯 北石店镇")  # one's own unit


async def test_unreported_narrowed_by_unit(client: TestClient) -> None:
    street = await chat(client, LEADER, "/未报 西街")
    assert "未报进度 1 个项目**（西街街道）" in street
    assert "· 西街老旧小区改造（李娜）" in street
    assert "只能查看本单位" in await chat(client, OWNER, "/未报 西街街道")


async def test_ranking_orders_units_by_schedule(client: TestClient) -> None:
    await chat(client, OWNER, LOGISTICS)
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：1000万")
    ranking = await chat(client, COLLEAGUE, "/排名")
    assert ranking.startswith(
        "各单位完成序时进度排名（截至 4月24日，序时按各项目最近填报日计，逾期未报的计至上周日）"
    )
    assert "1. 西街街道：完成序时 128.2%" in ranking
    assert "2. 北石店镇" in ranking
    assert ranking.endswith("（随填报变动；月末排名与月报表一致，请发送“/排名 3月”）")
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：100万")  # a correction, now behind
    ranking = await chat(client, COLLEAGUE, "/rank")
    assert ranking.index("1. 北石店镇") < ranking.index("2. 西街街道")


async def test_units_at_the_same_figure_share_a_place(client: TestClient) -> None:
    # nobody has reported: both units at 0% were ranked 1 and 2 by their names' order
    ranking = await chat(client, COLLEAGUE, "/排名")
    assert "1. 北石店镇：完成序时 0%" in ranking
    assert "1. 西街街道：完成序时 0%" in ranking
    march = await chat(client, COLLEAGUE, "/排名 3月")  # a month's end, as its 晾晒 numbers it
    assert "1. 北石店镇：完成序时 0%" in march and "1. 西街街道：完成序时 0%" in march
    assert await chat(client, COLLEAGUE, "/排名 三月") == march  # as voice input writes it
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：1000万")
    ranking = await chat(client, COLLEAGUE, "/排名")
    assert "1. 西街街道" in ranking and "2. 北石店镇" in ranking


def test_units_are_placed_best_first_with_none_due_last_and_names_between_equals() -> None:
    units = [("乙", None), ("丙", 0.8), ("甲", 0.8), ("丁", 1.2), ("戊", 0.8501)]
    placed = by_place(units, lambda u: u[1], lambda u: u[0])
    assert [(place, name) for place, (name, _) in placed] == [
        (1, "丁"),
        (2, "戊"),  # 85.0%
        (3, "丙"),  # 80% and 80%: one place, by name
        (3, "甲"),
        (5, "乙"),  # nothing due yet
    ]


def test_places_are_shared_only_by_figures_that_read_the_same() -> None:
    ratios = [1.2, 0.8504, 0.8501, 0.8496, 0.0, 0.0, None, None]
    # 85% and 85% (shown alike), 84.9% (never onto the line from below), two 0%, two with none
    assert shared_places(ratios) == [1, 2, 2, 4, 5, 5, 7, 7]


async def test_lights_list_the_projects_with_most_reasons_first(client: TestClient) -> None:
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：100万")  # red for one reason only
    reply = await chat(client, LEADER, "/亮灯")
    lines = [line for line in reply.splitlines() if "🔴 " in line]
    names = [line.split("（")[0].removeprefix("🔴 ") for line in lines[1:]]
    assert names == [
        "北石店工业园区标准化厂房",
        "城区智慧物流园",
        "北石店污水管网改造",
        "西街老旧小区改造",
    ]
    # each line its first reason only, no tail of 另 N 项原因 telling a leader no reason
    assert not any("项原因" in line for line in lines) and "\n\n" not in reply
    assert "发送“/项目 项目名”查看项目卡片和全部原因" in reply


async def test_template_is_prefilled_and_can_be_sent_back(client: TestClient) -> None:
    empty = await chat(client, OWNER, "/模板 物流园")
    assert empty.startswith("进度 城区智慧物流园")
    assert "累计完成：\n" in empty
    await chat(client, OWNER, LOGISTICS)
    filled = await chat(client, OWNER, "/template 物流园")
    assert "累计完成：3500万元" in filled
    assert "形象进度：主体结构封顶" in filled
    edited = filled.replace("累计完成：3500万元", "累计完成：3600万元")
    reply = await chat(client, OWNER, edited)
    assert "已收到“城区智慧物流园”" in reply
    assert "累计完成：3600万元" in reply
    assert "对应多个项目" in await chat(client, OWNER, "/模板 北石店")


async def test_a_template_lists_the_open_problems_and_sending_it_back_opens_none(
    client: TestClient,
) -> None:
    # it said 存在问题：无 beside two open issues
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/问题 物流园 电力接入未落实")
    filled = await chat(client, OWNER, "/模板 物流园")
    assert "存在问题：临时用地手续未办结；电力接入未落实\n" in filled
    reply = await chat(client, OWNER, filled.replace("累计完成：", "累计完成：3500万"))
    assert "已收到“城区智慧物流园”" in reply and "#3" not in reply
    listed = await chat(client, ADMIN, "/问题清单")
    assert "#1" in listed and "#2" in listed and "#3" not in listed
    assert "存在问题：无\n" in await chat(client, OWNER, "/模板 污水管网")  # none open there
    # one more problem added to those listed: an issue of it alone (all three were one issue)
    listed = "存在问题：临时用地手续未办结；电力接入未落实"
    added = filled.replace(listed, listed + "；塔吊进场受阻")
    added = added.replace("累计完成：", "累计完成：3600万")
    assert "已登记为问题 #3" in await chat(client, OWNER, added)
    assert "#3 城区智慧物流园：塔吊进场受阻" in await chat(client, ADMIN, "/问题清单")


async def test_a_template_sent_back_as_a_correction_keeps_the_issue_as_raised(
    client: TestClient,
) -> None:
    # the report that raised #1, corrected with /模板's list of what is open: #1 was rewritten
    # to the whole list, and the office told of the change
    await chat(client, OWNER, LOGISTICS + "\n存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/问题 物流园 电力接入未落实")
    filled = await chat(client, OWNER, "/模板 物流园")
    assert "存在问题：临时用地手续未办结；电力接入未落实\n" in filled
    reply = await chat(client, OWNER, filled.replace("累计完成：3500万元", "累计完成：3600万元"))
    assert "已收到“城区智慧物流园”" in reply and "更正" in reply
    listed = await chat(client, ADMIN, "/问题清单")
    assert "#1 城区智慧物流园：临时用地手续未办结（发现）" in listed
    assert "#3" not in listed


async def test_a_template_carries_the_cumulative_to_the_yuan(client: TestClient) -> None:
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n累计完成：1.2345678亿")
    filled = await chat(client, OWNER, "/模板 物流园")
    assert "累计完成：12345.678万元" in filled  # not 1.23亿元, lower than what is stored
    reply = await chat(client, OWNER, filled.replace("本月完成：", "本月完成：100万"))
    assert "已收到“城区智慧物流园”" in reply
    assert "累计完成：12345.678万元" in await chat(client, OWNER, "/模板 物流园")


async def test_withdraw_of_a_named_project_takes_back_that_ones(client: TestClient) -> None:
    # an owner of several projects: `/撤回` alone takes the last sent, so a second one took
    # another project's; named, it takes that project's
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    await chat(client, OWNER, "进度 污水管网\n累计完成：600万")
    reply = await chat(client, OWNER, "/撤回 物流园")
    assert "已撤回您对“城区智慧物流园”的本周填报" in reply
    assert "还没有填报记录" in await chat(client, OWNER, "/项目 物流园")
    assert "本年累计完成 600万元" in await chat(client, OWNER, "/项目 污水管网")  # untouched
    assert "本周您没有对“城区智慧物流园”的填报可撤回" in await chat(client, OWNER, "/撤回 物流园")
    assert "对应多个项目" in await chat(client, OWNER, "/撤回 北石店")  # which one, never a guess


async def test_withdrawing_the_weeks_only_report_says_the_project_is_unreported_again(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    await chat(client, OWNER, "进度 物流园\n累计完成：3600万")
    corrected = await chat(client, OWNER, "/撤回")
    assert "本周此前的填报重新生效" in corrected and "未报" not in corrected
    taken = await chat(client, OWNER, "/撤回")  # Thursday 24 April: due Friday 17:00
    assert "“城区智慧物流园”本周现为未报，请在4月25日（周五）17:00前重新报送。" in taken
    assert "城区智慧物流园" in await chat(client, OWNER, "/未报")


async def test_the_office_withdrawing_a_weeks_only_report_tells_its_reporter_the_deadline(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    taken = await chat(client, ADMIN, "/撤回 物流园", chat_id="office")
    assert "本周现为未报，4月25日（周五）17:00截止。已通知张伟" in taken
    told = (await pushes(client, "town"))[-1]
    assert "该项目本周现为未报。请在4月25日（周五）17:00前重新报送正确的数字" in told


async def test_withdrawing_after_the_deadline_says_a_report_now_is_late(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    late = create_app(app_settings(tmp_path, now="2025-04-25 18:00"))
    client = await seeded_client(aiohttp_client, late)
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万")
    taken = await chat(client, OWNER, "/撤回")
    assert "“城区智慧物流园”本周现为未报（本周已截止，重新报送记为迟报）。" in taken


async def test_withdraw_takes_back_the_issue_it_opened(client: TestClient) -> None:
    assert "没有可撤回的填报" in await chat(client, OWNER, "/撤回")
    await chat(client, OWNER, LOGISTICS + "\n存在问题：临时用地手续未办结")
    assert "#1" in await chat(client, OWNER, "/问题清单")
    assert "已撤回您对“城区智慧物流园”的本周填报" in await chat(client, OWNER, "/undo")
    assert "您负责的项目没有未销号的问题" in await chat(client, OWNER, "/问题清单")
    assert "还没有填报记录" in await chat(client, OWNER, "/项目 物流园")
    assert "没有可撤回的填报" in await chat(client, OWNER, "/撤回")
    async with client.app[DB].read() as session:
        [issue] = (await session.execute(select(Issue))).scalars()
    assert issue.state == "已撤回"  # retracted, not solved (issue #10)


async def test_a_units_unreported_list_names_every_project_that_fits_a_phone(
    client: TestClient,
) -> None:
    async with client.app[DB].write() as session:  # 北石店镇 grows to 3 + 30 projects
        town = (await session.execute(select(Project).where(Project.code == "P004"))).scalar_one()
        owner = (await session.execute(select(Person).where(Person.mobile == OWNER))).scalar_one()
        for n in range(1, 31):
            added = Project(
                code=f"P1{n:02d}",
                name=f"北石店配套道路{n}号",
                unit_id=town.unit_id,
                category="续建",
                status="在建",
                entered_ledger_on=date(2025, 4, 1),
            )
            session.add(added)
            await session.flush()
            session.add(ProjectOwner(project_id=added.id, person_id=owner.id))
            session.add(ProjectPlan(project_id=added.id, year=2025, annual_plan_yuan=10**7))

    reply = await chat(client, LEADER, "/未报 北石店镇")
    listed = [line for line in reply.splitlines() if line.startswith("· ")]
    total = int(reply.split("未报进度 ")[1].split(" 个项目")[0])
    assert total == 33 and len(listed) > 10  # a 10-line list left the clerk 23 names short
    assert f"另有 {total - len(listed)} 个未列出，发送“/看板”查看全部" in reply
    assert fits(reply, Budget())


async def test_a_card_chosen_by_a_short_name_tells_the_others_holding_it(
    client: TestClient,
) -> None:
    await add_project(client.app[DB], "P006", "城区智慧物流园二期", beside="P001")
    card = await chat(client, LEADER, "/项目 物流园")  # 一期's short name
    assert card.startswith("**城区智慧物流园**（P001）")
    assert "名称含“物流园”的还有：城区智慧物流园二期；查看请发送全称。" in card
    assert "还有" not in await chat(client, LEADER, "/项目 城区智慧物流园")


async def test_after_a_week_with_no_report_due_nothing_is_late_from_it(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 2026-W08 is the 春节 holiday: no working day, no report due, nobody late for it
    client = await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2026-02-24 10:00"))
    )
    reply = await chat(client, LEADER, "/未报")
    assert "尚未到期" in reply and "上周逾期未报" not in reply
    last = await chat(client, LEADER, "/未报 上周")
    assert "2026年第8周（2月16日—2月22日）：放假，没有报送任务" in last


async def test_a_category_no_project_has_says_so(client: TestClient) -> None:
    # a configured 重点类别 the ledger marks no project with: not the key threshold's wording
    reply = await chat(client, ADMIN, "/重点 1355")
    assert "没有重点类别为“1355”的项目（台账“重点类别”列）" in reply
    assert "5000万元 以上" not in reply
    # 重点 by itself is a line of the annual plan, not the ledger's 级别: the reply says which
    assert "**重点项目**（年度计划 5000万元 以上，截至" in await chat(client, ADMIN, "/重点")


async def test_a_yellow_card_lists_what_is_wrong_not_that_it_is_ahead(
    client: TestClient,
) -> None:
    """老旧小区 ahead of 序时 with a milestone due in 4 days: yellow for the milestone alone;
    the ratio is on the card's own line, not a second reason under 黄灯."""
    async with client.app[DB].write() as session:
        project = (
            await session.execute(select(Project).where(Project.code == "P003"))
        ).scalar_one()
        session.add(Milestone(project_id=project.id, name="竣工验收", due_on=date(2025, 4, 28)))
    reply = await chat(client, OWNER2, "进度 老旧小区\n累计完成：900万")
    assert "✅" in reply, reply
    card = await chat(client, ADMIN, "/项目 老旧小区")
    assert "完成序时" in card and "🟡 黄灯\n" in card, card
    light = card.split("🟡 黄灯\n")[1].split("\n节点：")[0]
    assert light.strip() == "· 节点“竣工验收”计划 4月28日 完成，还剩 4 天", card
    listed = await chat(client, ADMIN, "/亮灯 黄灯")
    line = next(line for line in listed.splitlines() if "老旧小区" in line)
    assert "竣工验收" in line and "另 " not in line, listed  # no other cause to count
