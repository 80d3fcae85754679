"""One 2026 ledger walked through December 2026 into January 2027 with the clock.

Next year's plan is imported in December without touching 2026; December's figures are
reported on 30 December and corrected late on 4 January; 2027's first report on 5 January
starts from nothing; the December 2026 and January 2027 月报表 each use their own year's plan
and reports (checked against figures worked out by hand); New Year's Day is silent; on the
first working day of January nothing is red from 2026's plan.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from pytest_aiohttp import AiohttpClient

from bot.app import create_app
from bot.cli.jobs import job_context
from bot.keys import DB
from core.settings.light_rules import light_rules
from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.light_types import Rule
from scheduler.jobs import build_jobs
from scheduler.runner import compute
from storage.db import Database
from storage.ledger import export_monthly_report, import_ledger
from storage.repos.standing import Standing, standings
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.ledger_files import SheetSpec, write_workbook
from tests.support.seed import OWNER, seed

# The 2026 ledger (support.seed): 物流园 P001 plans 12000万 for 2026, the others 8000/3000/1000万.
PLAN_2027 = [  # 项目代码, 项目名称, 责任单位 as the ledger has them, 2027年计划投资（万元）
    ["P001", "城区智慧物流园", "北石店镇", 15_000],
    ["P002", "北石店工业园区标准化厂房", "北石店镇", 6_000],
]


class Walk:
    """The app at successive clock times over one database."""

    def __init__(self, aiohttp_client: AiohttpClient, folder: Path) -> None:
        self.aiohttp_client, self.folder = aiohttp_client, folder
        self.seeded = False

    async def at(self, now: str) -> TestClient:
        app = create_app(app_settings(self.folder, now=now))
        client = await self.aiohttp_client(app)
        if not self.seeded:
            await seed(app[DB], entered=date(2026, 4, 1))
            self.seeded = True
        return client


async def _stand(client: TestClient, at: str) -> dict[str, Standing]:
    settings = app_settings(Path("."), now=at)
    rules = light_rules(settings, WorkCalendar())
    async with client.app[DB].read() as session:
        rows = await standings(session, parse_local_time(at), rules)
    return {row.project.code: row for row in rows}


def _month_report(path: Path) -> dict[str, dict[str, object]]:
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "项目代码" in r)
    code = header.index("项目代码")
    return {r[code]: dict(zip(header, r, strict=False)) for r in rows if r[code] in ("P001",)}


@pytest.fixture
def walk(aiohttp_client: AiohttpClient, tmp_path: Path) -> Walk:
    return Walk(aiohttp_client, tmp_path)


async def test_december_2026_into_january_2027(walk: Walk, tmp_path: Path) -> None:
    report = "进度 物流园\n"
    november = await walk.at("2026-11-26 10:00")
    assert "✅" in await chat(november, OWNER, report + "累计完成：10000万")
    db: Database = november.app[DB]

    # 10 December: 2027's plan imported beside 2026's; no 2026 figure or light moves.
    before = await _stand(november, "2026-12-10 09:00")
    sheet = [["项目代码", "项目名称", "责任单位", "2027年计划投资（万元）"], *PLAN_2027]
    path = write_workbook(tmp_path / "2027年计划.xlsx", [SheetSpec("项目", sheet)])
    result = await import_ledger(db, path, today=date(2026, 12, 10))
    assert "计划年度：2027年（表头「2027年计划投资（万元）」）" in result.summary()
    after = await _stand(november, "2026-12-10 09:00")
    assert {c: (s.project.annual_plan_yuan, s.plan_to_date, s.light) for c, s in after.items()} == {
        c: (s.project.annual_plan_yuan, s.plan_to_date, s.light) for c, s in before.items()
    }

    # 30 December: December's figure.
    december = await walk.at("2026-12-30 10:00")
    assert "✅" in await chat(december, OWNER, report + "累计完成：11000万")

    # New Year's Day: no job says anything (2027 has no notice loaded: the statutory fallback).
    settings = app_settings(tmp_path, now="2027-01-01 09:00")
    ctx = job_context(settings, db)
    for job in build_jobs().values():
        hour, minute = job.time_of_day(settings.schedule)
        assert (
            await compute(ctx, job, parse_local_time(f"2027-01-01 {hour:02d}:{minute:02d}")) == []
        )

    # 4 January, the first working day: 2026's final figure filed late corrects December 2026.
    fourth = await walk.at("2027-01-04 10:00")
    reply = await chat(fourth, OWNER, report + "2026年累计完成：11800万")
    assert "计入 2026年12月" in reply and "更正" in reply
    lights = await _stand(fourth, "2027-01-04 10:30")
    red_schedule = [
        code
        for code, row in lights.items()
        if any(r.rule == Rule.SCHEDULE for r in row.light.reasons)
    ]
    assert red_schedule == []  # nothing reported for 2027 yet: nobody is behind 2027's plan
    assert lights["P001"].project.annual_plan_yuan == 15_000 * 10_000
    assert not lights["P003"].project.has_plan  # no 2027 plan: not judged on 序时

    # 5 January: 2027's first cumulative starts from nothing, not from 2026's 11800万.
    fifth = await walk.at("2027-01-05 10:00")
    reply = await chat(fifth, OWNER, report + "累计完成：300万")
    assert "✅" in reply and "低于" not in reply and "计入" not in reply

    # The two 月报表, each of its own year.
    await export_monthly_report(db, tmp_path / "12月.xlsx", month=date(2026, 12, 1))
    await export_monthly_report(
        db, tmp_path / "1月.xlsx", month=date(2027, 1, 1), today=date(2027, 1, 5)
    )
    dec = _month_report(tmp_path / "12月.xlsx")["P001"]
    # 2026: plan 12000万; cumulative 11800万 at December's end, 10000万 at November's
    assert dec["年度计划投资（万元）"] == 12_000
    assert dec["年度累计完成（万元）"] == 11_800
    assert dec["本月完成（万元）"] == 1_800
    assert dec["序时进度（万元）"] == 12_000  # all of it by 31 December
    jan = _month_report(tmp_path / "1月.xlsx")["P001"]
    # 2027: plan 15000万, 3% due by January's end; on 5 January 5/31 of it: 72.58万
    assert jan["年度计划投资（万元）"] == 15_000
    assert jan["年度累计完成（万元）"] == 300
    assert jan["本月完成（万元）"] == 300
    assert jan["序时进度（万元）"] == pytest.approx(72.58, abs=0.01)
