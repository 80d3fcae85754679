"""The weekly warning while a year's arrangement is missing, and the note on affected pushes."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli.calendar import import_notice
from domain.calendar import WorkCalendar, YearOverride
from domain.clock import parse_local_time
from scheduler.calendar import calendar_check, calendar_check_due, policy_of
from scheduler.context import JobContext
from scheduler.jobs import Job, build_jobs
from scheduler.runner import compute, run_job
from storage.models import Outbox
from tests.support.jobs import seeded_context

NOTICES = Path(__file__).parent / "data" / "notices"
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
        assert "2027 年的放假调休安排还没有导入" in text
        assert "私聊发给机器人“/节假日”加换行再粘贴全文" in text  # what the office can do
        assert "diaodu calendar import 通知.txt" in text  # and the server way, ready to copy
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
        assert ["2027 年的放假调休安排还没有导入" in text for text in texts] == (
            [True] if warned else []
        )
    finally:
        await ctx.db.dispose()


def test_the_first_working_day_of_each_december_week(caplog: pytest.LogCaptureFixture) -> None:
    calendar = WorkCalendar.load(None)
    ctx = type("Ctx", (), {"calendar": calendar})()
    days = [date(2026, 12, d) for d in range(1, 32) if calendar_check_due(ctx, date(2026, 12, d))]
    assert days == [date(2026, 12, d) for d in (1, 7, 14, 21, 28)]  # 12-01 is a Tuesday
    with caplog.at_level(logging.WARNING):
        assert not WorkCalendar.load(None).is_workday(date(2027, 1, 1))  # 元旦 by law …
    assert "2027" in caplog.text  # … and the log says the year is only the statutory guess


def test_each_job_names_its_holiday_policy() -> None:
    assert "工作日" in policy_of("lights") and "顺延" in policy_of("weekly_reminder")


async def test_in_january_the_office_hears_each_week_until_this_year_is_loaded(
    tmp_path: Path,
) -> None:
    ctx = await seeded_context(tmp_path)
    try:
        assert await _texts(ctx, "2027-01-01 09:00") == []  # 元旦: no working day
        [text] = await _texts(ctx, "2027-01-04 09:00")
        assert "2027 年" in text and "今年的调休上班日系统还不知道" in text
        assert await _texts(ctx, "2027-01-05 09:00") == []
        assert len(await _texts(ctx, "2027-03-01 09:00")) == 1  # still missing in March
        reloaded = replace(
            ctx, calendar=WorkCalendar({2027: YearOverride(frozenset(), frozenset())})
        )
        assert await _texts(reloaded, "2027-01-11 09:00") == []
    finally:
        await ctx.db.dispose()


async def _noted(ctx: JobContext, job: str, at: str) -> dict[str, bool]:
    """Each group role a job pushes to at `at`, and whether its push ends with the note."""
    pushes = await compute(ctx, build_jobs()[job], parse_local_time(at))
    note = "（注：2027年放假调休安排尚未导入，暂按法定节假日推算）"
    return {push.group.role: push.message.text.endswith(note) for push in pushes}


async def test_the_office_is_told_once_a_day_which_pushes_guess_the_year(tmp_path: Path) -> None:
    """The note goes on the office's pushes only (the office can import the calendar; the
    owners, units and leaders cannot), only on those naming a day moved around holidays, and
    not on a day the calendar check tells the office at length."""
    ctx = await seeded_context(tmp_path)
    try:
        # The last week of 2026 runs into 2027: its deadline moved off New Year's Day without
        # 2027's 调休 known.
        assert await _noted(ctx, "deadline_close", "2026-12-31 17:00") == {
            "leaders": False,
            "office": True,
        }
        assert await _noted(ctx, "deadline_close", "2026-12-25 17:00") == {  # 2026 known
            "leaders": False,
            "office": False,
        }
        # The same mornings' daily pushes say nothing of it: one note a day is enough.
        assert await _noted(ctx, "lights", "2026-12-31 09:00") == {"office": False}
        # 4 January: the calendar check itself tells the office; nothing else repeats it.
        assert await _noted(ctx, "monthly_ranking", "2027-01-04 09:00") == {
            "owners": False,
            "leaders": False,
            "office": False,
            "unit:北石店镇": False,
        }
        assert await _noted(ctx, "plan_year_check", "2026-12-28 09:00") == {"office": False}
        assert await _noted(ctx, "leader_weekly", "2026-12-28 09:00") == {"leaders": False}
    finally:
        await ctx.db.dispose()


@pytest.mark.parametrize("notice", [True, False])
async def test_new_years_day_2027_is_silent_with_or_without_the_notice(
    tmp_path: Path, notice: bool
) -> None:
    ctx = await seeded_context(tmp_path)
    if notice:
        holidays = Path(ctx.settings.calendar.holidays_file or "")
        assert import_notice(NOTICES / "2027-test.txt", holidays) == 0
        ctx = replace(ctx, calendar=WorkCalendar.load(holidays))
    try:
        for job in build_jobs().values():
            hour, minute = job.time_of_day(ctx.settings.schedule)
            at = parse_local_time(f"2027-01-01 {hour:02d}:{minute:02d}")
            assert await compute(ctx, job, at) == [], job.id
    finally:
        await ctx.db.dispose()
