"""A finished project (竣工 declared) is nobody's weekly duty: not 未报, not chased, no template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import update

from bot.app import create_app
from bot.cli.jobs import job_context
from bot.keys import DB, SETTINGS
from domain.clock import parse_local_time
from scheduler.jobs import build_jobs
from storage.models import Project
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import ADMIN, OWNER, OWNER2, seed

THURSDAY = "2026-11-26 15:00"


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    app = create_app(app_settings(tmp_path, now=THURSDAY))
    client = await aiohttp_client(app)
    await seed(app[DB])
    return client


async def _finish(client: TestClient, code: str, **values: object) -> None:
    async with client.app[DB].write() as session:
        await session.execute(update(Project).where(Project.code == code).values(**values))


@pytest.mark.parametrize(
    "finished",
    [
        {"status": "已竣工", "completed_on": date(2026, 6, 16)},  # as the ledger says it
        {"completed_on": date(2026, 11, 2)},  # declared by a report, the status not yet moved
        {"status": "已投产"},  # the ledger's status alone
    ],
)
async def test_a_finished_project_is_not_chased(
    aiohttp_client: AiohttpClient, tmp_path: Path, finished: dict[str, object]
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    nudge, at = build_jobs()["nudge"], parse_local_time(THURSDAY)
    assert "西街老旧小区改造" in await chat(client, ADMIN, "/未报")
    assert "未报送" in await chat(client, OWNER2, "/项目 老旧小区")
    [push] = await nudge.run(ctx, at)
    assert "李娜" in [m.name for m in push.message.mentions]
    await _finish(client, "P003", **finished)

    assert "西街老旧小区改造" not in await chat(client, ADMIN, "/未报")
    assert "未报送" not in await chat(client, OWNER2, "/项目 老旧小区")
    [push] = await nudge.run(ctx, at)
    assert "李娜" not in [m.name for m in push.message.mentions]


async def test_a_project_declared_finished_by_report_gets_no_template(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    assert "北石店污水管网改造" in await chat(client, OWNER, "/模板 全部")
    await _finish(client, "P004", completed_on=date(2026, 11, 2))
    templates = await chat(client, OWNER, "/模板 全部")
    assert "北石店污水管网改造" not in templates
    assert "城区智慧物流园" in templates


@pytest.mark.parametrize("finished", [{"status": "已投产"}, {"completed_on": date(2026, 11, 2)}])
async def test_an_owner_of_finished_projects_only_is_not_called_on_monday(
    aiohttp_client: AiohttpClient, tmp_path: Path, finished: dict[str, object]
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    reminder, monday = build_jobs()["weekly_reminder"], parse_local_time("2026-11-23 09:00")
    [push] = await reminder.run(ctx, monday)
    assert "李娜" in [m.name for m in push.message.mentions]
    await _finish(client, "P003", **finished)
    [push] = await reminder.run(ctx, monday)
    assert "李娜" not in [m.name for m in push.message.mentions]
    assert "张伟" in [m.name for m in push.message.mentions]
