"""存在问题 that are problems: "none" opens nothing, unclear is asked once, corrections and
withdrawals carry the issue they raised (issue #10), through the local adapter."""

from __future__ import annotations

from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.cli.jobs import job_context
from bot.keys import DB, SETTINGS
from domain.clock import SHANGHAI
from scheduler.digest import biweekly_digest
from storage.models import Issue, IssueEvent, PendingAnswer, Report
from tests.support.chat import chat, pushes
from tests.support.reports import add_report
from tests.support.seed import ADMIN, COLLEAGUE, OWNER, OWNER2

HEAD = "进度 物流园\n本月完成：300万\n累计完成：3500万\n"


async def _issues(client: TestClient) -> list[Issue]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Issue).order_by(Issue.number))).scalars())


async def _current_reports(client: TestClient) -> list[Report]:
    async with client.app[DB].read() as session:
        statement = select(Report).where(
            Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None)
        )
        return list((await session.execute(statement)).scalars())


async def _pending(client: TestClient) -> list[PendingAnswer]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(PendingAnswer))).scalars())


@pytest.mark.parametrize(
    "said",
    [
        "无，进展顺利",
        "正常推进",
        "（无）",
        "无😊",
        "-",
        "暂无明显问题。",
        "一切正常，按计划推进",
        "暂无其他问题",
    ],
)
async def test_none_in_words_opens_nothing(client: TestClient, said: str) -> None:
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert "已收到“城区智慧物流园”" in reply
    assert "问题 #" not in reply
    assert "是否登记为问题" not in reply
    assert await _issues(client) == []
    assert await pushes(client, "office") == []
    [report] = await _current_reports(client)
    assert report.problems_text is None
    assert said in report.raw_text  # what was typed is kept


async def test_a_real_problem_still_opens_an_issue_and_tells_the_office(client: TestClient) -> None:
    reply = await chat(client, OWNER, HEAD + "存在问题：无，但临时用地手续未办结")
    assert "已登记为问题 #1" in reply
    [issue] = await _issues(client)
    assert issue.text == "无，但临时用地手续未办结"
    [told] = await pushes(client, "office")
    assert "【新问题】#1" in told


@pytest.mark.parametrize("said", ["冬季施工受限", "天冷了没法浇混凝土，钢材涨价厉害"])
async def test_weather_and_prices_are_problems(client: TestClient, said: str) -> None:
    # they were asked about, and the question lapsed as 不登记 with the owner's next report
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert "已登记为问题 #1" in reply and "是否登记为问题" not in reply
    [issue] = await _issues(client)
    assert issue.text == said


@pytest.mark.parametrize(
    "said",
    [
        "临时用地手续已办结，问题已解决",
        "用地已经批下来了",
        "已解决",
        "土地指标已落实，已摘牌",
        "已经解决了，未发现其他问题",
        "用地已于11月28日批复",  # the day it was done is no part left
    ],
)
async def test_a_problem_said_solved_opens_none_and_points_at_the_open_one(
    client: TestClient, said: str
) -> None:
    # `环评批复已取得，问题已解决` opened a new issue (and told the office to 交办 it)
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert f"如是问题 #1“临时用地手续未办结”，请发送“/销号 #1 {said}”申请销号" in reply
    assert "确认后销号。\n年度计划" in reply  # a line of its own on a phone
    assert "是否登记为问题" not in reply
    [issue] = await _issues(client)
    assert issue.state == "发现" and issue.text == "临时用地手续未办结"
    assert len(await pushes(client, "office")) == 1  # the /问题 alone


@pytest.mark.parametrize(
    "said",
    [
        "资金已到位一半，仍有缺口500万",
        "已申请，等待批复",
        "环评批复已取得但用地未批",
        # a part done, or an order received, is no problem gone
        "资金已到位30%",
        "已拨付部分资金",
        "环保督察已下达停工通知",
        "已批准延期",
    ],
)
async def test_a_problem_half_solved_is_still_one(client: TestClient, said: str) -> None:
    assert "已登记为问题 #1" in await chat(client, OWNER, HEAD + f"存在问题：{said}")


