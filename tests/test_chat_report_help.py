"""`/进度` with no project asks how to report: it is answered with the report's usage."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.seed import OWNER, STRANGER


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
