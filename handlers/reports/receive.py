"""Progress reports typed in chat: judge each `进度` block, store it, say where it stands."""

from __future__ import annotations

from dataclasses import replace

from core.messages import Reply
from domain.holiday_policy import first_workday_of_month
from domain.periods import period_of
from handlers.context import Context
from handlers.lookup import not_found_data, resolve
from handlers.reports import first_day
from handlers.reports.blank import is_blank, unfilled
from handlers.reports.carry import carry_over, correction, restated
from handlers.reports.closed_problem import unclosed
from handlers.reports.declare import declare, finish_unsaid, undeclare
from handlers.reports.fields import AMOUNT_FIELDS, LABELS
from handlers.reports.filed import filed_with_plan
from handlers.reports.forwarded_from import forwarded_from
from handlers.reports.grammar import TEXT_NAMES, ReportBlock, parse_report_message
from handlers.reports.holding import held_before, hold
from handlers.reports.january import january_apart, last_year_to_ask
from handlers.reports.message_shape import is_nameless_report, is_report
from handlers.reports.next_named import named_in_front
from handlers.reports.outcome import Outcome, report_reply
from handlers.reports.past_week import past_week_said
from handlers.reports.plausible import doubtful
from handlers.reports.problems import after_report
from handlers.reports.ref_apart import figure_unread, name_then_rest, unmarked
from handlers.reports.refused_figures import (
    above_later,
    below_earlier_month,
    beyond_total_or_below,
    impossible,
)
from handlers.reports.reply_figures import as_counted, figure_names, past_year
from handlers.reports.reported_by import on_behalf
from handlers.reports.resent import already_in, as_stored, judged_before
from handlers.reports.rules import for_office, may_report
from handlers.reports.spaced_heads import spaced_apart
from handlers.reports.values import is_same
from handlers.reports.weekly import from_week
from handlers.reports.when import is_report_late
from handlers.reports.which_ask import ask_which, dropped
from handlers.reports.withdrawal import withdraw_report
from handlers.standing import standing_of
from storage.models import Project, Report
from storage.repos import audit, projects, report_writes, reports
from storage.repos.reports import Figure


async def on_report(ctx: Context) -> list[Reply]:
    """Answer a message of one or more `进度` blocks, each judged on its own."""
    blocks = parse_report_message(ctx.msg.text, ctx.today)
    # `补报上周` on a line above the report, or after the project's name on its header line
    said = past_week_said(ctx.msg.text) or next((b.past_week for b in blocks if b.past_week), None)
    if not is_report(ctx.msg.text) and is_nameless_report(ctx.msg.text):
        owned = await projects.owned_by(ctx.session, ctx.person.id)
        names = [p.name for p in owned]
        data = {"projects": names, "past_week": said}  # `进度（补报上周）` naming no project
        return [Reply(template="replies/report_nameless", data=data)]
    if len(blocks) == 1 and not blocks[0].errors and not blocks[0].has_fields:
        # `进度 物流园` and nothing more: how to report it, and its pre-filled template; in a
        # group, `进度：各项目要抓紧` naming no project is people talking
        ref = blocks[0].project_ref
        found = await resolve(ctx, ref)
        if found.project is not None:
            return [Reply(template="replies/help_report", data={"project": ref})]
        if apart := await name_then_rest(ctx, ref):  # `进度 污水管网 累计约1880万`
            blocks = parse_report_message("进度 {}\n{}".format(*apart), ctx.today)
        elif ctx.msg.chat_id is not None:
            return []
        else:
            return [report_reply([await _not_found(ctx, ref, found)])]
    # `…；景德桥还没开工`: 景德桥's, not the one before; `…；泽辰 累计50万` likewise
    blocks = await spaced_apart(ctx, blocks)
    # one report naming several projects' name: numbered, answered with one (`1`)
    outcomes = [await _one(ctx, block, ask=len(blocks) == 1) for block in blocks]
    forwarded = await forwarded_from(ctx)  # `李娜 12-01 09:30` above it
    unchosen = await dropped(ctx, outcomes, {block.raw for block in blocks})
    notes = await held_before(ctx, outcomes)
    return [report_reply(outcomes, **notes, unchosen=unchosen, forwarded=forwarded, past_week=said)]


