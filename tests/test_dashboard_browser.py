"""The dashboard in a real headless Chromium over the demo ledger: every page loads without
console errors, shows the read API's figures, draws its charts, fits a 390×844 phone (and a
1366×768 laptop, a 1920×1080 meeting screen), and a tampered link opens nothing."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.dashboard.tables import Wan, cell_text
from domain.money import format_amount
from storage.demo.people import DEMO_LEADER_MOBILE, DEMO_OWNER_MOBILE
from tests.support.browser import LAPTOP, PHONE, SCREEN, Visit, chromium, visit
from tests.support.dashboard import OFFICE, link_of
from tests.support.demo import build_demo_database, demo_app_settings

PAGES = [
    "/dashboard",
    "/dashboard/units",
    f"/dashboard/units/{quote('北石店镇')}",
    "/dashboard/projects",
    "/dashboard/issues",
]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger's database, built once for the module."""
    folder = tmp_path_factory.mktemp("demo")
    asyncio.run(build_demo_database(folder))
    return folder


@pytest.fixture
async def demo(aiohttp_client: AiohttpClient, demo_folder: Path, tmp_path: Path) -> TestClient:
    """The app over a copy of the demo database, served on a real port."""
    shutil.copy(demo_folder / "chat.db", tmp_path / "chat.db")
    return await aiohttp_client(create_app(demo_app_settings(tmp_path)))


def _url(client: TestClient, path: str) -> str:
    return str(client.make_url(path))


async def _api(client: TestClient, path: str) -> dict[str, list[dict[str, object]]]:
    response = await client.get(path, headers=OFFICE)
    assert response.status == 200
    result: dict[str, list[dict[str, object]]] = await response.json()
    return result


async def _enter(client: TestClient, seen: Visit, mobile: str) -> None:
    """Ask for a link in chat as `mobile` and open it, as a leader does from the reply."""
    response = await seen.go(_url(client, await link_of(client, mobile)))
    assert response.ok and seen.page.url.endswith("/dashboard")


async def test_every_page_on_a_phone_matches_the_api(demo: TestClient) -> None:
    projects = (await _api(demo, "/api/projects"))["projects"]
    units = (await _api(demo, "/api/units"))["units"]
    async with chromium() as browser, visit(browser, PHONE) as seen:
        await _enter(demo, seen, DEMO_LEADER_MOBILE)
        for path in PAGES:
            response = await seen.go(_url(demo, path))
            assert response.status == 200, path
            assert not await seen.overflows(), path
            await seen.shot(f"phone{unquote(path).replace('/', '-')}")
        await seen.go(_url(demo, "/dashboard"))
        done = sum(int(str(p["ytd_done_yuan"])) for p in projects)
        assert await seen.page.inner_text("[data-figure=done]") == format_amount(done)
        assert await seen.charts_drawn() == 2
        await seen.go(_url(demo, "/dashboard/units"))
        script = "rows => rows.map(r => [r.cells[1].innerText, r.cells[4].innerText])"
        cells = await seen.page.eval_on_selector_all("#listing tbody tr", script)
        assert cells == [[u["unit"], cell_text(Wan(int(str(u["ytd_done_yuan"]))))] for u in units]
        code = str(next(p for p in projects if p["light"] == "red")["code"])
        one = next(p for p in projects if p["code"] == code)
        await seen.go(_url(demo, f"/dashboard/projects/{quote(code)}"))
        assert await seen.page.inner_text("[data-figure=done]") == format_amount(
            int(str(one["ytd_done_yuan"]))
        )
        assert "红灯" in await seen.page.inner_text("[data-figure=light]")
        assert await seen.charts_drawn() == 1
        assert not await seen.overflows()
        await seen.shot("phone-project")
        await seen.go(_url(demo, "/dashboard/projects?light=red"))
        shown = await seen.page.inner_text("#found")
        assert f"共 {sum(p['light'] == 'red' for p in projects)} 个项目" in shown
        issues = (await _api(demo, "/api/issues"))["issues"]
        await seen.go(_url(demo, "/dashboard/issues"))
        numbers = await seen.page.eval_on_selector_all(
            "#listing tbody td[data-label=编号]", "cells => cells.map(c => Number(c.innerText))"
        )
        assert sorted(numbers) == sorted(int(str(i["number"])) for i in issues)
    assert seen.errors == []


async def test_laptop_and_meeting_screen(demo: TestClient) -> None:
    async with chromium() as browser:
        for name, size in (("laptop", LAPTOP), ("screen", SCREEN)):
            async with visit(browser, size) as seen:
                await _enter(demo, seen, DEMO_LEADER_MOBILE)
                for path in PAGES:
                    await seen.go(_url(demo, f"{path}?screen=1"))
                    assert not await seen.overflows(), (name, path)
                await seen.go(_url(demo, "/dashboard?screen=1"))
                refresh = seen.page.locator("meta[http-equiv=refresh]")
                assert await refresh.get_attribute("content") == "300"
                assert await seen.page.locator("nav").count() == 0
                assert await seen.charts_drawn() == 2
                await seen.shot(f"{name}-overview")
            assert seen.errors == []


async def test_a_unit_member_sees_their_unit_and_a_tampered_link_nothing(
    demo: TestClient,
) -> None:
    path = await link_of(demo, DEMO_OWNER_MOBILE)  # 张伟, 北石店镇
    async with chromium() as browser:
        async with visit(browser) as seen:
            await seen.go(_url(demo, path))
            box = await seen.page.locator("#ranking").bounding_box()
            assert box is not None and box["height"] < PHONE["height"] / 3  # a bar, not a screenful
            await seen.go(_url(demo, "/dashboard/units"))
            units = await seen.page.eval_on_selector_all(
                "#listing tbody tr", "rows => rows.map(r => r.cells[1].innerText)"
            )
            assert units == ["北石店镇"]
            refused = await seen.go(_url(demo, "/dashboard/units/区水务局"))
            assert refused.status == 403
            assert "区水务局" not in await seen.page.inner_text("#refused")
        async with visit(browser) as seen:
            head, _, signature = path.rpartition(".")
            tampered = f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
            response = await seen.go(_url(demo, tampered))
            assert response.status == 403
            assert "无效" in await seen.page.inner_text("#refused")
            await seen.shot("phone-tampered-link")
            assert (await seen.go(_url(demo, "/dashboard"))).status == 401
