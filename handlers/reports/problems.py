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
from domain.problem_items import same_text
from domain.problem_text import Verdict, judge, most_alike, told_in_passing
from handlers.context import Context
from handlers.issues.support import announce_new, issue_view
from handlers.reports.closed_problem import closed_issue
from handlers.reports.rules import Problem, sort_problems
from storage.models import Issue, Project, Report
from storage.repos import issues, pending
from storage.repos.office_queue import ASKED
from storage.repos.reports import Figure

ASK = "是否登记为问题？回复 是/否"


async def after_report(
    ctx: Context, project: Project, report: Report, earlier: Figure | None, *, given: bool
) -> dict[str, Any]:
    """Apply a stored report's 存在问题; what the reply says about it (`issue`, `issue_action`)."""
    linked = await issues.of_report(ctx.session, earlier.id) if earlier is not None else []
    verdict = judge(report.problems_text) if given else None
    if linked:
        for issue in linked:
            issue.report_id = report.id  # the correction now stands for it, whatever it says
        return await _carry(ctx, project, report, linked, verdict)
    if verdict is Verdict.PROBLEM:
        return await _open(ctx, project, report)
    if verdict is Verdict.UNCLEAR:
        return await _ask(ctx, project, report)
    if verdict is Verdict.RESOLVED:
        return await _solved(ctx, project, report)
    return await _unjudged(ctx, project, report, earlier, given=given)


async def _unjudged(
    ctx: Context, project: Project, report: Report, earlier: Figure | None, *, given: bool
) -> dict[str, Any]:
    """What the reply says of a report whose 存在问题 opens, restates and retracts nothing."""
    # a correction after the issue its earlier version raised was closed: its 存在问题 taken
    # over as 无 (handlers.reports.closed_problem), the reply says why
    closed = None if given else await closed_issue(ctx.session, earlier)
    if closed is not None:
        return _said("closed", closed)
    # no 存在问题 line, a problem told in the progress: the reply says how to raise it (unless
    # the project has open issues, which it most likely tells of)
    told = None if given else told_in_passing(report.progress_text)
    if told and not await issues.open_for_project(ctx.session, project.id):
        return _said(told=told)
    return _said()


async def _carry(
    ctx: Context, project: Project, report: Report, linked: list[Issue], verdict: Verdict | None
) -> dict[str, Any]:
    """A correction and the issues its earlier version raised."""
    if verdict is Verdict.PROBLEM:
        return await restate(ctx, linked, report)
    if verdict is Verdict.NONE:
        return await take_back(ctx, linked, "填报已更正为无问题")
    if verdict is Verdict.UNCLEAR:
        return await _ask(ctx, project, report)
    if verdict is Verdict.RESOLVED:
        # solved: it waits for /销号 as raised, no longer this week's report's to restate or
        # take back (a later correction naming a new problem opens one of its own)
        note = f"填报称已解决：{report.problems_text}"
        for issue in linked:
            issue.report_id = None
            issues.record(
                ctx.session, issue, actor_id=_actor(ctx), action=issues.PROGRESS, note=note,
                at=ctx.now,
            )  # fmt: skip
        return await _solved(ctx, project, report)
    # no 存在问题 line: the problems stand as they were
    return _listed([Problem(issue.text, issue.number) for issue in linked], kept=True)


async def register(ctx: Context, report: Report) -> dict[str, Any]:
    """The owner answered 是: the report's problem is an issue (new, or its restated one)."""
    linked = await issues.of_report(ctx.session, report.id)
    if linked:
        return await restate(ctx, linked, report)
    project = await ctx.session.get(Project, report.project_id)
    if project is None:  # the foreign key keeps a report's project
        raise LookupError(f"report {report.id} has no project {report.project_id}")
    return await _open(ctx, project, report)


async def decline(ctx: Context, report: Report) -> dict[str, Any]:
    """The owner answered 否: nothing opens; issues of the version it corrected are taken back."""
    linked = await issues.of_report(ctx.session, report.id)
    if not linked:
        return _said()
    return await take_back(ctx, linked, "填报人确认不是问题")


async def restate(ctx: Context, linked: list[Issue], report: Report) -> dict[str, Any]:
    """The corrected text: one problem for one issue keeps its number with the new text (the
    office is told what changed); else each problem listed is kept, found open or opened, and
    an issue it no longer lists is taken back."""
    text = report.problems_text or ""
    still_open = await issues.open_for_project(ctx.session, linked[0].project_id)
    listed = sort_problems(text, [(other.number, other.text) for other in still_open])
    if len(linked) == 1 and len(listed) == 1 and await _restates(ctx, linked[0], listed[0]):
        issue = linked[0]
        if same_text(issue.text, text):
            return _said("kept", issue.number)
        before = issue.text
        issues.revise(
            ctx.session, issue, text=text, report_id=report.id, actor_id=_actor(ctx), at=ctx.now
        )
        _tell_office(ctx, issue, "updated", await issue_view(ctx, issue), before=before)
        return _said("updated", issue.number)
    dropped = [issue for issue in linked if issue.number not in {p.known for p in listed}]
    said = await _open_each(ctx, linked[0].project_id, report, listed)
    for part in said["parts"]:
        part["same"] = part["number"] not in {issue.number for issue in linked}  # its own
    for issue in dropped:
        said["dropped"].append(await _take_back_one(ctx, issue, "填报更正后不再列出"))
    return said


