"""Every job on the demo ledger for an ordinary week and a holiday week, read as people read it:
each message within its audience's phone budget, one message per group per job run, and each
audience told only what is its own."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from core.settings import MessageSettings
from domain.budget import measure
from domain.clock import SHANGHAI
from scheduler.context import JobContext, Push
from scheduler.deliver import deliver
from scheduler.jobs import build_jobs
from scheduler.runner import compute_noting
from storage.models import Project, Unit
from tests.support.demo import demo_context

JOBS = build_jobs()
Runs = list[tuple[str, datetime, list[Push]]]  # (job id, when, its pushes) of every run
BUDGETS = MessageSettings()  # the demo keeps the defaults
ORDINARY = date(2025, 9, 1)  # 9-1: the month's first working day (ranking); 9-2: a 调度会
HOLIDAY = date(2025, 9, 29)  # 国庆/中秋: 9-28 (Sun) and 10-11 (Sat) worked, 10-1..10-8 off


@pytest.fixture(scope="module")
def demo_week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runs, dict[str, str]]:
    """Every job run of both weeks (and the week after National Day), in order; and each
    project's unit."""
    return asyncio.run(_run_weeks(tmp_path_factory.mktemp("demo-week")))


@pytest.fixture(scope="module")
def week_runs(demo_week: tuple[Runs, dict[str, str]]) -> Runs:
    """The job runs."""
    return demo_week[0]


@pytest.fixture(scope="module")
def projects_by_unit(demo_week: tuple[Runs, dict[str, str]]) -> dict[str, str]:
    """Project name → its unit, from the demo ledger."""
    return demo_week[1]


async def _run_weeks(tmp_path: Path) -> tuple[Runs, dict[str, str]]:
    ctx = await demo_context(tmp_path)
    runs = []
    try:
        async with ctx.db.read() as session:
            rows = await session.execute(select(Project.name, Unit.name).join(Unit))
            units = {name: unit for name, unit in rows.all()}
        for first in (ORDINARY, HOLIDAY, HOLIDAY + timedelta(days=7)):
            for offset in range(7):
                runs += await _run_day(ctx, first + timedelta(days=offset))
    finally:
        await ctx.db.dispose()
    return runs, units


async def _run_day(ctx: JobContext, day: date) -> Runs:
    """Each job at its time of `day`, its pushes queued as the scheduler would."""
    runs = []
    for job in JOBS.values():
        hour, minute = job.time_of_day(ctx.settings.schedule)
        at = datetime.combine(day, time(hour, minute), SHANGHAI)
        pushes, _ = await compute_noting(ctx, job, at)
        await deliver(ctx, pushes, at)
        runs.append((job.id, at, pushes))
    return runs


def test_every_job_ran_and_said_something(week_runs: Runs) -> None:
    spoke = {job for job, _, pushes in week_runs if pushes}
    assert spoke >= {
        "weekly_reminder",
        "nudge",
        "deadline_close",
        "biweekly_digest",
        "monthly_ranking",
        "lights",
        "issue_loop",
        "leader_weekly",
    }
    silent_days = {at.date() for job, at, pushes in week_runs if job == "lights" and not pushes}
    assert date(2025, 10, 1) in silent_days  # a holiday: no job speaks
    holiday = [p for job, at, p in week_runs if at.date() == date(2025, 10, 3) and p]
    assert holiday == []


def test_every_message_fits_two_phone_screens(
    week_runs: Runs,
) -> None:
    for job, at, pushes in week_runs:
        for push in pushes:
            size = measure(push.message.text)
            budget = BUDGETS.for_role(push.group.role)
            assert size.within(budget), (job, at, push.group.name, size, push.message.text)


def test_one_message_per_group_per_job_run(
    week_runs: Runs,
) -> None:
    for job, at, pushes in week_runs:
        twice = [name for name, n in Counter(p.group.name for p in pushes).items() if n > 1]
        assert twice == [], (job, at)


def test_unit_groups_hear_only_their_own_unit(
    week_runs: Runs, projects_by_unit: dict[str, str]
) -> None:
    told = 0
    for job, at, pushes in week_runs:
        for push in pushes:
            if not push.group.role.startswith("unit:"):
                continue
            unit = push.group.role.removeprefix("unit:")
            others = [
                name
                for name, owner in projects_by_unit.items()
                if owner != unit and name in push.message.text
            ]
            assert others == [], (job, at, push.group.name)
            told += 1
    assert told > 10


def test_the_review_list_goes_to_leaders_and_office_and_each_unit_its_own(
    week_runs: Runs,
) -> None:
    told = [p for _, _, pushes in week_runs for p in pushes if "作检讨" in p.message.text]
    whole = {p.group.role for p in told if "（需向专班作检讨）**" in p.message.text}
    assert whole == {"leaders", "office"}  # the whole list
    units = {p.group.role for p in told if "本单位连续" in p.message.text}
    assert units and all(role.startswith("unit:") for role in units)  # only their own (above)
    assert "owners" not in {p.group.role for p in told}


def test_owners_groups_get_who_is_missing_never_the_project_list(
    week_runs: Runs, projects_by_unit: dict[str, str]
) -> None:
    nudges = [p for job, _, pushes in week_runs if job == "nudge" for p in pushes]
    assert nudges
    for push in nudges:
        assert push.group.role == "owners"
        assert not [name for name in projects_by_unit if name in push.message.text]
        assert "@" in push.message.text and "个：" in push.message.text


def test_leaders_hear_only_new_reds_from_the_daily_warnings(
    week_runs: Runs,
) -> None:
    for job, _, pushes in week_runs:
        for push in pushes:
            if job == "lights" and push.group.role == "leaders":
                assert "新亮🔴 红灯" in push.message.text or "新亮红灯" in push.message.text
                assert "🟡" not in push.message.text.split("\n", 1)[1].split("全部项目现有")[0]


def test_the_first_warnings_run_sets_the_baseline_and_says_so_once(
    week_runs: Runs,
) -> None:
    said = [
        (at, p.group.role)
        for job, at, pushes in week_runs
        if job == "lights"
        for p in pushes
        if "已建立亮灯基线" in p.message.text
    ]
    assert [role for _, role in said] == ["office"]
    first = next(pushes for job, _, pushes in week_runs if job == "lights" and pushes)
    assert [p.group.role for p in first] == ["office"]  # no wall of 新亮 on the first run
