"""The reporting rule of SPEC §5: missing weekly reports turn a project yellow, then red.

Only periods that count are looked at: closed (deadline passed), with a working day, not
excused (请假/代报), and starting after the day the project entered the ledger — the period
it entered in is its first and never counts against it. Skipped periods are transparent: the
rule looks through them to the counted periods before.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.light_rules import is_finished
from domain.light_types import Color, LightThresholds, ProjectFacts, Reason, Rule
from domain.periods import DueTime, Period, deadline, last_closed_period, period_of, previous

CATCH_UP = "，请尽快补报"
"""What a missed-report reason asks of the owner (not of the leaders who read it too)."""

# How many periods back a "连续 N 期" count goes; a year is plenty to say it.
_MAX_COUNTED = 52


def reporting(
    facts: ProjectFacts, now: datetime, cal: WorkCalendar, th: LightThresholds
) -> list[Reason]:
    """Nothing received since the last counted period began → yellow; two such periods → red.

    A finished project (竣工) owes no more reports, nor does a category without the duty."""
    if facts.category in th.not_reporting or is_finished(facts.completed_on, facts.status):
        return []
    excused = facts.excused_periods
    if not isinstance(excused, frozenset):
        excused = frozenset(excused)
    latest = _latest_closed(now, cal, th.report_due)
    if latest is None:
        return []
    counted = _counted_periods(latest, cal, th.report_due, facts.entered_ledger_on, excused)
    last = facts.last_report_at
    missing = 0
    for _, starts_at in counted:
        if last is not None and last >= starts_at:
            break
        missing += 1
    if not missing:
        return []
    if missing == 1:
        return [Reason(Color.YELLOW, Rule.REPORT, _one_missing(counted[0][0], now))]
    first = counted[missing - 1][0]
    text = f"已连续 {missing} 期未报送进度（{first.first_day}起）{CATCH_UP}"
    return [Reason(Color.RED, Rule.REPORT, text)]


@lru_cache(maxsize=2048)
def _counted_periods(
    latest: Period, cal: WorkCalendar, due: DueTime, entered: date, excused: frozenset[str]
) -> tuple[tuple[Period, datetime], ...]:
    """The counted periods, newest first, with when each began.

    Keyed by everything the answer depends on (by the week, not the minute, so chat queries
    reuse it too): projects mostly share their ledger entry day and have no leave, so this is
    worked out a handful of times per week.
    """
    found = []
    for period in _closed_periods(latest, cal, due):
        if period.start <= entered:
            break
        if period.label not in excused:
            found.append((period, period.starts_at()))
    return tuple(found)


@lru_cache(maxsize=256)
def _latest_closed(now: datetime, cal: WorkCalendar, due: DueTime) -> Period | None:
    # A scheduler run evaluates every project at one `now`; work it out once.
    return last_closed_period(now, cal, **due._asdict())


@lru_cache(maxsize=64)
def _closed_periods(latest: Period, cal: WorkCalendar, due: DueTime) -> tuple[Period, ...]:
    """`latest` and the periods with an obligation before it, newest first (for all projects)."""
    found: list[Period] = []
    period: Period = latest
    while len(found) < _MAX_COUNTED:
        if deadline(period, cal, **due._asdict()) is not None:
            found.append(period)
        period = previous(period)
    return tuple(found)


@lru_cache(maxsize=256)
def _one_missing(period: Period, now: datetime) -> str:
    current = period_of(now.astimezone(SHANGHAI).date())
    if period == current:
        return f"本周（{period.days}）尚未报送进度，已过截止时间"
    if period == previous(current):
        return f"上周（{period.days}）未报送进度"
    return f"{period.days}那周未报送进度"
