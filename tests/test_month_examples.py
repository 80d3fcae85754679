"""A month typed wrong is answered with an example of last month, of the clock's year: in
February 2027 `2027年1月`, `2027-01`, never the year the code was written in."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.cli.main import main
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.dashboard import OFFICE
from tests.support.schema import with_schema
from tests.support.seed import ADMIN


async def _client(aiohttp_client: AiohttpClient, tmp_path: Path) -> TestClient:
    app = create_app(app_settings(tmp_path, now="2027-02-10 10:00"))
    return await seeded_client(aiohttp_client, app)


async def test_the_monthly_report_link_shows_how_to_name_a_month_this_year(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    reply = await chat(client, ADMIN, "/月报表 十三月", chat_id=None)
    assert "请写成“/月报表 1月”或“/月报表 2027年1月”" in reply and "2026" not in reply


async def test_the_dashboard_monthly_download_shows_how_to_name_a_month_this_year(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path)
    response = await client.get("/dashboard/monthly?month=上上月", headers=OFFICE)
    page = await response.text()
    assert response.status == 400 and "请写成 2027-01 这样的年-月" in page


def test_the_monthly_export_shows_how_to_name_a_month_this_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "office.db"
    with_schema(database)
    monkeypatch.setenv("DIAODU_DATABASE__URL", f"sqlite+aiosqlite:///{database}")
    monkeypatch.setenv("DIAODU_CLOCK__NOW", "2027-02-10 10:00")
    assert main(["export", str(tmp_path / "月报.xlsx"), "--monthly", "一月"]) == 2
    assert "例如 2027-01" in capsys.readouterr().err
