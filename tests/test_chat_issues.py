"""The problem loop in chat, end to end: 发现 → 交办 → 督办 → 进展 → 销号 → 重开 (SPEC §3)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from domain.clock import SHANGHAI
from storage.models import Issue, IssueEvent, Person, Unit
from tests.support.apps import app_settings
from tests.support.chat import chat, pushes, send
from tests.support.seed import ADMIN, COLLEAGUE, LEADER, OWNER, OWNER2, seed

NOW = datetime(2025, 4, 24, 10, 0, tzinfo=SHANGHAI)
LAND = "/问题 物流园 临时用地手续未办结"


async def _issues(client: TestClient) -> list[Issue]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Issue).order_by(Issue.number))).scalars())


async def _raised(client: TestClient, *, handed: bool = False) -> None:
    """Issue #1 on 物流园, raised by the office (and handed to 北石店镇 by 4月30日)."""
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    if handed:
        await chat(client, ADMIN, "/交办 1 北石店镇 4月30日")


async def _history(client: TestClient, number: int) -> list[tuple[str, str, str | None, datetime]]:
    """(action, who, to_state, when) of every change of issue `number`, in order."""
    async with client.app[DB].read() as session:
        statement = (
            select(IssueEvent.action, Person.name, IssueEvent.to_state, IssueEvent.at)
            .join(Issue, Issue.id == IssueEvent.issue_id)
            .join(Person, Person.id == IssueEvent.actor_id)
            .where(Issue.number == number)
            .order_by(IssueEvent.id)
        )
        return [tuple(row) for row in (await session.execute(statement)).all()]


async def test_the_whole_loop_with_pushes_and_history(client: TestClient) -> None:
    reply = await chat(client, OWNER, LAND)
    assert "已登记问题 #1（用地）" in reply
    assert "城区智慧物流园" in reply

    # 5 working days from Thu 4/24: 4/25, Sun 4/27 (调休, worked), 4/28, 4/29, 4/30
    reply = await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    assert "问题 #1 已交办给 北石店镇，期限 4月30日" in reply
    [assigned] = await pushes(client, "town")
    assert "【问题交办】#1 城区智慧物流园：临时用地手续未办结" in assigned
    assert assigned.endswith("@张伟")  # handed to the unit: its owner of the project is called
    assert "/进展 #1" in assigned
    assert "/销号 #1" in assigned

    reply = await chat(client, OWNER, "/督办 #1")
    assert "仅限包联领导或专班办公室" in reply
    reply = await chat(client, LEADER, "/督办 #1 请本周内办结", chat_id="leaders")
    assert "已督办（第 1 次）" in reply
    [issue] = await _issues(client)
    assert (issue.state, issue.escalation_level) == ("督办中", 1)
    pressed = (await pushes(client, "town"))[-1]
    assert "【问题督办】#1" in pressed
    assert "督办要求：请本周内办结" in pressed

    reply = await chat(client, COLLEAGUE, "/进展 #1 已报自然资源局审批", chat_id="town")
    assert "已记录问题 #1 的办理进展" in reply

    reply = await chat(client, COLLEAGUE, "/销号 #1 临时用地手续已办结", chat_id="town")
    assert "已提交问题 #1 的销号申请" in reply
    found, request = await pushes(client, "office")
    assert "【新问题】#1 城区智慧物流园" in found  # the office was told when it was found
    assert "【销号申请】王强 申请将问题 #1" in request
    assert "临时用地手续已办结" in request
    assert "#1 城区智慧物流园" in await chat(client, LEADER, "/问题清单")  # still open

    reply = await chat(client, ADMIN, "/销号 #1 经核实已办结", chat_id="office")
    assert "问题 #1 已销号" in reply
    [issue] = await _issues(client)  # how it was solved is the handler's, with the office's word
    assert issue.resolution == "临时用地手续已办结（专班办公室：经核实已办结）"
    closed = (await pushes(client, "town"))[-1]
    assert "【问题销号】#1" in closed
    assert "办结情况：临时用地手续已办结（专班办公室：经核实已办结）" in closed
    assert "全部单位没有未销号的问题" in await chat(client, LEADER, "/问题清单")
    reply = await chat(client, COLLEAGUE, "/进展 #1 补充材料")
    assert "已销号" in reply
    assert "/重开 #1" in reply

    reply = await chat(client, ADMIN, "/重开 #1 复查发现仍未办结", chat_id="office")
    assert "问题 #1 已重新打开，当前状态：已交办" in reply
    assert "【问题重开】#1" in (await pushes(client, "town"))[-1]
    assert "#1 城区智慧物流园" in await chat(client, LEADER, "/问题清单")

    history = await _history(client, 1)
    assert [(action, who, state) for action, who, state, _ in history] == [
        ("发现", "张伟", "发现"),
        ("交办", "赵敏", "已交办"),
        ("督办", "钱副区长", "督办中"),
        ("进展", "王强", "督办中"),
        ("申请销号", "王强", "督办中"),
        ("销号", "赵敏", "已销号"),
        ("重新打开", "赵敏", "已交办"),
    ]
    assert all(at == NOW for *_, at in history)


