"""The weekly 包联 push's dashboard link opens each leader's own projects (targets ledger:
钱副区长 包联 T1–T3, 孙副区长 T4, T5)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import update

from bot.app import create_app
from bot.cli.jobs import job_context
from bot.keys import DB, SETTINGS
from domain.budget import fits
from scheduler.jobs import build_jobs
from scheduler.runner import compute
from storage.models import Person
from tests.support.apps import app_settings
from tests.support.digest_ledger import at
from tests.support.targets_ledger import GROUPS, build_targets_ledger

BASE = "https://kanban.example.gov.cn"
NOW = "2026-04-20 09:30"
LINK = re.compile(r"详见看板：(https://\S+)")


async def _started(
    aiohttp_client: AiohttpClient, tmp_path: Path, **overrides: object
) -> TestClient:
    dashboard = {"token": "secret-token-0123456789", "base_url": BASE}
    settings = app_settings(tmp_path, now=NOW, groups=GROUPS, dashboard=dashboard, **overrides)
    app = create_app(settings)
    client = await aiohttp_client(app)
    await build_targets_ledger(app[DB])
    return client


async def _leaders_page(client: TestClient, url: str) -> str:
    """The page a link opens, followed through its redirect (the link's cookie kept)."""
    parts = urlsplit(url)
    response = await client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert response.status == 200, await response.text()
    return await response.text()


async def test_each_leaders_section_links_to_their_own_projects(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _started(aiohttp_client, tmp_path)
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    [push] = await compute(ctx, build_jobs()["leader_weekly"], at(NOW))
    text = push.message.text
    assert fits(text, ctx.budget("leaders"))
    lines = text.splitlines()
    qian = next(i for i, line in enumerate(lines) if line.startswith("@钱副区长"))
    sun = next(i for i, line in enumerate(lines) if line.startswith("@孙副区长"))
    qian_url = LINK.fullmatch(lines[qian + 1])
    sun_url = LINK.fullmatch(lines[sun + 1])
    assert qian_url and sun_url, text
    assert len(LINK.findall(text)) == 2  # no overview link besides

    page = await _leaders_page(client, qian_url.group(1))
    assert "污水管网改造" in page and "老旧小区改造" not in page
    page = await _leaders_page(client, sun_url.group(1))
    assert "老旧小区改造" in page and "污水管网改造" not in page


async def test_a_push_about_one_leader_links_to_their_projects(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _started(aiohttp_client, tmp_path)
    async with client.app[DB].write() as s:  # 孙副区长 left the ledger: one leader is told
        await s.execute(update(Person).where(Person.name == "孙副区长").values(active=False))
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    [push] = await compute(ctx, build_jobs()["leader_weekly"], at(NOW))
    last = push.message.text.splitlines()[-1]
    found = LINK.fullmatch(last)
    assert found, push.message.text
    page = await _leaders_page(client, found.group(1))
    assert "污水管网改造" in page and "老旧小区改造" not in page


async def test_links_that_do_not_all_fit_leave_one_to_the_overview(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # room for the message and one link, not two (as ten leaders' links on 900 characters)
    messages = {"leaders": {"chars": 220}}
    client = await _started(aiohttp_client, tmp_path, messages=messages)
    ctx = job_context(client.app[SETTINGS], client.app[DB])
    [push] = await compute(ctx, build_jobs()["leader_weekly"], at(NOW))
    text = push.message.text
    assert fits(text, ctx.budget("leaders"))
    assert "@钱副区长" in text and "@孙副区长" in text  # no leader cut for a link
    [url] = LINK.findall(text)
    assert text.endswith(url) and "?" not in url
    response = await client.get(urlsplit(url).path)
    assert response.url.path == "/dashboard"