@pytest.mark.parametrize("said", ["可研已通过专家评审", "已通过初审", "供电已接入临时用电"])
async def test_a_step_short_of_the_fix_is_not_solved(client: TestClient, said: str) -> None:
    await chat(client, OWNER, "/问题 物流园 施工用电未接入")
    assert "申请销号" not in await chat(client, OWNER, HEAD + f"存在问题：{said}")


async def test_a_report_saying_two_were_solved_names_both(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, OWNER, "/问题 物流园 环评批复尚未取得")
    reply = await chat(client, OWNER, HEAD + "存在问题：临时用地手续已办结，环评批复已取得")
    assert "#1“临时用地手续未办结”" in reply and "#2“环评批复尚未取得”" in reply
    # the office is told the /销号 that closes it, not to apply to itself
    office = await chat(client, ADMIN, HEAD + "存在问题：环评批复已取得")
    assert "请发送“/销号 #2 环评批复已取得”即可销号" in office and "申请" not in office


async def test_a_correction_saying_solved_keeps_the_issue_as_raised(client: TestClient) -> None:
    # the issue's text became `电力迁改已完成`, and the office 交办'd and 督办'd that
    await chat(client, OWNER, HEAD + "存在问题：电力迁改未完成")
    reply = await chat(client, OWNER, HEAD + "存在问题：电力迁改已完成")
    assert "/销号 #1 电力迁改已完成" in reply and "撤回" not in reply
    [issue] = await _issues(client)
    assert (issue.state, issue.text) == ("发现", "电力迁改未完成")
    assert len(await pushes(client, "office")) == 1
    async with client.app[DB].read() as session:  # in its history, as the owner said it
        notes = (await session.execute(select(IssueEvent.note))).scalars().all()
    assert "填报称已解决：电力迁改已完成" in notes
    # a new problem in a later correction is an issue of its own, the solved one kept
    assert "已登记为问题 #2" in await chat(client, OWNER, HEAD + "存在问题：施工许可证未办理")
    withdrawn = await chat(client, OWNER, "/撤回")  # back to the solved one: #1 stays
    assert "问题 #2 已撤回" in withdrawn and "#1" not in withdrawn
    assert [(i.number, i.text, i.state) for i in await _issues(client)] == [
        (1, "电力迁改未完成", "发现"),
        (2, "施工许可证未办理", "已撤回"),
    ]


@pytest.mark.parametrize(
    ("said", "send"),
    [
        # the one it is plainly about, by its words
        ("物流园临时用地手续已经批下来了，问题解决了", "/销号 #1 物流园临时用地手续已经批"),
        ("1号临时用地手续已经办结了", "/销号 #1 临时用地手续已经办结了"),
        ("1号问题已经解决了", "/销号 #1 已经解决了"),
        ("#1 已办结", "/销号 #1 已办结"),
        ("1号和2号问题都解决了", "/销号 #编号 办理结果"),  # one at a time
    ],
)
async def test_a_problem_said_solved_in_words_is_told_how_to_close_it(
    client: TestClient, said: str, send: str
) -> None:
    # it was answered 没看懂 with how to report progress
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    reply = await chat(client, OWNER, said, chat_id=None)
    assert f"请发送“{send}" in reply and "申请销号" in reply
    assert "· #1 城区智慧物流园：临时用地手续未办结" in reply
    assert "没看懂" not in reply
    [issue] = await _issues(client)
    assert issue.state == "发现"


async def test_closing_in_words_names_the_issue_it_can_be(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, OWNER, "/问题 物流园 施工用电未接入")
    await chat(client, OWNER2, "/问题 老旧小区 管线迁改需协调")
    # of two open issues, the one its words are about; in the report's reply as well
    assert "“/销号 #2 施工用电已经接入了" in await chat(
        client, OWNER, "施工用电已经接入了，问题解决了", chat_id=None
    )
    reply = await chat(client, OWNER, HEAD + "存在问题：施工用电已接入")
    assert "如是问题 #2“施工用电未接入”，请发送“/销号 #2 施工用电已接入”" in reply
    # another owner's issue is not theirs to close: which of their own, from the list
    assert "“/销号 #编号 " in await chat(client, OWNER, "3号问题已经解决了", chat_id=None)
    # a closed one is said to be closed; the office is told the /销号 that closes it
    await chat(client, ADMIN, "/销号 #1 已办结", chat_id="office")
    closed = await chat(client, OWNER, "1号问题已解决了", chat_id=None)
    assert "问题 #1 已销号，无需再销号" in closed
    office = await chat(client, ADMIN, "2号问题已经解决了", chat_id=None)
    assert "发送“/销号 #2 已经解决了”即可销号" in office