async def test_problem_in_a_report_is_assigned_to_a_person(client: TestClient) -> None:
    report = "进度 物流园\n累计完成：3500万\n存在问题：施工用电增容未批复"
    assert "已登记为问题 #1" in await chat(client, OWNER, report)
    reply = await chat(client, ADMIN, "/交办 1 王强 10天")
    assert "已交办给 王强（北石店镇），期限 5月6日" in reply  # 5月4日 is 劳动节: 顺延
    [assigned] = await pushes(client, "town")
    assert "承办：王强（北石店镇）" in assigned
    assert assigned.endswith("@王强")  # the assignee is called out in the unit's group
    [issue] = await _issues(client)
    assert issue.report_id is not None
    assert issue.state == "已交办"


@pytest.mark.parametrize("handler", ["北石店镇 王强", "王强 北石店镇", "北石店 13900000005"])
async def test_an_issue_is_handed_to_a_unit_and_its_person_at_once(
    client: TestClient, handler: str
) -> None:
    await _raised(client)
    reply = await chat(client, ADMIN, f"/交办 #1 {handler} 5个工作日")
    assert "已交办给 王强（北石店镇），期限 4月30日" in reply
    [assigned] = await pushes(client, "town")
    assert assigned.endswith("@王强")
    [issue] = await _issues(client)
    async with client.app[DB].read() as session:
        person = await session.get(Person, issue.assigned_person_id)
    assert (issue.assigned_unit_id, person and person.name) == (person and person.unit_id, "王强")