async def _one(ctx: Context, block: ReportBlock, *, ask: bool = False) -> Outcome:
    if block.errors:
        return Outcome(False, block.project_ref, {"errors": block.errors, "apart": block.apart})
    if why := unfilled(block):  # nothing filled in, or a /模板 sent back as it came
        # several templates sent back empty are named once, on one line (outcome.py)
        return Outcome(False, block.project_ref, {"errors": [why], "blank": is_blank(block)})
    ref = block.project_ref
    found = await resolve(ctx, ref, reporting=True)
    if found.project is None and (bare := unmarked(ref)) != ref:  # `物流园 更正`
        ref, found = bare, await resolve(ctx, bare, reporting=True)
    if found.project is None and (unsaid := await figure_unread(ctx, ref)):
        return Outcome(False, unsaid[0], {"errors": [unsaid[1]]})
    if found.project is None and (opened := await named_in_front(ctx, ref, block)):
        return await store_checked(ctx, *opened)
    if found.project is None:
        return await _not_found(ctx, ref, found, block if ask else None)
    return await store_checked(ctx, found.project, block)


async def _not_found(
    ctx: Context, ref: str, found: projects.Resolution, block: ReportBlock | None = None
) -> Outcome:
    """No project by that name: the closest ones, or the several it could be (with `block`,
    the report waits for the number of the one it is for)."""
    data = await not_found_data(ctx, ref, found)
    shown = {key: data[key] for key in ("ambiguous", "candidates", "more")}
    shown["choose"] = block is not None and bool(data["candidates"]) and not data["more"]
    if shown["choose"] and block is not None:
        await ask_which(ctx, block, ref, data["ids"])
    return Outcome(False, ref, shown)


async def store_checked(
    ctx: Context, project: Project, block: ReportBlock, *, confirmed: bool = False
) -> Outcome:
    """Store one block for `project` if the sender may report for it."""
    refusal = await may_report(ctx, project)
    if refusal:
        return Outcome(False, project.name, {"errors": [refusal]})
    return await _store(ctx, project, block, confirmed=confirmed)


