"""The command layer in chat: help, aliases, usage errors, refusals, unknown commands, /绑定."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select, update

from bot.keys import DB
from storage.models import (
    Audit,
    Identity,
    Inbound,
    Issue,
    Leave,
    Person,
    Project,
    Report,
    Unit,
)
from tests.support.apps import count
from tests.support.chat import chat, pushes
from tests.support.platform_chat import as_account
from tests.support.reports import add_report
from tests.support.seed import ADMIN, COLLEAGUE, LEADER, OWNER, OWNER2, STRANGER

COMMANDS = [
    "项目", "我的", "未报", "亮灯", "排名", "问题", "交办", "督办", "进展", "销号", "重开",
    "问题清单", "模板", "请假", "撤回", "绑定", "解绑", "帮助",
]  # fmt: skip


async def _wecom(client: TestClient, user: str, text: str) -> str:
    return await as_account(client, user, text)


async def test_help_all_lists_every_command_by_its_chinese_name(client: TestClient) -> None:
    text = await chat(client, ADMIN, "/帮助 全部")
    for name in COMMANDS:
        assert re.search(rf"/{name}(?!\w)", text), name
    assert "/help" not in text and "/mine" not in text  # the aliases work, unlisted
    assert "进度 项目名" in text and "未列出" not in text
    assert await chat(client, ADMIN, "/HELP all") == text
    assert await chat(client, ADMIN, "／帮助 全部") == text  # a full-width slash, as IMEs type it
    assert await chat(client, ADMIN, "@调度助手 /h 全部") == text


async def test_help_all_lists_what_the_asker_may_run(client: TestClient) -> None:
    # an owner's phone shows the commands he can use; the office's own are only counted
    text = await chat(client, OWNER, "/帮助 全部")
    assert "· /模板" in text and "· /交办" not in text and "· /解绑" not in text
    assert "个命令供包联领导或专班办公室使用，未列出" in text
    leader = await chat(client, LEADER, "/帮助 全部")
    assert "· /督办" in leader and "个命令供专班办公室使用，未列出" in leader
    stranger = await chat(client, STRANGER, "/帮助 全部")
    assert "· /绑定" in stranger and "· /我的" not in stranger and "登记后可用" in stranger


async def test_help_on_progress_notes_says_who_may_write_them(client: TestClient) -> None:
    # /帮助 全部 gives each command a short line (tests/test_help_fits.py): /帮助 进展 says it
    one = await chat(client, OWNER, "/帮助 进展")
    assert "由承办人（单位）、项目责任单位、包联领导或专班办公室填写" in one


async def test_help_names_the_offices_own_projects(client: TestClient) -> None:
    # a county's ledger: its examples are its own names, not the demo's 物流园 and 北石店镇
    async with client.app[DB].write() as session:
        await session.execute(update(Unit).where(Unit.name == "北石店镇").values(name="马圪当乡"))
        await session.execute(
            update(Project).where(Project.code == "P001").values(aliases="王莽岭")
        )
        await session.execute(update(Person).where(Person.mobile == OWNER).values(name="李明"))
    owner = await chat(client, OWNER, "/帮助")
    assert "进度 王莽岭\n" in owner and "/模板 王莽岭" in owner
    admin = await chat(client, ADMIN, "/帮助")
    assert "/交办 #3 马圪当乡 李明 5个工作日" in admin
    assert "物流园" not in owner + admin and "北石店镇" not in admin
    assert "进度 王莽岭 本月1200万" in await chat(client, OWNER, "/帮助 进度")


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("/project P001", "/项目 P001"),
        ("/xm 物流园", "/项目 物流园"),
        ("/my", "/我的"),
        ("/unreported", "/未报"),
        ("/lights", "/亮灯"),
        ("/ranking", "/排名"),
        ("/issues", "/问题清单"),
        ("/mb 物流园", "/模板 物流园"),
        ("/withdraw", "/撤回"),
        ("/Mine", "/我的"),
    ],
)
async def test_english_aliases_answer_like_the_chinese_names(
    client: TestClient, alias: str, name: str
) -> None:
    assert await chat(client, OWNER, alias) == await chat(client, OWNER, name)


async def test_aliases_that_change_things(client: TestClient) -> None:
    assert "已登记问题 #1" in await chat(client, OWNER, "/issue 物流园 缺少施工用电")
    assert "已交办" in await chat(client, ADMIN, "/assign #1 北石店镇 5天")
    assert "已督办" in await chat(client, LEADER, "/supervise #1")
    assert "办理进展" in await chat(client, OWNER, "/progress #1 已对接供电公司")
    assert "已销号" in await chat(client, ADMIN, "/close #1 已通电")
    assert "重新打开" in await chat(client, ADMIN, "/reopen #1 电压不稳")
    assert "已登记请假" in await chat(client, OWNER, "/leave 4月28日-4月30日")


@pytest.mark.parametrize(
    ("text", "usage", "problem"),
    [
        ("/项目", "/项目 <项目>", "缺少参数 项目"),
        ("/问题 物流园", "/问题 <项目> <描述>", "缺少参数 问题描述"),
        # a description alone was taken for the project: what was read, and what goes where
        (
            "/问题 临时用地手续未办结",
            "/问题 <项目> <描述>",
            "只写了“临时用地手续未办结”，应依次写项目、问题描述",
        ),
        ("/进展 #1", "/进展 <#号> <说明>", "缺少参数 说明"),
        ("/销号", "/销号 <#号> <说明>", "缺少参数 问题编号"),
        ("/督办 一号", "/督办 <#号> [要求]", "问题编号“一号”应写成 #12 或 12"),
        ("/督办", "/督办 <#号> [要求]", "缺少参数 问题编号"),
        ("/我的 全部", "/我的", "多余的参数"),
        ("/排名 火星", "/排名 [月份]", "“火星”不是月份"),
        ("/未报 火星镇", "/未报 [上周] [单位]", "没有找到单位“火星镇”"),
        ("/亮灯 火星镇", "/亮灯 [单位或灯色]", "没有找到单位“火星镇”"),
        ("/请假", "/请假 <起止日期> [代报人]", "缺少参数 起止日期"),
        ("/绑定 12345", "/绑定 <手机号>", "“12345”不是 11 位手机号"),
        ("/解绑", "/解绑 <手机号>", "缺少参数 手机号"),
    ],
)
async def test_malformed_arguments_get_the_usage(
    client: TestClient, text: str, usage: str, problem: str
) -> None:
    sender = ADMIN  # may run everything, so the answer is about the arguments only
    reply = await chat(client, sender, text)
    assert f"用法：{usage}" in reply
    assert problem in reply
    assert "Traceback" not in reply
    for model in (Issue, Report, Leave, Identity):
        assert await count(client, model) == 0


@pytest.mark.parametrize(
    ("user", "text", "who"),
    [
        (OWNER, "/交办 #1 北石店镇 5天", "专班办公室管理员"),
        (LEADER, "/重开 #1 再查", "专班办公室管理员"),
        (COLLEAGUE, "/解绑 13900000003", "专班办公室管理员"),
        (OWNER, "/督办 #1", "包联领导或专班办公室"),
    ],
)
async def test_refusals_name_the_role_needed(
    client: TestClient, user: str, text: str, who: str
) -> None:
    await chat(client, OWNER, "/问题 物流园 缺少施工用电")
    reply = await chat(client, user, text)
    name = text.split(maxsplit=1)[0]
    assert f"“{name}”仅限{who}使用" in reply
    async with client.app[DB].read() as session:
        issue = (await session.execute(select(Issue))).scalar_one()
    assert (issue.state, issue.escalation_level) == ("发现", 0)


async def test_strangers_are_told_how_to_register(client: TestClient) -> None:
    for text in ("/项目 物流园", "/问题 物流园 缺电", "/我的"):
        reply = await chat(client, STRANGER, text)
        assert "没有在项目台账的人员名单中登记" in reply
        # the simulator knows people by their mobile: /绑定 would tell them it is not needed
        assert "请专班办公室把您的手机号登记到台账" in reply and "/绑定" not in reply
        assert "/绑定 您的手机号" in await _wecom(client, STRANGER, text)  # on a platform
    assert "您的手机号不在项目台账中" in await chat(client, STRANGER, "/帮助")
    assert await count(client, Issue) == 0


async def test_a_mistyped_command_gets_the_one_meant(client: TestClient) -> None:
    reply = await chat(client, OWNER, "/我得")
    assert "没有“/我得”这个命令，您是不是要发送“/我的”？" in reply
    assert "您是不是要发送“/问题清单”？" in await chat(client, OWNER, "/问题单")
    # a command with more typed after it: that command, not one spelt alike
    assert "您是不是要发送“/我的”？" in await chat(client, OWNER, "/我的项目")
    assert "您是不是要发送“/问题清单”？" in await chat(client, OWNER, "/问题清单北石店镇")


async def test_unknown_commands_and_free_text_get_guidance(client: TestClient) -> None:
    reply = await chat(client, OWNER, "/查询 物流园")
    assert "没有“/查询”这个命令" in reply
    assert "/帮助" in reply
    assert "是不是" not in reply  # nothing close: no guess
    reply = await chat(client, OWNER, "/" + "x" * 200)
    assert len(reply) < 100
    reply = await chat(client, OWNER, "下午几点开会", chat_id=None)  # 1:1: always answered
    assert "没看懂“下午几点开会”" in reply
    assert "/模板 项目名" in reply
    assert "是要发送" not in reply  # nothing like a command: no guess
    reply = await chat(client, OWNER, "@调度助手 物流园怎么样了")  # in a group, with an @
    assert reply == "请发送“/项目 物流园”查询。发送“/帮助”查看全部命令。"  # a question
    reply = await chat(client, OWNER, "@调度助手 我的项目")  # a command without its slash
    assert "没看懂“我的项目”。是要发送“/我的”吗？" in reply
    leader = await chat(client, LEADER, "今天有什么需要我关注的", chat_id=None)
    assert "没看懂" in leader and "报进度请以" not in leader  # a leader reports nothing
    assert "“/亮灯”" in leader
    assert await count(client, Inbound) == 6  # logged, and nothing else changed
    assert await count(client, Report) == 0


@pytest.mark.parametrize(
    ("asked", "command"),
    [
        ("本周还有谁没报", "/未报"),
        ("我这周要报哪些项目", "/我的"),
        ("怎么报进度？", "/模板 项目名"),
        ("物流园怎么报", "/模板 物流园"),
        ("有哪些红灯项目", "/亮灯"),
        ("我们单位排第几", "/排名"),
        ("11月排名", "/排名 11月"),  # not /排名, spelt alike
        ("上月排名", "/排名 上月"),
        ("物流园现在啥情况", "/项目 物流园"),
        ("火星基地现在啥情况", "/项目 项目名"),  # names no project of the ledger
        ("北石店镇本周谁没报", "/未报 北石店镇"),  # the unit asked about, filled in
        ("北石店有哪些红灯", "/亮灯 北石店镇"),
        ("北石店镇的项目有哪些红灯", "/亮灯 北石店镇"),  # was /亮灯: 的项目 kept the unit unread
        ("还有多少问题没解决", "/问题清单"),  # was 没看懂
    ],
)
async def test_a_question_in_words_is_pointed_to_its_command(
    client: TestClient, asked: str, command: str
) -> None:
    reply = await chat(client, OWNER, asked, chat_id=None)
    assert f"发送“{command}”" in reply
    assert "没看懂" not in reply


@pytest.mark.parametrize(
    ("asked", "usage"),
    [
        ("交办的问题怎么反馈进展", "/进展 <#号> <说明>"),  # was pointed to /项目
        ("问题怎么销号", "/销号 <#号> <说明>"),  # was “是要发送/问题吗”, which opens one
        ("问题销号怎么弄", "/销号 <#号> <说明>"),  # was 没看懂
        ("怎么请假", "/请假 <起止日期> [代报人]"),  # was /请假 with no format
    ],
)
async def test_asking_how_to_do_a_step_gets_the_command_and_its_usage(
    client: TestClient, asked: str, usage: str
) -> None:
    reply = await chat(client, OWNER, asked, chat_id=None)
    assert f"请发送“{usage}”：" in reply
    assert "没看懂" not in reply and "/问题”" not in reply


@pytest.mark.parametrize("said", ["3号问题销号了吗", "交办给谁了", "怎么汇报项目进展"])
async def test_a_question_that_is_not_how_to_do_a_step_gets_no_usage(
    client: TestClient, said: str
) -> None:
    reply = await chat(client, OWNER, said, chat_id=None)
    assert "<#号>" not in reply  # not pointed to /销号, /交办 or an issue's /进展


@pytest.mark.parametrize("said", ["存在问题：用地还没报批", "环评手续还没报批"])
async def test_problem_or_report_text_is_not_taken_for_a_question(
    client: TestClient, said: str
) -> None:
    reply = await chat(client, OWNER, said, chat_id=None)
    # a problem told: how to register it (was 没看懂), never a question's command
    assert "/问题 项目名 " in reply
    assert "/未报" not in reply and "/项目 " not in reply


@pytest.mark.parametrize(
    "said",
    [
        "物流园本月完成1200万，进展顺利",
        "物流园，本月完成1200万元，累计完成3500万元，形象进度主体结构施工。",  # voice input
    ],
)
async def test_a_report_said_to_the_bot_alone_without_its_keyword_is_stored(
    client: TestClient, said: str
) -> None:
    reply = await chat(client, OWNER, said, chat_id=None)
    assert "已收到“城区智慧物流园”" in reply
    async with client.app[DB].read() as session:
        [report] = (await session.execute(select(Report))).scalars()
    assert report.period_investment_yuan == 12_000_000
    # a command or a question with figures in it is not one
    progress = await chat(client, OWNER, "/进展 #1 已协调，本月完成投资500万", chat_id=None)
    assert "台账中没有找到" not in progress
    asked = await chat(client, OWNER, "物流园，本月完成1200万，累计完成多少？", chat_id=None)
    assert "已收到" not in asked
    # in a group, only of the sender's own project: from others the same words are talk
    assert await chat(client, OWNER2, "老旧小区，本月必须完成200万") == ""
    assert await chat(client, LEADER, "物流园，本月完成1300万元，累计完成3600万元") == ""
    reply = await chat(client, OWNER, "物流园，本月完成1300万元，累计完成3600万元")  # owners
    assert "已收到“城区智慧物流园”" in reply


async def test_bind_on_wecom_then_undo(client: TestClient) -> None:
    assert "没有在项目台账的人员名单中登记" in await _wecom(client, "wangqiang", "/我的")
    reply = await _wecom(client, "wangqiang", "/绑定 139-0000-0005")
    assert "绑定成功：您是 王强（139****0005）" in reply
    [notice] = await pushes(client, "office")
    assert "王强（13900000005）通过 /绑定 绑定了企业微信账号" in notice
    assert "管理员可在企业微信中向调度助手发送“/解绑 13900000005”撤销" in notice
    assert "王强，台账中没有登记" in await _wecom(client, "wangqiang", "/我的")
    assert "已绑定为 王强" in await _wecom(client, "wangqiang", "/绑定 13900000003")

    # A bound mobile and one not in the ledger: the same answer, and nothing is bound.
    reply = await _wecom(client, "impostor", "/绑定 13900000005")
    assert "须由专班办公室核实后确认" in reply
    stranger = await _wecom(client, "nobody", "/绑定 13900000099")
    assert stranger.replace("0099）", "0005）") == reply
    assert "仅限专班办公室管理员" in await _wecom(client, "wangqiang", "/解绑 13900000005")

    async with client.app[DB].write() as session:  # the office registers its admins itself
        admin = (await session.execute(select(Person).where(Person.mobile == ADMIN))).scalar_one()
        session.add(Identity(person_id=admin.id, platform="wecom", external_id="zhaomin"))
    assert "已撤销 王强" in await _wecom(client, "zhaomin", "/解绑 13900000005")
    assert "没有在项目台账的人员名单中登记" in await _wecom(client, "wangqiang", "/我的")
    assert "绑定成功" in await _wecom(client, "impostor", "/绑定 13900000005")
    # the office reads the notice in its own group, on another platform: it is told where to
    # send it, and nothing of the accounts it has there is touched
    reply = await chat(client, ADMIN, "/解绑 13900000005")
    assert "在本平台没有绑定的账号，在企业微信有：请在要撤销的那个平台的聊天中" in reply
    async with client.app[DB].read() as session:
        actions = list((await session.execute(select(Audit.action).order_by(Audit.id))).scalars())
    assert actions == ["bind", "bind_request", "bind_refused", "unbind", "bind"]


async def test_bind_is_not_needed_in_the_simulator(client: TestClient) -> None:
    assert "无需绑定" in await chat(client, OWNER, f"/绑定 {OWNER}")
    assert await count(client, Identity) == 0


async def test_a_leaders_word_with_figures_is_not_a_report_nor_ends_a_held_one(
    client: TestClient,
) -> None:
    for said in (
        "【物流园】本月完成1500万，累计4亿，请抓紧",
        "物流园 本月完成1500万 累计4亿 进展不错",
    ):
        assert await chat(client, LEADER, said) == ""  # in the owners' group, no @
    async with client.app[DB].read() as session:
        assert (await session.execute(select(Report))).first() is None
    await add_report(client.app[DB], "P001", OWNER, "2025-04-17 10:00", 5964)  # last week
    held = await chat(client, OWNER, "进度 物流园\n本月完成：1200万\n本年累计完成：3.5亿")
    assert "暂未记录" in held
    # his own words in the group about another's project: talk, and his report stays held
    assert await chat(client, OWNER, "老旧小区，本月完成100万，累计500万") == ""
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, "确认")


async def test_a_report_said_alone_may_end_its_problem_with_a_question(client: TestClient) -> None:
    said = "物流园，本月完成1200万，累计3.8亿\n存在问题：用地指标何时下达？"
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, said, chat_id=None)


async def test_a_unit_colleagues_report_without_jindu_is_a_report(client: TestClient) -> None:
    # 王强 is 北石店镇 staff, owner of no project: he may report for his unit's projects, and
    # his figures with 进度 left out were taken for talk, unanswered and unstored
    reply = await chat(client, COLLEAGUE, "物流园 本月完成100万 累计3800万 主体施工")
    assert "已收到“城区智慧物流园”" in reply, reply
    # refused, it is said so (silence read as stored)
    refused = await chat(client, COLLEAGUE, "污水管网 本月完成100万 累计1亿")
    assert "未记录" in refused and "超过了项目总投资" in refused, refused
    # another unit's project: still talk
    assert await chat(client, COLLEAGUE, "老旧小区，本月完成100万，累计500万") == ""


@pytest.mark.parametrize("said", ["/我的 项目", "我的 项目", "/我的 的项目？"])
async def test_words_that_only_say_the_command_again_are_no_arguments(
    client: TestClient, said: str
) -> None:
    reply = await chat(client, OWNER, said, chat_id=None)
    assert reply == await chat(client, OWNER, "/我的", chat_id=None)
    assert "参数不对" not in reply