async def test_assignee_in_another_unit_may_ask_to_close(client: TestClient) -> None:
    await chat(client, OWNER, LAND)
    reply = await chat(client, OWNER2, "/销号 #1 已办结")
    assert "只能由承办人" in reply
    assert len(await pushes(client, "office")) == 1  # only the 【新问题】 notice
    assert "已交办给 李娜（西街街道）" in await chat(client, ADMIN, "/交办 #1 13900000004 5月9日")
    assert await pushes(client, "town") == []  # 西街街道 has no group here
    assert "销号申请" in await chat(client, OWNER2, "/销号 #1 已办结")
    assert "【销号申请】" in (await pushes(client, "office"))[-1]


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ("2025-05-10", date(2025, 5, 10)),
        ("5月10日", date(2025, 5, 10)),
        ("4月30日前", date(2025, 4, 30)),
        ("5个工作日", date(2025, 4, 30)),
        ("3工作日", date(2025, 4, 28)),
        ("10天", date(2025, 5, 6)),  # 5月4日 falls in 劳动节: the next working day
    ],
)
async def test_deadline_forms(client: TestClient, deadline: str, due: date) -> None:
    await chat(client, OWNER, LAND)
    reply = await chat(client, ADMIN, f"/交办 #1 北石店镇 {deadline}")
    assert f"期限 {due.month}月{due.day}日" in reply
    [issue] = await _issues(client)
    assert issue.deadline == due


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("#1 北石店镇 2025-04-01", "期限 4月1日 已经过去"),
        ("#1 北石店镇 明天吧", "期限“明天吧”无法识别"),
        ("#1 北石店镇 2月30日", "日期“2月30日”不存在"),
        ("#1 北石店镇 9999天", "太远"),
        ("#1 北石店镇 2031-01-01", "太远"),
        ("#1 火星镇 5天", "台账中没有叫“火星镇”的单位或人员"),
        ("#9 北石店镇 5天", "没有编号为 #9 的问题"),
        ("abc 北石店镇 5天", "用法：/交办 <#号> <单位或人> <期限>"),
        ("#99999999999999999999 北石店镇 5天", "应写成 #12 或 12"),
        ("#1 北石店镇", "缺少参数 期限"),
        # the handler's person is not quoted as part of the deadline
        ("#1 北石店镇 王强 明天吧", "期限“明天吧”无法识别"),
        ("#1 北石店镇 王强 12月40日", "日期“12月40日”不存在"),
        ("#1 北石店镇 0个工作日", "期限“0个工作日”不对：时限至少 1 个工作日"),
        ("#1 北石店镇 王强 0个工作日", "期限“0个工作日”不对：时限至少 1 个工作日"),
        ("#1 北石店镇 零天", "时限至少 1 个工作日"),
        ("#1 北石店镇 王五 5天", "台账中没有叫“王五”的单位或人员"),
        ("#1 北石店镇 西街街道 5天", "请写“单位 姓名”"),
        ("#1 北石店镇 王强 张伟 5天", "请写“单位 姓名”"),
        ("#1 北石店镇 钱副区长 5天", "钱副区长是区发改科技局的人员，不在北石店镇"),
        ("", "缺少参数 问题编号"),
    ],
)
async def test_bad_assignment_changes_nothing(client: TestClient, args: str, problem: str) -> None:
    await chat(client, OWNER, LAND)
    reply = await chat(client, ADMIN, f"/交办 {args}")
    assert problem in reply
    [issue] = await _issues(client)
    assert (issue.state, issue.deadline, issue.assigned_unit_id) == ("发现", None, None)
    assert [action for action, *_ in await _history(client, 1)] == ["发现"]
    assert await pushes(client, "town") == []


async def test_only_the_office_assigns_and_reopens(client: TestClient) -> None:
    await chat(client, OWNER, LAND)
    assert "仅限专班办公室管理员使用" in await chat(client, LEADER, "/交办 #1 北石店镇 5天")
    assert "仅限专班办公室管理员使用" in await chat(client, OWNER, "/重开 #1 再看看")
    assert "尚未销号" in await chat(client, ADMIN, "/重开 #1 再看看")
    [issue] = await _issues(client)
    assert issue.state == "发现"


async def test_bad_issue_arguments_store_nothing(client: TestClient) -> None:
    assert "缺少参数 项目" in await chat(client, OWNER, "/问题")
    assert "缺少参数 问题描述" in await chat(client, OWNER, "/问题 物流园")
    assert "问题描述太短" in await chat(client, OWNER, "/问题 物流园 x")
    reply = await chat(client, OWNER, "/问题 北石店 缺电")
    assert "对应多个项目" in reply
    assert "北石店污水管网改造（P004）" in reply
    assert "没有找到“火星项目”" in await chat(client, OWNER, "/问题 火星项目 缺电")
    assert "缺少参数 说明" in await chat(client, OWNER, "/进展 #1")
    assert "没有编号为 #7 的问题" in await chat(client, OWNER, "/进展 #7 好了")
    assert "问题编号“第一个”" in await chat(client, LEADER, "/督办 第一个")
    assert await _issues(client) == []


async def test_a_retried_supervision_counts_once(client: TestClient) -> None:
    await chat(client, OWNER, LAND)
    await chat(client, ADMIN, "/交办 1 北石店镇 4月30日")
    first = await send(client, LEADER, "/督办 #1", msg_id="press-1")
    again = await send(client, LEADER, "/督办 #1", msg_id="press-1")
    assert first == again
    [issue] = await _issues(client)
    assert issue.escalation_level == 1
    assert "1 个工作日内不重复督办" in await chat(client, ADMIN, "/督办 #1")  # a new message


