"""Simultaneous writers on one database: three app processes' worth of connections at once.

On PostgreSQL each app's transaction runs beside the others', so reports and issue changes for
the same project or issue must queue on a row lock; SQLite serialises writers by itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select

from bot.app import create_app
from bot.keys import DB
from storage.models import Issue, IssueEvent, Outbox, Report
from storage.repos.ledger_repo import month_figures
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import ADMIN, LEADER, OWNER, seed

PROCESSES = 3
WAN = 10_000


@pytest.fixture
async def apps(
    aiohttp_client: AiohttpClient, tmp_path: Path, db_url: str
) -> AsyncIterator[list[TestClient]]:
    """Three apps over one database, as three server processes would be."""
    clients = []
    for index in range(PROCESSES):
        settings = app_settings(tmp_path / str(index), database={"url": db_url})
        clients.append(await aiohttp_client(create_app(settings)))
    await seed(clients[0].app[DB])
    yield clients


async def _at_once(apps: list[TestClient], messages: list[tuple[str, str]]) -> list[str]:
    """Send every (user, text) at the same moment, spread over the apps."""
    sends = [
        chat(apps[index % len(apps)], user, text, msg_id=f"race-{index}")
        for index, (user, text) in enumerate(messages)
    ]
    return list(await asyncio.gather(*sends))


@pytest.mark.parametrize("n", [2, 50])
async def test_simultaneous_reports_leave_one_current_report(
    apps: list[TestClient], n: int
) -> None:
    # The owner and a leader report the same project at the same moment, n times over.
    messages = [
        (OWNER if i % 2 else LEADER, f"进度 物流园\n本月完成：{100 + i}万\n累计完成：{2000 + i}万")
        for i in range(n)
    ]
    answers = await _at_once(apps, messages)
    assert all("已收到" in answer for answer in answers)
    async with apps[0].app[DB].read() as session:
        rows = list((await session.execute(select(Report).order_by(Report.id))).scalars())
        figures = {f.project.code: f for f in await month_figures(session, 2025, 4)}
    current = [r for r in rows if r.superseded_by_id is None and r.withdrawn_at is None]
    assert len(rows) == n
    assert [r.id for r in current] == [rows[-1].id]  # the last correction is the one that counts
    # Each correction supersedes exactly the one before it: a chain, nothing lost or forked.
    assert sorted(r.superseded_by_id for r in rows[:-1]) == [r.id for r in rows[1:]]
    last = current[0]
    assert figures["P001"].month_done_yuan == last.period_investment_yuan
    assert figures["P001"].ytd_yuan == last.ytd_investment_yuan


async def _closed_issue(apps: list[TestClient]) -> int:
    await chat(apps[0], ADMIN, "/问题 物流园 临时用地手续未办结")
    async with apps[0].app[DB].read() as session:
        number = (await session.execute(select(Issue.number))).scalar_one()
    await chat(apps[0], ADMIN, f"/交办 #{number} 北石店镇 5个工作日")
    await chat(apps[0], ADMIN, f"/销号 #{number} 已办结")
    return number


async def _events(apps: list[TestClient], action: str) -> int:
    async with apps[0].app[DB].read() as session:
        query = select(func.count()).select_from(IssueEvent).where(IssueEvent.action == action)
        return (await session.execute(query)).scalar_one()


async def _pushes(apps: list[TestClient], what: str) -> int:
    async with apps[0].app[DB].read() as session:
        query = select(func.count()).where(Outbox.idempotency_key.like(f"issue:%:{what}:%"))
        return (await session.execute(query)).scalar_one()


@pytest.mark.parametrize("n", [2, 50])
async def test_simultaneous_reopenings_reopen_once_and_tell_once(
    apps: list[TestClient], n: int
) -> None:
    number = await _closed_issue(apps)
    answers = await _at_once(apps, [(ADMIN, f"/重开 #{number} 还需协调")] * n)
    assert sum("已重新打开" in answer for answer in answers) == 1
    assert await _events(apps, "重新打开") == 1
    assert await _pushes(apps, "reopened") == 1


@pytest.mark.parametrize("n", [2, 50])
async def test_simultaneous_supervision_escalates_once(apps: list[TestClient], n: int) -> None:
    number = await _closed_issue(apps)
    await chat(apps[0], ADMIN, f"/重开 #{number} 还需协调")
    await _at_once(apps, [(LEADER, f"/督办 #{number} 本周内办结")] * n)
    assert await _events(apps, "督办") == 1
    async with apps[0].app[DB].read() as session:
        issue = (await session.execute(select(Issue))).scalar_one()
    assert issue.escalation_level == 1


async def test_simultaneous_withdrawals_end_as_if_sent_one_after_the_other(
    apps: list[TestClient],
) -> None:
    await chat(apps[0], OWNER, "进度 物流园\n本月完成：100万\n累计完成：2000万")
    await chat(apps[0], OWNER, "进度 物流园\n本月完成：120万\n累计完成：2020万")
    answers = await _at_once(apps, [(OWNER, "/撤回")] * 2)
    assert all("撤回" in answer for answer in answers)
    async with apps[0].app[DB].read() as session:
        rows = list((await session.execute(select(Report).order_by(Report.id))).scalars())
    # Sent one after the other, the second /撤回 takes back the report the first restored.
    assert [r.withdrawn_at is not None for r in rows] == [True, True]
    async with apps[0].app[DB].read() as session:
        figures = {f.project.code: f for f in await month_figures(session, 2025, 4)}
    assert figures["P001"].month_done_yuan == 0
