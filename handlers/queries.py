"""Questions people ask the bot: /项目, /我的, /排名; and the table row of /未报, /亮灯,
/问题清单 (their handlers: handlers.lists)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from core.messages import Reply
from domain.dates import last_month_of
from domain.light_rules import is_completion_node, is_finished, judged_from
from domain.periods import last_closed_period, period_of
from domain.stats_due import is_stats_node
from handlers import lists
from handlers.commands import Command, NoArgs, Role
from handlers.context import Context
from handlers.issues.args import IssueFilter
from handlers.lookup import find_project
from handlers.month_ranking import NOW, RankingArgs, last_years_in_january, month_ranking
from handlers.reports.commands import ProjectArg
from handlers.reports.when import Counted
from handlers.scope import Narrow
from handlers.standing import rules_of, standing_of, standing_view
from handlers.unit_pointer import own_unit
from storage.models import Milestone, Report
from storage.project_refs import unwrapped
from storage.repos import issues, leaves, projects, reports, unreported
from storage.repos.dashboard_rows import lit_lines
from storage.repos.plans import plans_for
from storage.repos.ranking import unit_ranking
from storage.repos.standing import standings


async def on_project(ctx: Context, args: ProjectArg) -> Reply:
    """The project card: plan, done, 序时, light and reasons, milestones, issues, reports."""
    project = await find_project(ctx, args.project)
    if isinstance(project, Reply):
        return project
    of_project = select(Milestone).where(Milestone.project_id == project.id)
    milestones = (await ctx.session.execute(of_project.order_by(Milestone.due_on))).scalars().all()
    recent = await reports.recent(ctx.session, project.id)
    ref = unwrapped(args.project) or args.project  # as looked up: `「物流园」` is 物流园
    # loaded in December for next year: the plan just imported, not "this year's missing"
    ahead = project.entered_ledger_on.year if project.entered_ledger_on > ctx.today else None
    upcoming = await plans_for(ctx.session, ahead, [project.id]) if ahead else {}
    data = {
        "s": await standing_of(ctx, project),
        "ahead": ahead,
        "upcoming": upcoming.get(project.id),
        # its 竣工 节点 is done once the project is, whatever the 节点 sheet says
        "done_as_finished": {m.id for m in milestones if is_completion_node(m.name)}
        if is_finished(project.completed_on, project.status)
        else set(),
        # its 入统 节点 as the project's 入统 date says (the light and the counts read the date)
        "stats_nodes": {m.id for m in milestones if is_stats_node(m.name)},
        "project": project,
        "milestones": milestones,
        "issues": await issues.open_for_project(ctx.session, project.id),
        "reports": recent,
        "counted": {r.id: _counted_note(r, ctx.today) for r in recent},
        "today": ctx.today,
        "ref": ref,
        # a short name chose this one; others hold it too (标准化厂房: 一期's, and 二期)
        "others": (
            await projects.also_named(ctx.session, ref, project.id)
            if ref not in (project.name, project.code)
            else []
        ),
    }
    return Reply(template="replies/project_card", data=data)


def _counted_note(report: Report, today: date) -> str:
    """The month a listed report counts for when its date does not say it (a back-filled
    month; a report of a closed month files in that month's last week, so its week follows)."""
    month = Counted.parse(report.month)
    if month == Counted.of(report.received_at.date()):
        return ""
    return f"（计入{month.month}月）" if month.year == today.year else f"（计入{month.chinese}）"


async def on_mine(ctx: Context, args: NoArgs) -> Reply:
    """The sender's own projects (owned, or 包联 for leaders) with their lights."""
    person = ctx.person
    owned = await projects.owned_by(ctx.session, person.id)
    led = await projects.led_by(ctx.session, person.id)
    # a stand-in (代报) sees the projects he reports for while their owner is away
    owned_ids = {p.id for p in owned}
    covering = [
        i for i in await leaves.covered_by(ctx.session, person.id, ctx.today) if i not in owned_ids
    ]
    ids = (
        [p.id for p in owned]
        + covering
        + [p.id for p in led if p not in owned and p.id not in covering]
    )
    rows = await standings(ctx.session, ctx.now, rules_of(ctx), project_ids=ids) if ids else []
    rows.sort(key=lambda row: -row.light.color.rank)  # red first: what a phone shows first
    # One 序时 date for the message, stated once; a project reported as of another day says so,
    # and the header then says the figures are each project's latest.
    dates = Counter(row.as_of for row in rows)
    common = dates.most_common(1)
    # as /未报 counts them: leave, a category or a finished project without the duty
    period = period_of(ctx.today)
    exempt = ctx.settings.reports.not_reporting_categories
    mine = [p.id for p in owned] + covering
    missing = await unreported.missing(
        ctx.session, period.label, period.start, period.end, exempt=exempt, project_ids=mine
    )
    codes = {code for unit in missing for code, *_ in unit.projects}
    reported = await reports.reported_in(ctx.session, period.label, mine) if mine else set()
    due = ctx.report_due(period)
    data = {
        "rows": [standing_view(ctx, row) for row in rows],
        "reported": reported,
        "missing": {
            row.project.id for row in rows if row.project.id in mine and row.project.code in codes
        },
        "covering": set(covering),
        "week": "本周",
        # before the week's deadline a project not reported yet is still to report, not late
        "owed": "待报" if due is not None and ctx.now < due else "未报",
        "name": person.name,
        "unit": None if ids else await own_unit(ctx),
        "as_of": common[0][0] if common else ctx.today,
        "mixed": len(dates) > 1,
        "today": ctx.today,
        # next year's, loaded in December: named, not lit (storage.repos.light_facts.entered_by)
        "later": sorted(
            {p.id: p for p in [*owned, *led] if p.entered_ledger_on > ctx.today}.values(),
            key=lambda p: (p.entered_ledger_on, p.code),
        ),
    }
    return Reply(template="replies/mine", data=data)


async def on_ranking(ctx: Context, args: RankingArgs) -> Reply:
    """Units ranked by cumulative done against 序时 (at a past month's end when one is named)."""
    if args.month and args.month.strip() not in NOW:
        return await month_ranking(ctx, args.month)
    if not args.month and (last_year := await last_years_in_january(ctx)):
        return last_year
    rows = unit_ranking(await lit_lines(ctx.session, ctx.now, rules_of(ctx), None))
    closed = last_closed_period(ctx.now, ctx.calendar)
    # January's first weeks rank on days of 序时: last year's final ranking is what counts
    new_year = ctx.today.year - 1 if judged_from(ctx.today) else None
    data = {
        "rows": rows,
        "today": ctx.today,
        "period": closed.chinese if closed else "",
        "last_year": new_year,
        # the ranking sent upward is at a month's end (月报表, 晾晒): say where it is
        "last_month": last_month_of(ctx.today).month,
    }
    return Reply(template="replies/ranking", data=data)


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
            Narrow,
            lists.on_unreported,
            lists.UNREPORTED_USAGE,
            "本周还没报进度的项目，可按单位查看；“/未报 上周”看上周的",
            reads_only=True,
        ),
        Command(
            "亮灯",
            ("lights",),
            Role.MEMBER,
            Narrow,
            lists.on_lights,
            lists.LIGHTS_USAGE,
            "红灯、黄灯项目及原因，可按单位或灯色查看",
            reads_only=True,
        ),
        Command(
            "排名",
            ("ranking", "rank"),
            Role.MEMBER,
            RankingArgs,
            on_ranking,
            "/排名 [月份]",
            "各单位完成序时进度排名；加“11月”“去年”看月末、全年排名",
            reads_only=True,
        ),
        Command(
            "问题清单",
            ("issues",),
            Role.MEMBER,
            IssueFilter,
            lists.on_issue_list,
            "/问题清单 [项目或单位]",
            "未销号的问题",
            reads_only=True,
        ),
    ]