async def test_issue_list_is_scoped_and_filtered(client: TestClient) -> None:
    await chat(client, OWNER, LAND)
    await chat(client, OWNER2, "/问题 老旧小区 燃气管道改线资金缺口")
    await chat(client, OWNER, "/问题 P004 雨污分流设计未批复")

    mine = await chat(client, OWNER2, "/问题清单")
    assert "未销号问题（1 个，您负责的项目）" in mine
    assert "#2 西街老旧小区改造" in mine
    assert "物流园" not in mine
    town = await chat(client, COLLEAGUE, "/问题清单")
    assert "未销号问题（2 个，北石店镇）" in town
    assert "老旧小区" not in town

    everything = await chat(client, LEADER, "/问题清单")
    assert "未销号问题（3 个，全部单位）" in everything
    assert everything.index("#1") < everything.index("#2") < everything.index("#3")
    assert everything == await chat(client, ADMIN, "/issues")

    assert "#2" in await chat(client, LEADER, "/问题清单 西街")
    only_one = await chat(client, LEADER, "/问题清单 物流园")
    assert "未销号问题（1 个，“物流园”）" in only_one
    assert "#1 城区智慧物流园" in only_one
    assert "“厂房”没有未销号的问题" in await chat(client, LEADER, "/问题清单 厂房")
    for nothing in ("%", "不存在单位"):  # names nothing: not read as all being well
        reply = await chat(client, LEADER, f"/问题清单 {nothing}")
        assert f"台账中没有叫“{nothing}”的单位、项目或人员" in reply
        assert "没有未销号的问题" not in reply
    assert "雨污分流" in await chat(client, LEADER, "/问题清单 雨污分流")  # words of its text
    # 全部 is every unit (it answered “全部”没有未销号的问题 with three open)
    assert "未销号问题（3 个，全部单位）" in await chat(client, LEADER, "/问题清单 全部")
    closed = await chat(client, LEADER, "/问题清单 已销号")
    assert "只列未销号的问题" in closed and "没有未销号的问题" not in closed
    typo = await chat(client, LEADER, "/问题清单 智慧物流圆")  # a project's name mistyped
    assert "台账中没有找到“智慧物流圆”。您要找的是不是" in typo and "城区智慧物流园" in typo


async def test_issue_list_shows_assignee_deadline_and_overdue(client: TestClient) -> None:
    await chat(client, OWNER, LAND)
    await chat(client, ADMIN, "/交办 #1 王强 4月24日")
    await chat(client, LEADER, "/督办 #1")
    listed = await chat(client, OWNER, "/问题清单")
    expected = "#1 城区智慧物流园：临时用地手续未办结（督办中，王强，期限 4月24日，督办 1 次）"
    assert expected in listed
    card = await chat(client, OWNER, "/项目 物流园")
    assert "#1 临时用地手续未办结（督办中，期限 4月24日）" in card


async def test_overdue_issue_is_flagged_later(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    thursday = await aiohttp_client(create_app(app_settings(tmp_path)))
    await seed(thursday.app[DB])
    await chat(thursday, OWNER, LAND)
    await chat(thursday, ADMIN, "/交办 #1 北石店镇 4月25日")
    await thursday.close()
    monday = await aiohttp_client(create_app(app_settings(tmp_path, now="2025-04-28 09:00")))
    assert "期限 4月25日，已超期" in await chat(monday, OWNER, "/问题清单")
    await chat(monday, LEADER, "/督办 #1")
    assert "期限 4月25日（已超期）" in (await pushes(monday, "town"))[-1]
    card = await chat(monday, OWNER, "/项目 物流园")
    assert "问题 #1 已超期未销号" in card
    assert "#1 临时用地手续未办结（督办中，期限 4月25日，已超期）" in card


async def test_pressing_an_issue_turns_its_closing_request_down(client: TestClient) -> None:
    for project in ("物流园", "污水管网"):
        await chat(client, ADMIN, f"/问题 {project} 临时用地手续未办结")
    for number in (1, 2):
        await chat(client, ADMIN, f"/交办 {number} 北石店镇 4月30日")
        assert "的销号申请" in await chat(client, COLLEAGUE, f"/销号 #{number} 已办结")
    first, second = await _issues(client)
    assert first.close_requested_by_id is not None  # waiting for the office, not chased
    await chat(client, LEADER, "/督办 #1 手续还没批下来", chat_id="leaders")
    await chat(client, ADMIN, "/督办 #2 手续还没批下来", chat_id="office")
    first, second = await _issues(client)
    assert first.close_requested_by_id is not None  # a leader's 督办 is not the office's answer
    assert second.close_requested_by_id is None  # the office pressed it: the request is down
    assert second.state == "督办中"


async def test_an_issue_handed_to_a_leader_is_told_in_the_leaders_group(
    client: TestClient,
) -> None:
    await chat(client, ADMIN, "/问题 物流园 用地指标需区里协调")
    reply = await chat(client, ADMIN, "/交办 1 钱副区长 4月30日", chat_id="office")
    assert "已交办给 钱副区长" in reply
    assert "【问题交办】#1" in (await pushes(client, "leaders"))[-1]
    assert not [text for text in await pushes(client, "owners") if "【问题交办】" in text]


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ("一周", "5月6日"),  # Thursday 1 May is 劳动节, the holiday runs to the 5th
        ("2天", "4月27日"),  # a Saturday; Sunday 27 April 2025 is a working day (调休)
        ("明天", "4月25日"),  # a working day stays
        ("5月10日", "5月10日"),  # a Saturday, but written out: as written
    ],
)
async def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(
    client: TestClient, deadline: str, due: str
) -> None:
    await _raised(client)
    reply = await chat(client, ADMIN, f"/交办 1 北石店镇 {deadline}")
    assert f"问题 #1 已交办给 北石店镇，期限 {due}" in reply


