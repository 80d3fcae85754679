"""The dashboard's routes: overview, units, a unit, projects, a project, issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard import (
    access,
    charts,
    entry,
    figures,
    filters,
    ledger_upload,
    lists,
    monthly_download,
)
from bot.dashboard.figures import Look, overdue_said
from bot.dashboard.pages import Page, Part, answer
from bot.dashboard.project_page import project_page
from bot.keys import RENDERER
from domain.dates import last_month_start
from domain.light_rules import judged_from
from domain.money import WAN
from storage.repos.dashboard_rows import Line, lines
from storage.repos.dashboard_scope import (
    leaders_of,
    may_see_unit,
    visible_ids,
)
from storage.repos.issue_board import BoardIssue
from storage.repos.issues import OPEN_STATES
from storage.repos.key_projects import known_tags, matching_ids

STATIC = Path(__file__).resolve().parent / "static"
ISSUE_STATES = (*OPEN_STATES, "已销号", "已撤回")


def _labels(request: web.Request) -> dict[str, str]:
    return dict(request.app[RENDERER].labels)


async def _rows(session: AsyncSession, look: Look) -> dict[str, Any]:
    """The viewer's project rows, their units ranked, issues and new reds (one part)."""
    visible = await figures.visible_lines(session, look)
    return {
        "rows": visible.lines,
        "ranking": figures.ranking(visible.lines),
        "issues": await figures.issues(session, look, visible.ids),
        "new_reds": await figures.new_reds(session, look, visible.lines),
    }


OVERVIEW_PARTS: dict[str, Part] = {
    "rows": _rows,
    "missing": figures.missing,
    "starts": figures.starts,
}
UNITS_PARTS: dict[str, Part] = {"rows": _rows, "missing": figures.missing}


async def _overview(session: AsyncSession, look: Look, request: web.Request) -> Page:
    found = look.parts["rows"]
    rows, ranking, reds = found["rows"], found["ranking"], found["new_reds"]
    overdue = [issue for issue in found["issues"] if issue.overdue]
    lights = figures.light_counts(rows)
    data = {
        "totals": figures.totals(look, rows),
        "lights": lights,
        "starts": look.parts["starts"],
        "ranking": ranking,
        "ranking_chart": charts.ranking_chart(
            ranking,
            look.rules.thresholds.blue_ratio,
            look.rules.thresholds.yellow_ratio,
            judged=judged_from(look.today) is None,
        ),
        "judged_from": judged_from(look.today),
        "lights_chart": charts.lights_chart(lights, _labels(request)),
        "new_reds": reds[: figures.LISTED],
        "new_red_count": len(reds),
        "overdue": overdue[: figures.LISTED],
        "overdue_count": len(overdue),
        "overdue_asked": sum(issue.closing_asked for issue in overdue),
        "missing": look.parts["missing"],
        "listed": figures.LISTED,
        # the 月报表 covers every unit: offered to those who see them all
        "monthly": last_month_start(look.today) if look.viewer.sees_all else None,
        "may_import": await ledger_upload.may_import(session, look.viewer),
    }
    return Page("overview", "项目建设调度看板", data)


async def _units(session: AsyncSession, look: Look, request: web.Request) -> Page:
    found = look.parts["rows"]
    counts = {unit["unit"]: len(unit["projects"]) for unit in look.parts["missing"]["units"]}
    listing = lists.units_listing(found["ranking"], counts, found["issues"])
    intro = "按累计完成占序时进度排名；序时按各项目最近填报日计，逾期未报的计至上周日"
    opening = judged_from(look.today)
    if opening is not None:  # as /排名 says it in chat
        last = look.today.year - 1
        intro = (
            f"新年度刚开始，序时进度还很小，{opening.month}月{opening.day}日起考核，以下排名仅供"
            f"参考；{last}年全年排名见{last}年12月月报表（总览页下载）。{intro}"
        )
    return Page("list", "单位排名", {"intro": intro}, listing, "units")


async def _unit(session: AsyncSession, look: Look, request: web.Request) -> Page:
    name = request.match_info["name"]
    if not await may_see_unit(session, look.viewer, name):
        raise access.Refused(403, "您的链接只能查看本单位的项目")
    visible = await figures.visible_lines(session, look)
    rows = [row for row in visible.lines if row.unit == name]
    if not rows:
        raise access.Refused(404, f"没有名为“{name[:30]}”的单位，或该单位没有在建项目")
    ids = [row.id for row in rows]
    # its rank among every unit (only the rank is shown of the others)
    everyone = (
        visible.lines if visible.ids is None else await lines(session, look.today, look.curve, None)
    )
    data = {
        "intro": f"共 {len(rows)} 个项目",
        "totals": figures.totals(look, rows),
        "lights": figures.light_counts(rows),
        "unit_row": next(r for r in figures.ranking(rows) if r.unit == name),
        "rank": next(r.rank for r in figures.ranking(everyone) if r.unit == name),
        "units": len({row.unit for row in everyone}),
    }
    if request.query.get("format") != "xlsx":  # as the project list: the gravest on top
        rows = sorted(rows, key=_gravest_first)
    listing = lists.projects_listing(rows, await leaders_of(session, ids), _labels(request))
    return Page("list", name, data, listing, "units")