async def test_closing_in_words_offers_only_what_the_sender_may_close(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, OWNER, "/问题 物流园 环评批复尚未取得")
    # `1号` opening the message is a date here: #1 is about land, the words about 环评
    reply = await chat(client, OWNER, "1号环评批复已经取得了", chat_id=None)
    assert "“/销号 #2 环评批复已经取得了”" in reply
    # the unit's staff may ask 销号 of the unit's project's issue (they were given #编号)
    assert "“/销号 #1 已经解决了”" in await chat(
        client, COLLEAGUE, "1号问题已经解决了", chat_id=None
    )
    # nothing to close: said so, not a #编号 every number of which is refused
    nothing = await chat(client, OWNER2, "用地手续已经办好了，问题解决了", chat_id=None)
    assert "没有未销号的" in nothing and "#编号" not in nothing
    # the office is told a closed one is closed, not to send a /销号 that is refused
    await chat(client, ADMIN, "/销号 #1 已办结", chat_id="office")
    assert "问题 #1 已销号，无需再销号" in await chat(client, ADMIN, "1号问题解决了", chat_id=None)


@pytest.mark.parametrize(
    ("user", "said"),
    [
        (OWNER, "物流园这周设备安装已完成"),  # work done, no problem named
        (OWNER, "本周填报已完成"),
        (OWNER, "物流园用地问题解决了吗？"),  # a question
    ],
)
async def test_work_done_or_a_question_is_not_told_to_ask_for_closing(
    client: TestClient, user: str, said: str
) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    assert "申请销号" not in await chat(client, user, said, chat_id=None)


async def test_unclear_text_is_asked_once_and_yes_registers_it(client: TestClient) -> None:
    reply = await chat(client, OWNER, HEAD + "存在问题：一般般")
    assert "是否登记为问题？回复 是/否" in reply
    assert await _issues(client) == []
    assert await pushes(client, "office") == []

    reply = await chat(client, OWNER, "是")
    assert "登记为问题 #1" in reply
    [issue] = await _issues(client)
    assert issue.text == "一般般"
    assert issue.state == "发现"
    [told] = await pushes(client, "office")
    assert "【新问题】#1 城区智慧物流园" in told
    assert await _pending(client) == []


@pytest.mark.parametrize(
    "said", ["正在协调", "协调中", "正在积极对接", "需协调解决", "有问题", "有", "待定", "办理中"]
)
async def test_a_bare_status_naming_no_problem_is_asked_about(
    client: TestClient, said: str
) -> None:
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert "是否登记为问题？回复 是/否" in reply
    assert "已登记为问题" not in reply
    assert await _issues(client) == []
    assert await pushes(client, "office") == []


@pytest.mark.parametrize("said", ["正在协调供电线路迁改", "待定点位需规划审批", "方案待定"])
async def test_a_status_naming_what_is_worked_on_is_a_problem(
    client: TestClient, said: str
) -> None:
    assert "已登记为问题 #1" in await chat(client, OWNER, HEAD + f"存在问题：{said}")


async def test_a_cancel_word_to_a_yes_no_question_asks_for_yes_or_no(
    client: TestClient,
) -> None:
    await chat(client, OWNER, HEAD + "存在问题：一般般")
    reply = await chat(client, OWNER, "算了", chat_id=None)
    assert "要登记请回复“是”，不登记请回复“否”" in reply and "确认" not in reply
    assert len(await _pending(client)) == 1  # still asked
    assert "您没有待确认的填报，无需放弃" in await chat(client, OWNER2, "算了", chat_id=None)


async def test_same_as_before_is_the_last_reports_problem_not_a_new_one(
    client: TestClient,
) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    # alone it says nothing new: the report it repeats is in
    assert "已登记，无需重复发送" in await chat(client, OWNER, "进度 物流园\n存在问题：同上")
    reply = await chat(client, OWNER, "进度 物流园\n形象进度：基础施工\n存在问题：同上")
    assert "存在问题：临时用地手续未办结（问题 #1）" in reply
    assert "是否登记为问题" not in reply
    [issue] = await _issues(client)
    assert issue.text == "临时用地手续未办结"


