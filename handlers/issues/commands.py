"""The problem loop in chat: /问题 发现, /交办, /督办, /进展, /销号 (with confirmation)."""

from __future__ import annotations

from core.messages import Reply
from domain.display import day
from domain.problem_items import open_one
from handlers.commands import Command, Role
from handlers.context import Context
from handlers.issues.args import IssueAssign, IssueClose, IssueNew, IssueNote, IssuePress
from handlers.issues.closing import on_close, on_reject, on_reopen, press_to_confirm_closing
from handlers.issues.moved import tell_moved
from handlers.issues.notify import answered, holder_of
from handlers.issues.retype import corrected, offer
from handlers.issues.support import (
    PROGRESS_WRITERS,
    actor_of,
    announce_new,
    handler_and_deadline,
    issue_view,
    may_add_progress,
    open_issue,
    pressed_recently,
)
from handlers.lookup import find_project
from storage.models import Issue, Person
from storage.repos import issues


async def on_new(ctx: Context, args: IssueNew) -> Reply:
    """Record a problem found on a project."""
    project = await find_project(ctx, args.project)
    if isinstance(project, Reply):
        return project
    person = ctx.person
    # the same problem open already (in the same words or others), as a report's 存在问题 is
    # checked: a second issue would be handed on, pressed and counted twice
    still_open = await issues.open_for_project(ctx.session, project.id)
    same = open_one(args.text, [(i.number, i.text) for i in still_open], alike=True)
    if same is not None:
        known = next(i for i in still_open if i.number == same)
        view = await issue_view(ctx, known)
        return Reply(template="replies/issue", data={"action": "same", "issue": view})
    issue = await issues.open_issue(
        ctx.session,
        project_id=project.id,
        text=args.text,
        raised_by_id=person.id,
        at=ctx.now,
    )
    view = await issue_view(ctx, issue)
    announce_new(ctx, view)
    return Reply(template="replies/issue", data={"action": "new", "issue": view})


async def on_assign(ctx: Context, args: IssueAssign) -> Reply:
    """Admin: hand an issue to a unit or a person with a deadline (交办)."""
    issue = await open_issue(ctx, args.number)
    if isinstance(issue, Reply):
        return issue
    target = await handler_and_deadline(ctx, args.assignee, args.deadline)
    if isinstance(target, str):
        # a slip of the pen: the command as meant, so the office copies it, not retypes it
        fixed = await corrected(ctx, args) if "最接近的有" in target else None
        if fixed is None:
            return Reply(template="replies/issue_error", data={"message": target})
        await offer(ctx, fixed)
        message = f"{target}\n要这样交办请回复“是”，或复制下面一行发送：\n{fixed}"
        return Reply(template="replies/issue_error", data={"message": message})
    unit, person, deadline = target
    unit_id = unit.id if unit else (person.unit_id if person else None)
    person_id = person.id if person else None
    # handed out before: it has a handler and a deadline
    handed = issue.deadline is not None and (issue.assigned_unit_id or issue.assigned_person_id)
    before = await issue_view(ctx, issue) if handed else None
    was = await holder_of(ctx, issue) if handed else None
    same = (issue.assigned_unit_id, issue.assigned_person_id, issue.deadline) == (
        unit_id,
        person_id,
        deadline,
    )
    if handed and same and issue.close_requested_by_id is None:
        # the same 交办 sent again (a double tap, a retyped command): nobody is told twice
        return Reply(template="replies/issue", data={"action": "assigned_again", "issue": before})
    issue.assigned_unit_id, issue.assigned_person_id = unit_id, person_id
    issue.deadline = deadline
    if not same:  # a new handler or deadline: the count of 督办 starts again
        issue.escalation_level = 0
    issue.close_requested_by_id = None  # assigned anew: a pending 销号 request no longer stands
    who = person.name if person else unit.name if unit else ""
    note = f"交办给 {who}，期限 {day(deadline, ctx.today)}"
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action="交办",
        to_state="已交办",
        note=note,
        at=ctx.now,
    )
    view = await issue_view(ctx, issue)
    view["before"] = before  # a new 交办 of an issue handed out already: say what changed
    view["deadline_off"] = not ctx.calendar.is_workday(deadline)
    tell_moved(ctx, was, await holder_of(ctx, issue), view)
    return await answered(ctx, issue, "assigned", view)


