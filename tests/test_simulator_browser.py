"""The chat simulator in a real headless Chromium at phone size: a reply (the project card) and
a push (the Friday 未报 list) drawn as a platform draws them — bold, light colours, mentions —
with no `**` or `<font>` left on screen; screenshots kept in test-artifacts/simulator/."""

from __future__ import annotations

import os
from pathlib import Path

from aiohttp.test_utils import TestClient
from playwright.async_api import Page

from bot.cli.jobs import job_context
from bot.keys import DB, SETTINGS
from domain.clock import parse_local_time
from scheduler.deliver import deliver
from scheduler.jobs import build_jobs
from tests.support.browser import PHONE, chromium, visit
from tests.support.seed import LEADER

ARTIFACTS = Path(os.environ.get("DIAODU_ARTIFACTS", "test-artifacts")) / "simulator"


async def _bubble(page: Page, kind: str, text: str) -> dict[str, str]:
    """The first bubble of `kind` (bot, push) showing `text`: its HTML and what one reads."""
    bubble = page.locator(f".msg.{kind}", has_text=text).first
    await bubble.wait_for(timeout=15_000)
    return {"html": await bubble.inner_html(), "text": await bubble.inner_text()}


async def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def test_a_card_and_a_push_render_without_raw_markup(client: TestClient) -> None:
    app = client.app
    ctx = job_context(app[SETTINGS], app[DB])
    at = parse_local_time("2025-04-25 17:00")
    await deliver(ctx, await build_jobs()["deadline_close"].run(ctx, at), at)

    async with chromium() as browser, visit(browser, PHONE) as seen:
        page = seen.page
        await seen.go(str(client.make_url("/")))
        await page.select_option("#user", LEADER)
        await page.select_option("#chat", "leaders")
        push = await _bubble(page, "push", "报送截止")
        await page.fill("#text", "/项目 物流园")
        await page.click("button[type=submit]")
        card = await _bubble(page, "bot", "城区智慧物流园")
        await _shot(page, "card-and-push")
        await page.locator(".msg.push").first.scroll_into_view_if_needed()
        await _shot(page, "push")

    assert seen.errors == []
    for bubble in (card, push):
        assert "**" not in bubble["text"] and "<font" not in bubble["text"]
        assert "<b>" in bubble["html"]
    assert "<b>城区智慧物流园</b>" in card["html"]
    assert '<span class="warning">红灯</span>' in card["html"]  # the colour WeCom gives it
    assert "<b>【报送截止】" in push["html"]
    assert "\n" in card["text"]  # line breaks kept
