"""What a report's 存在问题 does to the project's issues: open, restate, retract, ask, or
point at the open ones a text saying a problem was solved may mean (`/销号` closes them).

A correction takes over the issue its earlier version raised (same number); a 存在问题 that
says "none" opens nothing; text that is neither is asked about once (`是/否`). Whoever was
told an issue was new (the office) is told when it changes or is taken back.
"""

from __future__ import annotations

from typing import Any

from core.messages import Reply
from domain.periods import period_of
from domain.problem_text import Verdict, judge, most_alike, told_in_passing
from handlers.context import Context
from handlers.issues.support import announce_new, issue_view
from handlers.reports.rules import new_problems, problems_to_open, same_text
from storage.models import Issue, Project, Report
from storage.repos import issues, pending
from storage.repos.office_queue import ASKED
from storage.repos.reports import Figure

ASK = "是否登记为问题？回复 是/否"


async def after_report(
    ctx: Context, project: Project, report: Report, earlier: Figure | None, *, given: bool
) -> dict[str, Any]:
    """Apply a stored report's 存在问题; what the reply says about it (`issue`, `issue_action`)."""
    linked = await issues.of_report(ctx.session, earlier.id) if earlier is not None else None
    verdict = judge(report.problems_text) if given else None
    if linked is not None:
        linked.report_id = report.id  # the correction now stands for it, whatever it says
        return await _carry(ctx, project, report, linked, verdict)
    if verdict is Verdict.PROBLEM:
        return await _open(ctx, project, report)
    if verdict is Verdict.UNCLEAR:
        return await _ask(ctx, project, report)
    if verdict is Verdict.RESOLVED:
        return await _solved(ctx, project, report)
    # no 存在问题 line, a problem told in the progress: the reply says how to raise it (unless
    # the project has open issues, which it most likely tells of)
    told = None if given else told_in_passing(report.progress_text)
    if told and not await issues.open_for_project(ctx.session, project.id):
        return _said(told=told)
    return _said()


async def _carry(
    ctx: Context, project: Project, report: Report, linked: Issue, verdict: Verdict | None
) -> dict[str, Any]:
    """A correction and the issue its earlier version raised."""
    if verdict is Verdict.PROBLEM:
        return await restate(ctx, linked, report)
    if verdict is Verdict.NONE:
        return await take_back(ctx, linked, "填报已更正为无问题")
    if verdict is Verdict.UNCLEAR:
        return await _ask(ctx, project, report)
    if verdict is Verdict.RESOLVED:
        # solved: it waits for /销号 as raised, no longer this week's report's to restate or
        # take back (a later correction naming a new problem opens one of its own)
        linked.report_id = None
        note = f"填报称已解决：{report.problems_text}"
        issues.record(
            ctx.session, linked, actor_id=_actor(ctx), action=issues.PROGRESS, note=note, at=ctx.now
        )
        return await _solved(ctx, project, report)
    return _said("kept", linked.number)  # no 存在问题 line: the problem stands as it was


async def register(ctx: Context, report: Report) -> dict[str, Any]:
    """The owner answered 是: the report's problem is an issue (new, or its restated one)."""
    linked = await issues.of_report(ctx.session, report.id)
    if linked is not None:
        return await restate(ctx, linked, report)
    project = await ctx.session.get(Project, report.project_id)
    if project is None:  # the foreign key keeps a report's project
        raise LookupError(f"report {report.id} has no project {report.project_id}")
    return await _open(ctx, project, report)


async def decline(ctx: Context, report: Report) -> dict[str, Any]:
    """The owner answered 否: nothing opens; an issue of the version it corrected is taken back."""
    linked = await issues.of_report(ctx.session, report.id)
    if linked is None:
        return _said()
    return await take_back(ctx, linked, "填报人确认不是问题")


async def restate(ctx: Context, issue: Issue, report: Report) -> dict[str, Any]:
    """Same number, the corrected text; the office is told what changed."""
    text = report.problems_text or ""
    still_open = [
        other.text for other in await issues.open_for_project(ctx.session, issue.project_id)
    ]
    if same_text(issue.text, text) or not problems_to_open(text, still_open):
        return _said("kept", issue.number)  # `/模板`'s list of what is open, sent back
    before = issue.text
    issues.revise(
        ctx.session, issue, text=text, report_id=report.id, actor_id=_actor(ctx), at=ctx.now
    )
    _tell_office(ctx, issue, "updated", await issue_view(ctx, issue), before=before)
    return _said("updated", issue.number)


