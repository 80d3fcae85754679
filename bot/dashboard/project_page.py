"""A project's page: figures, the plan curve against the reported cumulative, the light
history as a timeline, every report (corrections kept), milestones, issues with history."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard import access
from bot.dashboard.charts import plan_chart
from bot.dashboard.figures import Look
from bot.dashboard.pages import Page
from domain.money import WAN
from domain.plan import month_end_plan
from storage.models import Project
from storage.repos import project_history
from storage.repos.dashboard_scope import attributes, visible_ids
from storage.repos.plans import plans_for
from storage.repos.standing import standings


async def project_page(session: AsyncSession, look: Look, request: web.Request) -> Page:
    """Everything about one project the viewer may see."""
    code = request.match_info["code"]
    found = (
        await session.execute(select(Project.id).where(Project.code == code, Project.active))
    ).scalar()
    if found is None:
        raise access.Refused(404, f"没有项目代码为“{code[:40]}”的项目")
    ids = await visible_ids(session, look.viewer)
    if ids is not None and found not in ids:
        raise access.Refused(403, "这个项目不在您的链接可查看的范围内")
    rows = await standings(
        session, look.now, look.rules, project_ids=[found], recorded=True, upcoming=True
    )
    if not rows:
        raise access.Refused(404, f"没有项目代码为“{code[:40]}”的项目")
    row = rows[0]
    project = await session.get(Project, found)
    extra = (await attributes(session, [found], look.today.year)).get(found)
    year = look.today.year
    curve = look.settings.plan.default_curve
    plan = [
        month_end_plan(row.project.annual_plan_yuan, row.project.monthly_plan_yuan, curve, m)
        for m in range(1, 13)
    ]
    reported = await project_history.month_cumulative(session, found, year)
    done = [reported.get(m) if m <= look.today.month else None for m in range(1, 13)]
    key_line = look.settings.targets.key_threshold_wan * WAN
    # loaded in December for next year: that year's plan, and no light of this one
    entered = row.project.entered_ledger_on
    ahead = entered.year if entered > look.today else None
    data = {
        "s": row,
        "project": project,
        "extra": extra,
        "ahead": ahead,
        "entered": entered,
        "plan": (await plans_for(session, ahead or year, [found])).get(found),
        "key": row.project.annual_plan_yuan >= key_line,
        "plan_chart": plan_chart(
            [f"{m}月" for m in range(1, 13)],
            [round(v / 10_000, 2) for v in plan],
            [None if v is None else round(v / 10_000, 2) for v in done],
        ),
        "timeline": list(reversed(await project_history.light_timeline(session, found))),
        "reports": await project_history.all_reports(session, found),
        "milestones": await project_history.milestones(session, found),
        "issues": await project_history.issues_with_history(session, found),
    }
    return Page("project", row.project.name, data, None, "projects")
