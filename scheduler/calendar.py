"""The calendar check: tell the office while a year's holiday arrangement is not loaded.

The working calendar comes from the `chinesecalendar` package, which covers a year only once
the State Council notice is out (each November or December), or from the holidays file that
`diaodu calendar import` writes from the notice. Without either, the bot keeps only the
statutory holidays and knows no 调休 (`domain.calendar`). From 1 December the office hears each
week that next year is missing, and from January each week that this year still is.
"""

from __future__ import annotations

from datetime import date, datetime

from scheduler.context import JobContext, JobResult, Push, occasion

JOB = "calendar_check"
WARN_MONTH = 12
POLICIES = {
    "weekly_reminder": "本周第一个工作日（周一放假则顺延）",
    "nudge": "周四；放假则提前到本周此前最后一个工作日",
    "deadline_close": "报送截止日（周五；放假则提前到本周最后一个工作日）",
    "lights": "每个工作日；节假日不推送",
    "issue_loop": "每个工作日；节假日不推送，超期问题每个工作日最多督办一次",
    "biweekly_digest": "每两周的周二；放假则顺延到该周下一个工作日",
    "monthly_ranking": "每月第一个工作日",
    JOB: "每周第一个工作日；12月起下一年、1月起当年的放假安排未导入时提醒",
    "plan_year_check": "12月每周第一个工作日（有项目缺下一年计划时）；1月第一个工作日",
}


def policy_of(job_id: str) -> str:
    """How a job treats holidays, in words for `diaodu jobs list`."""
    return POLICIES.get(job_id, "每个工作日")


def calendar_check_due(ctx: JobContext, day: date) -> bool:
    """The first working day of each week while a year is missing (December: its own days)."""
    if not ctx.calendar.missing_years(day):
        return False
    days = ctx.calendar.workdays_in_week(day)
    if day.month == WARN_MONTH:  # the week that holds 1 December starts on 1 December
        days = [d for d in days if d.month == WARN_MONTH]
    return bool(days) and days[0] == day


async def calendar_check(ctx: JobContext, at: datetime) -> JobResult:
    """Tell the office how to load the missing years' arrangement."""
    day = at.date()
    years = ctx.calendar.missing_years(day)
    if not calendar_check_due(ctx, day):
        return []
    path = ctx.settings.calendar.holidays_file
    data = {"years": years, "file": str(path) if path else None, "this_year": day.year}
    iso = day.isocalendar()
    label = "+".join(map(str, years))
    key = occasion(JOB, f"{label}:{iso.year}-W{iso.week:02d}")
    return [
        Push.of(ctx, group, key, "pushes/calendar_missing", data) for group in ctx.groups("office")
    ]
