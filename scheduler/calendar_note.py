"""A line on the office's scheduled pushes whose days were decided without the year's 调休
arrangement. Only the office can import the calendar (`/节假日` in chat), so only its group is
told; the owners, units and leaders would read a note they can do nothing about.

Only the pushes that name a day moved around holidays carry it (the 催报, the 截止 list, the
调度会 digest), and none on a day the calendar check itself tells the office at length: the
note once on four pushes of one morning was noise.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from scheduler.calendar import calendar_check_due
from scheduler.context import JobContext, Push

NOTED_JOBS = frozenset({"nudge", "deadline_close", "biweekly_digest"})
NOTED_ROLE = "office"


def missing_years_of_week(ctx: JobContext, at: datetime) -> list[int]:
    """Years of `at`'s ISO week (it may span New Year) whose arrangement is not loaded."""
    monday = at.date() - timedelta(days=at.weekday())
    years = sorted({monday.year, (monday + timedelta(days=6)).year})
    return [year for year in years if not ctx.calendar.has_data_for(year)]


def calendar_note(ctx: JobContext, at: datetime, role: str) -> str | None:
    """The note a push at `at` to a group of `role` carries (None when the week's arrangement
    is loaded, or the group is not the office's)."""
    if role != NOTED_ROLE:
        return None
    years = missing_years_of_week(ctx, at)
    return ctx.render("pushes/calendar_note", {"years": years}).strip() if years else None


def with_calendar_note(
    ctx: JobContext, job_id: str, at: datetime, pushes: list[Push]
) -> list[Push]:
    """`pushes`, the office's with the note appended when the week's calendar is only the
    statutory guess."""
    if job_id not in NOTED_JOBS or calendar_check_due(ctx, at.date()):
        return pushes
    note = calendar_note(ctx, at, NOTED_ROLE)
    if note is None:
        return pushes
    return [_noted(push, note) if push.group.role == NOTED_ROLE else push for push in pushes]


def _noted(push: Push, note: str) -> Push:
    text = f"{push.message.text}\n{note}"
    return replace(push, message=push.message.model_copy(update={"text": text}))
