"""The problem loop refuses what would mislead: repeated 督办, a lost issue number (#10)."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Issue, IssueEvent
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import ADMIN, LEADER, OWNER, seed

LAND = "/问题 物流园 临时用地手续未办结"


async def _app_at(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, *, fresh: bool, **settings: object
) -> TestClient:
    app = create_app(app_settings(tmp_path, now=now, **settings))
    client = await aiohttp_client(app)
    if fresh:
        await seed(app[DB])
    return client


async def _issue(client: TestClient) -> Issue:
    async with client.app[DB].read() as session:
        return (await session.execute(select(Issue))).scalar_one()


async def _presses(client: TestClient) -> int:
    async with client.app[DB].read() as session:
        statement = select(IssueEvent).where(IssueEvent.action == "督办")
        return len((await session.execute(statement)).scalars().all())


async def test_pressing_again_within_a_working_day_is_refused(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # Friday 2025-04-25; the next working day is Sunday 4/27 (调休 for 五一)
    client = await _app_at(aiohttp_client, tmp_path, "2025-04-25 10:05", fresh=True)
    await chat(client, OWNER, LAND)
    await chat(client, ADMIN, "/交办 1 北石店镇 5月9日")  # a 督办 presses whoever has it
    assert "已督办（第 1 次）" in await chat(client, LEADER, "/督办 #1", chat_id="leaders")
    for _ in range(2):
        reply = await chat(client, LEADER, "/督办 #1 抓紧", chat_id="leaders")
        assert "问题 #1 已于 4月25日 10:05 督办过（当前第 1 次）" in reply
        assert "可于 4月27日 起再次督办" in reply
    issue = await _issue(client)
    assert issue.escalation_level == 1
    assert await _presses(client) == 1
    await client.close()

    client = await _app_at(aiohttp_client, tmp_path, "2025-04-27 09:00", fresh=False)
    assert "已督办（第 2 次）" in await chat(client, ADMIN, "/督办 #1", chat_id="office")
    assert (await _issue(client)).escalation_level == 2


async def test_the_interval_is_configurable(aiohttp_client: AiohttpClient, tmp_path: Path) -> None:
    client = await _app_at(
        aiohttp_client,
        tmp_path,
        "2025-04-24 10:00",
        fresh=True,
        issues={"supervise_interval_workdays": 0},
    )
    await chat(client, OWNER, LAND)
    await chat(client, ADMIN, "/交办 1 北石店镇 5月9日")  # a 督办 presses whoever has it
    await chat(client, LEADER, "/督办 #1", chat_id="leaders")
    assert "已督办（第 2 次）" in await chat(client, LEADER, "/督办 #1", chat_id="leaders")


async def test_issue_list_finds_one_issue_in_any_open_state(client: TestClient) -> None:
    await chat(client, OWNER, LAND)
    reply = await chat(client, OWNER, "/问题清单 #1")
    assert "#1 城区智慧物流园：临时用地手续未办结（发现）" in reply
    await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日", chat_id="office")
    assert "（已交办，北石店镇" in await chat(client, OWNER, "/问题清单 #1")
    await chat(client, LEADER, "/督办 #1", chat_id="leaders")
    reply = await chat(client, LEADER, "/问题清单 #1")
    assert "#1 城区智慧物流园：临时用地手续未办结（督办中" in reply
    await chat(client, ADMIN, "/销号 #1 已办结", chat_id="office")
    assert "问题 #1 已销号（已办结）" in await chat(client, OWNER, "/问题清单 #1")
    assert "没有编号为 #7 的问题" in await chat(client, OWNER, "/问题清单 #7")
