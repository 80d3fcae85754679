"""When the 双周调度会 digest goes out: the every-other-week series, and occurrences moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.holiday_policy import Policy, biweekly_week, weekly_day
from domain.periods import DueTime, period_of

JOB = "biweekly_digest"
LOOK_BACK_WEEKS = 4  # a moved occurrence is never later than the next one, so this is plenty
LOOK_AHEAD_WEEKS = 12


class MeetingSchedule(Protocol):
    """The two schedule keys the series is made of (`[schedule]` in the settings)."""

    @property
    def biweekly_digest(self) -> str: ...

    @property
    def biweekly_anchor(self) -> str: ...


class Scheduled(Protocol):
    """Settings that carry a `[schedule]` section."""

    @property
    def schedule(self) -> MeetingSchedule: ...


class Calendared(Protocol):
    """Anything with the settings and the working calendar (a job's or a handler's context)."""

    @property
    def settings(self) -> Scheduled: ...

    @property
    def calendar(self) -> WorkCalendar: ...


@dataclass(frozen=True)
class Occasion:
    """One 调度会 of the series: its label (the series week), its series day and real day."""

    label: str
    series_day: date
    day: date

    @property
    def moved(self) -> bool:
        """Whether an admin moved it off its series day."""
        return self.day != self.series_day


def series_day(ctx: Calendared, d: date) -> date | None:
    """The series day in `d`'s week: the configured weekday, else the next working day."""
    anchor = date.fromisoformat(ctx.settings.schedule.biweekly_anchor)
    if not biweekly_week(d, anchor):
        return None
    weekday = DueTime.parse(ctx.settings.schedule.biweekly_digest).weekday
    return weekly_day(d, weekday, ctx.calendar, Policy.NEXT)


def digest_due(ctx: Calendared, day: date) -> bool:
    """Whether the series holds its 调度会 on `day` (moves are seen by the job itself)."""
    return series_day(ctx, day) == day


def label_of(day: date) -> str:
    """The occasion label of the series day `day` (its ISO week, `2025-W17`)."""
    return period_of(day).label


def held_on(ctx: Calendared, day: date, moved: dict[str, date]) -> list[Occasion]:
    """The occasions whose digest goes out on `day`, moves taken into account."""
    found = [o for o in occasions_around(ctx, day, moved) if o.day == day]
    return sorted(found, key=lambda o: o.series_day)


def occasions_around(ctx: Calendared, day: date, moved: dict[str, date]) -> list[Occasion]:
    """Every occasion of the series from a few weeks before `day` to months after it."""
    monday = day - timedelta(days=day.weekday())
    found = []
    for week in range(-LOOK_BACK_WEEKS, LOOK_AHEAD_WEEKS + 1):
        nominal = series_day(ctx, monday + timedelta(weeks=week))
        if nominal is not None:
            label = label_of(nominal)
            found.append(Occasion(label, nominal, moved.get(label, nominal)))
    return found


def fire_time(ctx: Calendared, day: date) -> datetime:
    """When the digest of an occasion held on `day` is pushed."""
    clock = ctx.settings.schedule.biweekly_digest.split()[-1]
    hour, _, minute = clock.partition(":")
    return datetime.combine(day, time(int(hour), int(minute)), SHANGHAI)


def pending(ctx: Calendared, now: datetime, moved: dict[str, date]) -> list[Occasion]:
    """Occasions whose digest has not gone out by `now`, soonest first."""
    later = [o for o in occasions_around(ctx, now.date(), moved) if fire_time(ctx, o.day) > now]
    return sorted(later, key=lambda o: (o.day, o.series_day))