async def take_back(ctx: Context, issue: Issue, why: str) -> dict[str, Any]:
    """Retract an untouched issue (已撤回); one the office acted on stays, and it is told."""
    if issue.state != issues.NEW or await issues.last_event(ctx.session, issue.id, ACTED_ON):
        view = await issue_view(ctx, issue)
        _tell_office(ctx, issue, "kept", view, why=why)
        return _said("stays", issue.number, state=issue.state)
    issues.retract(ctx.session, issue, actor_id=_actor(ctx), at=ctx.now, note=why)
    _tell_office(ctx, issue, "retracted", await issue_view(ctx, issue), why=why)
    return _said("retracted", issue.number)


async def after_withdrawal(ctx: Context, report: Report, earlier: Report | None) -> dict[str, Any]:
    """A withdrawn report's issue goes back to the version it restores, or is taken back."""
    linked = await issues.of_report(ctx.session, report.id)
    if linked is None:
        return _said()
    if earlier is not None and judge(earlier.problems_text) in (Verdict.PROBLEM, Verdict.UNCLEAR):
        linked.report_id = earlier.id
        return await restate(ctx, linked, earlier)
    return await take_back(ctx, linked, "填报已撤回")


async def _open(ctx: Context, project: Project, report: Report) -> dict[str, Any]:
    existing = await issues.open_for_project(ctx.session, project.id)
    # the problems not open already (the ones `/模板` listed come back with a new one)
    text = new_problems(report.problems_text or "", [issue.text for issue in existing])
    if not text:  # open already: the reply names it when it is one issue
        same = [i.number for i in existing if same_text(i.text, report.problems_text or "")]
        return _said("kept", same[0]) if same else _said()
    issue = await issues.open_issue(
        ctx.session,
        project_id=project.id,
        text=text,
        raised_by_id=_actor(ctx),
        at=ctx.now,
        report_id=report.id,
    )
    announce_new(ctx, await issue_view(ctx, issue))
    return _said("opened", issue.number)


ACTED_ON = (ASKED, issues.REFUSED, issues.REOPENED)
"""What leaves an issue back at 发现 that someone acted on: its 销号 asked, refused, undone."""
SOLVED_SHOWN = 3
"""Open issues a report saying a problem was solved names at most (which one, for /销号)."""


async def _solved(ctx: Context, project: Project, report: Report) -> dict[str, Any]:
    """`存在问题：环评批复已取得`: no new issue; the project's open one it is plainly about, or
    all of them, to ask 销号 of."""
    still_open = await issues.open_for_project(ctx.session, project.id)
    alike = most_alike(report.problems_text or "", [i.text for i in still_open])
    if alike is not None:
        still_open = [still_open[alike]]
    shown = [{"number": i.number, "text": i.text} for i in still_open[:SOLVED_SHOWN]]
    more = len(still_open) > SOLVED_SHOWN
    return _said("solved", open=shown, more=more, office=ctx.person.is_admin)


async def _ask(ctx: Context, project: Project, report: Report) -> dict[str, Any]:
    person = ctx.person
    item = {"report_id": report.id, "project": project.name, "text": report.problems_text}
    period = period_of(ctx.today).label
    await pending.ask(
        ctx.session, person.id, pending.PROBLEM, period=period, at=ctx.now, items=[item]
    )
    return _said("asked", ask=ASK)


def _tell_office(
    ctx: Context, issue: Issue, action: str, view: dict[str, Any], **extra: str
) -> None:
    by = ctx.sender.name if ctx.sender else ""
    reply = Reply(
        template="pushes/issue_changed", data={"action": action, "issue": view, "by": by, **extra}
    )
    ctx.push("office", reply, f"issue:{issue.number}:{action}:{ctx.msg.msg_id}")


def _said(action: str | None = None, issue: int | None = None, **extra: Any) -> dict[str, Any]:
    """What the reply says about the problem (every key present, for strict templates)."""
    return {
        "issue_action": action, "issue": issue, "state": None, "ask": None, "told": None,
        **extra,
    }  # fmt: skip


def _actor(ctx: Context) -> int | None:
    return ctx.sender.id if ctx.sender else None
