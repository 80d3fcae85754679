"""The same report sent again: already in, not stored a second time.

Owners resend a report they think did not go through (a network hiccup, a slow answer): a new
message id, the same text, minutes later. Stored as a correction of the first, the copy took
its place, and `/撤回` had to be sent once for each copy before an earlier figure counted
again. A block that would store exactly what the period's live report, sent by the same
person, says is answered that it is in; one changed figure or text and it is a correction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.display import moment
from handlers.context import Context
from handlers.reports.grammar import ReportBlock
from handlers.reports.outcome import Outcome
from storage.models import Project, Report
from storage.repos.reports import Figure


def as_stored(block: ReportBlock, month: str, ytd: int | None, today: date) -> dict[str, Any]:
    """The columns saying what `block` reports, as its report would store them (`ytd`: the
    year's cumulative, typed or worked out)."""
    return {
        "month": month,
        "period_investment_yuan": block.period_investment_yuan,
        "ytd_investment_yuan": ytd,
        "progress_text": block.progress_text,
        "problems_text": block.problems_text,
        "plan_text": block.plan_text,
        "figure_notes": block.figure_notes,
        "started_on": _declared(block.started, block.started_on, today),
        "stats_entered_on": _declared(block.stats_entered, block.stats_entered_on, today),
        "completed_on": _declared(block.completed, block.completed_on, today),
    }


async def already_in(
    ctx: Context, project: Project, live: Figure | None, values: dict[str, Any]
) -> Outcome | None:
    """The answer to a block that says nothing but what `live` (the period's current report)
    says, when the sender sent that one too; None when it is a report to store."""
    if live is None or any(getattr(live, name) != value for name, value in values.items()):
        return None
    report = await ctx.session.get(Report, live.id)
    if report is None or report.reporter_id != ctx.person.id:
        return None  # someone else's: theirs is replaced by the sender's, as before
    at = report.received_at
    when = f"{at:%H:%M}" if at.date() == ctx.today else moment(at, ctx.today)
    return Outcome(True, project.name, {"resent": when, "project_id": project.id})


def _declared(said: bool | None, on: date | None, today: date) -> date | None:
    """The date a 开工/入统/竣工 line declares (a bare 是 means today); None when not declared."""
    return on or (today if said else None)


def judged_before(live: Figure | None, values: dict[str, Any]) -> bool:
    """Whether the figures a block would store are those of the period's live report, judged
    (and confirmed, if held) when that came in: a correction of its text typing them again is
    not held over them a second time."""
    figures = ("month", "period_investment_yuan", "ytd_investment_yuan")
    return live is not None and all(getattr(live, name) == values[name] for name in figures)