async def _restates(ctx: Context, issue: Issue, problem: Problem) -> bool:
    """Whether a correction's one problem takes over `issue`'s number with its text: when it
    is found to be that issue, or is another text while nobody has acted on the issue yet (one
    handed over stays as its handler was given it; the new text opens an issue of its own)."""
    if problem.known == issue.number:
        return True
    return problem.known is None and not await _acted_on(ctx, issue)


async def _acted_on(ctx: Context, issue: Issue) -> bool:
    """Someone has acted on the issue: handed over, pressed, or its 销号 asked or refused."""
    return (
        issue.state != issues.NEW
        or await issues.last_event(ctx.session, issue.id, ACTED_ON) is not None
    )


async def take_back(ctx: Context, linked: list[Issue], why: str) -> dict[str, Any]:
    """Retract untouched issues (已撤回); one the office acted on stays, and it is told."""
    said = [await _take_back_one(ctx, issue, why) for issue in linked]
    if len(said) == 1:
        return said[0]
    return {**_said("listed"), "dropped": said}


async def _take_back_one(ctx: Context, issue: Issue, why: str) -> dict[str, Any]:
    if await _acted_on(ctx, issue):
        view = await issue_view(ctx, issue)
        _tell_office(ctx, issue, "kept", view, why=why)
        return _said("stays", issue.number, state=issue.state)
    issues.retract(ctx.session, issue, actor_id=_actor(ctx), at=ctx.now, note=why)
    _tell_office(ctx, issue, "retracted", await issue_view(ctx, issue), why=why)
    return _said("retracted", issue.number)


async def after_withdrawal(ctx: Context, report: Report, earlier: Report | None) -> dict[str, Any]:
    """A withdrawn report's issue goes back to the version it restores, or is taken back."""
    linked = await issues.of_report(ctx.session, report.id)
    if not linked:
        return _said()
    if earlier is not None and judge(earlier.problems_text) in (Verdict.PROBLEM, Verdict.UNCLEAR):
        for issue in linked:
            issue.report_id = earlier.id
        return await restate(ctx, linked, earlier)
    return await take_back(ctx, linked, "填报已撤回")


async def _open(ctx: Context, project: Project, report: Report) -> dict[str, Any]:
    existing = await issues.open_for_project(ctx.session, project.id)
    # each problem listed that is not open already (the ones `/模板` listed come back too)
    listed = sort_problems(report.problems_text or "", [(i.number, i.text) for i in existing])
    return await _open_each(ctx, project.id, report, listed)


async def _open_each(
    ctx: Context, project_id: int, report: Report, listed: list[Problem]
) -> dict[str, Any]:
    """Open an issue for each new problem; what the reply says of each."""
    opened = []
    for problem in listed:
        if problem.known is not None:
            opened.append(problem)
            continue
        issue = await issues.open_issue(
            ctx.session,
            project_id=project_id,
            text=problem.text,
            raised_by_id=_actor(ctx),
            at=ctx.now,
            report_id=report.id,
        )
        announce_new(ctx, await issue_view(ctx, issue))
        opened.append(Problem(problem.text, issue.number))
    fresh = {p.known for p in opened} - {p.known for p in listed}
    return _listed(opened, fresh=fresh)


def _listed(
    listed: list[Problem],
    *,
    fresh: set[int | None] | None = None,
    kept: bool = False,
) -> dict[str, Any]:
    """What the reply says of the problems listed: one as before (`opened`, or `kept` when its
    text is the open one's), several one a line (`listed`), each new or the same as #N."""
    fresh = fresh or set()
    if len(listed) == 1:
        number = listed[0].known
        if number in fresh:
            return _said("opened", number)
        if kept or not listed[0].alike:
            return _said("kept", number)
        return _said("same", number)
    parts = [
        {"text": p.text, "number": p.known, "new": p.known in fresh, "same": not kept}
        for p in listed
    ]
    return {**_said("listed" if parts else None), "parts": parts}  # fmt: skip


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
        "parts": [], "dropped": [], **extra,
    }  # fmt: skip


def _actor(ctx: Context) -> int | None:
    return ctx.sender.id if ctx.sender else None