async def _store(ctx: Context, project: Project, block: ReportBlock, *, confirmed: bool) -> Outcome:
    person = ctx.person
    # One writer per project at a time: the current report is read and superseded under it.
    project = await projects.lock(ctx.session, project.id) or project
    filed = await filed_with_plan(ctx, project, block)
    if isinstance(filed, str):
        return Outcome(False, project.name, {"errors": [filed]})
    filing, annual = filed
    period, month = filing.period, filing.counted.label
    misfiled = await first_day.misfiled(ctx, project.id, block, filing)
    before = await reports.before_new(
        ctx.session, project.id, filing.counted.year, period.label, month
    )
    before = first_day.rebased(before, misfiled)
    block = await _as_before(ctx, project, block)
    # a 存在问题 whose issue was closed since is not current: not taken over, and a report
    # saying it again is no resend (the problem is raised anew)
    live = await unclosed(ctx.session, before.current)
    block, kept = carry_over(block, live, before.month_base)
    weekly = from_week(block, before.floor, before.month_base, month, period.start, ctx.report_due)
    if isinstance(weekly, str):
        return Outcome(False, project.name, {"errors": [weekly]})
    block = weekly
    ytd, derived = _cumulative(block, before.month_base)
    values = as_stored(block, month, ytd, ctx.today)
    # the same report sent again was judged when it came in first: not judged nor stored again
    if misfiled is None and (same := await already_in(ctx, project, live, values)):
        return same
    worked = block.period_investment_yuan if derived else None  # what a low total came from
    # Figures taken over from the report being corrected were judged when it was stored: a
    # correction of its text is not refused for a figure the owner did not type again.
    if not set(kept) & set(AMOUNT_FIELDS) or set(block.given) & set(AMOUNT_FIELDS):
        # the project's first figure of the year, in whichever month it comes
        years_first = before.floor is None and before.month_base is None and not before.ceiling
        problem = (
            impossible(block, ytd)
            # the year's first figure is asked about first: it may be December's (one word)
            or (None if years_first and not confirmed else january_apart(block, month))
            or beyond_total_or_below(project, ytd, before.floor, block.bare.get("ytd"), worked)
            or below_earlier_month(ytd, before.month_base, block.bare.get("ytd"), period.label)
            or above_later(ytd, before.ceiling, month, period_of(ctx.today).label)
        )
        if problem:
            problem = first_day.refused(
                as_counted(problem, filing.counted, ctx.today), filing, block
            )
            problem = for_office(problem, project.name) if person.is_admin else problem
            return Outcome(False, project.name, {"errors": [problem]})
        rules = ctx.settings.reports
        last_year = None
        if years_first and ytd:
            last_year = await last_year_to_ask(ctx.session, project.id, filing, before.current)
        # a text corrected, typing the figures as confirmed: not held over them again
        args = (annual or 0, block, ytd, before, period.label, month, rules, last_year)
        doubt = None if judged_before(live, values) else doubtful(*args)
        doubt = doubt and as_counted(doubt, filing.counted, ctx.today)
        opening, corrects = first_workday_of_month(ctx.today, ctx.calendar), before.current
        held = first_day.held(doubt, block, filing, ctx.today, opening, years_first, bool(corrects))
        if held and not confirmed:
            return await hold(ctx, project, block, held)
    if misfiled is not None:
        issue = misfiled.hands_on is None
        await withdraw_report(ctx, misfiled.report, issue=issue, why="resent_as_this_month")
    earlier = before.current
    due = ctx.report_due(period)
    report = await report_writes.add(
        ctx.session,
        {
            "project_id": project.id,
            "period": period.label,
            "reporter_id": person.id,
            "received_at": ctx.now,
            **values,
            "is_late": await is_report_late(
                ctx.session, project.id, period.label, earlier, due, ctx.now
            ),
            "source_msg_id": ctx.msg.msg_id,
            "raw_text": block.raw,
        },
    )
    if earlier is not None:
        await report_writes.supersede(ctx.session, earlier.id, report.id)
        await undeclare(ctx, project, earlier)
    declared = restated(await declare(ctx, project, report), kept)
    handed = earlier or (misfiled.hands_on if misfiled else None)
    raised = await after_report(ctx, project, report, handed, given="problems" in block.given)
    await _audit(ctx, project, report, corrected=earlier is not None)
    standing = await standing_of(ctx, project)
    data = {
        "report": report,
        "period_label": period.chinese,
        "counted": None if filing.current else filing.counted.chinese,
        # a week across two months: which one the figures count for is not obvious
        "month_named": filing.counted.chinese if period.start.month != period.end.month else None,
        "this_month": ctx.today.month if filing.first_day else None,
        "restored_month": misfiled.month if misfiled else None,
        "figure_names": figure_names(filing.counted, ctx.today),
        "derived": derived,
        "week": block.week_investment_yuan,
        "from_week": "week" in block.given and "ytd" not in block.given,
        # 本月完成 worked out from 本周完成 (the month's rise of the cumulative), never typed
        "month_derived": "period" not in block.given and "period" not in kept,
        **correction(earlier, report),
        "kept": [LABELS[name] for name in kept],
        "late": report.is_late,
        "problem": raised,
        "notes": {name: note for name, note in block.notes.items() if note},
        "left_out": {"questions": block.questions, "restated": block.restated},
        "declared": declared,
        "finish_hint": finish_unsaid(block, project),
        "standing": standing,
        "on_behalf": await on_behalf(ctx, project),
        "past_year": past_year(filing.counted.year, annual, ytd, ctx.today.year),
    }
    return Outcome(True, project.name, data)


async def _as_before(ctx: Context, project: Project, block: ReportBlock) -> ReportBlock:
    """`存在问题：同上` (形象进度：无变化…) in a block with none above it: the project's last
    report's text, not a new problem called “同上”."""
    same = [name for name in TEXT_NAMES if is_same(getattr(block, name))]
    if not same:
        return block
    last = await reports.recent(ctx.session, project.id, limit=1)
    block = replace(block)
    for name in same:
        setattr(block, name, getattr(last[0], name) if last else None)
    return block


def _cumulative(block: ReportBlock, month_base: Figure | None) -> tuple[int | None, bool]:
    """The year-to-date figure: as given, or earlier months' total plus this month's."""
    if block.ytd_investment_yuan is not None or block.period_investment_yuan is None:
        return block.ytd_investment_yuan, False
    base = (month_base.ytd_investment_yuan or 0) if month_base else 0
    return base + block.period_investment_yuan, True


async def _audit(ctx: Context, project: Project, report: Report, *, corrected: bool) -> None:
    await audit.note(
        ctx.session,
        at=ctx.now,
        actor=ctx.sender.name if ctx.sender else "",
        entity="report",
        entity_key=project.code,
        action="correct" if corrected else "report",
        detail={"report_id": report.id, "period": report.period},
    )
