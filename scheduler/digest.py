"""The 双周调度会 digest: one message to the leaders group with the figures, the ranking, the reds
that are new since the last 调度会 and a line per 包联 leader (their own projects in detail go to
the leader 1:1 where that is configured); on WeCom the chart comes with it."""

from __future__ import annotations

import asyncio
import base64
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.settings.light_rules import light_rules
from domain.leader_order import most_red_first
from domain.light_rules import judged_from
from domain.light_types import LightRules
from domain.lights import holds_since
from domain.meeting_days import JOB, Occasion, held_on
from domain.money import WAN
from domain.periods import DueTime, last_closed_period
from domain.stats_due import last_overdue_start
from domain.targets import investment_against
from scheduler import digest_views as views
from scheduler.audience import identities, mentions
from scheduler.chart import unit_chart
from scheduler.context import JobContext, JobResult, Push, occasion
from scheduler.digest_fit import fitted_digest
from scheduler.digest_leaders import leader_line, leader_page
from scheduler.direct import reachable, to_person
from storage.models import Person
from storage.repos import digest_issues, occasions, unreported
from storage.repos import digest_queries as dq
from storage.repos.completions import completions
from storage.repos.digest_queries import ProjectFigures, UnitFigures
from storage.repos.key_projects import KeyReport, Subtotal
from storage.repos.light_news import newly_red
from storage.repos.plans import plan_coverage
from storage.repos.standing import Standing, standings
from storage.repos.starts import starts_from_counts

MAX_LISTED = 20
NEW_ISSUE_DAYS = 14  # "new" means raised (or turned red) since the last 调度会, two weeks ago
IMAGE_PLATFORMS = frozenset({"wecom"})  # robots elsewhere cannot post an uploaded picture


async def biweekly_digest(ctx: JobContext, at: datetime) -> JobResult:
    """On a 调度会 day: one digest per leaders group, its chart attached where robots take one."""
    async with ctx.db.read() as session:
        held = held_on(ctx, at.date(), await occasions.moved_occasions(session, JOB))
        if not held:
            return []
        data, fresh = await digest_data(ctx, session, at)
        leaders = await leader_sections(ctx, session, at, fresh)
        top = ctx.budget("leaders").top
        since = at.date() - timedelta(days=NEW_ISSUE_DAYS)
        count, reds = await newly_red(session, since, top)
        accounts = {
            group.platform: await identities(session, group.platform)
            for group in ctx.groups("leaders")
        }
        direct = await reachable(ctx, session, [person for person, _ in leaders])
    # Drawing takes matplotlib about a second the first time: never on the loop.
    chart = await asyncio.to_thread(_chart, ctx, data)
    data["new_reds"] = {"count": count, "items": reds}
    # Leaders reached 1:1 get their projects there; the others a line with an @ in the group.
    in_group = [(person, rows) for person, rows in leaders if person.id not in direct]
    data["leaders"] = [leader_line(person, rows) for person, rows in in_group]
    data["sent_direct"] = len(leaders) - len(in_group)
    pushes = []
    for meeting in held:
        key = occasion(JOB, meeting.label)
        page = {**data, "meeting": _meeting_view(meeting)}
        for person, rows in leaders:
            if person.id in direct:
                bot, account = direct[person.id]
                own = leader_page(ctx, person, rows, at.date())
                pushes.append(to_person(ctx, bot, account, key, "pushes/digest_leader", own))
        for group in ctx.reach("leaders", f"双周调度会简报（{at.date().isoformat()}）"):
            named = mentions([person for person, _ in in_group], accounts[group.platform])
            push = fitted_digest(ctx, group, key, page, named)
            if chart and group.platform in IMAGE_PLATFORMS:
                message = push.message.model_copy(update={"image_png_base64": chart})
                push = Push(push.group, push.key, message)
            pushes.append(push)
    return pushes


def _meeting_view(meeting: Occasion) -> dict[str, Any]:
    return {"day": meeting.day, "series_day": meeting.series_day, "moved": meeting.moved}


