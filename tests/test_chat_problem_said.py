"""A problem told in words, not as /问题 or a report's 存在问题: the reply is the /问题 that
registers it, ready to copy, with the owner's words and the project filled in where it can be
known; nothing is registered until they send it."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from domain.budget import Budget, fits
from storage.models import Issue, Project
from tests.support.chat import chat
from tests.support.seed import ADMIN, LEADER, OWNER, OWNER2, STRANGER

FUNDS = "物流园项目专项债资金迟迟没有下达，需要区财政局协调"
LAND = "我们的厂房项目用地手续还没办下来，影响开工"


async def _issues(client: TestClient) -> list[tuple[str, str]]:
    """Each issue's project and words."""
    async with client.app[DB].read() as session:
        statement = select(Project.name, Issue.text).join(Project, Project.id == Issue.project_id)
        return [(name, text) for name, text in await session.execute(statement)]


@pytest.mark.parametrize(
    ("said", "project"),
    [(FUNDS, "城区智慧物流园"), (LAND, "北石店工业园区标准化厂房")],
)
async def test_a_problem_told_in_words_gets_the_command_that_registers_it(
    client: TestClient, said: str, project: str
) -> None:
    # it was answered 没看懂 with how to report progress
    reply = await chat(client, OWNER, said, chat_id=None)
    send = f"/问题 {project} {said}"
    told = "这像是在反映问题，尚未登记。要登记请复制下面一行发送："
    assert reply.splitlines()[:2] == [told, send]
    assert "没看懂" not in reply and "项目名" not in reply
    assert fits(reply, Budget(lines=4, chars=200))
    assert await _issues(client) == []  # never registered on a guess
    # sending the line it gave registers the problem in the owner's words
    assert "已登记问题 #1" in await chat(client, OWNER, send, chat_id=None)
    assert await _issues(client) == [(project, said)]


async def test_said_to_the_bot_in_a_group_it_is_answered_the_same(client: TestClient) -> None:
    reply = await chat(client, OWNER, f"@调度助手 {FUNDS}")
    assert f"/问题 城区智慧物流园 {FUNDS}" in reply
    assert await chat(client, OWNER, FUNDS) == ""  # not said to it: people talking


async def test_an_owner_of_several_projects_naming_none_is_shown_them(client: TestClient) -> None:
    said = "征地拆迁还有三户没谈下来，影响施工"
    reply = await chat(client, OWNER, said, chat_id=None)
    assert f"/问题 项目名 {said}" in reply
    assert (
        "请把“项目名”换成您的项目：城区智慧物流园、北石店工业园区标准化厂房、北石店污水管网改造。"
        in reply
    )
    # an owner of one: that one, whatever the words
    reply = await chat(client, OWNER2, said, chat_id=None)
    assert f"/问题 西街老旧小区改造 {said}" in reply and "项目名" not in reply
    # another's project named: that one, never the sender's own in its place
    reply = await chat(client, OWNER2, FUNDS, chat_id=None)
    assert f"/问题 城区智慧物流园 {FUNDS}" in reply and "西街" not in reply


async def test_a_problem_written_as_a_report_line_is_registered_without_its_key(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "存在问题：物流园临时用地手续未办结", chat_id=None)
    assert "/问题 城区智慧物流园 物流园临时用地手续未办结" in reply


@pytest.mark.parametrize(
    "said",
    [
        "今天天气不错",
        "好的收到",
        "下午几点开会",
        "今天有什么需要我关注的",
        "用地手续批了吗",
        "土地",
    ],
)
async def test_what_is_not_a_problem_keeps_the_reply_it_had(client: TestClient, said: str) -> None:
    reply = await chat(client, OWNER, said, chat_id=None)
    assert f"没看懂“{said}”" in reply and "/问题" not in reply


async def test_strangers_keep_the_reply_they_had(client: TestClient) -> None:
    reply = await chat(client, STRANGER, FUNDS, chat_id=None)
    assert "/问题" not in reply and "没看懂" not in reply  # how to get into the ledger
    # someone who reports nothing is not told of the report's 存在问题 line
    reply = await chat(client, LEADER, FUNDS, chat_id=None)
    assert f"/问题 城区智慧物流园 {FUNDS}" in reply and "存在问题" not in reply


