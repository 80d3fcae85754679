"""`是`/`否` to the bot's 是否登记为问题？: each report asked about has its 存在问题 registered
as an issue or declined, read afresh under its project's lock."""

from __future__ import annotations

from core.messages import Reply
from handlers.context import Context
from handlers.reports import problems
from handlers.reports.answer_words import NO, YES
from handlers.reports.said_to_bot import nothing
from handlers.reports.still_wanted import held_wants
from storage.models import Report
from storage.repos import pending, projects


async def yes_no(ctx: Context, yes: bool) -> list[Reply]:
    """`是`/`否` (or `确认`) to 是否登记为问题: the problem registered or declined; a `不是` to a
    held report's question says what it waits for."""
    person = ctx.person
    asked = await pending.take(ctx.session, person.id, (pending.PROBLEM,))
    if not asked and await pending.waiting(ctx.session, person.id, (pending.CONFIRM,)):
        # `不是` to "是否把去年的累计填成了今年的？": the held report waits for 确认 or a new one
        # (asked of this sender, so answered in a group too, as a 是/否 to a problem is)
        return [await held_wants(ctx)]
    if not asked:
        return nothing(ctx, "nothing_asked")
    results = []
    for item in pending.items_of(asked[0]):
        report = await _locked_report(ctx, item["report_id"])
        if report is None or report.withdrawn_at is not None or report.superseded_by_id:
            results.append({"project": item["project"], "gone": True})
            continue
        done = await (problems.register if yes else problems.decline)(ctx, report)
        results.append({"project": item["project"], "text": item["text"], "gone": False, **done})
    data = {"outcome": YES if yes else NO, "items": results}
    return [Reply(template="replies/answer", data=data)]


async def _locked_report(ctx: Context, report_id: int) -> Report | None:
    """A report read afresh under its project's lock (a correction may have just landed)."""
    report = await ctx.session.get(Report, report_id)
    if report is None:
        return None
    await projects.lock(ctx.session, report.project_id)
    return await ctx.session.get(Report, report_id, populate_existing=True)
