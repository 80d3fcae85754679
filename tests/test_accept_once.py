"""Every message stored once before it is acknowledged, answered once, never lost.

Through the local adapter (the platforms' own views are tested in their files): concurrent
and sequential redeliveries, a handler that fails, a locked database, a restart.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.inbound import FAILED, Sweeper
from bot.keys import DB, WRITER
from core.messages import InboundMessage
from domain.clock import SHANGHAI
from storage.models import Inbound, Report
from storage.repos import inbound
from tests.support.apps import app_settings, count
from tests.support.chat import pushes
from tests.support.commands import BROKEN, add_test_commands
from tests.support.seed import OWNER, seed

REPORT = "进度 城区智慧物流园\n本月完成：1200万\n累计完成：3500万\n形象进度：主体结构封顶"


async def _app(aiohttp_client: AiohttpClient, tmp_path: Path, **overrides: Any) -> TestClient:
    app = create_app(app_settings(tmp_path, **overrides))
    client = await aiohttp_client(app)
    return client


@pytest.fixture
async def quick(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The seeded local app, giving up on a locked database after 100 ms."""
    client = await _app(aiohttp_client, tmp_path, database=_database(tmp_path, 100))
    await seed(client.app[DB])
    add_test_commands(client.app)
    return client


def _database(tmp_path: Path, busy_ms: int) -> dict[str, Any]:
    return {"url": f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}", "busy_timeout_ms": busy_ms}


def _body(text: str = REPORT, msg_id: str = "m1") -> dict[str, str]:
    return {"msg_id": msg_id, "chat_id": "owners", "user_id": OWNER, "text": text}


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold SQLite's write lock from another connection (a long import, a maintenance script)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
async def anywhere(aiohttp_client: AiohttpClient, tmp_path: Path, db_url: str) -> TestClient:
    """The seeded local app on each configured backend."""
    client = await _app(aiohttp_client, tmp_path, database={"url": db_url})
    await seed(client.app[DB])
    return client


@pytest.mark.parametrize("copies", [2, 10, 50])
async def test_concurrent_deliveries_are_stored_and_answered_once(
    anywhere: TestClient, copies: int
) -> None:
    responses = await asyncio.gather(
        *(anywhere.post("/callback/local", json=_body()) for _ in range(copies))
    )
    answers = [await response.json() for response in responses]
    assert {response.status for response in responses} == {200}
    assert all(answer == answers[0] for answer in answers)  # each in its response, the same
    assert "已收到“城区智慧物流园”" in answers[0]["replies"][0]["text"]
    assert await count(anywhere, Inbound) == 1
    assert await count(anywhere, Report) == 1


async def test_deliveries_to_two_processes_at_once_are_answered_once(
    aiohttp_client: AiohttpClient, tmp_path: Path, db_url: str
) -> None:
    first = await _app(aiohttp_client, tmp_path, database={"url": db_url})
    await seed(first.app[DB])
    second = await _app(aiohttp_client, tmp_path, database={"url": db_url})
    posts = [c.post("/callback/local", json=_body()) for c in (first, second) for _ in range(10)]
    responses = await asyncio.gather(*posts)
    assert {response.status for response in responses} == {200}
    answers = [await response.json() for response in responses]
    assert all(answer == answers[0] for answer in answers)
    assert "已收到" in answers[0]["replies"][0]["text"]
    assert await count(first, Report) == 1


async def test_a_redelivery_after_a_restart_gets_the_stored_answer(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    first = await _app(aiohttp_client, tmp_path)
    await seed(first.app[DB])
    answer = await (await first.post("/callback/local", json=_body())).json()
    await first.close()
    second = await _app(aiohttp_client, tmp_path)
    again = await second.post("/callback/local", json=_body())
    assert (again.status, await again.json()) == (200, answer)
    assert await count(second, Report) == 1


async def test_a_handler_integrity_error_is_logged_and_answered(
    quick: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await quick.post("/callback/local", json=_body(f"/{BROKEN}", "broken-1"))
    assert (await response.json())["replies"] == [{"text": FAILED}]
    assert any("local/local/broken-1" in record.getMessage() for record in caplog.records)
    again = await quick.post("/callback/local", json=_body(f"/{BROKEN}", "broken-1"))
    assert (await again.json())["replies"] == [{"text": FAILED}]
    async with quick.app[DB].read() as session:
        [row] = (await session.execute(select(Inbound))).scalars()
    assert (row.state, row.replies) == ("done", [{"text": FAILED, "title": "", "mentions": [],
                                                  "image_png_base64": None}])  # fmt: skip


async def test_a_locked_database_gets_an_error_status_and_nothing_is_half_stored(
    quick: TestClient, tmp_path: Path
) -> None:
    with _locked(tmp_path / "chat.db"):
        refused = await quick.post("/callback/local", json=_body())
    assert refused.status == 503
    assert "稍后重发" in (await refused.json())["error"]
    assert await count(quick, Inbound) == 0
    retried = await quick.post("/callback/local", json=_body())
    assert retried.status == 200
    assert "已收到" in (await retried.json())["replies"][0]["text"]
    assert await count(quick, Report) == 1


async def test_an_answer_held_up_by_a_locked_database_is_answered_once_it_frees(
    quick: TestClient, tmp_path: Path
) -> None:
    from bot.inbound.answer import answer

    msg = _message("held-1", REPORT)
    await quick.app[WRITER].run(lambda session: inbound.accept(session, inbound.row_of(msg, None)))
    with _locked(tmp_path / "chat.db"):
        answering = asyncio.create_task(answer(quick.app, msg))
        await asyncio.sleep(0.5)  # tries fail meanwhile (100 ms each), none is given up for good
        assert not answering.done()
    answers, mine = await answering
    assert mine
    assert "已收到" in answers[0].text
    assert await count(quick, Report) == 1


async def test_a_message_stored_before_a_crash_is_answered_by_the_sweeper(
    client: TestClient,
) -> None:
    msg = _message("crash-1", REPORT)
    await client.app[WRITER].run(lambda session: inbound.accept(session, inbound.row_of(msg, None)))
    sweeper = Sweeper(client.app)
    assert await sweeper.sweep() == 0  # seen once: maybe still under way elsewhere
    assert await sweeper.sweep() == 1
    assert await sweeper.sweep() == 0
    [shown] = await pushes(client, "owners")  # the late answer shows up in its chat
    assert "已收到“城区智慧物流园”" in shown
    assert await count(client, Report) == 1
    again = await client.post("/callback/local", json=_body(msg_id="crash-1"))
    assert (await again.json())["replies"] == []  # it was answered late, in the chat


def _message(msg_id: str, text: str) -> InboundMessage:
    from datetime import datetime

    return InboundMessage(
        platform="local",
        bot="local",
        chat_id="owners",
        sender_id=OWNER,
        text=text,
        msg_id=msg_id,
        received_at=datetime(2025, 4, 24, 10, 0, tzinfo=SHANGHAI),
    )
