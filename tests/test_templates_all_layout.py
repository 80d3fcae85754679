"""/模板 全部 on a phone: a blank line between projects, and why some blocks carry `月份：`."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import DB
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import OWNER, seed

FIRST_WORKDAY = "2026-12-01 10:00"  # Tuesday: November's final figures are still wanted
NOTE = "带“月份：11月”的按11月填报；不带的项目已报过12月，按12月填报。"
DECEMBER = "进度 物流园\n月份：12月\n本月完成：100万\n本年累计完成：3600万\n形象进度：主体施工"


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    app = create_app(app_settings(tmp_path, now=FIRST_WORKDAY))
    client = await aiohttp_client(app)
    await seed(app[DB])
    return client


async def test_blocks_are_a_blank_line_apart(aiohttp_client: AiohttpClient, tmp_path: Path) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, "/模板 全部")
    blocks = reply.split("\n\n")
    assert len(blocks) == 3 and all(block.startswith("进度 ") for block in blocks)
    assert NOTE not in reply  # every block for November: nothing to explain


async def test_blocks_of_two_months_say_why_once_at_the_top(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    assert "计入 2026年12月" in await chat(client, OWNER, DECEMBER)
    reply = await chat(client, OWNER, "/模板 全部")
    note, *blocks = reply.split("\n\n")
    assert note == NOTE and reply.count(NOTE) == 1
    assert [("月份：11月" in block) for block in blocks] == [False, True, True]

    # the whole message sent back, note and all, the blocks left empty filled in: one report
    # per block (the one of December as it was: in already)
    answer = await chat(client, OWNER, reply.replace("形象进度：\n", "形象进度：施工准备\n"))
    assert "【3/3】" in answer and "没看懂" not in answer
    assert answer.count("✅ 已收到") == 2 and "已登记，无需重复发送" in answer, answer
