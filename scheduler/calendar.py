"""The calendar check: warn the office in December while next year's holidays are unknown.

The working calendar comes from the `chinesecalendar` package, which covers a year only once
the State Council notice is out (each November or December); until then the office fills the
year into the holidays file (`calendar.holidays_file`). Without data the bot falls back to
Monday–Friday, which `domain.calendar` logs; this job says so where people will see it.
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
    JOB: "12月每周第一个工作日，下一年节假日数据缺失时提醒",
}


def policy_of(job_id: str) -> str:
    """How a job treats holidays, in words for `diaodu jobs list`."""
    return POLICIES.get(job_id, "每个工作日")


def calendar_check_due(ctx: JobContext, day: date) -> bool:
    """In December, the first working day of each week (counting December's days only)."""
    if day.month != WARN_MONTH:
        return False
    days = [d for d in ctx.calendar.workdays_in_week(day) if d.month == WARN_MONTH]
    return bool(days) and days[0] == day


async def calendar_check(ctx: JobContext, at: datetime) -> JobResult:
    """Tell the office how to add next year's holidays while the calendar lacks them."""
    day = at.date()
    year = day.year + 1
    if not calendar_check_due(ctx, day) or ctx.calendar.has_data_for(year):
        return []
    path = ctx.settings.calendar.holidays_file
    data = {"year": year, "file": str(path) if path else None}
    week = day.isocalendar().week
    key = occasion(JOB, f"{year}:{day.isocalendar().year}-W{week:02d}")
    return [
        Push.of(ctx, group, key, "pushes/calendar_missing", data) for group in ctx.groups("office")
    ]
