"""`/模板` and `/撤回`, with `/请假` (handlers.reports.leave): the commands around reporting."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from pydantic import BaseModel, Field

from core.messages import Mention, Reply
from core.reach import issue_reach
from domain.dates import last_month_of, last_month_start
from domain.light_rules import is_finished
from domain.periods import parse_period, period_of
from handlers.commands import Command, Role
from handlers.context import Context
from handlers.lookup import find_project
from handlers.reports.leave import leave_command
from handlers.reports.reply_figures import figure_names
from handlers.reports.template_month import template_month
from handlers.reports.when import Counted
from handlers.reports.withdrawal import withdraw_report
from handlers.standing import standing_of
from storage.models import Person, Project, Report, Unit
from storage.repos import issues, people, projects, report_takeback, reports

ALL_MINE = frozenset({"全部", "我的", "所有", "全部项目", "我的项目", "all", "mine"})


class ProjectArg(BaseModel):
    """`项目`."""

    project: str = Field(title="项目")


class TemplateArg(BaseModel):
    """`[项目]`: none names the sender's own project, when they report for one."""

    project: str | None = Field(default=None, title="项目")


async def on_template(ctx: Context, args: TemplateArg) -> Reply:
    """A ready-to-edit report for a project (or all of one's own), pre-filled with its figures;
    without a project, the sender's only one, or which of theirs to name."""
    if args.project is None:
        return await _own_template(ctx)
    if args.project.strip().lower() in ALL_MINE:
        return await _all_templates(ctx)
    project = await find_project(ctx, args.project)
    if isinstance(project, Reply):
        return project
    return Reply(template="replies/template", data=await template_data(ctx, project))


async def _own_template(ctx: Context) -> Reply:
    """`/模板` alone: the template of the one project the sender reports for; with several,
    the list to choose from (a hurried owner should not meet a usage error)."""
    due = await _reported_for(ctx)
    if len(due) == 1:
        return Reply(template="replies/template", data=await template_data(ctx, due[0]))
    # the shortest way to name one: its first 简称, as the ledger gives them
    example = next(iter(projects.aliases_of(due[0].aliases)), due[0].name) if due else ""
    data = {"names": [p.name for p in due], "example": example}
    return Reply(template="replies/template_which", data=data)


async def _all_templates(ctx: Context) -> Reply:
    """One message, one pre-filled block for each project the sender reports for."""
    blocks = [await template_data(ctx, p) for p in await _reported_for(ctx)]
    # some blocks for last month (`月份：11月`), some, whose this month is in, for this one:
    # said once at the top, so nobody wonders at the line missing from a block
    months = {block["month"] for block in blocks}
    mixed = {"last": last_month_of(ctx.today).month, "this": ctx.today.month}
    data = {"blocks": blocks, "mixed": mixed if len(months) > 1 else None}
    return Reply(template="replies/templates_all", data=data)


async def _reported_for(ctx: Context) -> list[Project]:
    """The sender's own projects that owe weekly reports."""
    exempt = set(ctx.settings.reports.not_reporting_categories)
    owned = await projects.owned_by(ctx.session, ctx.person.id)
    return [
        p
        for p in owned
        if p.active and p.category not in exempt and not is_finished(p.completed_on, p.status)
    ]


async def template_data(ctx: Context, project: Project) -> dict[str, object]:
    """The figures a pre-filled report template shows for `project`: up to a month's first
    working day, for last month (`月份：11月`), whose final figures are what those days bring
    (a 本月完成 naming no month would be asked which it is), unless this month's are in."""
    month, report = await template_month(ctx, project.id)
    # the problems still open, as raised: sent back unchanged they open nothing new
    still_open = await issues.open_for_project(ctx.session, project.id)
    year = (month or ctx.today).year
    return {
        "name": project.name,
        "month": month.month if month else None,
        "ytd": await reports.latest_ytd(ctx.session, project.id, year),
        "progress": report.progress_text if report else None,
        "problems": "；".join(issue.text for issue in still_open) or None,
        "plan": report.plan_text if report else None,
    }


LAST_REPORT = frozenset(
    [
        "刚才",
        "刚刚",
        "刚才那条",
        "刚刚那条",
        "刚才的",
        "刚刚的",
        "刚发的",
        "刚才发的",
        "刚刚发的",
        "上一条",
        "上一次",
        "上次",
        "最后一条",
        "这条",
        "那条",
        "最近一条",
    ]
)
"""Said after /撤回 for the last report, as the bare command takes it."""
ALL_REPORTS = frozenset(["全部", "所有", "全部填报", "所有填报", "都撤回", "全撤"])
"""Said after /撤回 for every report: it goes one at a time (each brings the one before back)."""


class WithdrawArgs(BaseModel):
    """`[项目]`."""

    project: str | None = Field(default=None, title="项目")


