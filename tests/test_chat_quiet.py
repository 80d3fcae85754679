"""Quiet in groups: small talk passes unanswered, near-misses of commands and reports are
understood, a 1:1 chat always gets an answer; /帮助 per role."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from storage.models import Report
from tests.support.apps import count
from tests.support.chat import chat
from tests.support.seed import ADMIN, LEADER, OWNER, STRANGER

SMALL_TALK = ["收到", "好的", "👍", "收到，谢谢！", "🌹🌹", "好的👌", "辛苦了", "OK", "。。。", "1"]


@pytest.mark.parametrize("text", SMALL_TALK)
async def test_small_talk_in_a_group_gets_no_answer(client: TestClient, text: str) -> None:
    assert await chat(client, OWNER, text) == ""
    assert await chat(client, OWNER, f"@调度助手 {text}") == ""  # even said to the bot


async def test_people_talking_among_themselves_are_left_alone(client: TestClient) -> None:
    assert await chat(client, OWNER, "物流园下午几点开会？") == ""
    assert await chat(client, OWNER, "进度很快，大家加油") == ""
    assert "没看懂" in await chat(client, OWNER, "@调度助手 物流园下午几点开会？")


@pytest.mark.parametrize(
    "text",
    [
        "本月完成1200万，累计完成3.8亿",
        "进度\n本月完成：50万\n累计完成：6837万",
        "进度：\n形象进度：主体施工",
        "本月完成：50万\n累计完成：6837万\n形象进度：主体施工",
    ],
)
async def test_a_report_without_the_projects_name_is_asked_about(
    client: TestClient, text: str
) -> None:
    reply = await chat(client, OWNER, text)
    assert reply.startswith("❌ 这份进度没有写项目名称，未记录。请在第一行写“进度 项目名称”")
    assert "您负责的项目：城区智慧物流园、北石店工业园区标准化厂房、北石店污水管网改造" in reply
    assert await count(client, Report) == 0


@pytest.mark.parametrize(
    "text",
    [
        "进展：明天上午开协调会",
        "累计完成多少了？",
        "本周：周三下午开调度会",
        "累计：已完成80%",
        "今天开会说了几件事\n进度：各项目要抓紧\n问题：资金没到位",
        "各位：\n进度 请大家周五前报\n形象进度：写清楚",
        "大家好，本月完成1200万",
        "物流园 累计多少了",
        "进度：各项目要抓紧",  # a leader chivvying the group: names no project
    ],
)
async def test_a_field_said_in_passing_is_no_report(client: TestClient, text: str) -> None:
    assert await chat(client, OWNER, text) == ""


async def test_a_header_alone_naming_a_project_asks_for_its_figures(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园")
    assert "/模板 物流园" in reply
    # naming nothing in the ledger: in a 1:1 chat the closest names, not /模板 of the words
    reply = await chat(client, OWNER, "进度 智慧物流 上周累计多少", chat_id=None)
    assert "没有找到“智慧物流 上周累计多少”" in reply and "/模板 智慧物流" not in reply


@pytest.mark.parametrize(
    "text",
    [
        "4月第3周进度：\n进度 物流园\n累计完成：3500万",
        "4月第3周进度：\n进度 物流园 累计3500万",
        "物流园 本月1200万 累计3500万",  # 进度 left out
        "物流园：本月完成1200万；累计完成3500万；存在问题：无",
        "物流园 累计3500万（含设备款）",
        "物流园 本月完成1,200万元；累计3,500万元；形象进度：主体结构封顶，开始砌筑",  # long
        "物流园\n本月完成：1200万\n累计完成：3500万",
    ],
)
async def test_a_title_above_a_report_is_no_missing_name(client: TestClient, text: str) -> None:
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, text)


@pytest.mark.parametrize("text", ["下午几点开会", "物流园"])
async def test_a_one_to_one_chat_answers_everything(client: TestClient, text: str) -> None:
    reply = await chat(client, OWNER, text, chat_id=None)
    assert "没看懂" in reply and "/帮助" in reply


@pytest.mark.parametrize("text", ["/", "/ ", "／", "//"])
async def test_a_slash_alone_with_the_bot_gets_the_short_help(
    client: TestClient, text: str
) -> None:
    reply = await chat(client, OWNER, text, chat_id=None)
    assert reply == await chat(client, OWNER, "/帮助", chat_id=None)
    assert "使用说明**（项目责任人）" in reply and "/帮助 全部" in reply


async def test_a_slash_alone_in_a_group_stays_quiet(client: TestClient) -> None:
    assert await chat(client, OWNER, "/") == ""


@pytest.mark.parametrize("text", ["收到", "好的", "谢谢", "👍"])
async def test_an_ok_alone_with_the_bot_is_not_told_it_was_not_understood(
    client: TestClient, text: str
) -> None:
    assert await chat(client, OWNER, text, chat_id=None) == ""


@pytest.mark.parametrize(
    ("near_miss", "meant"),
    [
        ("帮助", "/帮助"),
        ("/ 我的", "/我的"),
        ("我的", "/我的"),
        ("／我的", "/我的"),
        ("／ 未报", "/未报"),
        ("亮灯", "/亮灯"),
        ("#问题清单", "/问题清单"),
        ("模板 物流园", "/模板 物流园"),
        ("@调度助手 我的", "/我的"),
        ("我报了吗？", "/我的"),  # asked in plain words
        ("谁还没报", "/未报"),
    ],
)
async def test_near_misses_of_commands_are_understood(
    client: TestClient, near_miss: str, meant: str
) -> None:
    assert await chat(client, OWNER, near_miss) == await chat(client, OWNER, meant)


async def test_words_that_only_start_like_a_command_stay_chatter(client: TestClient) -> None:
    assert await chat(client, OWNER, "我的天，这么多项目") == ""
    assert await chat(client, OWNER, "交办的事明天再说") == ""  # changes things: slash needed


async def test_a_report_without_the_space_is_a_report(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度城区智慧物流园\n本月完成：1200万\n累计完成：3500万")
    assert "已收到“城区智慧物流园”" in reply
    assert await count(client, Report) == 1


async def test_an_answer_word_with_nothing_asked_passes_in_a_group(client: TestClient) -> None:
    assert await chat(client, OWNER, "是") == ""
    assert await chat(client, OWNER, "确认") == ""
    assert "没有" in await chat(client, OWNER, "确认", chat_id=None)


@pytest.mark.parametrize(
    ("user", "role", "listed", "not_listed"),
    [
        (
            OWNER,
            "项目责任人",
            ["/模板 物流园", "/我的", "/撤回", "/请假", "/销号 #3"],
            ["/交办", "/督办"],
        ),
        (LEADER, "包联领导", ["/亮灯 红灯", "/看板", "/督办"], ["/交办", "/撤回"]),
        (ADMIN, "专班办公室", ["/交办", "/销号", "/未报"], ["/撤回", "/请假"]),
        (STRANGER, "未登记人员", ["/绑定"], ["/我的", "/交办"]),
    ],
)
async def test_help_lists_the_few_commands_of_the_askers_role(
    client: TestClient, user: str, role: str, listed: list[str], not_listed: list[str]
) -> None:
    text = await chat(client, user, "/帮助")
    assert f"（{role}）" in text
    for usage in listed:
        assert usage in text
    for usage in not_listed:
        assert usage not in text
    assert "/帮助 全部" in text
    commands = [line for line in text.splitlines() if line.startswith("· /")]
    assert len(commands) <= 6
    assert not any(c.isascii() and c.isalpha() for c in text.replace("/帮助", ""))  # Chinese only


async def test_help_on_one_command(client: TestClient) -> None:
    text = await chat(client, OWNER, "/帮助 亮灯")
    assert "/亮灯" in text and "例如：/亮灯 红灯" in text
    assert await chat(client, OWNER, "/帮助 /亮灯") == text
    assert await chat(client, OWNER, "/帮助 lights") == text
    assert "没有“开会”这个命令" in await chat(client, OWNER, "/帮助 开会")


@pytest.mark.parametrize("topic", ["进度", "报进度", "填报"])
async def test_help_on_reporting_shows_how_to_report(client: TestClient, topic: str) -> None:
    """Reporting is a message, not a command: asking for its help shows the format."""
    text = await chat(client, OWNER, f"/帮助 {topic}")
    assert "这个命令" not in text
    assert "第一行写“进度 项目名”" in text
    assert "本年累计完成：3.5亿" in text and "/模板 项目名" in text
