"""The outbox through the real adapters to the fake WeCom, DingTalk and Feishu servers."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.http import open_session
from bot.keys import DB, HTTP
from bot.outbox.limits import RateWindow
from bot.outbox.service import OutboxWorker, add_outbox_worker, platform_outbounds
from core.messages import OutboundMessage
from core.settings import Settings, load_settings
from storage.db import Database
from storage.models import Outbox
from storage.repos import outbox
from tests.fakes.dingtalk_server import DingTalkServer
from tests.fakes.feishu_server import FeishuServer
from tests.fakes.robot import TestClock
from tests.fakes.wecom_server import WeComServer
from tests.support.apps import app_settings

LONG = "\n".join(f"{n}. **项目{n}** 本周完成投资 {n * 10} 万元，形象进度正常。" for n in range(400))


def group(name: str, platform: str, webhook: str, secret: str | None = None) -> dict[str, Any]:
    return {"name": name, "platform": platform, "role": "owners", "webhook": webhook,
            "secret": secret}  # fmt: skip


async def push(db: Database, clock: TestClock, settings: Settings, text: str) -> None:
    async with db.write() as session:
        for entry in settings.groups:
            await outbox.enqueue(
                session,
                key=f"{entry.name}:{text[:20]}",
                platform=entry.platform,
                destination=entry.name,
                payload=OutboundMessage(text=text, title="调度").model_dump(mode="json"),
                now=clock.now(),
            )


async def rows(db: Database) -> dict[str, Outbox]:
    async with db.read() as session:
        found = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars()
        return {row.destination: row for row in found}


async def test_wecom_long_push_arrives_in_parts_once(
    sqlite_db: Database, http: ClientSession, wecom: WeComServer
) -> None:
    clock = TestClock()
    settings = load_settings(None, groups=[group("责任人群", "wecom", wecom.webhook())])
    await push(sqlite_db, clock, settings, LONG)
    worker = OutboxWorker(sqlite_db, settings, http, platform_outbounds(), clock)
    await worker.run_once()
    await worker.run_once()
    expected = platform_outbounds()["wecom"].payloads(OutboundMessage(text=LONG, title="调度"))
    assert len(expected) > 1
    assert wecom.delivered() == expected
    row = (await rows(sqlite_db))["责任人群"]
    assert (row.status, row.parts_sent) == ("sent", len(expected))


async def test_wecom_codes_back_off_or_fail(
    sqlite_db: Database, http: ClientSession, wecom: WeComServer
) -> None:
    clock = TestClock()
    groups = [
        group("限流群", "wecom", wecom.webhook()),
        group("失效群", "wecom", wecom.webhook("gone")),
    ]
    settings = load_settings(None, groups=groups)
    await push(sqlite_db, clock, settings, "本周调度会改在周三")
    wecom.fail_next(1, 45009)
    await OutboxWorker(sqlite_db, settings, http, platform_outbounds(), clock).run_once()
    found = await rows(sqlite_db)
    throttled, gone = found["限流群"], found["失效群"]
    assert throttled.status == "pending"
    assert throttled.next_try_at >= clock.now() + timedelta(seconds=60)
    assert (gone.status, "93000" in (gone.last_error or "")) == ("failed", True)


async def test_dingtalk_and_feishu_signed_pushes_are_accepted(
    sqlite_db: Database, http: ClientSession, dingtalk: DingTalkServer, feishu: FeishuServer
) -> None:
    clock = TestClock()
    groups = [
        group("钉钉群", "dingtalk", dingtalk.webhook(), "SECrobot-secret-0123456789"),
        group("飞书群", "feishu", feishu.webhook(), "feishu-bot-secret"),
    ]
    settings = load_settings(None, groups=groups)
    await push(sqlite_db, clock, settings, "请各责任人周五17:00前报送")
    sent = await OutboxWorker(sqlite_db, settings, http, platform_outbounds(), clock).run_once()
    assert sent == 2
    assert len(dingtalk.delivered()) == 1 and len(feishu.delivered()) == 1
    assert {row.status for row in (await rows(sqlite_db)).values()} == {"sent"}


def test_burst_limit_spaces_sends_a_second_apart() -> None:
    window, clock = RateWindow(), TestClock()
    for _ in range(5):
        window.record("robot", clock.now())
    assert window.free_at("robot", clock.now(), 100) == clock.now()
    assert window.free_at("robot", clock.now(), 100, 5) == clock.now() + timedelta(seconds=1)


async def test_app_runs_the_worker_with_a_shared_session(
    wecom: WeComServer, aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    groups = [group("责任人群", "wecom", wecom.webhook())]
    settings = app_settings(tmp_path, groups=groups, outbox={"interval_seconds": 0.05})
    app = create_app(settings)
    add_outbox_worker(app)
    await aiohttp_client(app)
    # Stamped by the frozen business clock (2025), yet due at once for the real-time worker.
    await push(app[DB], TestClock(), settings, "演示推送")
    await asyncio.wait_for(wecom.wait_for("/cgi-bin/webhook/send"), 10)
    assert not app[HTTP].closed
    message = OutboundMessage(text="演示推送", title="调度")
    assert wecom.delivered() == platform_outbounds()["wecom"].payloads(message)


async def test_request_timeout_seconds_bounds_every_platforms_wait(
    sqlite_db: Database, wecom: WeComServer, dingtalk: DingTalkServer, feishu: FeishuServer
) -> None:
    clock = TestClock()
    groups = [
        group("企微群", "wecom", wecom.webhook()),
        group("钉钉群", "dingtalk", dingtalk.webhook(), "SECrobot-secret-0123456789"),
        group("飞书群", "feishu", feishu.webhook(), "feishu-bot-secret"),
    ]
    settings = load_settings(
        None, groups=groups, outbox={"request_timeout_seconds": 0.2, "lease_seconds": 10}
    )
    for fake in (wecom, dingtalk, feishu):
        fake.delay = 1.0  # each takes the push, then answers too late
    await push(sqlite_db, clock, settings, "本周五前报送进度")
    async with open_session(settings) as http:
        worker = OutboxWorker(sqlite_db, settings, http, platform_outbounds(), clock)
        await worker.run_once()
        clock.advance(3600)
        await worker.run_once()
    assert [len(fake.received) for fake in (wecom, dingtalk, feishu)] == [1, 1, 1]
    for row in (await rows(sqlite_db)).values():
        assert row.status == "failed" and "可能已送达" in (row.last_error or "")
