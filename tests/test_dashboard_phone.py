"""The dashboard read on a phone: the overview's target cards are a figure with each comparison
on a line of its own (the line still ahead, not a quarter already past), and the projects list
folds its filters so the cards come first, a long 亮灯原因 reading left to right."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from storage.demo.people import DEMO_LEADER_MOBILE
from tests.support.apps import app_settings, seeded_client
from tests.support.browser import LAPTOP, PHONE, chromium, visit
from tests.support.dashboard import link_of, open_link
from tests.support.seed import LEADER


async def _page_on(aiohttp_client: AiohttpClient, tmp_path: Path, now: str, path: str) -> str:
    """`path` as a leader sees it over the seeded ledger with the clock at `now`."""
    client = await seeded_client(aiohttp_client, create_app(app_settings(tmp_path, now)))
    await open_link(client, LEADER)
    return await (await client.get(path)).text()


def _card(page: str, card_id: str) -> str:
    """The HTML of one overview card."""
    start = page.index(f'id="{card_id}"')
    return page[start : page.index('<div class="kpi', start)]


async def test_december_shows_the_years_own_target_not_the_third_quarters(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    page = await _page_on(aiohttp_client, tmp_path, "2025-12-01 10:00", "/dashboard")
    card = _card(page, "quarter-card")
    # [18, 50, 80, 100] of the 2.4亿 of plans: the year's own line, and nothing of 前三季度
    assert 'data-figure="quarter">2.4亿元<' in card
    assert '<div class="l">全年目标（年度计划的 100%）</div>' in card
    assert '<div class="c">尚差 2.4亿元</div>' in card
    assert "前三季度" not in card and "；" not in card
    starts = _card(page, "starts-card")
    assert '<div class="l">开复工率</div>' in starts
    assert '<div class="c">前三季度新建开工 100%（1 个）尚差 1 个</div>' in starts


async def test_phone_overview_cards_put_each_comparison_on_its_own_line(
    demo: TestClient,
) -> None:
    script = """card => ({
        label: card.querySelector('.l').innerText,
        label_rows: card.querySelector('.l').getBoundingClientRect().height
            / parseFloat(getComputedStyle(card.querySelector('.l')).lineHeight),
        lines: [...card.querySelectorAll('.c')].map(c => [c.innerText,
            c.getBoundingClientRect().height / parseFloat(getComputedStyle(c).lineHeight)]),
        width: card.getBoundingClientRect().width,
        row: card.parentElement.getBoundingClientRect().width,
    })"""
    async with chromium() as browser, visit(browser, PHONE) as seen:
        await seen.go(str(demo.make_url(await link_of(demo, DEMO_LEADER_MOBILE))))
        quarter = await seen.page.eval_on_selector("#quarter-card", script)
        starts = await seen.page.eval_on_selector("#starts-card", script)
        schedule = await seen.page.eval_on_selector("#schedule-card", script)
        stats = await seen.page.eval_on_selector("#stats-card", script)
        await seen.shot("phone-overview-cards")
    # on 24 April: 上半年's line ahead, without 一季度's tacked on
    assert quarter["label"] == "上半年目标（年度计划的 50%）"
    assert len(quarter["lines"]) == 1 and quarter["lines"][0][0].startswith("尚差 ")
    assert "一季度" not in quarter["lines"][0][0]
    assert starts["label"] == "开复工率"
    texts = [text for text, _ in starts["lines"]]
    assert texts[0].startswith("新建开工 ") and len(texts) >= 2
    for card in (quarter, starts):
        assert card["width"] > card["row"] - 2  # the whole width of the phone
        assert all(rows < 1.5 for _, rows in card["lines"]), card  # one line each
    # the half-width cards: a label of a line, the figure compared with on one line
    assert schedule["label"] == "序时完成率"
    assert schedule["lines"][0][0].startswith("序时 ")
    assert stats["label"] == "入统率"
    assert re.fullmatch(r"已入统 \d+/\d+", stats["lines"][0][0])
    for card in (schedule, stats):
        assert card["width"] < card["row"] / 2
        assert card["label_rows"] < 1.5 and all(rows < 1.5 for _, rows in card["lines"]), card
    assert seen.errors == []


LAYOUT = """() => {
    const reason = document.querySelector('#listing tbody tr td[data-label=亮灯原因]');
    const text = [...reason.childNodes].find(n => n.nodeType === Node.TEXT_NODE);
    const range = document.createRange();
    range.selectNodeContents(text);
    const lines = [...range.getClientRects()];
    return {
        filters: document.getElementById('filters').checkVisibility(),
        first_card: document.querySelector('#listing tbody tr').getBoundingClientRect().top,
        reason_left: Math.min(...lines.map(r => r.left)) - reason.getBoundingClientRect().left,
        reason_lines: lines.length,
    };
}"""


async def test_phone_projects_list_folds_its_filters_and_reads_reasons_left_to_right(
    demo: TestClient,
) -> None:
    async with chromium() as browser:
        async with visit(browser, PHONE) as seen:
            await seen.go(str(demo.make_url(await link_of(demo, DEMO_LEADER_MOBILE))))
            await seen.go(str(demo.make_url("/dashboard/projects?light=red")))
            filtered = await seen.page.evaluate(LAYOUT)
            await seen.go(str(demo.make_url("/dashboard/projects")))
            listed = await seen.page.evaluate(LAYOUT)
            await seen.shot("phone-projects-folded")
            await seen.go(str(demo.make_url("/dashboard/units")))
            # a figure stays on the line of its name in the two-column cards (累计完成（万元）)
            tall = await seen.page.eval_on_selector_all(
                "#listing td.num",
                """cells => cells.filter(c => c.getBoundingClientRect().height
                    > 1.5 * parseFloat(getComputedStyle(c).lineHeight)).length""",
            )
            assert tall == 0
            await seen.go(str(demo.make_url("/dashboard/projects")))
            await seen.page.click("#filter-box summary")  # opens without a reload
            assert await seen.page.locator("#filters").is_visible()
            assert not await seen.overflows()
            assert seen.errors == []
        async with visit(browser, LAPTOP) as seen:
            await seen.go(str(demo.make_url(await link_of(demo, DEMO_LEADER_MOBILE))))
            await seen.go(str(demo.make_url("/dashboard/projects")))
            assert await seen.page.locator("#filters").is_visible()  # room to show them
    assert not listed["filters"] and filtered["filters"]  # open once a filter is set
    assert listed["first_card"] < PHONE["height"] / 3, listed
    # a reason of several lines starts under its name, at the card's left edge
    assert listed["reason_lines"] > 1 and listed["reason_left"] < 2, listed


async def test_projects_filters_fold_without_javascript_and_say_what_they_ask(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await seeded_client(aiohttp_client, create_app(app_settings(tmp_path)))
    await open_link(client, LEADER)
    page = await (await client.get("/dashboard/projects")).text()
    assert '<details class="filters" id="filter-box"><summary>筛选</summary>' in page
    assert '<option value="">是否重点</option>' in page and "重点与否" not in page
    page = await (await client.get("/dashboard/projects?key=1")).text()
    assert '<details class="filters" id="filter-box" open><summary>筛选（已按条件筛选）' in page
