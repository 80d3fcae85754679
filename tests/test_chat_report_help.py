"""`/进度` with no project asks how to report: it is answered with the report's usage; so is a
`/模板` sent back with nothing filled in."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.keys import DB
from storage.models import Report
from tests.support.chat import chat
from tests.support.seed import OWNER, OWNER2, STRANGER


@pytest.mark.parametrize("text", ["/进度", "进度", "#进度", "/report", "@调度助手 进度"])
async def test_a_bare_report_header_is_answered_with_how_to_report(
    client: TestClient, text: str
) -> None:
    reply = await chat(client, OWNER, text, chat_id=None)
    assert "第一行写“进度 项目名”" in reply
    assert "只报数字时可写在一行，如“进度 城区智慧物流园 本月1200万 累计3.5亿”" in reply
    assert "发送“/模板 项目名”" in reply
    assert "或把月份写进名称，如“10月累计完成：3.2亿”“上月完成：800万”" in reply  # back-filled
    assert "没有“/进度”这个命令" not in reply


async def test_a_bare_slash_report_in_a_group_is_answered(client: TestClient) -> None:
    assert "第一行写“进度 项目名”" in await chat(client, OWNER, "/进度")
    assert "第一行写“进度 项目名”" in await chat(client, STRANGER, "/进度")


async def test_help_on_reporting_still_works(client: TestClient) -> None:
    reply = await chat(client, OWNER, "/帮助 进度")
    assert "第一行写“进度 项目名”" in reply
    assert "后面还没有填报内容" not in reply
    # how to declare a completion, in words the grammar reads (an owner copies them)
    example = reply.split("“已于")[1].split("”")[0]
    declared = await chat(client, OWNER, f"进度 污水管网\n已于{example}")
    assert "竣工：已登记" in declared


async def test_a_bare_report_word_among_people_in_a_group_is_left_alone(client: TestClient) -> None:
    assert await chat(client, OWNER, "进度") == ""


BLANK = (
    "发回的模板是空的：请至少填上“本年累计完成”或“本月完成”（如“本年累计完成：3.5亿”），"
    "或写上“形象进度”，再发送"
)


@pytest.mark.parametrize("chat_id", ["owners", None])
async def test_a_template_sent_back_empty_is_no_report(client: TestClient, chat_id: str) -> None:
    # stored as a report of nothing: the project counted as reported, off /未报
    template = await chat(client, OWNER2, "/模板")
    assert template.startswith("进度 西街老旧小区改造\n本月完成：\n本年累计完成：\n形象进度：\n")
    reply = await chat(client, OWNER2, template, chat_id=chat_id)
    assert reply == f"❌ “西街老旧小区改造”的进度未记录：\n  · {BLANK}", reply
    async with client.app[DB].read() as session:
        assert (await session.execute(select(func.count()).select_from(Report))).scalar() == 0
    assert "· 西街老旧小区改造（李娜）" in await chat(client, OWNER2, "/未报")


async def test_a_template_with_only_its_progress_filled_is_a_report(client: TestClient) -> None:
    template = await chat(client, OWNER2, "/模板")
    reply = await chat(client, OWNER2, template.replace("形象进度：", "形象进度：正在拆除旧管线"))
    assert "✅ 已收到“西街老旧小区改造”" in reply and "形象进度：正在拆除旧管线" in reply, reply
    assert "所有项目都已报送进度" in await chat(client, OWNER2, "/未报")
