"""Nothing dropped silently: a 交办/督办/reminder that reaches nobody is said at once and listed
for the office every working day (#10)."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.cli.jobs import job_context
from bot.keys import DB, SETTINGS
from domain.clock import parse_local_time
from scheduler.jobs import build_jobs
from scheduler.runner import run_job
from storage.models import Outbox, Undelivered
from tests.support.apps import LOCAL_GROUPS, app_settings
from tests.support.chat import chat, pushes
from tests.support.seed import ADMIN, LEADER, OWNER, seed

JOBS = build_jobs()
LAND = "/问题 物流园 临时用地手续未办结"
WECOM_OWNERS = {
    "name": "城区项目责任人群",
    "platform": "wecom",
    "role": "owners",
    "webhook": "http://127.0.0.1:9/cgi-bin/webhook/send?key=x",
}


async def _client(
    aiohttp_client: AiohttpClient, tmp_path: Path, groups: list[dict[str, str]] | None = None
) -> TestClient:
    settings = app_settings(
        tmp_path, groups=LOCAL_GROUPS if groups is None else groups, outbox={"enabled": False}
    )
    app = create_app(settings)
    client = await aiohttp_client(app)
    await seed(app[DB])
    return client


async def _undelivered(client: TestClient) -> list[Undelivered]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Undelivered).order_by(Undelivered.id))).scalars())


async def _office_list(client: TestClient, at: str) -> list[str]:
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    await run_job(ctx, JOBS["issue_loop"], parse_local_time(at))
    return [text for text in await pushes(client, "office") if "【未送达提醒】" in text]


async def test_assigning_to_a_unit_without_a_group_says_so(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    await chat(client, OWNER, LAND)
    reply = await chat(client, ADMIN, "/交办 #1 西街街道 5个工作日", chat_id="office")
    assert "问题 #1 已交办给 西街街道" in reply
    assert "⚠️ 未送达：西街街道没有配置单位群；消息只发到了城区项目责任人群，西街街道收不到" in reply
    [row] = await _undelivered(client)
    assert (row.source, row.target) == ("交办", "西街街道")
    assert row.what == "问题 #1 交办：城区智慧物流园——临时用地手续未办结"

    reply = await chat(client, LEADER, "/督办 #1", chat_id="leaders")
    assert "⚠️ 未送达" in reply
    await chat(client, ADMIN, "/销号 #1 经核实已办结", chat_id="office")
    await chat(client, ADMIN, "/重开 #1 复查发现仍未办结", chat_id="office")
    assert [r.source for r in await _undelivered(client)] == ["交办", "督办", "销号", "重开"]

    [listed] = await _office_list(client, "2025-04-25 09:30")
    assert "【未送达提醒】4 条消息没有送到应收到的人" in listed
    # each line says which action did not arrive (the phone budget shows three of the four)
    lines = [line for line in listed.splitlines() if "问题 #1" in line]
    assert len(lines) == len(set(lines)) == 3
    assert "问题 #1 交办：城区智慧物流园——临时用地手续未办结 → 西街街道（赵敏发出）" in lines[0]
    assert "问题 #1 督办：城区智慧物流园——临时用地手续未办结 → 西街街道（钱副区长发出）" in lines[1]
    assert "问题 #1 销号：" in lines[2] and "……另有 1 条" in listed
    assert len(await _office_list(client, "2025-04-25 09:30")) == 1  # a rerun adds nothing
    # next working day: only what is new — the loop's own reminder that found no unit group
    later = (await _office_list(client, "2025-04-28 09:30"))[-1]
    assert "【未送达提醒】1 条" in later
    assert "问题 #1 到期提醒：城区智慧物流园——临时用地手续未办结 → 西街街道" in later


async def test_a_person_who_can_be_mentioned_is_reached(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    await chat(client, OWNER, LAND)
    reply = await chat(client, ADMIN, "/交办 #1 李娜 5个工作日", chat_id="office")
    assert "未送达" not in reply
    assert await _undelivered(client) == []
    assert "【问题交办】#1" in (await pushes(client, "owners"))[-1]


async def test_a_person_without_an_account_and_no_unit_group(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    office = next(g for g in LOCAL_GROUPS if g["role"] == "office")
    client = await _client(aiohttp_client, tmp_path, [WECOM_OWNERS, office])
    await chat(client, OWNER, LAND, chat_id="office")
    reply = await chat(client, ADMIN, "/交办 #1 李娜 5个工作日", chat_id="office")
    assert "西街街道没有配置单位群，李娜也没有在群所在平台绑定账号" in reply
    [row] = await _undelivered(client)
    assert row.target == "李娜"


async def test_no_group_at_all(aiohttp_client: AiohttpClient, tmp_path: Path) -> None:
    client = await _client(aiohttp_client, tmp_path, [])
    reply = await chat(client, OWNER, LAND)
    assert "⚠️ 这条消息要通知的专班办公室群没有配置，未能送达任何人" in reply
    reply = await chat(client, ADMIN, "/交办 #1 北石店镇 5个工作日")
    assert "北石店镇没有配置单位群；消息没有发到任何群" in reply
    rows = await _undelivered(client)
    assert [(r.source, r.target) for r in rows] == [
        ("新问题通知", "专班办公室群"),
        ("交办", "北石店镇"),
    ]
    async with client.app[DB].read() as session:
        assert (await session.execute(select(Outbox))).first() is None


async def test_reminders_that_reach_nobody_are_listed_for_the_office(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    office = next(g for g in LOCAL_GROUPS if g["role"] == "office")
    client = await _client(aiohttp_client, tmp_path, [office])
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    assert await run_job(ctx, JOBS["nudge"], parse_local_time("2025-04-24 15:00")) == 0
    [row] = await _undelivered(client)
    assert row.source == "nudge"
    assert row.reason == "没有配置责任人群"
    [listed] = await _office_list(client, "2025-04-25 09:30")
    assert "催报：4 个项目未报" in listed
