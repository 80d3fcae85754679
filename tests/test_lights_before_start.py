"""Lights in the new year of projects whose start is still to come, and of 续建 projects the
year's plan leaves out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Milestone
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
            permit = await s.scalar(select(Milestone).where(Milestone.project_id == plant.id))
            permit.done_on = date(2025, 4, 20)  # its 2025 节点, long done
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


async def _weekly_zeros(aiohttp_client: AiohttpClient, tmp_path: Path, days: list[str]) -> None:
    """厂房's honest weekly 0 of 2027 sent on each of `days` (it has not started)."""
    for i, on in enumerate(days):
        client = await _client(aiohttp_client, tmp_path, f"2027-{on} 10:00", seeded=i > 0)
        await chat(client, OWNER, "进度 厂房\n本年累计完成：0")
        await client.close()


async def test_a_new_project_is_not_behind_schedule_before_its_planned_start(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    await _weekly_zeros(aiohttp_client, tmp_path, ["01-20", "01-29", "02-05", "02-19"])
    client = await _client(aiohttp_client, tmp_path, "2027-02-26 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 厂房\n本年累计完成：0")
    assert "🔵 蓝灯\n  · 新建项目计划 3月15日 开工，开工前不考核序时进度" in reply
    await client.close()
    # two month ends at 0 before the start: no 作检讨, only the start coming up
    client = await _client(aiohttp_client, tmp_path, "2027-03-01 10:00", seeded=True)
    card = await chat(client, OWNER, "/项目 厂房")
    assert "作检讨" not in card
    assert "🟡 黄灯\n  · 新建项目计划 3月15日 开工，还剩 14 天，尚未开工\n" in card


async def test_a_new_project_started_on_its_planned_day_owes_no_review_of_the_months_before(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    await _weekly_zeros(aiohttp_client, tmp_path, ["01-20", "02-19", "03-12"])
    client = await _client(aiohttp_client, tmp_path, "2027-03-25 10:00", seeded=True)
    await chat(client, OWNER, "进度 厂房\n本年累计完成：300万\n开工：3月15日")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2027-04-01 10:00", seeded=True)
    card = await chat(client, OWNER, "/项目 厂房")
    assert "作检讨" not in card and "未达序时" not in card
    assert "完成序时 " in card  # judged on 序时 since its start