async def test_a_misspelt_assignee_is_answered_with_the_closest_names(client: TestClient) -> None:
    await _raised(client)
    reply = await chat(client, ADMIN, "/交办 1 北石店真 5个工作日")
    assert "台账中没有叫“北石店真”的单位或人员，最接近的有：北石店镇" in reply
    reply = await chat(client, ADMIN, "/交办 1 火星 5个工作日")
    # nothing close: a few of the ledger's units, so the office need not guess how it writes them
    assert "台账里的单位有：北石店镇、区发改科技局、西街街道；人员写姓名或手机号" in reply


async def test_an_unknown_bureau_is_answered_with_the_ledgers_bureaus_first(
    client: TestClient,
) -> None:
    await _raised(client)
    async with client.app[DB].write() as session:  # more units than a phone's line holds
        session.add_all(Unit(name=name) for name in ("区住建局", "区水务局", "南街街道"))
    reply = await chat(client, ADMIN, "/交办 1 区自燃资源局 5个工作日")
    assert "台账中没有叫“区自燃资源局”的单位或人员；台账里的单位有：区" in reply
    assert "街道" not in reply and "等 6 个（全部见“/看板”的“单位”页）" in reply


async def test_the_issue_list_shows_a_closing_waiting_for_the_office(client: TestClient) -> None:
    await _raised(client, handed=True)
    assert "待确认" not in await chat(client, ADMIN, "/问题清单")
    await chat(client, COLLEAGUE, "/销号 #1 已办结")
    assert "，已申请销号、待专班办公室确认）" in await chat(client, ADMIN, "/问题清单")


async def test_the_same_assignment_twice_is_told_once_and_a_change_says_what_it_was(
    client: TestClient,
) -> None:
    await _raised(client, handed=True)
    again = await chat(client, ADMIN, "/交办 #1 北石店镇 4月30日")
    assert "与之前相同，未重复通知" in again
    assert len(await pushes(client, "town")) == 1
    moved = await chat(client, ADMIN, "/交办 1 北石店镇 5月9日")
    assert "期限 5月9日（原为 北石店镇，期限 4月30日）" in moved
    assert "（调整：原为 北石店镇，期限 4月30日）" in (await pushes(client, "town"))[-1]


async def test_a_new_assignment_starts_the_count_again_and_a_day_off_is_said(
    client: TestClient,
) -> None:
    await _raised(client, handed=True)
    await chat(client, LEADER, "/督办 #1")
    assert "督办 1 次" in await chat(client, ADMIN, "/问题清单 #1")
    moved = await chat(client, ADMIN, "/交办 #1 李娜 5月10日")  # a Saturday
    assert "期限 5月10日（周六，非工作日；如需改期请重新交办）" in moved
    # handed to someone else with a new deadline: the last handler's 督办 is not theirs
    assert "督办" not in await chat(client, ADMIN, "/问题清单 #1")
    assert "非工作日" not in await chat(client, ADMIN, "/交办 #1 李娜 5月9日")


