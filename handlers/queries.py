"""Questions people ask the bot: /项目, /我的, /未报, /亮灯, /排名, /问题清单."""

from __future__ import annotations

from sqlalchemy import select

from core.messages import Reply
from domain.periods import last_closed_period, parse_period, period_of
from handlers.commands import Command, NoArgs, Role
from handlers.context import Context
from handlers.issues.args import IssueFilter, issue_number
from handlers.lookup import find_project
from handlers.reports.commands import ProjectArg
from handlers.standing import light_view, rules_of, standing_of, standing_view
from storage.models import Milestone
from storage.repos import issues, projects, reports, unreported
from storage.repos.issue_list import open_issues
from storage.repos.ranking import unit_ranking
from storage.repos.standing import on_record, standings

MAX_LISTED = 30


async def on_project(ctx: Context, args: ProjectArg) -> Reply:
    """The project card: plan, done, 序时, light and reasons, milestones, issues, reports."""
    project = await find_project(ctx, args.project)
    if isinstance(project, Reply):
        return project
    milestones = (
        await ctx.session.execute(
            select(Milestone).where(Milestone.project_id == project.id).order_by(Milestone.due_on)
        )
    ).scalars()
    recent = await reports.recent(ctx.session, project.id)
    data = {
        "s": await standing_of(ctx, project),
        "project": project,
        "milestones": list(milestones),
        "issues": await issues.open_for_project(ctx.session, project.id),
        "reports": recent,
        "weeks": {r.period: f"第{parse_period(r.period).week}周" for r in recent},
        "today": ctx.today,
    }
    return Reply(template="replies/project_card", data=data)


async def on_mine(ctx: Context, args: NoArgs) -> Reply:
    """The sender's own projects (owned, or 包联 for leaders) with their lights."""
    person = ctx.person
    owned = await projects.owned_by(ctx.session, person.id)
    led = await projects.led_by(ctx.session, person.id)
    ids = [p.id for p in owned] + [p.id for p in led if p not in owned]
    rows = await standings(ctx.session, ctx.now, rules_of(ctx), project_ids=ids) if ids else []
    data = {"rows": [standing_view(ctx, row) for row in rows], "name": person.name}
    return Reply(template="replies/mine", data=data)


async def on_unreported(ctx: Context, args: NoArgs) -> Reply:
    """Projects without a report this period, by unit (one's own unit unless leader/admin)."""
    person = ctx.person
    period = period_of(ctx.today)
    scope = None if _sees_all(ctx) else person.unit_id
    exempt = ctx.settings.reports.not_reporting_categories
    units = await unreported.missing(
        ctx.session, period.label, period.start, period.end, scope, exempt=exempt
    )
    total = sum(len(unit.projects) for unit in units)
    return Reply(
        template="replies/unreported",
        data={"period": period.chinese, "units": units, "total": total},
    )


async def on_lights(ctx: Context, args: NoArgs) -> Reply:
    """Red and yellow projects as on record, scoped to the caller's unit unless leader or admin."""
    person = ctx.person
    rows = await on_record(ctx.session, ctx.now, rules_of(ctx))
    if not _sees_all(ctx):
        rows = [(project, light) for project, light in rows if project.unit_id == person.unit_id]
    lit = [(project, light) for project, light in rows if light.color.value != "blue"]
    lit.sort(key=lambda pair: (pair[1].color.value != "red", pair[0].unit, pair[0].code))
    items = [
        {"name": project.name, "unit": project.unit, "light": light_view(ctx, light)}
        for project, light in lit
    ]
    red = sum(1 for _, light in lit if light.color.value == "red")
    data = {
        "items": items[:MAX_LISTED],
        "more": max(0, len(items) - MAX_LISTED),
        "red": red,
        "yellow": len(items) - red,
        "total": len(rows),
    }
    return Reply(template="replies/lights", data=data)


async def on_ranking(ctx: Context, args: NoArgs) -> Reply:
    """Units ranked by cumulative done against 序时."""
    rows = unit_ranking(await standings(ctx.session, ctx.now, rules_of(ctx), recorded=True))
    closed = last_closed_period(ctx.now, ctx.calendar)
    return Reply(
        template="replies/ranking",
        data={"rows": rows, "today": ctx.today, "period": closed.chinese if closed else ""},
    )


async def on_issue_list(ctx: Context, args: IssueFilter) -> Reply:
    """Open issues, scoped to the caller's unit unless leader or admin; filter by project/unit."""
    person = ctx.person
    number = issue_number(args.scope)
    if number is not None:
        return await _one_issue(ctx, number)
    scope = None if _sees_all(ctx) else person.unit_id
    items = await open_issues(ctx.session, unit_id=scope, text=args.scope, today=ctx.today)
    data = {
        "items": items[:MAX_LISTED],
        "more": max(0, len(items) - MAX_LISTED),
        "scope": args.scope,
    }
    return Reply(template="replies/issue_list", data=data)


async def _one_issue(ctx: Context, number: int) -> Reply:
    """`/问题清单 #12`: that issue in whatever open state it is, or what became of it."""
    items = await open_issues(ctx.session, unit_id=None, text=None, today=ctx.today, number=number)
    if items:
        return Reply(template="replies/issue_list", data={"items": items, "more": 0, "scope": None})
    issue = await issues.by_number(ctx.session, number)
    message = (
        f"问题 #{number} {issue.state}（{issue.resolution or '无说明'}）"
        if issue is not None
        else f"没有编号为 #{number} 的问题"
    )
    return Reply(template="replies/issue_error", data={"message": message})


def _sees_all(ctx: Context) -> bool:
    sender = ctx.sender
    return sender is not None and (sender.is_admin or sender.is_leader)


def commands() -> list[Command]:
    """The query commands."""
    return [
        Command(
            "项目",
            ("project", "xm"),
            Role.MEMBER,
            ProjectArg,
            on_project,
            "/项目 <项目>",
            "查看项目卡片：计划、完成、序时、亮灯、节点、问题",
        ),
        Command(
            "我的",
            ("mine", "my"),
            Role.MEMBER,
            NoArgs,
            on_mine,
            "/我的",
            "我负责或包联的项目",
            reads_only=True,
        ),
        Command(
            "未报",
            ("unreported",),
            Role.MEMBER,
            NoArgs,
            on_unreported,
            "/未报",
            "本周还没报进度的项目",
            reads_only=True,
        ),
        Command(
            "亮灯",
            ("lights",),
            Role.MEMBER,
            NoArgs,
            on_lights,
            "/亮灯",
            "红灯、黄灯项目及原因",
            reads_only=True,
        ),
        Command(
            "排名",
            ("ranking", "rank"),
            Role.MEMBER,
            NoArgs,
            on_ranking,
            "/排名",
            "各单位完成序时进度排名",
            reads_only=True,
        ),
        Command(
            "问题清单",
            ("issues",),
            Role.MEMBER,
            IssueFilter,
            on_issue_list,
            "/问题清单 [项目或单位]",
            "未销号的问题",
            reads_only=True,
        ),
    ]
