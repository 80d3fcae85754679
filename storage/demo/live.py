"""The demo's day: which plan year the demo shows on a given day, and since when it has run.

`diaodu demo` lives on the clock's day. From 10 March the ledger is the current year's, as it
stands that day; before that (January, February, early March) the office still works from
last year's ledger as it stood at the year end, with the new year's own plan as the office
imported it in December (`demo-YYYY-plan.xlsx`), and reports of the new weeks count for the new
year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SPRING = (3, 10)
"""From this day of a year, a ledger generated for that year has enough behind it."""
HISTORY_WEEKS = 6
"""Weeks of weekly reports before the demo's week (monthly ones before them)."""


@dataclass(frozen=True)
class DemoDay:
    """What the demo generates and imports for one day."""

    today: date
    ledger_year: int
    """The plan year the ledger is generated for."""
    ledger_day: date
    """The day the generated ledger stands on (statuses, starts, milestones)."""
    plan_years: tuple[int, ...]
    """The plan years its plan is imported for."""
    entered: date
    """Since when the office keeps the ledger: the start of the ledger's plan year (a ranking
    looks back at whole months, and the 作检讨 rule at two of them)."""


def demo_day(today: date) -> DemoDay:
    """The demo for `today`."""
    if today >= date(today.year, *SPRING):
        return DemoDay(today, today.year, today, (today.year,), date(today.year, 1, 1))
    last = today.year - 1
    return DemoDay(today, last, date(last, 12, 31), (last, today.year), date(last, 1, 1))
