"""Date cells read with the import's day: those that say something has happened (开工日期, 入统日期,
实际完成日期) may not be later than it, and every refusal's example is of its year.

A planned date typed into the actual-date column by mistake would count the project as
started (开复工, 入统) or the milestone as done. Chat refuses such a date the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationInfo

from storage.ledger import cells

TODAY = "today"
"""The validation context's key for the import's day; without it no date is judged."""


def any_day(value: Any, info: ValidationInfo) -> date | None:
    """A validator of a date cell of any day (计划开工日期): a refusal's example is this year's."""
    return cells.day(value, (info.context or {}).get(TODAY))


def past_day(done: str, planned: str) -> Callable[[Any, ValidationInfo], date | None]:
    """A validator of an actual-date cell: `done` is what happened (开工), `planned` the column
    a planned date belongs in (计划开工日期), or "" when the ledger has none."""

    def check(value: Any, info: ValidationInfo) -> date | None:
        today: date | None = (info.context or {}).get(TODAY)
        on = cells.day(value, today)
        if on is None or today is None or on <= today:
            return on
        if cells.month_only(value) and (on.year, on.month) == (today.year, today.month):
            # `2026年12月` in December: happened this month, its end (how a month alone reads)
            # still to come; its first day, not today, so a re-import tomorrow changes nothing
            return on.replace(day=1)
        # a month alone as typed: its last day would read as a date nobody wrote
        shown = f"“{cells.text(value)}”" if cells.month_only(value) else on.isoformat()
        where = f"（计划日期请填在“{planned}”列）" if planned else ""
        raise cells.CellError(f"{shown} 还没到：已{done}请填实际日期，尚未{done}请留空{where}")

    return check
