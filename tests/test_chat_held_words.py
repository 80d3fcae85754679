"""What a held report's reply tells the owner to do: a figure to copy that stores what it says,
and how the report is given up, as it truly is (`不对`; a look-up in between keeps it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import DB
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.reports import add_report, latest_ytd
from tests.support.seed import OWNER, WAN, seed

NOW = "2026-12-02 09:30"  # a Wednesday; last week's report came on Wednesday 25 November
HELD_HINT = "如数字无误，请回复“确认”保存；回复“不对”放弃（其间查询不受影响）。"


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The seeded app at NOW, 物流园 having reported 40250万 last week and 40570万 this week."""
    app = create_app(app_settings(tmp_path, now=NOW))
    client = await aiohttp_client(app)
    await seed(app[DB], entered=date(2026, 1, 5))
    await add_report(app[DB], "P001", OWNER, "2026-11-25 10:00", 40250)
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：40570万元")
    return client


async def test_the_total_to_copy_is_exact_and_stores_what_was_meant(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, "进度 物流园 本周完成50万")
    # 40570万 + 50万: 4.06亿元 copied back would be stored 20万 short
    assert (
        "按本周完成 50万元 推算的本年累计完成 40300万元 低于本周已报的 40570万元；"
        "如50万元是在 40570万元 之外新增的，请写“本年累计完成：40620万元”重发" in reply
    ), reply
    assert "不对" in reply and "已放弃" in await chat(client, OWNER, "不对")
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：40620万元")
    assert "已收到" in reply, reply
    assert await latest_ytd(client) == 40620 * WAN


async def test_a_held_report_says_how_it_is_given_up_and_a_look_up_keeps_it(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, "进度 物流园 本周完成50万")
    assert "暂未记录" in reply and HELD_HINT in reply, reply
    assert "发送进度以外" not in reply
    for look_up in ("/未报", "/我的", "/项目 物流园"):
        reply = await chat(client, OWNER, look_up)
        # still waiting, with no word that a message other than a report gives it up
        assert "此前“城区智慧物流园”的进度仍暂未记录，请按此前的提示回复；回复“不对”放弃" in reply
        assert "以外的内容则放弃" not in reply, reply
    assert "已收到" in await chat(client, OWNER, "确认")
    assert await latest_ytd(client) == 40300 * WAN  # the week's 50万 on last week's total, as sent


async def test_a_confirm_with_nothing_held_says_where_the_report_went(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)  # this week's report stored at once
    nothing = "您没有待确认的填报（可能已保存或已放弃，发送 /我的 可查看各项目本周是否已报）"
    assert nothing in await chat(client, OWNER, "确认", chat_id=None)
    assert nothing in await chat(client, OWNER, "@调度助手 确认")
    assert await chat(client, OWNER, "确认") == ""  # in a group people say it to each other
    assert "城区智慧物流园（本周已报）" in await chat(client, OWNER, "/我的", chat_id=None)
