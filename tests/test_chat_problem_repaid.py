"""还 and 尚 in a 存在问题 are "still" only as the adverb: `工程还款资金已到位` and `贷款已偿还`
say a problem is gone, not one still open (through the local adapter)."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from domain.problem_text import Verdict, judge
from storage.models import Issue
from tests.support.chat import chat, pushes
from tests.support.seed import OWNER

HEAD = "进度 物流园\n本月完成：300万\n累计完成：3500万\n"


async def _issues(client: TestClient) -> list[tuple[int, str, str]]:
    async with client.app[DB].read() as session:
        found = (await session.execute(select(Issue).order_by(Issue.number))).scalars()
        return [(i.number, i.text, i.state) for i in found]


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        ("工程还款资金未到位", "工程还款资金已到位"),
        ("银行贷款逾期未偿还", "贷款已偿还"),
    ],
)
async def test_a_repayment_said_done_points_at_its_open_issue(
    client: TestClient, raised: str, said: str
) -> None:
    # 还 read as "still" made `工程还款资金已到位` a problem: a second issue was opened beside the
    # one it closes, and the office was told to hand it on
    await chat(client, OWNER, f"/问题 物流园 {raised}")
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert f"如是问题 #1“{raised}”，请发送“/销号 #1 {said}”申请销号" in reply, reply
    assert "已登记为问题" not in reply and "是否登记为问题" not in reply
    assert await _issues(client) == [(1, raised, "发现")]
    assert len(await pushes(client, "office")) == 1  # the /问题 alone


@pytest.mark.parametrize("said", ["贷款已偿还", "工程还款资金已到位", "借款已归还", "还建房已交付"])
async def test_a_repayment_said_done_opens_nothing_and_asks_nothing(
    client: TestClient, said: str
) -> None:
    # with no open issue, it was registered (#1, the office told) or asked about (是/否)
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert f"存在问题：{said}\n" in reply, reply
    assert "问题 #" not in reply and "是否登记为问题" not in reply
    assert await _issues(client) == []
    assert await pushes(client, "office") == []


async def test_still_not_repaid_is_a_problem(client: TestClient) -> None:
    reply = await chat(client, OWNER, HEAD + "存在问题：工程还款资金还未到位")
    assert "存在问题：工程还款资金还未到位（已登记为问题 #1，已告知专班办公室）" in reply, reply
    assert await _issues(client) == [(1, "工程还款资金还未到位", "发现")]


@pytest.mark.parametrize(
    ("said", "verdict"),
    [
        # 还 / 尚 inside a word: its meaning, nothing left to do
        ("工程还款资金已到位", Verdict.RESOLVED),
        ("贷款已偿还", Verdict.RESOLVED),
        ("借款已归还", Verdict.RESOLVED),
        ("贷款已经全部还清", Verdict.RESOLVED),
        ("还建房已交付", Verdict.RESOLVED),
        ("拆迁还建已完成", Verdict.RESOLVED),
        ("尚书路改造已完成", Verdict.RESOLVED),
        # the adverb: still to do
        ("贷款已偿还一半", Verdict.PROBLEM),
        ("借款尚未归还", Verdict.PROBLEM),
        ("资金已到位还有缺口", Verdict.PROBLEM),
        ("用地已办结，还需协调", Verdict.PROBLEM),
        ("还不上贷款", Verdict.PROBLEM),  # cannot repay
        ("工程还款资金还未到位", Verdict.PROBLEM),
        # a bare status, still: what is being worked on is not said
        ("还在协调", Verdict.UNCLEAR),
        ("尚在协调", Verdict.UNCLEAR),
    ],
)
def test_still_is_read_only_as_the_adverb(said: str, verdict: Verdict) -> None:
    assert judge(said) is verdict


@pytest.mark.parametrize("said", ["施工图已交付监理审核", "消防设计图纸已交付审查中心审查"])
async def test_handed_over_for_review_is_still_asked_about(client: TestClient, said: str) -> None:
    # 交付 read as done took a review still pending for a problem solved: nothing was asked
    reply = await chat(client, OWNER, HEAD + f"存在问题：{said}")
    assert "👉 是否登记为问题？回复 是/否" in reply, reply


@pytest.mark.parametrize(
    ("said", "verdict"),
    [
        ("场地已交付", Verdict.RESOLVED),  # handed over: done
        ("安置房已交付使用", Verdict.RESOLVED),
        ("用地已交付施工方", Verdict.RESOLVED),  # handed over to whom: done all the same
        ("土地已交付给施工单位", Verdict.RESOLVED),
        ("施工图已交付监理审核", Verdict.UNCLEAR),  # handed on for what is still to come
        ("图纸已交付设计院修改", Verdict.UNCLEAR),
        ("场地尚未交付", Verdict.PROBLEM),
    ],
)
def test_handed_over_is_done_unless_what_follows_is_to_come(said: str, verdict: Verdict) -> None:
    assert judge(said) is verdict


async def test_land_handed_over_to_the_builder_is_no_new_problem(client: TestClient) -> None:
    # 用地 named a problem once 交付 with words after it was no longer read as done
    reply = await chat(client, OWNER, HEAD + "存在问题：用地已交付施工方")
    assert "已登记为问题" not in reply and "是否登记为问题" not in reply, reply
    assert await _issues(client) == []