async def test_the_command_typed_without_its_slash_is_given_back_with_it(
    client: TestClient,
) -> None:
    # its name and project were taken for the problem's words: `/问题 项目名 问题 物流园 …`
    reply = await chat(client, OWNER, "问题 物流园 专项债资金迟迟没有下达", chat_id=None)
    assert "/问题 城区智慧物流园 专项债资金迟迟没有下达" in reply, reply
    assert "项目名" not in reply


@pytest.mark.parametrize(
    ("who", "said"),
    [
        (OWNER, "谢谢领导协调"),
        (OWNER, "感谢财政局帮忙协调资金"),
        (OWNER, "收到，需要的话我再联系"),
        (OWNER, "好的，手续的事我明天去问"),
        (OWNER, "明白，资金的事领导在协调"),
        (LEADER, "各单位要抓紧解决资金不到位问题"),
        (
            ADMIN,
            "关于做好2027年项目谋划工作的通知\n各镇街、各部门：为做好明年项目谋划，"
            "需要各单位于12月10日前报送项目清单，用地、资金等要素需提前协调。",
        ),
    ],
)
async def test_a_thank_you_or_a_word_to_all_units_is_no_problem_told(
    client: TestClient, who: str, said: str
) -> None:
    # each was answered `这像是在反映问题` with a /问题 line in its words
    reply = await chat(client, who, said, chat_id=None)
    assert "没看懂" in reply and "/问题" not in reply, reply


@pytest.mark.parametrize(
    "said", ["物流园和厂房的用地手续都还没办下来", "物流园、厂房的专项债资金迟迟没有下达"]
)
async def test_a_problem_of_two_projects_is_put_on_neither(client: TestClient, said: str) -> None:
    # it was put on 城区智慧物流园 alone, as if 厂房 were not named
    reply = await chat(client, OWNER, said, chat_id=None)
    assert f"/问题 项目名 {said}" in reply, reply
    assert "城区智慧物流园" in reply.splitlines()[2]  # the projects to choose from


@pytest.mark.parametrize(
    "said",
    [
        "进度慢了点，下周加快",
        "我们会抓紧推进",
        "我们会抓紧协调资金",
        "正在办理手续",
        "物流园手续下周去办，我们会抓紧",
    ],
)
async def test_a_pace_a_plan_or_work_under_way_is_no_problem_told(
    client: TestClient, said: str
) -> None:
    # each was answered `这像是在反映问题` with a /问题 line in its words
    reply = await chat(client, OWNER, said, chat_id=None)
    assert "没看懂" in reply and "/问题" not in reply, reply


async def test_a_project_named_after_other_words_is_filled_in(client: TestClient) -> None:
    said = "今天太忙了，物流园资金还没到位"
    # it was `/问题 项目名 …`: only a name at the message's start was looked for
    reply = await chat(client, OWNER, said, chat_id=None)
    assert f"/问题 城区智慧物流园 {said}" in reply, reply
    assert "项目名" not in reply
    # two of theirs named after other words: neither is picked
    said = "这周开会多，物流园和厂房的资金都还没到位"
    reply = await chat(client, OWNER, said, chat_id=None)
    assert f"/问题 项目名 {said}" in reply, reply


@pytest.mark.parametrize("said", ["物流园的用地问题一直没解决", "厂房这个问题还没解决，影响开工"])
async def test_a_problem_not_solved_told_is_not_taken_for_a_question(
    client: TestClient, said: str
) -> None:
    # `问题…没解决` was read as asking for /问题清单 (as 还有多少问题没解决 asks) and the owner
    # telling of a problem was sent to a list instead of the line that registers it
    reply = await chat(client, OWNER, said, chat_id=None)
    assert "尚未登记。要登记请复制下面一行发送：" in reply, reply
    assert "/问题清单" not in reply
    asked = await chat(client, OWNER, "还有问题没解决吗？", chat_id=None)
    assert "请发送“/问题清单”查询" in asked