async def test_the_same_assignment_sent_again_keeps_the_count(client: TestClient) -> None:
    await _raised(client, handed=True)
    await chat(client, LEADER, "/督办 #1")
    await chat(client, COLLEAGUE, "/销号 #1 已办结")  # a pending closing: the 交办 goes through
    await chat(client, ADMIN, "/交办 #1 北石店镇 4月30日")  # the same handler and deadline
    assert "督办 1 次" in await chat(client, ADMIN, "/问题清单 #1")


async def test_a_closing_asked_for_twice_reaches_the_office_once(client: TestClient) -> None:
    await _raised(client, handed=True)
    await chat(client, COLLEAGUE, "/销号 #1 已办结")
    assert "已提交过" in await chat(client, COLLEAGUE, "/销号 #1 已办结")
    assert len([p for p in await pushes(client, "office") if "【销号申请】" in p]) == 1


async def test_an_issue_pressed_before_it_was_handed_out_can_be_handed_out(
    client: TestClient,
) -> None:
    await _raised(client)
    await chat(client, LEADER, "/督办 #1 尽快交办", chat_id="leaders")
    reply = await chat(client, ADMIN, "/交办 1 北石店镇 4月30日")
    assert "问题 #1 已交办给 北石店镇，期限 4月30日。" in reply  # nothing before it to name


async def test_handing_out_again_turns_a_closing_request_down(client: TestClient) -> None:
    await _raised(client, handed=True)
    await chat(client, COLLEAGUE, "/销号 #1 已办结")
    reply = await chat(client, ADMIN, "/交办 1 北石店镇 4月30日")
    assert "未重复通知" not in reply
    [issue] = await _issues(client)
    assert issue.close_requested_by_id is None
    assert len(await pushes(client, "town")) == 2  # the unit hears it is still theirs


async def test_the_office_pressing_an_issue_nobody_was_handed_is_told_to_hand_it_out(
    client: TestClient,
) -> None:
    await _raised(client)
    before = len(await pushes(client, "office"))
    reply = await chat(client, ADMIN, "/督办 #1", chat_id="office")
    assert "问题 #1 尚未交办，无从督办。请先交办：“/交办 #1 单位或人 期限”" in reply
    assert len(await pushes(client, "office")) == before  # not a request to itself
    [issue] = await _issues(client)
    assert issue.escalation_level == 0


async def test_pressing_an_issue_nobody_was_handed_asks_the_office_to_hand_it_out(
    client: TestClient,
) -> None:
    await _raised(client)
    reply = await chat(client, LEADER, "/督办 #1 请本周内交办", chat_id="leaders")
    assert "问题 #1 尚未交办，已请专班办公室尽快交办" in reply
    asked = (await pushes(client, "office"))[-1]
    assert "【督办交办】钱副区长 督办尚未交办的问题 #1" in asked
    assert "：请本周内交办。\n请发送“/交办 #1 单位或人 期限”交办。" in asked
    assert await pushes(client, "town") == []  # no unit was told to hurry with it
    [issue] = await _issues(client)
    assert (issue.state, issue.escalation_level) == ("发现", 0)


async def test_the_office_turns_a_closing_request_down_and_the_handler_goes_on(
    client: TestClient,
) -> None:
    await _raised(client, handed=True)
    assert "没有待确认的销号申请" in await chat(client, ADMIN, "/驳回 #1 现场仍未通电")
    await chat(client, COLLEAGUE, "/销号 #1 已办结")
    assert "/驳回 #1 原因" in (await pushes(client, "office"))[-1]
    assert "仅限专班办公室管理员使用" in await chat(client, LEADER, "/驳回 #1 不行")
    reply = await chat(client, ADMIN, "/驳回 #1 现场仍未通电", chat_id="office")
    assert "已驳回问题 #1 的销号申请，已通知北石店镇继续办理" in reply
    told = (await pushes(client, "town"))[-1]
    assert "【销号驳回】#1 城区智慧物流园：临时用地手续未办结" in told
    assert "专班办公室未同意销号：现场仍未通电。请北石店镇继续办理，期限 4月30日" in told
    assert told.endswith("@王强")  # who asked is told, in the unit's group
    [issue] = await _issues(client)
    assert (issue.state, issue.close_requested_by_id) == ("已交办", None)
    assert "待确认" not in await chat(client, ADMIN, "/问题清单")
    assert [action for action, *_ in await _history(client, 1)][-2:] == ["申请销号", "驳回销号"]
    assert "没有待确认的销号申请" in await chat(client, ADMIN, "/驳回 #1 现场仍未通电")


