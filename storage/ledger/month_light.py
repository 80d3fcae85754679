"""The light a 月报表 row shows: the one its own columns state (`month_light`).

The light on record was judged on some day of the month with the project's latest report;
the row's columns are at the month's end, so its 序时 and 作检讨 reasons are made again from
them, the others (milestones, reporting, 入统) kept as recorded.
"""

from __future__ import annotations

from domain.light_rules import review_reason, schedule_reason
from domain.light_types import Light, LightThresholds, Rule
from domain.lights import light_of
from storage.ledger.month_figures import Figures


def review_months(month: int, consecutive: int) -> list[int]:
    """The month ends, up to `month`'s, that 作检讨 looks at (none across the year's start)."""
    return list(range(month - consecutive + 1, month + 1)) if month >= consecutive else []


def month_light(
    recorded: Light | None,
    own: Figures,
    review: list[tuple[int, float]] | None,
    over: bool,
    head: str | None,
    th: LightThresholds,
) -> Light | None:
    """The light as the 月报表's own columns state it: the 序时 reason of its figures, the
    作检讨 of its month ends (as the month's 晾晒 push lists it, when the month is over), and
    the other reasons on record (milestones, reporting, 入统). On record alone, the 序时
    reason was the one of the project's latest report and 作检讨 that of the month before.
    `head` None: no 序时 reason (January before the year's first figure, as the rule says)."""
    if recorded is None:
        return None
    kept = {Rule.SCHEDULE, Rule.REVIEW} if over else {Rule.SCHEDULE}
    reasons = [r for r in recorded.reasons if r.rule not in kept]
    schedule = None
    if head is not None and own.schedule:
        schedule = schedule_reason(own.ytd or 0, own.schedule, th, head)
    reasons += [schedule] if schedule else []
    reasons += [review_reason(review, th)] if over and review else []
    return light_of(reasons)