def _key(ctx: JobContext, units: Sequence[UnitFigures]) -> KeyReport:
    """The key projects' line, from the units' sums (no query of its own)."""
    targets = ctx.settings.targets
    totals = views.totals(units)
    key = Subtotal(
        "合计",
        sum(u.key_projects for u in units),
        sum(u.key_annual for u in units),
        sum(u.key_done for u in units),
    )
    return KeyReport(
        [],
        key,
        [],
        totals["annual"],
        totals["done"],
        targets.key_investment_target_wan * WAN,
        targets.key_share,
    )


def rules_of(ctx: JobContext) -> LightRules:
    """The light rules configured for this deployment."""
    return light_rules(ctx.settings, ctx.calendar)


async def digest_data(
    ctx: JobContext, session: AsyncSession, at: datetime
) -> tuple[dict[str, Any], dict[int, Standing]]:
    """What the digest shows (totals, units ranked, lights, issues, 未报), and lights judged now."""
    today = at.date()
    curve = ctx.settings.plan.default_curve
    grace = ctx.settings.lights.stats_grace_months
    key_yuan = ctx.settings.targets.key_threshold_wan * WAN
    # a light recorded before today began or the week's deadline passed no longer holds: the
    # digest at 08:30 comes before the day's 亮灯 job and judges those afresh
    rules = rules_of(ctx)
    since = holds_since(at, rules.calendar, rules.thresholds)
    line = last_overdue_start(today, grace)
    units = await dq.unit_figures(session, today, curve, line, key_yuan, since)
    fresh = await _fresh_lights(ctx, session, at, units, since)
    lit = await dq.lit_projects(session, today, curve, MAX_LISTED, since)
    lit += [_figures(row, today) for row in fresh.values() if row.light.color.value != "blue"]
    lit.sort(key=lambda p: (p.color != "red", p.ratio is None, p.ratio or 0, p.code))
    colors = Counter((row.unit, row.light.color.value) for row in fresh.values())
    red = sum(u.red for u in units) + sum(n for (_, c), n in colors.items() if c == "red")
    yellow = sum(u.yellow for u in units) + sum(n for (_, c), n in colors.items() if c == "yellow")
    table = views.ranked([views.unit_view(u, colors) for u in units])
    light_days = [u.light_day for u in units if u.light_day] + ([today] if fresh else [])
    data: dict[str, Any] = {
        "today": today,
        "judged_from": judged_from(today),
        "grace": grace,
        "labels": views.labels(ctx),
        "total": views.totals(units),
        "units": table,
        "lights": {
            "red": red,
            "yellow": yellow,
            "day": min(light_days) if light_days else None,
            "items": [views.project_view(ctx, p) for p in lit[:MAX_LISTED]],
            "more": max(0, red + yellow - MAX_LISTED),
        },
        "issues": await _issues(session, at),
        "unreported": await _unreported(ctx, session, at),
        "starts": await starts_from_counts(
            session,
            today,
            ctx.settings.targets,
            [(u.unit, u.new, u.new_started, u.continuing, u.resumed) for u in units],
        ),
        "completions": await completions(session, today),
        "key": _key(ctx, units),
        # projects under way with no plan for the year: counted in the lights, not in the plan
        "unplanned": len((await plan_coverage(session, today.year)).missing),
    }
    lines = ctx.settings.targets.investment_by_quarter
    totals = views.totals(units)
    # the next line only: the one due is history by the time of a 调度会
    ahead = investment_against(today, lines, totals["annual"], totals["done"])[1]
    data["investment"] = (None, ahead)
    data["new_year"] = None  # this year's plan not loaded yet (January, before the import)
    data["last_year"] = None  # the year just closed, what the year's first 调度会 looks back on
    data["ranked_year"] = None  # the year the ranking is of, when not this one
    if totals["annual"] == 0 or data["judged_from"] is not None:
        last_day = date(today.year - 1, 12, 31)
        last = await dq.unit_figures(session, last_day, curve, last_overdue_start(last_day, grace))
        data["last_year"] = {"year": last_day.year, "total": views.totals(last)}
        data["new_year"] = data["last_year"] if totals["annual"] == 0 else None
        if data["judged_from"] is not None:
            # a few days' figures against a few days' 序时 tie at 0% or rank the first to
            # report: the year's first 调度会 ranks the year just closed, when there is one
            closed = data["last_year"]["total"]["annual"] > 0
            data["units"] = views.year_ranked(last) if closed else []
            data["ranked_year"] = last_day.year if closed else None
    return data, fresh


