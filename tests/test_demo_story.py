"""`diaodu demo` tells a story an office would believe: what a project reports follows its
ledger (nothing invested before the start, 形象进度 only forward), the start-up counts agree,
the ledger has been kept since the plan year began (so the ranking's 作检讨 list can name
anyone), and the daily warnings have run before (so today's tell what changed)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select

from bot.app import create_app
from bot.cli.main import main
from core.settings import load_settings
from domain.light_rules import FINISHED_STATUSES, is_started
from storage.db import Database
from storage.demo.people import DEMO_LEADER_MOBILE
from storage.demo.reports import NOT_STARTED, PROGRESS
from storage.models import LightRecord, Project, Report
from tests.support.chat import chat

AT = "2026-11-27 16:00"  # a Friday
RUN = "2026-12-01 09:00"  # the month's first working day: the ranking, and the warnings


@dataclass
class Demo:
    """The demo as started: what it printed, and its config."""

    printed: str
    folder: Path
    """Where `diaodu demo` ran: its config names the database relative to it."""

    @property
    def config(self) -> Path:
        return self.folder / "demo" / "demo.toml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("story")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DIAODU_DATABASE__URL", raising=False)
        patch.delenv("DIAODU_CLOCK__NOW", raising=False)
        patch.chdir(folder)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            assert main(["demo", "--dir", "demo", "--no-serve", "--at", AT]) == 0
    return Demo(printed.getvalue(), folder)


def _dry_run(demo: Demo, job: str) -> str:
    printed = io.StringIO()
    with contextlib.chdir(demo.folder), contextlib.redirect_stdout(printed):
        args = ["--config", str(demo.config), "jobs", "run", job, "--at", RUN, "--dry-run"]
        assert main(args) == 0
    return printed.getvalue()


async def _read(demo: Demo) -> tuple[list[Project], list[Report], int]:
    db = Database(load_settings(demo.config).database.url)
    try:
        async with db.read() as session:
            projects = list((await session.execute(select(Project))).scalars())
            order = (Report.project_id, Report.received_at)
            reports = list((await session.execute(select(Report).order_by(*order))).scalars())
            days = await session.scalar(select(func.count(func.distinct(LightRecord.day))))
        return projects, reports, days or 0
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def stored(demo: Demo) -> tuple[list[Project], list[Report], int]:
    with contextlib.chdir(demo.folder):
        return asyncio.run(_read(demo))


def test_no_investment_before_the_start(stored: tuple[list[Project], list[Report], int]) -> None:
    projects, reports, _ = stored
    by_id = {p.id: p for p in projects}
    before = [
        r
        for r in reports
        if not is_started(by_id[r.project_id].started_on, by_id[r.project_id].status)
        or r.received_at.date() < (by_id[r.project_id].started_on or date.min)
    ]
    assert before, "the demo has projects not started, and they report"
    assert {r.ytd_investment_yuan for r in before} == {0}
    assert {r.progress_text for r in before} == {NOT_STARTED}


def test_a_years_cumulative_only_grows(stored: tuple[list[Project], list[Report], int]) -> None:
    _, reports, _ = stored
    by_year: dict[tuple[int, str], list[int]] = defaultdict(list)
    for report in reports:  # in the order they were received
        key = (report.project_id, report.month[:4])
        by_year[key].append(report.ytd_investment_yuan or 0)
    assert all(figures == sorted(figures) for figures in by_year.values())


def test_progress_only_moves_forward(stored: tuple[list[Project], list[Report], int]) -> None:
    _, reports, _ = stored
    stages = (NOT_STARTED, *PROGRESS)
    by_project: dict[int, list[int]] = defaultdict(list)
    for report in reports:  # in the order they were received
        by_project[report.project_id].append(stages.index(report.progress_text or ""))
    assert all(steps == sorted(steps) for steps in by_project.values())
    assert sum(len(set(steps)) > 1 for steps in by_project.values()) > len(by_project) / 3


def test_the_ledger_is_kept_since_the_plan_year_began(
    stored: tuple[list[Project], list[Report], int],
) -> None:
    projects, reports, _ = stored
    assert {p.entered_ledger_on for p in projects} == {date(2026, 1, 1)}
    assert {r.month for r in reports} >= {f"2026-{m:02d}" for m in range(1, 12)}


def test_the_start_up_counts_agree(demo: Demo) -> None:
    created = re.search(r"新建单位 (\d+) 个", demo.printed)
    summary = re.search(r"(\d+) 个单位", demo.printed)
    assert created and summary, demo.printed
    assert created.group(1) == summary.group(1)


def test_the_ranking_names_real_horses_and_those_to_review(
    demo: Demo, stored: tuple[list[Project], list[Report], int]
) -> None:
    projects, _, _ = stored
    text = _dry_run(demo, "monthly_ranking")
    office = text.split("（office）", 1)[1].split("\n→ ", 1)[0]
    horses = office.split("骏马项目", 1)[1].split("🐌", 1)[0]
    named = [p for p in projects if f"{p.name}（" in horses]
    assert len(named) == 3
    for project in named:  # started, not finished, and never listed as 应开未开
        assert is_started(project.started_on, project.status), project.name
        assert project.status not in FINISHED_STATUSES, project.name
    review = office.split("需向专班作检讨）", 1)[1]
    assert not review.startswith("**：无") and "10月末" in review and "11月末" in review


def test_the_warnings_ran_before_today(
    demo: Demo, stored: tuple[list[Project], list[Report], int]
) -> None:
    assert stored[2] == 5  # five working days of light history
    text = _dry_run(demo, "lights")
    assert "已建立亮灯基线" not in text
    assert "新亮或变化" in text


async def test_the_demo_config_opens_the_dashboard(
    demo: Demo, aiohttp_client: AiohttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `diaodu --config demo/demo.toml serve` (as the README's jobs are run) answers /看板 as
    # the demo itself does, with links to the port it is served on
    monkeypatch.chdir(demo.folder)
    monkeypatch.setenv("DIAODU_SERVER__PORT", "8213")
    client = await aiohttp_client(create_app(load_settings(demo.config)))
    reply = await chat(client, DEMO_LEADER_MOBILE, "/看板", chat_id=None)
    assert "您的看板链接" in reply and "http://127.0.0.1:8213/dashboard/l/" in reply