async def test_reopened_after_its_deadline_an_issue_waits_for_a_new_one(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万\n存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    async with client.app[DB].write() as session:  # its deadline has passed (today is 4-24)
        [issue] = (await session.execute(select(Issue))).scalars()
        issue.deadline, issue.escalation_level = date(2025, 4, 20), 2
    assert "已销号" in await chat(client, ADMIN, "/销号 #1 经核实已办结", chat_id="office")
    reply = await chat(client, ADMIN, "/重开 #1 复查发现仍未办结", chat_id="office")
    assert "原期限已过，已清除；请发送“/交办 #1 承办单位 新期限”定新的期限" in reply
    [issue] = await _issues(client)
    assert (issue.state, issue.deadline, issue.escalation_level) == ("发现", None, 0)
    assert "已超期" not in (await pushes(client, "town"))[-1]


async def test_the_loops_own_press_does_not_hold_a_leaders_back(client: TestClient) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万\n存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    async with client.app[DB].write() as session:  # the 09:30 loop pressed it this morning
        [issue] = (await session.execute(select(Issue))).scalars()
        issue.escalation_level, issue.state = 1, "督办中"
        at = datetime(2025, 4, 24, 9, 30, tzinfo=SHANGHAI)
        session.add(IssueEvent(issue_id=issue.id, at=at, action="自动督办", to_state="督办中"))
    reply = await chat(
        client, LEADER, "/督办 #1 请农业农村局主要负责同志亲自协调", chat_id="leaders"
    )
    assert "已督办（第 2 次）" in reply
    assert "督办要求：请农业农村局主要负责同志亲自协调" in (await pushes(client, "town"))[-1]
    again = await chat(client, LEADER, "/督办 #1 再催", chat_id="leaders")
    assert "1 个工作日内不重复督办" in again  # a person's own press still waits a day


async def test_the_issue_list_finds_a_handler_by_name_and_the_overdue_ones(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万\n存在问题：临时用地手续未办结")
    await chat(client, OWNER, "进度 厂房\n累计完成：900万\n存在问题：施工许可未批")
    await chat(client, ADMIN, "/交办 #1 13900000004 5月9日", chat_id="office")  # 李娜
    await chat(client, ADMIN, "/交办 #2 北石店镇 5月9日", chat_id="office")
    async with client.app[DB].write() as session:  # #2's deadline has passed
        second = (await session.execute(select(Issue).where(Issue.number == 2))).scalar_one()
        second.deadline = date(2025, 4, 20)
    named = await chat(client, LEADER, "/问题清单 李娜")
    assert "#1 城区智慧物流园" in named and "#2" not in named
    late = await chat(client, LEADER, "/问题清单 超期")
    assert "#2 北石店工业园区标准化厂房" in late and "#1 " not in late
    assert "施工许可" in await chat(client, LEADER, "/问题清单 施工许可")  # by what it says


async def test_the_offices_press_on_a_pending_close_request_says_it_is_not_granted(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万\n存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    await chat(client, COLLEAGUE, "/销号 #1 临时用地手续已办结", chat_id="town")
    reply = await chat(client, ADMIN, "/督办 #1 证件未见", chat_id="office")
    assert "已督办（第 1 次）" in reply and "待确认的销号申请随之作废，已告知承办方" in reply
    told = (await pushes(client, "town"))[-1]
    assert "【问题督办】#1" in told and "之前的销号申请未获同意，请继续办理" in told
    assert "已申请销号待确认" not in await chat(client, LEADER, "/问题清单 #1")


async def test_the_office_confirms_a_request_to_close_without_a_word_of_its_own(
    client: TestClient,
) -> None:
    await _raised(client, handed=True)
    assert "请写明办理结果" in await chat(client, COLLEAGUE, "/销号 #1", chat_id="town")
    assert "请写明办理结果" in await chat(client, ADMIN, "/销号 #1", chat_id="office")
    [issue] = await _issues(client)
    assert issue.closed_at is None and issue.close_requested_by_id is None  # nothing asked

    await chat(client, COLLEAGUE, "/销号 #1 临时用地手续已办结", chat_id="town")
    assert "管理员确认请发送“/销号 #1”" in (await pushes(client, "office"))[-1]
    again = await chat(client, COLLEAGUE, "/销号 #1", chat_id="town")
    assert "销号申请已提交过" in again  # not asked for a result it gave already
    assert "问题 #1 已销号" in await chat(client, ADMIN, "/销号 #1", chat_id="office")
    [issue] = await _issues(client)
    assert issue.resolution == "临时用地手续已办结"  # the handler's account stands
    assert (await pushes(client, "town"))[-1].endswith("@王强")  # who asked is told it is done


async def test_progress_is_added_by_the_handling_side_or_the_office_only(
    client: TestClient,
) -> None:
    await _raised(client, handed=True)  # 物流园 of 北石店镇, handed to 北石店镇
    reply = await chat(client, OWNER2, "/进展 #1 已协调供电公司")  # 李娜 of 西街街道
    assert "问题 #1 的办理进展只能由承办人（单位）、项目责任单位、包联领导或专班办公室填写" in reply
    assert "已记录" not in reply
    assert [action for action, *_ in await _history(client, 1)] == ["发现", "交办"]
    for who in (COLLEAGUE, LEADER, ADMIN):  # the unit's staff, a leader, the office
        assert "已记录问题 #1 的办理进展" in await chat(client, who, "/进展 #1 已报审批")
    assert "已交办给 李娜（西街街道）" in await chat(client, ADMIN, "/交办 #1 李娜 5月9日")
    assert "已记录问题 #1 的办理进展" in await chat(client, OWNER2, "/进展 #1 已协调")


@pytest.mark.parametrize(
    ("deadline", "said", "state", "kept"),
    [
        (
            date(2025, 4, 24),
            "原期限今天到期，已清除；请发送“/交办 #1 承办单位 新期限”",
            "发现",
            None,
        ),
        (date(2025, 4, 30), "当前状态：已交办", "已交办", date(2025, 4, 30)),
    ],
)
async def test_a_reopened_issue_is_pressed_afresh(
    client: TestClient, deadline: date, said: str, state: str, kept: date | None
) -> None:
    await _raised(client, handed=True)
    async with client.app[DB].write() as session:  # pressed twice before it was closed
        [issue] = (await session.execute(select(Issue))).scalars()
        issue.deadline, issue.escalation_level = deadline, 2
    assert "已销号" in await chat(client, ADMIN, "/销号 #1 经核实已办结", chat_id="office")
    reply = await chat(client, ADMIN, "/重开 #1 复查发现仍未办结", chat_id="office")
    assert said in reply
    [issue] = await _issues(client)
    assert (issue.state, issue.deadline, issue.escalation_level) == (state, kept, 0)


async def test_an_issue_is_named_as_people_write_it_and_pressed_one_at_a_time(
    client: TestClient,
) -> None:
    await _raised(client, handed=True)
    await chat(client, ADMIN, "/问题 污水管网 雨污分流设计未批复")
    await chat(client, ADMIN, "/交办 2 北石店镇 4月30日")
    reply = await chat(client, LEADER, "/督办 #1 #2", chat_id="leaders")
    assert "一次只能督办一个问题，请分别发送“/督办 #1”和“/督办 #2”" in reply
    assert [issue.escalation_level for issue in await _issues(client)] == [0, 0]
    # a count of days opening the 要求 is no second issue
    reply = await chat(client, LEADER, "/督办 1号 3 个工作日内办结", chat_id="leaders")
    assert "已督办（第 1 次）" in reply and "一次只能督办一个问题" not in reply
    assert "已督办（第 1 次）" in await chat(client, LEADER, "/督办 第2号 请抓紧")
    assert [issue.escalation_level for issue in await _issues(client)] == [1, 1]
    assert "#1 城区智慧物流园" in await chat(client, LEADER, "/问题清单 1号问题")
