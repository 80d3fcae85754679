"""The dashboard in a real headless Chromium over the demo ledger: every page loads without
console errors, shows the read API's figures, draws its charts, fits a 390×844 phone (and a
1366×768 laptop, a 1920×1080 meeting screen), the meeting screen shows every panel with no
scrolling, and a tampered link opens nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote, unquote

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.dashboard.figures import LISTED
from bot.dashboard.tables import Wan, cell_text
from bot.keys import DB
from domain.clock import SHANGHAI
from domain.money import format_amount
from storage.demo.people import DEMO_LEADER_MOBILE, DEMO_OWNER_MOBILE
from storage.models import Issue, Project
from tests.support.browser import (
    LAPTOP,
    PHONE,
    SCREEN,
    SMALL_SCREEN,
    Visit,
    chromium,
    visit,
)
from tests.support.dashboard import OFFICE, link_of

PAGES = [
    "/dashboard",
    "/dashboard/units",
    f"/dashboard/units/{quote('北石店镇')}",
    "/dashboard/projects",
    "/dashboard/issues",
]


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


# Where each panel of the overview sits, and what it cuts off: a meeting screen has nobody at a
# scroll bar, so a panel below the window or a list item clipped by its panel is never seen.
LAYOUT = """() => {
    const cut = el => el.scrollHeight > el.clientHeight + 1;
    return {
        page: document.documentElement.scrollHeight,
        panels: [...document.querySelectorAll("main section")].map(s => {
            const list = s.querySelector("ul.plain");
            const items = list ? [...list.children] : [];
            const rest = items.find(li => li.dataset.rest);
            return {
                title: s.querySelector("h2").innerText,
                top: s.getBoundingClientRect().top,
                bottom: s.getBoundingClientRect().bottom,
                cut: cut(s) || (list !== null && cut(list)),
                shown: items.filter(li => !li.hidden && !li.dataset.rest).length,
                rest: rest ? rest.innerText : "",
            };
        }),
        charts: [...document.querySelectorAll("[data-chart]")].map(c => c.clientHeight),
    };
}"""


async def _screen_layout(seen: Visit) -> Any:
    return await seen.page.evaluate(LAYOUT)


def _overdue_panel(layout: Any) -> Any:
    return next(p for p in layout["panels"] if p["title"].startswith("逾期问题"))


async def test_the_meeting_screen_shows_every_panel_without_scrolling(demo: TestClient) -> None:
    async with chromium() as browser:
        for size in (SCREEN, LAPTOP, SMALL_SCREEN):
            async with visit(browser, size) as seen:
                await _enter(demo, seen, DEMO_LEADER_MOBILE)
                await seen.go(_url(demo, "/dashboard?screen=1"))
                layout = await _screen_layout(seen)
                height = size["height"]
                assert layout["page"] <= height, size  # nothing to scroll to
                assert len(layout["panels"]) == 5
                for panel in layout["panels"]:
                    assert panel["top"] >= 0 and panel["bottom"] <= height, (size, panel)
                    assert not panel["cut"], (size, panel)
                # room for every unit's bar and its label (19 units in the demo), and a ring
                # with its three labels beside it
                ranking, ring = layout["charts"]
                assert ranking >= 19 * 14 and ring >= 90, (size, layout["charts"])
                assert await seen.charts_drawn() == 2
                await seen.shot(f"screen-{size['width']}x{height}")
            assert seen.errors == []
    # a phone opening the screen link still scrolls through the page as before
    async with chromium() as browser, visit(browser, PHONE) as seen:
        await _enter(demo, seen, DEMO_LEADER_MOBILE)
        await seen.go(_url(demo, "/dashboard?screen=1"))
        assert (await _screen_layout(seen))["page"] > PHONE["height"]
        assert not await seen.overflows()


async def test_a_list_longer_than_its_panel_says_how_many_more(demo: TestClient) -> None:
    await _add_overdue_issues(demo, 2 * LISTED)
    async with chromium() as browser, visit(browser, SMALL_SCREEN) as seen:
        await _enter(demo, seen, DEMO_LEADER_MOBILE)
        await seen.go(_url(demo, "/dashboard?screen=1"))
        overdue = _overdue_panel(await _screen_layout(seen))
        assert overdue["title"] == f"逾期问题（{2 * LISTED}）" and not overdue["cut"]
        # the overview lists ten of the twenty: the rest are counted, none is cut in half
        shown = overdue["shown"]
        assert 0 < shown < LISTED
        assert overdue["rest"] == f"另有 {2 * LISTED - shown} 个问题未显示"
        await seen.shot("screen-1280x720-many-issues")
        # the whole window (全屏) has room for more: counted again as the window grows
        await seen.page.set_viewport_size(SCREEN)  # type: ignore[arg-type]
        await seen.page.wait_for_timeout(300)
        wider = _overdue_panel(await _screen_layout(seen))
        more = wider["shown"]
        assert more > shown and not wider["cut"]
        assert wider["rest"] == ("" if more == LISTED else f"另有 {2 * LISTED - more} 个问题未显示")
    assert seen.errors == []


async def _add_overdue_issues(client: TestClient, count: int) -> None:
    """`count` issues past their deadline on the demo's projects (the overview lists ten)."""
    async with client.app[DB].write() as session:
        first = (await session.execute(select(func.max(Issue.number)))).scalar() or 0
        ids = (await session.execute(select(Project.id).order_by(Project.id))).scalars().all()
        for n in range(count):
            session.add(
                Issue(
                    number=first + n + 1,
                    project_id=ids[n],
                    text="征地拆迁尚未完成，影响施工进场，需属地协调",
                    category="用地",
                    state="已交办",
                    deadline=date(2025, 4, 10),
                    escalation_level=0,
                    created_at=datetime(2025, 4, 1, 9, tzinfo=SHANGHAI),
                )
            )


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
