"""`diaodu demo` lives on the clock's day: a working office in November, at the year end and
in the first days of January, not a ledger frozen in the past."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli.main import main
from core.settings import load_settings
from core.settings.light_rules import light_rules
from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.light_rules import FINISHED_STATUSES
from domain.light_types import Color, LightRules, Rule
from domain.periods import period_of
from storage.db import Database
from storage.demo.live import demo_day
from storage.models import Issue, ProjectPlan, Report
from storage.repos.standing import Standing, standings


def test_the_demo_day_follows_the_clock() -> None:
    november = demo_day(date(2026, 11, 28))
    assert (november.ledger_year, november.ledger_day, november.plan_years) == (
        2026, date(2026, 11, 28), (2026,),
    )  # fmt: skip
    assert november.entered == date(2026, 1, 1)  # kept since the plan year's start
    january = demo_day(date(2027, 1, 4))
    assert (january.ledger_year, january.ledger_day, january.plan_years) == (
        2026, date(2026, 12, 31), (2026, 2027),
    )  # fmt: skip
    assert january.entered == date(2026, 1, 1)  # last year's ledger, kept all that year
    assert demo_day(date(2027, 3, 10)).plan_years == (2027,)


@dataclass
class Office:
    """What the demo holds at its clock: each project's standing and a few counts."""

    rows: list[Standing]
    reported_this_week: int
    late: int
    issue_states: set[str]
    plan_years: set[int]
    months: set[str]
    plans: dict[tuple[int, int], int]
    """(project id, year) → annual plan, in yuan."""


def _demo(folder: Path, at: str, monkeypatch: pytest.MonkeyPatch) -> Office:
    monkeypatch.delenv("DIAODU_DATABASE__URL", raising=False)
    monkeypatch.delenv("DIAODU_CLOCK__NOW", raising=False)
    monkeypatch.chdir(folder)
    assert main(["demo", "--dir", "demo", "--no-serve", "--at", at]) == 0
    settings = load_settings(folder / "demo" / "demo.toml")
    assert settings.clock.now == at  # the fixed clock goes into the demo's config
    return asyncio.run(_office(settings.database.url, light_rules(settings, WorkCalendar()), at))


async def _office(url: str, rules: LightRules, at: str) -> Office:
    db = Database(url)
    now = parse_local_time(at)
    week = period_of(now.date()).label
    try:
        async with db.read() as session:
            return Office(
                rows=await standings(session, now, rules),
                reported_this_week=await session.scalar(
                    select(func.count(func.distinct(Report.project_id))).where(
                        Report.period == week
                    )
                )
                or 0,
                late=await session.scalar(select(func.count()).where(Report.is_late.is_(True)))
                or 0,
                issue_states=set((await session.execute(select(Issue.state))).scalars()),
                plan_years=set((await session.execute(select(ProjectPlan.year))).scalars()),
                months=set((await session.execute(select(Report.month))).scalars()),
                plans={
                    (p.project_id, p.year): p.annual_plan_yuan
                    for p in (await session.execute(select(ProjectPlan))).scalars()
                },
            )
    finally:
        await db.dispose()


def test_a_late_november_demo_is_a_working_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = _demo(tmp_path, "2026-11-27 16:00", monkeypatch)  # a Friday
    colors = Counter(row.light.color for row in office.rows)
    assert len(office.rows) == 145
    assert colors[Color.BLUE] > colors[Color.RED] > 0 and colors[Color.YELLOW] > 0
    assert colors[Color.RED] < len(office.rows) / 3
    assert office.reported_this_week > len(office.rows) / 2  # most owners have reported
    assert office.late
    assert {"发现", "已交办", "督办中", "已销号"} <= office.issue_states  # issues move on
    assert office.plan_years == {2026}


def test_the_first_monday_of_january_starts_the_new_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = _demo(tmp_path, "2027-01-04 16:00", monkeypatch)
    assert office.plan_years == {2026, 2027}  # last year's plan carried into the new year
    assert {"2026-12", "2027-01"} <= office.months
    schedule_red = [
        row
        for row in office.rows
        if any(r.rule == Rule.SCHEDULE and r.color is Color.RED for r in row.light.reasons)
    ]
    # 2027's figures start from 2027's reports: nothing is red from 2026's plan
    assert len(schedule_red) <= 2
    planned = [row for row in office.rows if row.project.has_plan]
    assert all(row.ytd_done < row.project.annual_plan_yuan / 10 for row in planned)
    assert Counter(row.light.color for row in office.rows)[Color.BLUE] > len(office.rows) / 2
    # a project finished in 2026 is not planned for 2027, nor reports investment in it
    finished = [row for row in office.rows if row.project.status in FINISHED_STATUSES]
    assert finished
    assert all(not row.project.has_plan and row.ytd_done == 0 for row in finished)
    assert sum(row.project.has_plan for row in office.rows) == len(office.rows) - len(finished)
    # 2027's plan is the one the office imported in December, not 2026's figures copied
    assert (tmp_path / "demo" / "demo-2027-plan.xlsx").exists()
    carried = [key for key in office.plans if key[1] == 2027]
    same = [key for key in carried if office.plans[key] == office.plans.get((key[0], 2026))]
    assert carried and len(same) < len(carried) / 5


def test_a_december_demo_has_most_of_next_years_plan_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = _demo(tmp_path, "2026-12-07 10:00", monkeypatch)
    assert office.plan_years == {2026, 2027}
    assert all(row.project.annual_plan_yuan > 0 for row in office.rows if row.project.has_plan)
