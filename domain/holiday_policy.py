"""Holiday policies: on which day a job's occurrence really happens (SPEC §4)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from domain.calendar import WorkCalendar
from domain.periods import DueTime, deadline, period_of


class Policy(StrEnum):
    """What a job does when its nominal day is not a working day."""

    SKIP = "skip"
    NEXT = "next"
    PREVIOUS = "previous"


def weekly_day(d: date, weekday: int, cal: WorkCalendar, policy: Policy) -> date | None:
    """The effective day, in `d`'s week, of a weekly job nominally on `weekday` (0 = Monday).

    NEXT moves forward within the week (the Monday opening goes to the first working day),
    PREVIOUS moves back (a Friday deadline goes to the last working day before it); a week with
    no working day has no occurrence.
    """
    monday = d - timedelta(days=d.weekday())
    nominal = monday + timedelta(days=weekday)
    days = cal.workdays_in_week(monday)
    if policy is Policy.SKIP:
        return nominal if nominal in days else None
    if policy is Policy.NEXT:
        later = [day for day in days if day >= nominal]
        return later[0] if later else None
    earlier = [day for day in days if day <= nominal]
    return earlier[-1] if earlier else None


def is_weekly_day(d: date, due: DueTime, cal: WorkCalendar, policy: Policy) -> bool:
    """Whether `d` is the effective day of this week's occurrence."""
    return weekly_day(d, due.weekday, cal, policy) == d


def ahead_of_deadline(d: date, ahead: DueTime, due: DueTime, cal: WorkCalendar) -> date | None:
    """The effective day, in `d`'s week, of a weekly job at `ahead` before the deadline `due`
    (the Thursday nudge before the Friday deadline).

    Normally its own day, moved back (PREVIOUS). When a holiday moved the deadline earlier
    (元旦 on a Friday: due Thursday), it keeps its usual lead: as many working days before the
    moved deadline as its weekday is before the deadline's, where the plain rule put it hours
    before; the week's first working day when fewer are left, the deadline day when none.
    """
    period = period_of(d)
    moved = deadline(period, cal, **due._asdict())
    usual = period.start + timedelta(days=due.weekday)
    lead = due.weekday - ahead.weekday
    if moved is None or moved.date() >= usual or lead <= 0:
        return weekly_day(d, ahead.weekday, cal, Policy.PREVIOUS)
    before = [day for day in cal.workdays_in_week(period.start) if day < moved.date()]
    return before[-min(lead, len(before))] if before else moved.date()


def first_workday_of_month(d: date, cal: WorkCalendar) -> date:
    """The first working day of `d`'s month (falls back to the 1st if none is known)."""
    day = d.replace(day=1)
    while day.month == d.month:
        if cal.is_workday(day):
            return day
        day += timedelta(days=1)
    return d.replace(day=1)


def biweekly_week(d: date, anchor: date) -> bool:
    """Whether `d`'s week is one of the every-other-week series through `anchor`'s week."""
    monday = d - timedelta(days=d.weekday())
    anchor_monday = anchor - timedelta(days=anchor.weekday())
    return ((monday - anchor_monday).days // 7) % 2 == 0
