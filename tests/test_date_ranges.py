"""Ranges of dates (计划工期, 请假): the end carries its year whenever the start does, so a
project due this summer does not read as due in the start's year, four years overdue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import update

from bot.app import create_app
from bot.keys import DB
from domain import display
from storage.models import ProjectPlan
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.dashboard import open_link
from tests.support.seed import ADMIN, OWNER, coded, seed

JANUARY = "2027-01-04 09:30"  # a Monday


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The app on 4 January 2027 over the seed ledger, its plans those of 2027."""
    app = create_app(app_settings(tmp_path, now=JANUARY))
    client = await aiohttp_client(app)
    await seed(app[DB], date(2027, 1, 1))
    return client


async def _plan(client: TestClient, code: str, start: date, completion: date) -> None:
    async with client.app[DB].write() as session:
        project = await coded(session, code)
        await session.execute(
            update(ProjectPlan)
            .where(ProjectPlan.project_id == project.id, ProjectPlan.year == 2027)
            .values(planned_start=start, planned_completion=completion)
        )


async def test_a_plan_period_begun_years_ago_shows_the_year_it_ends(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    await _plan(client, "P001", date(2023, 4, 27), date(2027, 7, 21))
    await _plan(client, "P003", date(2027, 4, 1), date(2027, 9, 30))
    await open_link(client, ADMIN)  # the office's admin, through her /看板 link
    page = await (await client.get("/dashboard/projects/P001")).text()
    # it read `2023年4月27日 至 7月21日`: due in 2023, so four years overdue
    assert '<dt>计划工期</dt><dd class="dates">2023年4月27日 至 2027年7月21日</dd>' in page
    page = await (await client.get("/dashboard/projects/P003")).text()
    assert '<dt>计划工期</dt><dd class="dates">4月1日 至 9月30日</dd>' in page  # this year's: short


async def test_leave_whose_closed_days_run_across_new_year_says_both_years(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, OWNER, "/请假 12月30日-1月8日")
    assert reply.startswith("已登记请假 1月4日至1月8日。")
    # it read `2026年12月30日至1月3日`, as if the days ran back to January 2026
    assert "2026年12月30日至2027年1月3日的填报已截止，不因请假免报。" in reply


def test_a_range_leaves_the_end_year_out_only_when_the_start_does() -> None:
    today = date(2027, 1, 4)
    assert display.span(date(2027, 4, 1), date(2027, 9, 30), today) == "4月1日至9月30日"
    assert display.span(date(2027, 12, 1), date(2028, 3, 1), today) == "12月1日至2028年3月1日"
    both = display.span(date(2026, 3, 1), date(2026, 9, 30), today, " 至 ")
    assert both == "2026年3月1日 至 2026年9月30日"
    assert display.span(date(2027, 5, 6), date(2027, 5, 6), today) == "5月6日"
    assert display.span(None, date(2027, 7, 21), today, " 至 ") == "— 至 7月21日"
    assert display.span(date(2023, 4, 27), None, today, " 至 ") == "2023年4月27日 至 —"
