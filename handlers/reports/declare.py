"""开工/复工/入统/竣工 declared in a report: they update the project, clear the light reasons
that waited for them, are echoed in the reply and kept in the audit trail.

A 续建 project (or one started in an earlier year) that says 开工 or 复工 resumes for this
year; a correction first undoes what its earlier version declared, a withdrawal undoes its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.light_rules import is_finished
from domain.stats_due import STATS_NODES
from handlers.context import Context
from handlers.reports.grammar import ReportBlock
from handlers.reports.lines import declared_event
from storage.models import Project, Report
from storage.repos import audit, declarations
from storage.repos.reports import Figure, first_invested_month

STARTED = frozenset({"在建", "已开工", "已竣工", "已投产"})
FINISHED = frozenset({"已竣工", "已投产"})
# milestone names that a declaration completes
MILESTONES = {
    "开工": ("开工", "项目开工", "开工建设"),
    "复工": ("复工", "项目复工"),
    "入统": tuple(sorted(STATS_NODES)),
    "竣工": ("竣工", "项目竣工", "竣工投产", "竣工验收"),
}


async def declare(ctx: Context, project: Project, report: Report) -> list[dict[str, Any]]:
    """Apply the report's declarations to the project; one line of reply data for each."""
    said = []
    if report.started_on is not None:
        if _resumes(project, report.started_on):
            said.append(await _resume(ctx, project, report, report.started_on))
        else:
            said.append(
                await _change(ctx, project, report, "开工", "started_on", report.started_on)
            )
    if report.stats_entered_on is not None:
        said.append(
            await _change(ctx, project, report, "入统", "stats_entered_on", report.stats_entered_on)
        )
    if report.completed_on is not None:
        said.append(
            await _change(ctx, project, report, "竣工", "completed_on", report.completed_on)
        )
    return said


async def undeclare(ctx: Context, project: Project, report: Report | Figure) -> None:
    """Undo what `report` declared, where the project still holds what it set."""
    if not _declares(report):
        return  # most corrections declare nothing: no need to read the project's audit trail
    for detail in reversed(await declarations.made_by(ctx.session, project.code, report.id)):
        field, status = detail["field"], detail.get("status")
        declared = declarations.day(detail["to"])
        if getattr(project, field) == declared and declared is not None:
            setattr(project, field, declarations.day(detail["from"]))
            # the milestones it closed open again (a corrected 开工 date closes them anew)
            names = MILESTONES[detail["what"]]
            for done in await declarations.milestones_done_on(
                ctx.session, project.id, names, declared
            ):
                done.done_on = None
        if status and project.status == status[1]:
            project.status = status[0]
        await _audit(ctx, project, declarations.REVERT, detail)


def _declares(report: Report | Figure) -> bool:
    """Whether the report declared 开工/复工, 入统 or 竣工."""
    return any(
        on is not None for on in (report.started_on, report.stats_entered_on, report.completed_on)
    )


def _resumes(project: Project, on: date) -> bool:
    if project.category == "续建":
        return True
    return project.started_on is not None and project.started_on.year < on.year


async def _resume(ctx: Context, project: Project, report: Report, on: date) -> dict[str, Any]:
    current = project.resumed_on
    if current is not None and current.year == on.year:
        return _line("复工", on, f"本年已于 {_day(current)} 复工，未改动", changed=False)
    if on == ctx.today:  # `开工：是` in a routine report of a project at work all year
        since = await first_invested_month(ctx.session, project.id, on.year, report.id)
        if since is not None and since < f"{on.year}-{on.month:02d}":
            month = int(since[5:])
            note = f"本年{month}月起已报投资，已计为复工，未改动（如需登记复工日期请写明日期）"
            return _line("复工", on, note, changed=False)
    return await _change(ctx, project, report, "复工", "resumed_on", on)


async def _change(
    ctx: Context, project: Project, report: Report, what: str, field: str, on: date
) -> dict[str, Any]:
    """Set one declared date (never over a date the ledger already holds) and its status."""
    old = getattr(project, field)
    status = _status_after(project, what)
    kept = ""
    if old is not None and old != on and what != "复工":
        kept = f"台账中{what}日期为 {_day(old)}，未改动；如有误请联系专班办公室"
        on = old
    if old == on and status is None:
        return _line(what, on, kept or "与台账一致", changed=False)
    detail: dict[str, Any] = {
        "what": what,
        "field": field,
        "from": old.isoformat() if old else None,
        "to": on.isoformat(),
        "report_id": report.id,
        "status": [project.status, status] if status else None,
    }
    setattr(project, field, on)
    if status:
        project.status = status
    for milestone in await declarations.open_milestones(ctx.session, project.id, MILESTONES[what]):
        milestone.done_on = on
    await _audit(ctx, project, declarations.DECLARE, detail)
    moved = f"项目状态 {detail['status'][0] or '未填'} → {status}" if status else ""
    return _line(what, on, "；".join(n for n in (kept, moved) if n), changed=True)


def _status_after(project: Project, what: str) -> str | None:
    """The status a declaration moves the project to, if it moves."""
    if what in ("开工", "复工") and project.status not in STARTED:
        return "在建"
    if what == "竣工" and project.status not in FINISHED:
        return "已竣工"
    return None


async def _audit(ctx: Context, project: Project, action: str, detail: dict[str, Any]) -> None:
    await audit.note(
        ctx.session,
        at=ctx.now,
        actor=ctx.sender.name if ctx.sender else "",
        entity=declarations.ENTITY,
        entity_key=project.code,
        action=action,
        detail=detail,
    )


def _line(what: str, on: date, note: str, *, changed: bool) -> dict[str, Any]:
    return {"what": what, "on": _day(on), "note": note, "changed": changed}


def _day(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def finish_unsaid(block: ReportBlock, project: Project) -> bool:
    """Whether the 形象进度 just typed says the project is finished (`已竣工`) while it is not,
    and no 竣工 line declares it: the reply says how to (the text describes, it does not
    declare: /模板 brings it back every week)."""
    if "progress" not in block.given or block.completed is not None:
        return False
    said = declared_event(block.progress_text or "")
    finished = is_finished(project.completed_on, project.status)
    return said is not None and said.field == "completed" and not finished