async def _projects(session: AsyncSession, look: Look, request: web.Request) -> Page:
    visible = await figures.visible_lines(session, look)
    rows = visible.lines
    # every project's 包联 leaders, read once: the filter's choices (the leaders of the listed
    # projects), the chosen leader's projects, and the shown rows' column
    leading = await leaders_of(session, None)
    choices = filters.Choices(
        units=sorted({row.unit for row in rows}),
        categories=sorted({row.category for row in rows}),
        levels=sorted({row.level for row in rows if row.level}),
        leaders=sorted({name for row in rows for name in leading.get(row.id, [])}),
        tags=await known_tags(session, look.today.year, look.settings.targets.key_tags),
    )
    chosen = filters.parse(request.query, choices)
    page = filters.page_number(request.query)
    led = (
        {pid for pid, names in leading.items() if chosen.leader in names} if chosen.leader else None
    )
    key = await _key_ids(session, look, chosen)
    kept = [row for row in rows if _matches(row, chosen, led, key)]
    wants_all = request.query.get("format") == "xlsx"
    if not wants_all:  # the download keeps the ledger's order, as the read API gives it
        kept.sort(key=_gravest_first)
    start = (page - 1) * filters.PAGE_SIZE
    shown = kept if wants_all else kept[start : start + filters.PAGE_SIZE]
    pages = max(1, -(-len(kept) // filters.PAGE_SIZE))
    if page > pages:
        raise filters.BadFilter(f"只有 {pages} 页，没有第 {page} 页")
    data = {
        "choices": choices,
        "chosen": chosen,
        "page": page,
        "pages": pages,
        "found": len(kept),
        "lights": figures.light_counts(kept),
        "with_filters": True,
        "key_line": look.settings.targets.key_threshold_wan * WAN,  # what 重点 means here
    }
    listing = lists.projects_listing(shown, leading, _labels(request))
    return Page("list", "项目", data, listing, "projects")


_SEVERITY = {"red": 0, "yellow": 1, "blue": 2}


def _gravest_first(row: Line) -> tuple[int, float, str]:
    """Reds, then yellows, then blues; within a colour the furthest behind 序时 first: the top
    of the list is what a leader opens the page for."""
    ratio = row.ratio
    return _SEVERITY.get(row.color or "", 3), ratio if ratio is not None else 9.0, row.code


async def _key_ids(
    session: AsyncSession, look: Look, chosen: filters.ProjectFilter
) -> set[int] | None:
    """Projects that are (or are not) key, or carry the 重点类别, as the read API counts them:
    年度计划 at [targets] key_threshold_wan."""
    if chosen.key is None and chosen.tag is None:
        return None
    threshold = look.settings.targets.key_threshold_wan * WAN
    year = look.today.year
    return await matching_ids(session, year, threshold, key=chosen.key, level=None, tag=chosen.tag)


def _matches(
    row: Line, chosen: filters.ProjectFilter, led: set[int] | None, key: set[int] | None
) -> bool:
    checks = [
        chosen.unit is None or row.unit == chosen.unit,
        chosen.light is None or row.color == chosen.light,
        chosen.category is None or row.category == chosen.category,
        key is None or row.id in key,
        chosen.level is None or row.level == chosen.level,
        led is None or row.id in led,
        chosen.q is None or _found(row, chosen.q),
    ]
    return all(checks)


def _open_said(issues: list[BoardIssue], state: str | None) -> str:
    """`（未销号 21 个）` when closed ones are listed too: the count /问题清单 gives."""
    still = sum(issue.state in OPEN_STATES for issue in issues)
    return f"（未销号 {still} 个）" if state is None and still < len(issues) else ""


def _found(row: Line, text: str) -> bool:
    needle = text.casefold()
    return needle in row.name.casefold() or needle in row.code.casefold()


async def _issues(session: AsyncSession, look: Look, request: web.Request) -> Page:
    state = request.query.get("state", "").strip() or None
    if state is not None and state not in ISSUE_STATES:
        raise filters.BadFilter(f"状态“{state[:20]}”无效，可选：{'、'.join(ISSUE_STATES)}")
    ids = await visible_ids(session, look.viewer)
    issues = await figures.issues(session, look, ids, state)
    data = {
        "states": ISSUE_STATES,
        "state": state,
        "intro": f"共 {len(issues)} 个问题{_open_said(issues, state)}，{overdue_said(issues)}",
    }
    return Page("list", "问题清单", data, lists.issues_listing(issues, look.today), "issues")


async def overview(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard`."""
    return await answer(request, _overview, OVERVIEW_PARTS)


async def units(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/units`."""
    return await answer(request, _units, UNITS_PARTS)


async def unit(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/units/{name}`."""
    return await answer(request, _unit)


async def projects(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/projects`."""
    return await answer(request, _projects)


async def project(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/projects/{code}`."""
    return await answer(request, project_page)


async def issues(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/issues`."""
    return await answer(request, _issues)


def add_routes(app: web.Application) -> None:
    """Register the dashboard's pages and its static files (ECharts, style, script)."""
    app.router.add_get("/dashboard", overview)
    app.router.add_get("/dashboard/", entry.slash)
    app.router.add_get("/dashboard/units", units)
    app.router.add_get("/dashboard/units/{name}", unit)
    app.router.add_get("/dashboard/projects", projects)
    app.router.add_get("/dashboard/projects/{code}", project)
    app.router.add_get("/dashboard/issues", issues)
    app.router.add_get("/dashboard/monthly", monthly_download.monthly)
    app.router.add_get("/dashboard/import", ledger_upload.form)
    app.router.add_post("/dashboard/import", ledger_upload.upload)
    app.router.add_get("/dashboard/l/{token}", entry.enter)
    app.router.add_get("/dashboard/login", entry.login_form)
    app.router.add_post("/dashboard/login", entry.login)
    app.router.add_get("/dashboard/logout", entry.logout)
    app.router.add_static("/dashboard/static", STATIC, append_version=False)
