"""How a "which project?" question (handlers.reports.which_ask) says it is given up: as it is.
A look-up leaves it waiting; a report or anything else said to the bot drops it."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Report
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.seed import OWNER, WAN

ASK = "进度 北石店\n累计完成：600万"  # 北石店: 工业园区标准化厂房 (1) or 污水管网改造 (2)
DROP = "发送其他内容则放弃（其间查询不受影响）。"


async def _ytd(client: TestClient) -> list[int | None]:
    async with client.app[DB].read() as session:
        rows = await session.execute(select(Report).order_by(Report.id))
        return [report.ytd_investment_yuan for report in rows.scalars()]


async def test_the_question_says_a_look_up_keeps_it_and_one_does(client: TestClient) -> None:
    asked = await chat(client, OWNER, ASK, chat_id=None)
    # it said anything else gave it up, yet /我的 and /未报 leave it waiting
    assert f"本次填报即按所选项目保存；{DROP}" in asked, asked
    for look_up in ("/我的", "/未报", "/项目 物流园"):
        reply = await chat(client, OWNER, look_up, chat_id=None)
        assert "已放弃" not in reply, reply
    wanted = await chat(client, OWNER, "好的", chat_id=None)
    assert wanted == f"您有一份进度在等选定项目：请回复上面列出的序号（如“1”）；{DROP}", wanted
    stored = await chat(client, OWNER, "1", chat_id=None)
    assert "已收到“北石店工业园区标准化厂房”" in stored, stored
    assert await _ytd(client) == [600 * WAN]
    # anything else said to the bot gives it up, as the question says
    await chat(client, OWNER, ASK, chat_id=None)
    reply = await chat(client, OWNER, "物流园的数我再核一下", chat_id=None)
    assert "（此前“北石店”的进度未回复是哪个项目，已放弃，未记录）" in reply, reply
    assert "已收到" not in await chat(client, OWNER, "2", chat_id=None)
    assert await _ytd(client) == [600 * WAN]


async def test_a_look_up_says_the_question_still_waits(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # a report held for 确认 was said to wait on through a look-up; this question was not
    friday = await seeded_client(
        aiohttp_client, create_app(app_settings(tmp_path, now="2025-04-25 10:00"))
    )
    await chat(friday, OWNER, ASK, chat_id=None)
    for look_up in ("/我的", "/未报", "/项目 物流园"):
        reply = await chat(friday, OWNER, look_up, chat_id=None)
        assert reply.endswith("（此前“北石店”的进度仍在等您回复序号选定项目）"), reply
    assert "已收到“北石店污水管网改造”" in await chat(friday, OWNER, "2", chat_id=None)
    assert "选定项目" not in await chat(friday, OWNER, "/我的", chat_id=None)
    # asked on Friday, it waits no more on Monday (its `1` is talk): not said
    await chat(friday, OWNER, ASK, chat_id=None)
    monday = await aiohttp_client(create_app(app_settings(tmp_path, now="2025-04-28 10:00")))
    assert "选定项目" not in await chat(monday, OWNER, "/我的", chat_id=None)
