"""An issue command typed without its slash, or with the issue's number touching its name:
the office's hurried ways of typing `/交办 #1 …`."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.seed import ADMIN, LEADER, OWNER

FOUND = "/问题 物流园 临时用地手续未办结"


async def test_a_number_touching_the_name_runs_the_command(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    reply = await chat(client, ADMIN, "/交办#1 北石店镇 4月30日", chat_id="office")
    assert "问题 #1 已交办给 北石店镇，期限 4月30日" in reply


@pytest.mark.parametrize("chat_id", ["office", None])
async def test_the_slash_left_out_is_answered_with_the_line_to_send(
    client: TestClient, chat_id: str | None
) -> None:
    await chat(client, ADMIN, FOUND)
    reply = await chat(client, ADMIN, "交办 #1 北石店镇 4月30日", chat_id=chat_id)
    assert reply.splitlines() == [
        "命令前要加“/”，请复制下面一行发送：",
        "/交办 #1 北石店镇 4月30日",
    ]
    assert "已交办" in await chat(client, ADMIN, reply.splitlines()[-1], chat_id=chat_id)


async def test_talk_about_an_issue_is_not_taken_for_a_command(client: TestClient) -> None:
    await chat(client, ADMIN, FOUND)
    # /问题 registers a new problem; `问题 #1 …` in a group is people talking about it
    assert await chat(client, LEADER, "问题 #1 解决了吗", chat_id="leaders") == ""
    assert await chat(client, LEADER, "督办 一下这个问题", chat_id="leaders") == ""


async def test_the_line_to_send_works_when_the_note_touches_the_number(
    client: TestClient,
) -> None:
    # `进展#1已协调` sent back as `/进展#1已协调` was refused: 问题编号“#1已协调”
    await chat(client, ADMIN, FOUND)
    reply = await chat(client, ADMIN, "进展#1已协调区自然资源局", chat_id="office")
    line = reply.splitlines()[-1]
    assert line == "/进展 #1 已协调区自然资源局"
    assert "已记录问题 #1 的办理进展" in await chat(client, ADMIN, line, chat_id="office")


async def test_a_slash_before_a_number_is_still_answered_as_a_command(client: TestClient) -> None:
    # `/#3` is someone after a command: told there is none, in a group too, as before
    reply = await chat(client, ADMIN, "/#3", chat_id="office")
    assert "没有“/#3”这个命令" in reply


async def test_a_command_said_to_the_bot_without_its_slash_gets_the_line(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "请假 12月7日至11日 李娜", chat_id=None)
    assert reply.splitlines() == ["命令前要加“/”，请复制下面一行发送：", "/请假 12月7日至11日 李娜"]
    # in a group the same words may be people talking: nothing
    assert await chat(client, OWNER, "请假 12月7日至11日 李娜") == ""
    # everyday words that name a command are not taken for it
    assert "命令前要加" not in await chat(client, OWNER, "问题 还没解决", chat_id=None)


@pytest.mark.parametrize(
    ("said", "usage"),
    [("请假 怎么请", "/请假 <起止日期> [代报人]"), ("销号 怎么操作？", "/销号 <#号> <说明>")],
)
async def test_a_question_about_a_command_is_not_sent_back_as_its_line(
    client: TestClient, said: str, usage: str
) -> None:
    # `请假 怎么请` got “/请假 怎么请” to copy, which /请假 refuses; it was told the usage
    reply = await chat(client, OWNER, said, chat_id=None)
    assert "命令前要加" not in reply
    assert f"请发送“{usage}”" in reply


async def test_an_issue_command_without_its_number_is_not_sent_back_as_a_line(
    client: TestClient,
) -> None:
    # `/督办 一下这个问题` names no issue: the line given back would only be refused
    reply = await chat(client, ADMIN, "督办 一下这个问题", chat_id=None)
    assert "/督办 一下这个问题" not in reply
