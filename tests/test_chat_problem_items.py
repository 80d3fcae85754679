"""A 存在问题 listing several problems opens one issue each; a problem restated in other words
is the open one, not a second (through the local adapter)."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from domain.problem_items import same_problem, split_problems
from storage.models import Issue
from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, OWNER

HEAD = "进度 物流园\n本月完成：300万\n累计完成：3500万\n"
THREE = ["临时用地手续未办结", "施工用电容量不足", "配套资金未到位"]


async def _open_texts(client: TestClient) -> list[tuple[int, str]]:
    async with client.app[DB].read() as session:
        statement = select(Issue).where(Issue.state == "发现").order_by(Issue.number)
        return [(i.number, i.text) for i in (await session.execute(statement)).scalars()]


@pytest.mark.parametrize(
    "typed",
    [
        "1.临时用地手续未办结；2.施工用电容量不足；3.配套资金未到位",
        "\n1.临时用地手续未办结\n2.施工用电容量不足\n3.配套资金未到位",
        "（1）临时用地手续未办结（2）施工用电容量不足（3）配套资金未到位",
        "①临时用地手续未办结；②施工用电容量不足；③配套资金未到位",
    ],
)
async def test_several_problems_open_one_issue_each(client: TestClient, typed: str) -> None:
    reply = await chat(client, OWNER, HEAD + f"存在问题：{typed}")
    assert "（共 3 个问题，分别如下）" in reply, reply
    assert "已登记为问题 #1：临时用地手续未办结" in reply
    assert "已登记为问题 #2：施工用电容量不足" in reply
    assert "已登记为问题 #3：配套资金未到位" in reply
    assert await _open_texts(client) == [(1, THREE[0]), (2, THREE[1]), (3, THREE[2])]
    told = await pushes(client, "office")
    assert [t for t in told if "【新问题】" in t] == told and len(told) == 3
    # each is handed on and closed on its own
    assert "#2" in await chat(client, ADMIN, "/交办 #2 北石店镇 5个工作日", chat_id="office")
    await chat(client, ADMIN, "/销号 #3 资金已拨付", chat_id="office")
    assert await _open_texts(client) == [(1, THREE[0])]


async def test_a_listed_problem_open_already_is_not_opened_twice(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 施工用电容量不足")
    reply = await chat(client, OWNER, HEAD + "存在问题：1.临时用地手续未办结；2.施工用电容量不足")
    assert "已登记为问题 #2：临时用地手续未办结" in reply
    assert "施工用电容量不足：与问题 #1 相同，未重复登记" in reply
    assert await _open_texts(client) == [(1, THREE[1]), (2, THREE[0])]


@pytest.mark.parametrize(
    "typed",
    [
        "资金缺口1.5亿；需协调专项债",
        # a problem with its cause or effect: one problem (two issues each told the office)
        "雨季施工受限；工期滞后",
        "施工许可证未办理；住建局审批流程较长",
        "设备到货延迟；厂家产能不足",
        "电力接入未完成；供电公司排期到明年一月",
        "受疫情影响；工期延误",
        # unnumbered clauses or lines are not clearly a list: one issue, as the owner typed it
        "临时用地手续未办结；施工用电容量不足；配套资金未到位",
        "临时用地手续未办结\n施工用电容量不足",
    ],
)
async def test_unnumbered_clauses_stay_one_issue(client: TestClient, typed: str) -> None:
    reply = await chat(client, OWNER, HEAD + f"存在问题：{typed}")
    assert "已登记为问题 #1" in reply and "#2" not in reply, reply
    assert await _open_texts(client) == [(1, typed)]
    assert len(await pushes(client, "office")) == 1


@pytest.mark.parametrize(
    ("open_", "typed"),
    [("施工用电容量不足", "施工用电容量仍不足"), ("配套资金未及时到位", "配套资金仍未到位")],
)
async def test_a_problem_restated_in_other_words_names_the_open_issue(
    client: TestClient, open_: str, typed: str
) -> None:
    await chat(client, OWNER, f"/问题 物流园 {open_}")
    reply = await chat(client, OWNER, HEAD + f"存在问题：{typed}")
    assert f"存在问题：{typed}（与问题 #1 相同，未重复登记）" in reply
    assert "已登记为问题" not in reply
    assert await _open_texts(client) == [(1, open_)]
    assert len(await pushes(client, "office")) == 1  # the office heard of #1 only


@pytest.mark.parametrize(
    ("open_", "typed"),
    [("施工用电容量不足", "施工用电容量不足。"), ("配套资金未及时到位", "配套资金仍未到位")],
)
async def test_a_problem_raised_again_by_command_names_the_open_issue(
    client: TestClient, open_: str, typed: str
) -> None:
    # /问题 opened a second issue, told the office again, for a problem open already
    await chat(client, OWNER, f"/问题 物流园 {open_}")
    reply = await chat(client, ADMIN, f"/问题 物流园 {typed}", chat_id="office")
    assert "与问题 #1 相同，未重复登记（发现）。" in reply
    assert reply.endswith(f"【城区智慧物流园】{open_}")  # the issue as registered
    assert "“/进展 #1 说明”" in reply and "已登记问题" not in reply
    assert await _open_texts(client) == [(1, open_)]
    assert len(await pushes(client, "office")) == 1  # the office heard of #1 only
    # another project's, or another kind of problem, is new
    assert "已登记问题 #2" in await chat(client, OWNER, f"/问题 厂房 {typed}")
    assert "已登记问题 #3" in await chat(client, OWNER, "/问题 物流园 施工用水容量不足")


async def test_a_repayment_problem_is_not_the_open_payment_problem(client: TestClient) -> None:
    # `工程还款` read as `工程款` once 还 was dropped anywhere: the repayment problem was taken
    # for the open 工程款 one and never registered, so no one was handed it
    await chat(client, OWNER, "/问题 物流园 工程款未到位")
    reply = await chat(client, OWNER, HEAD + "存在问题：工程还款未到位")
    assert "存在问题：工程还款未到位（已登记为问题 #2，已告知专班办公室）" in reply, reply
    assert await _open_texts(client) == [(1, "工程款未到位"), (2, "工程还款未到位")]
    assert len(await pushes(client, "office")) == 2


async def test_still_not_is_the_open_problem_and_repaying_is_another(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 工程款未到位")
    # the adverb 还 is "still": the open problem, not a second
    reply = await chat(client, OWNER, HEAD + "存在问题：工程款还未到位")
    assert "存在问题：工程款还未到位（与问题 #1 相同，未重复登记）" in reply, reply
    reply = await chat(client, ADMIN, "/问题 物流园 工程还款未到位", chat_id="office")
    assert "已登记问题 #2" in reply and "与问题 #1 相同" not in reply, reply
    assert await _open_texts(client) == [(1, "工程款未到位"), (2, "工程还款未到位")]


async def test_a_bond_confiscated_is_not_the_bond_not_collected(client: TestClient) -> None:
    # `没收` (confiscated) was read as `未收`: the confiscation was taken for the open
    # uncollected bond and never registered, so no one was handed it
    await chat(client, OWNER, "/问题 物流园 履约保证金未收")
    reply = await chat(client, OWNER, "/问题 物流园 履约保证金没收")
    assert "已登记问题 #2" in reply and "与问题 #1 相同" not in reply, reply
    # `没收到` is "not received": the open problem, not a second
    await chat(client, OWNER, "/问题 物流园 工程款未收到")
    assert "与问题 #3 相同" in await chat(client, OWNER, "/问题 物流园 工程款没收到")
    assert await _open_texts(client) == [
        (1, "履约保证金未收"), (2, "履约保证金没收"), (3, "工程款未收到"),
    ]  # fmt: skip


async def test_a_problem_of_another_kind_is_not_merged(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 施工用电容量不足")
    reply = await chat(client, OWNER, HEAD + "存在问题：施工用水容量不足")
    assert "已登记为问题 #2" in reply
    assert len(await _open_texts(client)) == 2


async def test_a_correction_of_a_list_keeps_what_stays_and_takes_back_what_went(
    client: TestClient,
) -> None:
    await chat(client, OWNER, HEAD + "存在问题：1.临时用地手续未办结；2.施工用电容量不足")
    reply = await chat(client, OWNER, HEAD + "存在问题：1.施工用电容量不足；2.配套资金未到位")
    assert "已登记为问题 #3：配套资金未到位" in reply
    assert "问题 #1 已撤回" in reply
    assert await _open_texts(client) == [(2, THREE[1]), (3, THREE[2])]
    reply = await chat(client, OWNER, HEAD + "存在问题：无")
    assert "问题 #2 已撤回" in reply and "问题 #3 已撤回" in reply
    assert await _open_texts(client) == []


async def test_withdrawing_a_list_takes_back_each_issue(client: TestClient) -> None:
    await chat(client, OWNER, HEAD + "存在问题：1.临时用地手续未办结；2.施工用电容量不足")
    reply = await chat(client, OWNER, "/撤回")
    assert "问题 #1 已撤回" in reply and "问题 #2 已撤回" in reply
    assert await _open_texts(client) == []


@pytest.mark.parametrize(
    "typed",
    ["基坑深3.5米；2、土方外运受限", "资金缺口1.5亿，需协调", "1.资金不足 2.无", "用地未批；资金"],
)
def test_what_is_not_a_list_stays_one_problem(typed: str) -> None:
    assert split_problems(typed) == [typed]


def test_a_problem_listed_twice_is_one() -> None:
    assert split_problems("1.资金不足；2.用地未批；3.资金不足。") == ["资金不足", "用地未批"]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("施工用电容量仍不足", "施工用电容量不足", True),
        ("配套资金未及时到位", "配套资金仍未到位", True),
        ("资金没有到位", "资金尚未到位", True),
        ("施工用电容量不足", "施工用水容量不足", False),  # two departments' problems
        ("临时用地手续未办结", "施工许可手续未办结", False),
        ("资金缺口1.5亿", "资金缺口15亿", False),
        # 还/尚 inside a word is its meaning, not "still"
        ("工程款未到位", "工程还款未到位", False),  # the contractor's pay; a loan's repayment
        ("建房资金未到位", "还建房资金未到位", False),  # 还建房: resettlement housing
        ("借款尚未归还", "借款未归还", True),
        ("拆迁还需协调", "拆迁需协调", True),
        ("资金还是没有到位", "资金未到位", True),
        # 没收 is "confiscated", but 没收到 / 没收回 are "not received"
        ("保证金没收", "保证金未收", False),
        ("工程款没收到", "工程款未收到", True),
        ("欠款还没收回", "欠款未收回", True),
    ],
)
def test_which_texts_are_one_problem(one: str, other: str, same: bool) -> None:
    assert same_problem(one, other) is same