async def test_same_as_above_in_a_later_block_is_the_block_aboves(client: TestClient) -> None:
    reply = await chat(
        client,
        OWNER,
        "进度 物流园\n累计完成：3500万\n存在问题：电力接入未批复\n"
        "进度 厂房\n形象进度：场地平整\n存在问题：同上",
    )
    assert "是否登记为问题" not in reply
    assert [issue.text for issue in await _issues(client)] == ["电力接入未批复"] * 2
    assert "“同上”" not in reply


async def test_same_as_above_in_a_held_block_keeps_the_text_it_stood_for(
    client: TestClient,
) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-04-16 10:00", 3500)  # last week
    reply = await chat(
        client,
        OWNER,
        "进度 厂房\n形象进度：场地平整\n存在问题：电力接入未批复\n"
        "进度 物流园\n本月完成：100万\n累计完成：9000万\n存在问题：同上",  # rise unexplained: held
    )
    assert "暂未记录" in reply
    reply = await chat(client, OWNER, "确认")
    assert "存在问题：电力接入未批复" in reply
    assert [issue.text for issue in await _issues(client)] == ["电力接入未批复"] * 2


@pytest.mark.parametrize("no", ["否", "不用了"])
async def test_unclear_text_answered_no_opens_nothing(client: TestClient, no: str) -> None:
    await chat(client, OWNER, HEAD + "存在问题：一般")
    reply = await chat(client, OWNER, no)
    assert "不登记为问题" in reply
    assert await _issues(client) == []
    assert await pushes(client, "office") == []
    [report] = await _current_reports(client)
    assert report.problems_text == "一般"  # the report keeps what was said