async def on_supervise(ctx: Context, args: IssuePress) -> Reply:
    """Leader or admin: press an issue (督办), one escalation level up."""
    issue = await open_issue(ctx, args.number)
    if isinstance(issue, Reply):
        return issue
    if not (issue.assigned_unit_id or issue.assigned_person_id):
        if ctx.person.is_admin:  # the office itself: its own turn, nothing to press
            number = issue.number
            message = (
                f"问题 #{number} 尚未交办，无从督办。请先交办：“/交办 #{number} 单位或人 期限”"
                "（期限如“5个工作日”）"
            )
            return Reply(template="replies/issue_error", data={"message": message})
        return await _press_to_assign(ctx, issue, args.note)
    if issue.close_requested_by_id is not None and not ctx.person.is_admin:
        # the handler asked for 销号: what waits is the office's word, so it is the one pressed
        return await press_to_confirm_closing(ctx, issue, args.note)
    too_soon = await pressed_recently(ctx, issue)
    if too_soon is not None:
        return Reply(template="replies/issue_error", data={"message": too_soon})
    issue.escalation_level += 1
    withdrawn = ctx.person.is_admin and issue.close_requested_by_id is not None
    asker = None
    if withdrawn:  # pressed by the office: the 销号 request is not granted, and both are told
        asker = await ctx.session.get(Person, issue.close_requested_by_id)
        issue.close_requested_by_id = None
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action="督办",
        to_state="督办中",
        note=f"第 {issue.escalation_level} 次督办" + (f"：{args.note}" if args.note else ""),
        at=ctx.now,
    )
    view = {**await issue_view(ctx, issue), "demand": args.note, "request_withdrawn": withdrawn}
    return await answered(ctx, issue, "supervised", view, asker=asker)


async def _press_to_assign(ctx: Context, issue: Issue, demand: str | None) -> Reply:
    """督办 of an issue nobody was handed yet: it is the office's turn (交办), not a unit's."""
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action="督办交办",
        note=demand or "请尽快交办",
        at=ctx.now,
    )
    view = await issue_view(ctx, issue)
    by = ctx.person.name
    push = Reply(template="pushes/assign_asked", data={"issue": view, "by": by, "demand": demand})
    ctx.push("office", push, f"assign-asked:{ctx.msg.msg_id}")
    return Reply(template="replies/issue", data={"action": "assign_asked", "issue": view})


async def on_progress(ctx: Context, args: IssueNote) -> Reply:
    """Add a progress note to an open issue (进展): its handling side or the office."""
    issue = await open_issue(ctx, args.number)
    if isinstance(issue, Reply):
        return issue
    refusal = await may_add_progress(ctx, issue)
    if refusal is not None:
        return Reply(template="replies/issue_error", data={"message": refusal})
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action=issues.PROGRESS,
        note=args.note,
        at=ctx.now,
    )
    view = await issue_view(ctx, issue)
    return Reply(template="replies/issue", data={"action": "progress", "issue": view})


def commands() -> list[Command]:
    """The issue-loop commands."""
    return [
        Command(
            "问题",
            ("issue", "wt"),
            Role.MEMBER,
            IssueNew,
            on_new,
            "/问题 <项目> <描述>",
            "登记项目存在的问题",
        ),
        Command(
            "交办",
            ("assign",),
            Role.ADMIN,
            IssueAssign,
            on_assign,
            "/交办 <#号> <单位或人> <期限>",
            "把问题交办给单位或个人（或“单位 姓名”），期限可写日期或“5个工作日”（管理员）",
        ),
        Command(
            "督办",
            ("supervise",),
            Role.LEADER,
            IssuePress,
            on_supervise,
            "/督办 <#号> [要求]",
            "督办问题，升级一级（领导、管理员）",
        ),
        Command(
            "进展",
            ("progress",),
            Role.MEMBER,
            IssueNote,
            on_progress,
            "/进展 <#号> <说明>",
            "补充问题办理进展",
            rule=f"由{PROGRESS_WRITERS}填写",
        ),
        Command(
            "销号",
            ("close",),
            Role.MEMBER,
            IssueClose,
            on_close,
            "/销号 <#号> <说明>",
            "问题销号（责任人申请，专班办公室确认）",
        ),
        Command(
            "驳回",
            ("reject",),
            Role.ADMIN,
            IssueNote,
            on_reject,
            "/驳回 <#号> <原因>",
            "不同意销号申请，问题继续办理（管理员）",
        ),
        Command(
            "重开",
            ("reopen",),
            Role.ADMIN,
            IssueNote,
            on_reopen,
            "/重开 <#号> <说明>",
            "重新打开已销号的问题（管理员）",
        ),
    ]
