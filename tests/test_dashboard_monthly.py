"""The 月报表 from the dashboard: the office and leaders download the month's report the CLI
writes, last month's by default; a unit's viewer, a bad month or one without data is told why."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from pytest_aiohttp import AiohttpClient

from bot.api import rules_of
from bot.app import create_app
from bot.keys import CLOCK, DB, SETTINGS
from storage.ledger import export_monthly_report
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.dashboard import LINK, OFFICE, open_link
from tests.support.reports import add_report
from tests.support.seed import ADMIN, LEADER, OWNER, OWNER2

NOW = "2025-05-06 10:00"


@pytest.fixture
async def may(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    """The app on 6 May 2025: 物流园 reported 3000万 by March's end and 3500万 by April's."""
    client = await seeded_client(aiohttp_client, create_app(app_settings(tmp_path, now=NOW)))
    await add_report(client.app[DB], "P001", OWNER, "2025-03-27 10:00", 3000)
    await add_report(client.app[DB], "P001", OWNER, "2025-04-24 10:00", 3500)
    return client


def _sheets(body: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def test_the_office_downloads_last_months_report_as_the_cli_writes_it(
    may: TestClient, tmp_path: Path
) -> None:
    response = await may.get("/dashboard/monthly", headers=OFFICE)  # no month: last month's
    assert response.status == 200
    disposition = unquote(response.headers["Content-Disposition"])
    assert "2025年4月 项目建设月报表.xlsx" in disposition
    downloaded = _sheets(await response.read())
    app = may.app
    path = tmp_path / "月报表.xlsx"
    now = app[CLOCK].now()
    await export_monthly_report(
        app[DB], path, month=date(2025, 4, 1), rules=rules_of(app),
        targets=app[SETTINGS].targets, today=now.date(), now=now,
    )  # fmt: skip
    assert downloaded == _sheets(path.read_bytes())
    report = downloaded["月报表"]
    header = report[1]
    row = dict(zip(header, next(r for r in report if r[1] == "P001"), strict=True))
    # April's 本月完成 by hand: April's month-end cumulative less March's
    assert (row["本月完成（万元）"], row["年度累计完成（万元）"]) == (500, 3500)


async def test_a_month_is_chosen_by_its_year_and_number(may: TestClient) -> None:
    response = await may.get("/dashboard/monthly?month=2025-03", headers=OFFICE)
    assert response.status == 200
    report = _sheets(await response.read())["月报表"]
    assert report[0][0].startswith("2025年3月 项目建设月报表")
    row = dict(zip(report[1], next(r for r in report if r[1] == "P001"), strict=True))
    assert row["年度累计完成（万元）"] == 3000


@pytest.mark.parametrize(
    ("month", "status", "said"),
    [
        ("2025-13", 400, "月份“2025-13”无效"),
        ("四月", 400, "请写成 2025-04 这样的年-月"),  # last month: the clock says May
        ("2025-06", 404, "2025年6月尚未开始"),
        ("2019-04", 404, "台账中没有2019年4月在册的项目"),
    ],
)
async def test_a_month_it_cannot_give_is_a_page_saying_why(
    may: TestClient, month: str, status: int, said: str
) -> None:
    response = await may.get(f"/dashboard/monthly?month={month}", headers=OFFICE)
    assert response.status == status
    assert said in await response.text()


async def test_a_leader_has_it_and_a_units_viewer_is_told_who_does(may: TestClient) -> None:
    assert (await may.get("/dashboard/monthly")).status == 401  # nobody's link
    await open_link(may, LEADER)
    overview = await (await may.get("/dashboard")).text()
    assert (
        'href="/dashboard/monthly?month=2025-04"' in overview and "下载2025年4月月报表" in overview
    )
    assert (await may.get("/dashboard/monthly")).status == 200
    may.session.cookie_jar.clear()
    await open_link(may, OWNER2)  # 李娜 sees 西街街道 only
    assert "/dashboard/monthly" not in await (await may.get("/dashboard")).text()
    refused = await may.get("/dashboard/monthly")
    assert refused.status == 403 and "只向专班办公室和领导提供" in await refused.text()


async def test_the_office_asks_in_chat_and_the_link_downloads_that_month(may: TestClient) -> None:
    reply = await chat(may, ADMIN, "/月报表", chat_id=None)
    assert "2025年4月 项目建设月报表" in reply and "与“/排名 4月”一致" in reply
    found = LINK.search(reply)
    assert found and found.group(0).endswith("?monthly=2025-04"), reply
    link = urlsplit(found.group(0))
    response = await may.get(f"{link.path}?{link.query}")  # the link, then the download
    assert response.status == 200 and response.url.path == "/dashboard/monthly"
    assert _sheets(await response.read())["月报表"][0][0].startswith("2025年4月 项目建设月报表")
    reply = await chat(may, ADMIN, "/月报表 本月", chat_id=None)
    assert "2025年5月" in reply and "本月尚未结束，表中数据截至今天" in reply
    assert "上月的请发送“/月报表”" in reply
    reply = await chat(may, ADMIN, "/月报表 2024年4月", chat_id=None)  # not the 4月 of this year
    assert "?monthly=2024-04" in reply and "与“/排名 2024年4月”一致" in reply


async def test_decembers_report_is_asked_for_in_january(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    app = create_app(app_settings(tmp_path, now="2026-01-05 09:00"))
    client = await seeded_client(aiohttp_client, app)
    for text in ("/月报表", "/月报表 12月", "/月报表 上月"):
        reply = await chat(client, ADMIN, text, chat_id=None)
        assert "2025年12月 项目建设月报表" in reply and "?monthly=2025-12" in reply, text
        assert "与“/排名 12月”一致" in reply


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("/月报表 4月", "请私聊机器人发送“/月报表 4月”获取"),
        ("/月报表 13月", "“13月”不是月份"),
        ("/月报表 1999年11月", "“1999年11月”不是月份"),
        ("/月报表 最新", "“最新”不是月份"),
        ("/月报表 2025年8月", "2025年8月还没到"),
    ],
)
async def test_a_month_report_asked_where_or_of_what_it_cannot_be_is_told_why(
    may: TestClient, text: str, said: str
) -> None:
    reply = await chat(may, ADMIN, text, chat_id="office")
    assert said in reply and "/dashboard/l/" not in reply


async def test_an_owner_is_told_who_may_have_the_month_report(may: TestClient) -> None:
    reply = await chat(may, OWNER, "/月报表", chat_id=None)
    assert "包联领导或专班办公室" in reply and "/dashboard/l/" not in reply


async def test_the_meeting_screen_offers_no_download_nor_import(may: TestClient) -> None:
    # a wall screen has no one to click a link: the ranking panel keeps its room for the chart
    await open_link(may, ADMIN)
    overview = await (await may.get("/dashboard")).text()
    assert 'id="monthly"' in overview and 'id="import-link"' in overview
    screen = await (await may.get("/dashboard?screen=1")).text()
    assert 'id="ranking"' in screen
    assert "月报表" not in screen and "/dashboard/monthly" not in screen
    assert "/dashboard/import" not in screen
