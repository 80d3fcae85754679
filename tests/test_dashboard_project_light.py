"""A project page's light card on a phone: the whole width, each reason the light is red or
yellow on a line of its own, and nothing that is fine (完成序时 120%) told as one of them."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp.test_utils import TestClient

from storage.demo.people import DEMO_LEADER_MOBILE
from tests.support.browser import PHONE, chromium, visit
from tests.support.dashboard import OFFICE, link_of

SCHEDULE = "为同期序时进度"


async def test_a_red_light_above_schedule_lists_only_what_is_wrong(demo: TestClient) -> None:
    response = await demo.get("/api/projects", headers=OFFICE)
    projects = (await response.json())["projects"]
    # red on other grounds while ahead of 序时: its schedule reason is a blue one
    red = next(
        p
        for p in projects
        if p["light"] == "red" and (p["schedule_ratio"] or 0) >= 1 and len(p["reasons"]) > 1
    )
    wrong = [text for text in red["reasons"] if SCHEDULE not in text]
    script = """card => ({
        lines: [...card.querySelectorAll('.c')].map(c => c.innerText),
        text: card.innerText,
        width: card.getBoundingClientRect().width,
        row: card.parentElement.getBoundingClientRect().width,
    })"""
    async with chromium() as browser, visit(browser, PHONE) as seen:
        await seen.go(str(demo.make_url(await link_of(demo, DEMO_LEADER_MOBILE))))
        await seen.go(str(demo.make_url(f"/dashboard/projects/{quote(red['code'])}")))
        card = await seen.page.eval_on_selector("#light-card", script)
        timeline = await seen.page.inner_text("#timeline")
        await seen.shot("phone-project-light")
    assert card["lines"] == wrong, card
    assert SCHEDULE not in card["text"]
    assert card["width"] > card["row"] - 2  # the whole width of the phone
    assert SCHEDULE not in timeline.split("\n\n")[0]  # nor in its latest 亮灯记录 entry
    assert seen.errors == []
