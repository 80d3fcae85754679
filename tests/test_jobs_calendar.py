"""The December warning when next year's holidays are missing, and the Mon–Fri fallback."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from scheduler.calendar import calendar_check, calendar_check_due, policy_of
from scheduler.context import JobContext
from scheduler.jobs import Job
from scheduler.runner import run_job
from storage.models import Outbox
from tests.jobs_support import seeded_context

JOB = Job(
    id="calendar_check",
    title="节假日数据检查",
    setting=lambda s: "09:00",
    due=calendar_check_due,
    run=calendar_check,
)


async def _texts(ctx: JobContext, at: str) -> list[str]:
    return [push.message.text for push in await calendar_check(ctx, parse_local_time(at))]


async def test_december_warns_the_office_weekly_while_next_year_is_missing(
    tmp_path: Path,
) -> None:
    ctx = await seeded_context(tmp_path)
    try:
        [text] = await _texts(ctx, "2026-12-07 09:00")  # the package has no 2027 yet
        assert "2027 年" in text and "calendar.holidays_file" in text
        assert "[2027]" in text and "workdays" in text  # the file format, ready to copy
        assert await _texts(ctx, "2026-12-08 09:00") == []  # once a week is enough
        assert await _texts(ctx, "2026-11-30 09:00") == []  # not December yet
        assert await _texts(ctx, "2025-12-01 09:00") == []  # 2026 is known
        at = parse_local_time("2026-12-14 09:00")
        assert (await run_job(ctx, JOB, at), await run_job(ctx, JOB, at)) == (1, 0)
        async with ctx.db.read() as session:
            queued = (await session.execute(select(func.count()).select_from(Outbox))).scalar()
        assert queued == 1
    finally:
        await ctx.db.dispose()


@pytest.mark.parametrize(("year", "warned"), [(2027, False), (2028, True)])
async def test_the_holidays_file_ends_the_warning(tmp_path: Path, year: int, warned: bool) -> None:
    holidays = tmp_path / "holidays.toml"
    holidays.write_text(f'[{year}]\nholidays = ["{year}-01-01"]\n', encoding="utf-8")
    ctx = await seeded_context(tmp_path, calendar={"holidays_file": str(holidays)})
    try:
        texts = await _texts(ctx, "2026-12-07 09:00")
        assert [f"当前配置：{holidays}" in text for text in texts] == ([True] if warned else [])
    finally:
        await ctx.db.dispose()


def test_the_first_working_day_of_each_december_week(caplog: pytest.LogCaptureFixture) -> None:
    calendar = WorkCalendar.load(None)
    ctx = type("Ctx", (), {"calendar": calendar})()
    days = [date(2026, 12, d) for d in range(1, 32) if calendar_check_due(ctx, date(2026, 12, d))]
    assert days == [date(2026, 12, d) for d in (1, 7, 14, 21, 28)]  # 12-01 is a Tuesday
    with caplog.at_level(logging.WARNING):
        assert WorkCalendar.load(None).is_workday(date(2027, 1, 1))  # Mon–Fri fallback …
    assert "2027" in caplog.text  # … and it says so in the log


def test_each_job_names_its_holiday_policy() -> None:
    assert "工作日" in policy_of("lights") and "顺延" in policy_of("weekly_reminder")