async def on_withdraw(ctx: Context, args: WithdrawArgs) -> Reply:
    """Take back the last report one sent this week (whatever period it counts for: a month
    filed late too), or the last of the project named; the one it corrected counts again.
    The office, naming a project, takes back its last report whoever sent it, of last month
    or this one (earlier ones are closed): the way to a wrong figure of an earlier week, which
    a lower one sent now could never replace (the year's total only grows). Its reporter is
    told, so that they send the right figure."""
    person = ctx.person
    period = period_of(ctx.today)
    said = (args.project or "").strip()
    if said in ALL_REPORTS:  # `/撤回 全部`: not a project's name
        return Reply(template="replies/withdraw", data={"outcome": "one_at_a_time"})
    named = await find_project(ctx, said) if said and said not in LAST_REPORT else None
    if isinstance(named, Reply):
        return named
    office = person.is_admin and named is not None
    if office and named is not None:
        report = await _project_last_locked(ctx, named.id)
    else:
        since = datetime.combine(period.start, time(), ctx.now.tzinfo)
        report = await _last_locked(ctx, person.id, since, named.id if named else None)
    if report is None:
        none = {"outcome": "none", "project": named.name if named else None, "office": office}
        return Reply(template="replies/withdraw", data=none)
    reporter = await ctx.session.get(Person, report.reporter_id)
    withdrawn = await withdraw_report(ctx, report)
    project = withdrawn.project
    if project is not None:
        await standing_of(ctx, project)  # today's light on record, as it stands without it
    unreported = await _owed_again(ctx, project, report)
    counted = Counted.parse(report.month)
    data = {
        "outcome": "done",
        "project": project.name if project else "",
        "counted": None if report.period == period.label else parse_period(report.period).chinese,
        # a week across two months or New Year: which month's figure it was
        "month": None if counted == Counted.of(ctx.today) else counted.chinese,
        "names": figure_names(counted, ctx.today),
        "report": report,
        "restored": withdrawn.restored,
        "problem": withdrawn.problem,
        "declared": withdrawn.declared,
        "by": reporter.name if reporter is not None and reporter.id != person.id else None,
        "unreported": unreported,
    }
    if data["by"] and reporter is not None and project is not None:
        await _tell_reporter(ctx, reporter, project, data)
    return Reply(template="replies/withdraw", data=data)


async def _owed_again(
    ctx: Context, project: Project | None, report: Report
) -> dict[str, datetime | None] | None:
    """When taking back `report` leaves its project with no report of this week that it still
    owes: its deadline (None once passed, a report now is late); else None."""
    period = period_of(ctx.today)
    if project is None or report.period != period.label:
        return None
    exempt = project.category in ctx.settings.reports.not_reporting_categories
    if exempt or is_finished(project.completed_on, project.status):
        return None
    if await reports.current_for_period(ctx.session, project.id, period.label) is not None:
        return None
    due = ctx.report_due(period)
    return {"due": due if due is not None and ctx.now < due else None}


async def _tell_reporter(
    ctx: Context, reporter: Person, project: Project, data: dict[str, Any]
) -> None:
    """Tell whoever sent the report the office took back, in their unit's group (or the
    owners'), so they send the right figure."""
    unit = await ctx.session.get(Unit, project.unit_id)
    platforms = await people.platforms_of(ctx.session, reporter.id)
    reach = issue_reach(
        ctx.settings.groups, unit.name if unit else "", reporter.name, platforms,
        leader=reporter.is_leader,
    )  # fmt: skip
    if reach.role is None:
        return
    mention = Mention(name=reporter.name, mobile=reporter.mobile)
    push = Reply(
        template="pushes/report_withdrawn",
        data={**data, "office": ctx.person.name},
        mentions=(mention,),
    )
    ctx.push(reach.role, push, f"withdrawn:{ctx.msg.msg_id}")


async def _project_last_locked(ctx: Context, project_id: int) -> Report | None:
    """The project's last report of last month or this one, read under its lock."""
    await projects.lock(ctx.session, project_id)
    month_from = last_month_start(ctx.today).strftime("%Y-%m")
    return await report_takeback.last_of_project(ctx.session, project_id, month_from)


async def _last_locked(
    ctx: Context, person_id: int, since: datetime, project_id: int | None
) -> Report | None:
    """The person's last report since `since` (of `project_id`, given), read again once its
    project is locked (it may have changed)."""
    report = await report_takeback.last_by_reporter(ctx.session, person_id, since, project_id)
    while report is not None:
        await projects.lock(ctx.session, report.project_id)
        again = await report_takeback.last_by_reporter(ctx.session, person_id, since, project_id)
        if again is None or again.project_id == report.project_id:
            return again
        report = again
    return None


def commands() -> list[Command]:
    """Commands around reporting."""
    return [
        Command(
            "模板",
            ("template", "mb", "模版"),  # 模版: as often written, the same word
            Role.MEMBER,
            TemplateArg,
            on_template,
            "/模板 [项目]",
            "获取预填了上次数据的填报模板；“/模板 全部”一次给出自己负责的所有项目",
        ),
        Command(
            "撤回",
            ("withdraw", "undo"),
            Role.MEMBER,
            WithdrawArgs,
            on_withdraw,
            "/撤回 [项目]",
            "撤回本周自己最后一次填报（写项目名则撤回该项目的）；管理员写项目名可撤回该项目"
            "上月以来任何人的最后一次填报（更正以前各周填错的数字）",
        ),
        leave_command(),
    ]
