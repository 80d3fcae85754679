"""储备 projects (and any category configured as not reporting) are nobody's weekly duty (#10)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.cli.jobs import job_context
from bot.keys import DB
from domain.clock import parse_local_time
from scheduler.context import JobContext
from scheduler.jobs import build_jobs
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Person, Project, ProjectOwner, Unit
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import ADMIN, OWNER2, seed

JOBS = build_jobs()
RESERVE_OWNER = "13900000006"  # 孙丽 owns only the 储备 project
THURSDAY, FRIDAY, MONDAY = "2026-11-26 15:00", "2026-11-27 17:00", "2026-11-23 09:00"


async def _add_reserve(db: Database) -> None:
    async with db.write() as session:
        unit = (await session.execute(select(Unit).where(Unit.name == "西街街道"))).scalar_one()
        person = Person(name="孙丽", mobile=RESERVE_OWNER, unit_id=unit.id, is_owner=True)
        project = Project(
            code="P005",
            name="西街文旅综合体",
            unit_id=unit.id,
            category="储备",
            total_investment_yuan=0,
            status="前期",
            entered_ledger_on=date(2025, 4, 1),
        )
        session.add_all([person, project])
        await session.flush()
        session.add(ProjectOwner(project_id=project.id, person_id=person.id))


@pytest.fixture
async def reserve_ctx(tmp_path: Path) -> AsyncIterator[JobContext]:
    settings = app_settings(tmp_path, now=THURSDAY)
    db = Database(settings.database.url)
    await upgrade(db)
    await seed(db)
    await _add_reserve(db)
    yield job_context(settings, db)
    await db.dispose()


async def _texts(ctx: JobContext, job: str, at: str) -> list[str]:
    return [push.message.text for push in await JOBS[job].run(ctx, parse_local_time(at))]


async def test_no_reminder_mentions_an_owner_of_reserve_projects_only(
    reserve_ctx: JobContext,
) -> None:
    ctx = reserve_ctx
    [push] = await JOBS["weekly_reminder"].run(ctx, parse_local_time(MONDAY))
    assert "孙丽" not in [m.name for m in push.message.mentions]
    assert "共 2 人" in push.message.text
    [push] = await JOBS["nudge"].run(ctx, parse_local_time(THURSDAY))
    assert "还有 4 个项目未报进度" in push.message.text
    assert "西街文旅综合体" not in push.message.text
    assert "孙丽" not in [m.name for m in push.message.mentions]
    for text in await _texts(ctx, "deadline_close", FRIDAY):
        assert "未报进度 4 个项目" in text
        assert "2. 西街街道 1 个" in text  # 西街文旅综合体 (储备) is not counted


async def test_reserve_is_not_missing_in_chat(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, ADMIN, "/未报")
    assert "西街老旧小区改造" in reply
    assert "西街文旅综合体" not in reply
    card = await chat(client, ADMIN, "/项目 西街文旅综合体")
    assert "未报送" not in card


async def test_other_categories_can_be_configured_as_not_reporting(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(
        aiohttp_client, tmp_path, reports={"not_reporting_categories": ["储备", "新建"]}
    )
    reply = await chat(client, ADMIN, "/未报")
    assert "北石店工业园区标准化厂房" not in reply  # 新建 now has no weekly duty
    assert "城区智慧物流园" in reply
    assert "未报送" not in await chat(client, OWNER2, "/项目 厂房")


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path, **settings: object) -> TestClient:
    app = create_app(app_settings(tmp_path, now=THURSDAY, **settings))
    client = await aiohttp_client(app)
    await seed(app[DB])
    await _add_reserve(app[DB])
    return client


async def test_the_digest_does_not_count_reserve_projects_as_missing(
    reserve_ctx: JobContext,
) -> None:
    ctx = reserve_ctx
    pushes = await JOBS["biweekly_digest"].run(ctx, parse_local_time("2026-11-24 08:30"))
    text = pushes[0].message.text
    assert "2026年第47周未报 4 个项目" in text
    assert "西街文旅综合体" not in text
