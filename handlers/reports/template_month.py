"""Which month a pre-filled `/模板` is for, and the report it is pre-filled from.

Up to a month's first working day the template names last month (`月份：11月`): those days
bring last month's final figures, and a 本月完成 naming no month would be asked which it is.
Once the project has a report that counts for this month, the template is this month's, even
when a correction of last month came in after it (sent back with `月份：11月` and this month's
cumulative, the template overwrote last month's final figure with this month's)."""

from __future__ import annotations

from datetime import date

from domain.dates import last_month_of
from domain.holiday_policy import first_workday_of_month
from handlers.context import Context
from handlers.reports.when import Counted
from storage.models import Report
from storage.repos import reports


async def template_month(ctx: Context, project_id: int) -> tuple[date | None, Report | None]:
    """The day in last month the template names (None: this month's, no `月份` line), and the
    latest report that counts for the month it is for (or the latest of all, when none)."""
    this_month = await reports.recent(
        ctx.session, project_id, limit=1, month=Counted.of(ctx.today).label
    )
    first_days = ctx.today <= first_workday_of_month(ctx.today, ctx.calendar)
    month = last_month_of(ctx.today) if first_days and not this_month else None
    latest = this_month or await reports.recent(ctx.session, project_id, limit=1)
    return month, (latest[0] if latest else None)