async def test_an_unanswered_question_lapses_with_a_note(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：一般")
    reply = await chat(client, OWNER, "/我的")  # looking something up: it waits on
    assert "“城区智慧物流园”的存在问题仍在等您回复是否登记为问题" in reply, reply
    reply = await chat(client, OWNER, "@调度助手 稍后再说")
    assert "按不登记处理" in reply
    assert await _pending(client) == []
    reply = await chat(client, OWNER, "是", chat_id=None)
    assert "没有等您回答" in reply
    assert await _issues(client) == []


async def test_yes_or_no_to_no_question(client: TestClient) -> None:
    for word in ("是", "否"):
        reply = await chat(client, OWNER, word, chat_id=None)
        assert "没有等您回答“是/否”的问题" in reply
        assert await chat(client, OWNER, word) == ""  # in a group it is small talk
    assert await _issues(client) == []
    assert await _current_reports(client) == []


async def test_someone_elses_yes_does_not_answer_the_question(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：一般")
    assert await chat(client, OWNER2, "是") == ""  # in the group: small talk
    reply = await chat(client, OWNER2, "是", chat_id=None)
    assert "没有等您回答" in reply
    assert await _issues(client) == []
    assert len(await _pending(client)) == 1  # still waiting for 张伟


async def test_corrections_restate_one_issue(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    reply = await chat(client, OWNER, HEAD + "存在问题：临时用地和施工许可手续均未办结")
    assert "问题 #1 已按更正内容更新" in reply
    await chat(client, OWNER, HEAD + "存在问题：施工许可手续未办结")
    [issue] = await _issues(client)  # one issue for one project's week, not three
    assert issue.state == "发现"
    assert issue.text == "施工许可手续未办结"
    new, first_update, second_update = await pushes(client, "office")
    assert "【新问题】#1" in new
    assert "【问题更新】#1" in first_update
    assert "原为：临时用地手续未办结" in first_update
    assert "原为：临时用地和施工许可手续均未办结" in second_update
    [report] = await _current_reports(client)
    assert issue.report_id == report.id


async def test_a_correction_without_the_problem_line_keeps_the_issue(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：3600万")
    assert "更正" in reply
    [issue] = await _issues(client)
    assert issue.state == "发现"
    assert len(await pushes(client, "office")) == 1


async def test_a_correction_to_none_retracts_the_issue(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    reply = await chat(client, OWNER, HEAD + "存在问题：无，进展顺利")
    assert "问题 #1 已随更正撤回" in reply
    [issue] = await _issues(client)
    assert issue.state == "已撤回"
    _, retracted = await pushes(client, "office")
    assert "【问题撤回】#1" in retracted


async def test_a_correction_to_none_keeps_an_issue_whose_closing_was_refused(
    client: TestClient,
) -> None:
    # back at 发现 after the office's 驳回, it was taken back as if nobody had acted on it
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    await chat(client, OWNER, "/销号 #1 临时用地手续已办结")
    await chat(client, ADMIN, "/驳回 #1 批复文件请上传扫描件", chat_id="office")
    reply = await chat(client, OWNER, HEAD + "存在问题：无")
    assert "问题 #1（发现）未撤回，已请专班办公室核实" in reply
    [issue] = await _issues(client)
    assert issue.state == "发现"
    assert "【请核实】#1" in (await pushes(client, "office"))[-1]


async def test_withdrawal_retracts_the_issue_and_tells_the_office(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    reply = await chat(client, OWNER, "/撤回")
    assert "问题 #1 已撤回" in reply
    [issue] = await _issues(client)
    assert issue.state == "已撤回"  # not 已销号: nothing was solved
    assert issue.closed_at is not None
    _, retracted = await pushes(client, "office")
    assert "【问题撤回】#1 城区智慧物流园" in retracted
    async with client.app[DB].read() as session:
        actions = (await session.execute(select(IssueEvent.action))).scalars().all()
    assert list(actions) == ["发现", "撤回"]
    reply = await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    assert "已撤回" in reply


async def test_withdrawal_after_assignment_keeps_the_issue(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    reply = await chat(client, OWNER, "/撤回")
    assert "问题 #1（已交办）仍保留" in reply
    [issue] = await _issues(client)
    assert issue.state == "已交办"
    told = (await pushes(client, "office"))[-1]
    assert "【请核实】#1" in told
    assert "填报已撤回" in told


async def test_a_new_problem_after_assignment_opens_its_own_issue(client: TestClient) -> None:
    # the handler was given 临时用地; a correction naming another problem must not rewrite it
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    reply = await chat(client, OWNER, HEAD + "存在问题：施工许可未办结")
    assert "已登记为问题 #2" in reply
    assert "问题 #1（已交办）未撤回，已请专班办公室核实" in reply
    first, second = await _issues(client)
    assert (first.text, first.state) == ("临时用地手续未办结", "已交办")
    assert (second.text, second.state) == ("施工许可未办结", "发现")
    told = await pushes(client, "office")
    assert any("【新问题】#2" in push for push in told)
    assert any("【请核实】#1" in push for push in told)


async def test_a_restated_problem_after_assignment_keeps_its_issue(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    reply = await chat(client, OWNER, HEAD + "存在问题：临时用地手续仍未办结")
    assert "问题 #2" not in reply
    [issue] = await _issues(client)
    assert issue.state == "已交办"


async def test_yes_to_a_new_problem_after_assignment_opens_its_own(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    assert "是否登记为问题" in await chat(client, OWNER, HEAD + "存在问题：消防验收还没约上")
    reply = await chat(client, OWNER, "是")
    assert "登记为问题 #2" in reply
    assert "问题 #1（已交办）未撤回，已请专班办公室核实" in reply
    first, second = await _issues(client)
    assert first.text == "临时用地手续未办结"
    assert second.text == "消防验收还没约上"


async def test_withdrawing_a_correction_restores_the_earlier_problem(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    await chat(client, OWNER, HEAD + "存在问题：施工许可未办结")
    reply = await chat(client, OWNER, "/撤回")
    assert "恢复为此前填报的内容" in reply
    [issue] = await _issues(client)
    assert issue.state == "发现"
    assert issue.text == "临时用地手续未办结"
    [report] = await _current_reports(client)
    assert issue.report_id == report.id


async def test_the_digest_lists_neither_none_nor_retracted_problems(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：无，进展顺利")
    await chat(client, OWNER2, "进度 老旧小区\n累计完成：500万\n存在问题：围挡审批未办结")
    await chat(client, OWNER2, "/撤回")
    await chat(client, OWNER, "进度 厂房\n累计完成：100万\n存在问题：施工许可未办结")
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    pushes_ = await biweekly_digest(ctx, datetime(2025, 4, 29, 8, 30, tzinfo=SHANGHAI))
    text = pushes_[0].message.text
    assert "近两周新增 1 个" in text  # 施工许可未办结 only: neither "无" nor the withdrawn one
    assert "进展顺利" not in text
    assert "围挡" not in text


@pytest.mark.parametrize(
    "typed",
    [
        "冬季施工受限,部分路段开挖需交警部门审批",  # an ASCII comma
        "冬季施工受限 部分路段开挖需交警部门审批。",
        "冬季施工受限、部分路段开挖需交警部门审批；",
        "冬季施工受限，部分路段开挖需交警部门审批!",
    ],
)
async def test_the_open_problem_typed_with_other_punctuation_opens_no_second_issue(
    client: TestClient, typed: str
) -> None:
    await chat(client, OWNER, "/问题 物流园 冬季施工受限，部分路段开挖需交警部门审批")
    reply = await chat(client, OWNER, HEAD + f"存在问题：{typed}")
    assert f"存在问题：{typed}（问题 #1）" in reply
    assert "已登记为问题" not in reply
    assert len(await _issues(client)) == 1
    assert len(await pushes(client, "office")) == 1  # the office heard of #1 only


async def test_a_correction_in_other_punctuation_keeps_the_issue_as_it_was(
    client: TestClient,
) -> None:
    await chat(client, OWNER, HEAD + "存在问题：资金缺口1.5亿，需协调专项债")
    reply = await chat(client, OWNER, HEAD + "存在问题：资金缺口1.5亿,需协调专项债。")
    assert "（问题 #1）" in reply and "已按更正内容更新" not in reply
    reply = await chat(client, OWNER, HEAD + "存在问题：资金缺口15亿，需协调专项债")
    assert "问题 #1 已按更正内容更新" in reply  # a decimal point is no punctuation


async def test_a_problem_told_in_the_progress_is_pointed_at_and_raised_when_resent(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, HEAD + "形象进度：主体施工，资金还没到位，影响后续施工")
    assert (
        "👉 形象进度提到“资金还没到位，影响后续施工”；如需协调解决，请再发一次“进度 城区智慧物流园”"
        in reply
    )
    assert await _issues(client) == []  # pointed at, never opened on a guess
    reply = await chat(client, OWNER, "进度 物流园\n存在问题：资金还没到位")
    assert "（已登记为问题 #1，已告知专班办公室）" in reply and "👉 形象进度提到" not in reply
    # work told without a problem, or one said to be solved, is not pointed at
    harmless = ["外立面施工，不影响工期", "材料已到位，主体施工", "管网铺设，资金使用规范"]
    harmless += ["主体施工，未影响工期", "资金缺口已补齐", "冬季停工"]  # denied, dealt with, usual
    for progress in harmless:
        reply = await chat(client, OWNER2, f"进度 老旧小区\n累计完成：900万\n形象进度：{progress}")
        assert "已收到" in reply and "👉" not in reply, progress


async def test_a_problem_told_in_the_progress_of_a_project_with_open_issues_is_not_pointed_at(
    client: TestClient,
) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    reply = await chat(client, OWNER, HEAD + "形象进度：用地手续还没批下来，东段停工")
    assert "已收到" in reply and "形象进度提到" not in reply  # most likely the open #1's news


async def test_a_report_sent_again_after_its_problem_was_closed_raises_it_again(
    client: TestClient,
) -> None:
    # the owner says the problem is still there after the office closed it: no resend
    report = HEAD + "存在问题：临时用地手续未办结"
    await chat(client, OWNER, report)
    await chat(client, ADMIN, "/销号 #1 已办结")
    reply = await chat(client, OWNER, report)
    assert "无需重复发送" not in reply and "问题 #2" in reply, reply
    assert [i.state for i in await _issues(client)] == ["已销号", "发现"]


async def test_none_said_on_one_line_is_not_last_weeks_problem_carried_on(
    client: TestClient,
) -> None:
    await chat(client, OWNER, HEAD + "存在问题：临时用地手续未办结")
    reply = await chat(client, OWNER, "进度 物流园 本月400万 累计3600万 主体施工 无问题")
    assert "形象进度：主体施工\n" in reply
    assert "存在问题沿用" not in reply
    assert "问题 #1 已随更正撤回" in reply  # the correction says none after all
    [report] = await _current_reports(client)
    assert report.progress_text == "主体施工"
