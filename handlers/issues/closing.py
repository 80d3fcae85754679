"""Closing an issue: /销号 (asked for by its handler, confirmed by the office), /驳回 of
such a request, and /重开 of a closed issue."""

from __future__ import annotations

from core.messages import Reply
from handlers.context import Context
from handlers.issues.args import IssueClose, IssueNote
from handlers.issues.notify import answered
from handlers.issues.support import CLOSED, actor_of, issue_view, may_ask_close, open_issue
from storage.models import Issue, Person
from storage.repos import issues
from storage.repos.office_queue import ASKED

PRESSED_TO_CLOSE = "督办销号"  # a leader's /督办 of an issue whose 销号 waits for the office


async def on_close(ctx: Context, args: IssueClose) -> Reply:
    """Admin closes (销号); the assignee or an owner asks, and an admin confirms (with a word
    of their own or none: the handler's explanation is the resolution)."""
    issue = await open_issue(ctx, args.number)
    if isinstance(issue, Reply):
        return issue
    person = ctx.person
    if not person.is_admin:
        refusal = await may_ask_close(ctx, issue)
        if refusal is not None:
            return Reply(template="replies/issue_error", data={"message": refusal})
        if issue.close_requested_by_id is not None:  # asked already: the office heard once
            again = {"action": "close_requested_again", "issue": await issue_view(ctx, issue)}
            return Reply(template="replies/issue", data=again)
    if args.note is None and issue.close_requested_by_id is None:
        message = f"请写明办理结果，如“/销号 #{issue.number} 已完成征地补偿”"
        return Reply(template="replies/issue_error", data={"message": message})
    if not person.is_admin:
        issue.close_requested_by_id = person.id
        issues.record(
            ctx.session,
            issue,
            actor_id=person.id,
            action=ASKED,
            note=args.note,
            at=ctx.now,
        )
        view = await issue_view(ctx, issue)
        push = Reply(
            template="pushes/close_requested",
            data={"issue": view, "note": args.note, "by": person.name},
        )
        ctx.push("office", push, f"close-request:{ctx.msg.msg_id}")
        return Reply(template="replies/issue", data={"action": "close_requested", "issue": view})
    # who asked for it is told it is done, as they are told of a 驳回
    asked_by = issue.close_requested_by_id
    asker = await ctx.session.get(Person, asked_by) if asked_by is not None else None
    issue.resolution = await _resolution(ctx, issue, args.note)
    issue.closed_at = ctx.now
    issues.record(
        ctx.session,
        issue,
        actor_id=person.id,
        action=issues.CLOSED_EVENT,
        to_state=CLOSED,
        note=args.note,
        at=ctx.now,
    )
    # the handler and the asker read how it was solved, not only that it was
    view = {**await issue_view(ctx, issue), "resolution": issue.resolution}
    return await answered(ctx, issue, "closed", view, asker=asker)


async def pending_close(ctx: Context, issue: Issue) -> dict[str, str] | None:
    """The 销号 request waiting for the office on the issue — who asked, when (`12月1日 20:45`)
    and what they said — or None when there is none."""
    if issue.close_requested_by_id is None:
        return None
    asker = await ctx.session.get(Person, issue.close_requested_by_id)
    asked = await issues.last_event(ctx.session, issue.id, (ASKED,))
    when = asked.at.astimezone(ctx.now.tzinfo) if asked is not None else None
    return {
        "by": asker.name if asker is not None else "承办方",
        "at": f"{when.month}月{when.day}日 {when:%H:%M}" if when is not None else "",
        "note": (asked.note or "") if asked is not None else "",
    }


async def press_to_confirm_closing(ctx: Context, issue: Issue, demand: str | None) -> Reply:
    """A leader's 督办 of an issue whose 销号 waits for the office: the handler did their part,
    so the office is pressed to confirm or turn it down (as the loop, which leaves such issues
    alone). Recorded as 督办销号, not 督办: the handler's count does not rise, and the loop's
    wait after a person's 督办 is not set off by a press that was not the handler's."""
    asked = await pending_close(ctx, issue)
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action=PRESSED_TO_CLOSE,
        note=demand or "请尽快确认销号",
        at=ctx.now,
    )
    view = {**await issue_view(ctx, issue), "close_asked": asked}
    push = Reply(
        template="pushes/close_pressed",
        data={"issue": view, "by": ctx.person.name, "demand": demand},
    )
    ctx.push("office", push, f"close-pressed:{ctx.msg.msg_id}")
    return Reply(template="replies/issue", data={"action": "close_pressed", "issue": view})


async def _resolution(ctx: Context, issue: Issue, note: str | None) -> str | None:
    """How the issue was resolved: the handler's words when the office confirms their request
    (`/销号 #3 同意` is the office's word on it, not the resolution), the office's as well."""
    if issue.close_requested_by_id is None:
        return note
    asked = await issues.last_event(ctx.session, issue.id, (ASKED,))
    told = asked.note if asked is not None else None
    if not told or told == note:
        return note
    return f"{told}（专班办公室：{note}）" if note else told


async def on_reject(ctx: Context, args: IssueNote) -> Reply:
    """Admin: turn a 销号 request down (驳回); the issue goes on being handled, and pressed."""
    issue = await open_issue(ctx, args.number)
    if isinstance(issue, Reply):
        return issue
    if issue.close_requested_by_id is None:
        message = f"问题 #{issue.number} 没有待确认的销号申请"
        return Reply(template="replies/issue_error", data={"message": message})
    asker = await ctx.session.get(Person, issue.close_requested_by_id)
    issue.close_requested_by_id = None
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action=issues.REFUSED,
        note=args.note,
        at=ctx.now,
    )
    view = {**await issue_view(ctx, issue), "reason": args.note}
    return await answered(ctx, issue, "rejected", view, asker=asker)


async def on_reopen(ctx: Context, args: IssueNote) -> Reply:
    """Admin: reopen a closed issue, its 督办 count back at nothing; a deadline that is today's
    or past is cleared, and the reply asks for a new one."""
    # Locked: of twenty /重开 at once, one reopens and the others find it open.
    issue = await issues.by_number(ctx.session, args.number, lock=True)
    if issue is None or issue.state != CLOSED:
        message = f"问题 #{args.number} 不存在或尚未销号"
        return Reply(template="replies/issue_error", data={"message": message})
    issue.closed_at = None
    issue.resolution = None
    issue.close_requested_by_id = None
    # reopened, it is handled afresh: the count of 督办 starts again (the loop would otherwise
    # press it as 第 3 次 and call the leaders in at once)
    issue.escalation_level = 0
    was = issue.deadline
    lapsed = was is not None and was <= ctx.today
    if lapsed:
        # a deadline past, or today's, would have it overdue and pressed by the next morning,
        # with no time to act: the office sets a new one (/交办)
        issue.deadline = None
    # without a deadline an issue is the office's to hand on again (its daily 待办 lists 发现)
    handed = (issue.assigned_unit_id or issue.assigned_person_id) and not lapsed
    state = "已交办" if handed else "发现"
    issues.record(
        ctx.session,
        issue,
        actor_id=actor_of(ctx),
        action=issues.REOPENED,
        to_state=state,
        note=args.note,
        at=ctx.now,
    )
    view = await issue_view(ctx, issue)
    view["lapsed"] = ("today" if was == ctx.today else "past") if lapsed else None
    view["reason"] = args.note  # the handler must know what is still wrong
    return await answered(ctx, issue, "reopened", view)
