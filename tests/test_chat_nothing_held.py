"""`不对` and `确认` when no held report waits: `不对` right after a report was stored says how
that report is put right; `确认` to 是否登记为问题 answers it as `是`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Issue
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.reports import add_report, latest_ytd
from tests.support.seed import OWNER, OWNER2, WAN, seed

NOW = "2026-12-02 09:30"  # a Wednesday of week 49
NOTHING = "您没有待确认的填报，无需放弃。"
JUST_STORED = "刚才“城区智慧物流园”的进度已保存；如有错，"
RESEND = "直接重发正确的进度即可（本周以最后一次为准），或发送“/撤回”撤回这次填报。"


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    app = create_app(app_settings(tmp_path, now=NOW))
    client = await aiohttp_client(app)
    await seed(app[DB], entered=date(2026, 1, 5))
    await add_report(app[DB], "P001", OWNER, "2026-11-25 10:00", 40250)  # last week
    return client


async def test_a_cancel_right_after_a_stored_report_says_how_to_put_it_right(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：40570万元")
    for said in ("不对", "@调度助手 填错了"):
        reply = await chat(client, OWNER, said, chat_id=None if said == "不对" else "owners")
        assert reply.startswith(NOTHING) and JUST_STORED + RESEND in reply, reply
    assert await chat(client, OWNER, "不对") == ""  # in a group, to someone else
    assert await chat(client, OWNER2, "不对", chat_id=None) == NOTHING  # stored nothing
    # as it says: the week's figure is the last one sent, a lower one too
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：40500万元", chat_id=None)
    assert "更正" in reply, reply
    assert await latest_ytd(client) == 40500 * WAN


async def test_a_cancel_long_after_the_report_or_of_a_past_week_says_what_holds(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    await add_report(client.app[DB], "P001", OWNER, "2026-12-02 08:50", 40570)
    assert await chat(client, OWNER, "不对", chat_id=None) == NOTHING  # 40 minutes ago
    # 补报上周 sent just now: sent again plainly it would be this week's, so only /撤回 says true
    await add_report(client.app[DB], "P001", OWNER, NOW, 40300, "2026-11", period="2026-W48")
    reply = await chat(client, OWNER, "不对", chat_id=None)
    assert JUST_STORED + "发送“/撤回”撤回这次填报后重新填报。" in reply, reply
    assert "补报（计入2026年第48周" in await chat(client, OWNER, "/撤回", chat_id=None)


async def test_confirm_to_whether_to_register_a_problem_registers_it(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：40570万元\n存在问题：一般般")
    assert "是否登记为问题？回复 是/否" in reply, reply
    reply = await chat(client, OWNER, "确认", chat_id=None)
    assert "已将“城区智慧物流园”的“一般般”登记为问题 #1" in reply, reply
    async with client.app[DB].read() as session:
        [issue] = (await session.execute(select(Issue))).scalars()
    assert issue.text == "一般般"
    assert "您没有待确认的填报" in await chat(client, OWNER, "确认", chat_id=None)  # answered