async def _fresh_lights(
    ctx: JobContext,
    session: AsyncSession,
    at: datetime,
    units: Sequence[UnitFigures],
    since: datetime,
) -> dict[int, Standing]:
    """Lights evaluated now for the projects with no recorded light that still holds."""
    if not any(u.unlit for u in units):
        return {}
    ids = await dq.unlit_ids(session, at.date(), since)
    rows = await standings(session, at, rules_of(ctx), project_ids=ids)
    return {row.project.id: row for row in rows}


def _figures(row: Standing, today: date) -> ProjectFigures:
    reasons = [r.text for r in row.light.reasons if r.color.value != "blue"]
    project = row.project
    return ProjectFigures(
        project.id,
        project.code,
        project.name,
        row.unit,
        project.annual_plan_yuan,
        row.ytd_done,
        row.plan_to_date,
        row.light.color.value,
        reasons,
        today,
    )


async def _issues(session: AsyncSession, at: datetime) -> dict[str, Any]:
    since = at - timedelta(days=NEW_ISSUE_DAYS)
    new, new_items = await digest_issues.issues_since(session, since, MAX_LISTED // 2)
    overdue, overdue_items = await digest_issues.overdue_issues(session, at.date(), MAX_LISTED // 2)
    late = {i.number: (at.date() - i.deadline).days for i in overdue_items if i.deadline}
    return {
        "new": new,
        "new_items": new_items,
        "overdue": overdue,
        # counted among the overdue (asked for is not 销号'd), said as the daily push says it
        "overdue_asked": await digest_issues.overdue_asked(session, at.date()),
        "overdue_items": overdue_items,
        "late_days": late,
    }


async def _unreported(ctx: JobContext, session: AsyncSession, at: datetime) -> dict[str, Any]:
    due = DueTime.parse(ctx.settings.schedule.report_deadline)
    period = last_closed_period(at, ctx.calendar, **due._asdict())
    if period is None:
        return {"period": None, "total": 0, "units": []}
    exempt = ctx.settings.reports.not_reporting_categories
    units = await unreported.missing(
        session, period.label, period.start, period.end, exempt=exempt, as_of=ctx.reported_as_of(at)
    )
    units.sort(key=lambda u: (-len(u.projects), u.unit))
    shown = [(u.unit, len(u.projects), [name for _, name, _ in u.projects[:5]]) for u in units]
    return {
        "period": period.short_chinese,
        "total": sum(len(u.projects) for u in units),
        "units": shown[:MAX_LISTED],
        "more_units": max(0, len(shown) - MAX_LISTED),
    }


async def leader_sections(
    ctx: JobContext, session: AsyncSession, at: datetime, fresh: dict[int, Standing]
) -> list[tuple[Person, list[dict[str, Any]]]]:
    """Each leader with their 包联 projects as the digest lists them, most red first."""
    today = at.date()
    leaders = await occasions.leaders_projects(session)
    ids = sorted({pid for _, pids in leaders for pid in pids})
    rows = await dq.project_figures(session, today, ctx.settings.plan.default_curve, ids)
    by_id = {row.id: _figures(fresh[row.id], today) if row.id in fresh else row for row in rows}
    sections = [
        (person, [views.project_view(ctx, by_id[pid]) for pid in pids if pid in by_id])
        for person, pids in leaders
    ]
    # as leader_weekly lists them, so a leader is in the same place in both pushes
    return sorted(sections, key=lambda s: most_red_first(_reds(s[1]), s[0].id))


def _reds(rows: list[dict[str, Any]]) -> int:
    return sum(row["color"] == "red" for row in rows)


def _chart(ctx: JobContext, data: dict[str, Any]) -> str | None:
    if not any(group.platform in IMAGE_PLATFORMS for group in ctx.groups("leaders")):
        return None
    rows = [(row["unit"], row["ratio"]) for row in data["units"]]
    today, year = data["today"], data["ranked_year"]
    title = f"各单位完成序时进度（截至{today.month}月{today.day}日）"
    if year is not None:
        title = f"{year}年各单位完成年度计划"
    lights = ctx.settings.lights
    png = unit_chart(rows, title, lights.blue_ratio, lights.yellow_ratio)
    return base64.b64encode(png).decode("ascii") if png else None
