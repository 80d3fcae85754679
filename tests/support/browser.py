"""A real headless Chromium for the dashboard tests: the system's package (installed by
`make test` when missing, see .ci/chromium), driven by Playwright, never a downloaded build.

Every page opened through `visit` records console errors and uncaught exceptions; screenshots
go to DIAODU_ARTIFACTS (default ./test-artifacts) for people to look at after a run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, Response, async_playwright

ARTIFACTS = Path(os.environ.get("DIAODU_ARTIFACTS", "test-artifacts")) / "dashboard"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SCREEN = {"width": 1920, "height": 1080}
SMALL_SCREEN = {"width": 1280, "height": 720}
"""A meeting room's older projector or screen."""
# As the machine's notes say: without these Chromium keeps calling out to a closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """The system's Chromium (DIAODU_CHROMIUM, else chromium or chromium-browser on PATH)."""
    found = os.environ.get("DIAODU_CHROMIUM") or (
        shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        pytest.fail("没有找到 Chromium：请用 `make test`（缺少时会安装系统的 chromium 包）")
    return found


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium for one test."""
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class Visit:
    """A page opened in a fresh browser context, with what went wrong in its console."""

    page: Page
    errors: list[str] = field(default_factory=list)

    async def go(self, url: str) -> Response:
        """Open `url` once it has loaded (its scripts draw the charts as it loads)."""
        response = await self.page.goto(url, wait_until="load")
        if response is None:
            raise AssertionError(f"no response for {url}")
        return response

    async def shot(self, name: str) -> Path:
        """A full-page screenshot kept as a test artifact."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path

    async def overflows(self) -> bool:
        """Whether the page is wider than the window (a table must scroll inside its box)."""
        width = await self.page.evaluate("document.documentElement.scrollWidth")
        return bool(width > self.page.viewport_size["width"])  # type: ignore[index]

    async def charts_drawn(self) -> int:
        """How many of the page's charts ECharts has drawn (each with a canvas)."""
        script = """() => [...document.querySelectorAll('[data-chart]')].filter(
            el => el.dataset.drawn === '1' && echarts.getInstanceByDom(el)
                  && el.querySelector('canvas')).length"""
        return int(await self.page.evaluate(script))


@asynccontextmanager
async def visit(browser: Browser, size: dict[str, int] = PHONE) -> AsyncIterator[Visit]:
    """A fresh context (cookies of its own) of `size`, recording console errors."""
    context = await browser.new_context(viewport=size, locale="zh-CN")  # type: ignore[arg-type]
    page = await context.new_page()
    seen = Visit(page)
    page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    try:
        yield seen
    finally:
        await context.close()
