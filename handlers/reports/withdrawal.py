"""A report taken back (`/撤回`, or a correction the 1st-of-month rule filed in the wrong
month): the report it corrected counts again, with its problem and its 开工/竣工 lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.context import Context
from handlers.reports.declare import declare, undeclare
from handlers.reports.problems import after_withdrawal
from storage.models import Project, Report
from storage.repos import audit, report_takeback


@dataclass
class Withdrawn:
    """What taking a report back changed, for the reply."""

    project: Project | None
    restored: Report | None
    """The report it had corrected, which counts again."""
    problem: dict[str, Any]
    declared: list[dict[str, object]]


async def withdraw_report(
    ctx: Context, report: Report, *, issue: bool = True, **why: str
) -> Withdrawn:
    """Take `report` back (its project locked by the caller); `why` goes into the audit.
    Without `issue`, an issue it raised stays linked to it for its successor to take over."""
    earlier = await report_takeback.superseded_by(ctx.session, report.id)
    report_takeback.withdraw(report, earlier, ctx.now)
    problem = await after_withdrawal(ctx, report, earlier) if issue else {}
    project = await ctx.session.get(Project, report.project_id)
    declared: list[dict[str, object]] = []
    if project is not None:
        await undeclare(ctx, project, report)
        if earlier is not None:
            declared = await declare(ctx, project, earlier)
    await audit.note(
        ctx.session,
        at=ctx.now,
        actor=ctx.person.name,
        entity="report",
        entity_key=project.code if project else "",
        action="withdraw",
        detail={"report_id": report.id, **why},
    )
    return Withdrawn(project, earlier, problem, declared)
