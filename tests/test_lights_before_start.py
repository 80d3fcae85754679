"""Lights in the new year of projects whose start is still to come, and of 续建 projects the
year's plan leaves out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.keys import DB
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.plans import plan_of
from tests.support.seed import OWNER, OWNER2, WAN, coded, seed


async def _client(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, *, seeded: bool = False
) -> TestClient:
    app = create_app(app_settings(tmp_path, now=now))
    client = await aiohttp_client(app)
    if not seeded:
        await seed(app[DB], entered=date(2026, 1, 5))
        async with app[DB].write() as s:
            plant = await coded(s, "P002")  # 厂房: 新建, not started, planned 2027-03-15
            s.add(plan_of(plant, 2027, 8_000 * WAN, planned_start=date(2027, 3, 15)))
            for code in ("P001", "P004"):
                s.add(plan_of(await coded(s, code), 2027, 1_000 * WAN))
    return client


async def test_a_continuing_project_without_this_years_plan_is_not_lit_for_not_resuming(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 老旧小区 (续建) has no 2027 plan: not in 2027's 开复工, so not behind on resuming either;
    # 物流园 (续建, planned for 2027, nothing reported) is
    client = await _client(aiohttp_client, tmp_path, "2027-03-26 10:00")
    await chat(client, OWNER2, "进度 老旧小区\n形象进度：收尾")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2027-04-01 10:00", seeded=True)
    unplanned = await chat(client, OWNER2, "/项目 老旧小区")
    assert "2027年计划尚未录入（不考核序时）" in unplanned
    assert "复工" not in unplanned
    assert "🔵 蓝灯" in unplanned
    planned = await chat(client, OWNER, "/项目 物流园")
    assert "· 续建项目应于 3月31日 前复工，至今未复工（本年未报完成投资）" in planned
