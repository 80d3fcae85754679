"""The office's targets in chat (SPEC §9): /开工, /重点, /竣工."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.messages import Reply
from domain.light_rules import judged_from
from domain.money import WAN
from handlers.commands import Command, NoArgs, Role
from handlers.context import Context
from handlers.standing import rules_of
from storage.repos.completions import completions
from storage.repos.key_projects import LEVELS, key_report, known_tags, level_named
from storage.repos.starts import starts_report


async def on_starts(ctx: Context, args: NoArgs) -> Reply:
    """开复工 against the lines by unit, 应开未开 and 应复未复 (a member: their own unit)."""
    sender = ctx.person
    sees_all = sender.is_admin or sender.is_leader
    unit_id = None if sees_all else sender.unit_id
    report = await starts_report(ctx.session, ctx.today, ctx.settings.targets, unit_id)
    top = ctx.settings.messages.replies.top
    # the units furthest behind first: they are who the office chases
    ranked = sorted(report.units, key=lambda u: (u.rate is None, u.rate or 0, u.unit))
    unit = None if sees_all else (report.units[0].unit if report.units else "本单位")
    data = {
        "today": ctx.today,
        "unit": unit,
        "report": report,
        "units": ranked[:top],
        "more_units": max(0, len(report.units) - top),
        "overdue": report.total.overdue_starts[:top],
        "not_resumed": report.total.not_resumed[:top],
    }
    return Reply(template="replies/starts", data=data)


async def on_completions(ctx: Context, args: NoArgs) -> Reply:
    """This year's 竣工 plan 倒排 by date, overdue marked (a member: their own unit)."""
    sender = ctx.person
    sees_all = sender.is_admin or sender.is_leader
    plan = await completions(ctx.session, ctx.today, None if sees_all else sender.unit_id)
    top = ctx.settings.messages.replies.top
    unit = None if sees_all else (plan.items[0].unit if plan.items else "本单位")
    data = {
        "today": ctx.today,
        "unit": unit,
        "plan": plan,
        "shown": plan.open[:top],
        "more": max(0, len(plan.open) - top),
    }
    return Reply(template="replies/completions", data=data)


class KeyFilter(BaseModel):
    """Optional 项目级别 (省重点/市重点/区县重点) or 重点类别 (20大重点项目, 1355 …)."""

    scope: str | None = Field(default=None, title="级别或类别")


async def on_key_projects(ctx: Context, args: KeyFilter) -> Reply:
    """Key projects with lights, subtotals by level, target and share (a member: own unit)."""
    sender = ctx.person
    sees_all = sender.is_admin or sender.is_leader
    targets = ctx.settings.targets
    level = level_named(args.scope)
    tag = args.scope if args.scope and level is None else None
    if tag is not None:
        tags = await known_tags(ctx.session, ctx.today.year, targets.key_tags)
        if tag not in tags:
            choices = "、".join([*LEVELS, *tags])
            message = f"“{tag[:20]}”不是项目级别，也不是已有的重点类别。可选：{choices}"
            return Reply(template="replies/notice", data={"message": message})
    whole = sees_all and args.scope is None
    report = await key_report(
        ctx.session,
        ctx.today,
        ctx.settings.plan.default_curve,
        threshold_yuan=targets.key_threshold_wan * WAN,
        # the target is the whole key list's: a level's or a category's part is not held to it
        target_yuan=targets.key_investment_target_wan * WAN if whole else 0,
        share_target=targets.key_share if args.scope is None else 0,
        level=level,
        tag=tag,
        unit_id=None if sees_all else sender.unit_id,
        rules=rules_of(ctx),
        at=ctx.now,
    )
    top = ctx.settings.messages.replies.top
    scope = level or args.scope or (None if sees_all else "本单位")  # 省级 named as 省重点
    data = {
        "today": ctx.today,
        "judged_from": judged_from(ctx.today),
        "scope": scope,
        "tag": tag,
        "report": report,
        "threshold": targets.key_threshold_wan * WAN,
        "shown": report.rows[:top],
        "more": max(0, len(report.rows) - top),
    }
    return Reply(template="replies/key_projects", data=data)


def commands() -> list[Command]:
    """The target commands."""
    return [
        Command(
            "开工",
            ("starts", "开复工"),
            Role.MEMBER,
            NoArgs,
            on_starts,
            "/开工",
            "开复工率对照目标，应开未开、应复未复清单",
            reads_only=True,
        ),
        Command(
            "重点",
            ("key", "重点项目"),
            Role.MEMBER,
            KeyFilter,
            on_key_projects,
            "/重点 [省重点|市重点|区县重点|重点类别]",
            "重点项目的亮灯、分级小计、目标完成和投资占比",
            reads_only=True,
        ),
        Command(
            "竣工",
            ("completions", "竣工投产"),
            Role.MEMBER,
            NoArgs,
            on_completions,
            "/竣工",
            "今年计划竣工的项目（倒排工期），逾期未竣工的标出",
            reads_only=True,
        ),
    ]
