"""A line on every scheduled push whose days were decided without the year's 调休 arrangement."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from scheduler.context import JobContext, Push

# The check itself is about the missing year: it says so at length already.
UNNOTED = {"calendar_check"}


def missing_years_of_week(ctx: JobContext, at: datetime) -> list[int]:
    """Years of `at`'s ISO week (it may span New Year) whose arrangement is not loaded."""
    monday = at.date() - timedelta(days=at.weekday())
    years = sorted({monday.year, (monday + timedelta(days=6)).year})
    return [year for year in years if not ctx.calendar.has_data_for(year)]


def calendar_note(ctx: JobContext, at: datetime) -> str | None:
    """The note a push at `at` carries (None when the week's arrangement is loaded)."""
    years = missing_years_of_week(ctx, at)
    return ctx.render("pushes/calendar_note", {"years": years}).strip() if years else None


def with_calendar_note(
    ctx: JobContext, job_id: str, at: datetime, pushes: list[Push]
) -> list[Push]:
    """`pushes` with the note appended when the week's calendar is only the statutory guess."""
    note = calendar_note(ctx, at)
    if note is None or job_id in UNNOTED or not pushes:
        return pushes
    return [
        replace(
            push, message=push.message.model_copy(update={"text": f"{push.message.text}\n{note}"})
        )
        for push in pushes
    ]
