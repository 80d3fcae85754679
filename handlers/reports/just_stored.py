"""The report the sender stored a moment ago: what `不对` with nothing held most likely means
(the figures were stored at once, and only then seen to be wrong)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from domain.periods import period_of
from handlers.context import Context
from handlers.reports.when import Counted
from storage.models import Project
from storage.repos import report_takeback

JUST_NOW = timedelta(minutes=30)


async def just_stored(ctx: Context) -> dict[str, Any] | None:
    """The sender's last report, when stored in the last half hour: its project, and whether
    sending it again replaces it (`resend`: a report of this week counted for this month, as
    a plain one sent now is). It is the one a bare `/撤回` takes back (the same look-up)."""
    period = period_of(ctx.today)
    since = datetime.combine(period.start, time(), ctx.now.tzinfo)
    report = await report_takeback.last_by_reporter(ctx.session, ctx.person.id, since)
    if report is None or report.received_at < ctx.now - JUST_NOW:
        return None
    project = await ctx.session.get(Project, report.project_id)
    if project is None:
        return None
    this_month = Counted.of(ctx.today).label
    resend = report.period == period.label and report.month == this_month
    return {"project": project.name, "resend": resend}
