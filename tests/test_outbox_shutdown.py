"""Stopping the app's outbox worker: at once when idle, after the request in flight otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB, SETTINGS, TASKS
from core.messages import OutboundMessage
from domain.clock import Clock
from storage.db import Database
from storage.models import Outbox
from storage.repos import outbox
from tests.fakes.wecom_server import WeComServer
from tests.support.apps import app_settings

GROUP = "城区项目责任人群"
# A grace long enough that a worker waiting it out would hang the test, not slow it down.
SLOW = {"interval_seconds": 0.05, "request_timeout_seconds": 600, "lease_seconds": 700}


@pytest.fixture
async def runner(tmp_path: Path, wecom: WeComServer) -> AsyncIterator[web.AppRunner]:
    """The app started with its outbox worker on, pushing to the fake robot."""
    group = {"name": GROUP, "platform": "wecom", "role": "owners", "webhook": wecom.webhook()}
    app_runner = web.AppRunner(create_app(app_settings(tmp_path, groups=[group], outbox=SLOW)))
    await app_runner.setup()
    yield app_runner
    await app_runner.cleanup()


async def _push(db: Database, texts: list[str]) -> None:
    async with db.write() as session:
        for text in texts:
            await outbox.enqueue(
                session,
                key=text,
                platform="wecom",
                destination=GROUP,
                payload=OutboundMessage(text=text).model_dump(mode="json"),
                now=Clock().now(),
            )


async def test_closing_the_tasks_does_not_wait_for_an_idle_worker(
    runner: web.AppRunner, wecom: WeComServer
) -> None:
    async with asyncio.timeout(60):  # a worker waiting out its grace would hang here
        await runner.app[TASKS].close(grace=600)
        await runner.cleanup()
    assert wecom.received == []


async def test_shutdown_finishes_the_request_in_flight_and_gives_the_rest_back(
    runner: web.AppRunner, wecom: WeComServer
) -> None:
    wecom.delay = 0.5
    await _push(runner.app[DB], ["第一条", "第二条", "第三条"])
    await wecom.wait_until(lambda: len(wecom.received) == 1)
    async with asyncio.timeout(60):
        await runner.cleanup()  # while the robot is still answering the first push
    [body] = wecom.delivered()
    assert "第一条" in body["markdown"]["content"]
    assert len(wecom.received) == 1  # nothing more was sent once the app was stopping
    db = Database(runner.app[SETTINGS].database.url)
    try:
        async with db.read() as session:
            rows = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()
    finally:
        await db.dispose()
    assert [(r.status, r.parts_sent) for r in rows] == [("sent", 1), ("pending", 0), ("pending", 0)]
