"""The read API for the leaders' dashboard (SPEC §7), behind a bearer token."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

import orjson
from aiohttp import web
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import CALENDAR, CLOCK, READERS, SETTINGS
from core.settings.light_rules import light_rules
from domain.light_types import LightRules
from domain.money import WAN
from storage.models import Issue, Person, Project
from storage.repos.dashboard_rows import Line, lit_lines
from storage.repos.dashboard_scope import unit_names
from storage.repos.issue_list import ASSIGNED, with_holders
from storage.repos.issues import is_overdue
from storage.repos.key_projects import LEVELS, known_tags, level_named, matching_ids
from storage.repos.ranking import unit_ranking
from storage.repos.reports import LatestReport, latest_reports
from storage.repos.standing import Standing, standings

LIGHTS = ("red", "yellow", "blue")


def dumps(value: Any) -> str:
    """JSON as people can read it: Chinese as Chinese, not `\\u` escapes."""
    return json.dumps(value, ensure_ascii=False)


def answer(value: Any, status: int = 200) -> web.Response:
    """A JSON response with readable Chinese."""
    return web.json_response(value, status=status, dumps=dumps)


@web.middleware
async def bearer_token(request: web.Request, handler: Any) -> web.StreamResponse:
    """Refuse /api/* without `Authorization: Bearer <dashboard.token>`: 401 when no bearer
    token is given, 403 when the one given is wrong (or the API is not open)."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    token = request.app[SETTINGS].dashboard.token
    if token is None:
        return answer({"error": "未配置 dashboard.token，接口未开放"}, status=403)
    scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
    # The scheme is required (RFC 6750; case-insensitive); a bare token is refused.
    if scheme.lower() != "bearer" or not given.strip():
        return answer({"error": "缺少令牌：请求头应为 Authorization: Bearer <令牌>"}, status=401)
    if not hmac.compare_digest(given.strip().encode(), token.get_secret_value().encode()):
        return answer({"error": "令牌无效"}, status=403)
    return await handler(request)


def rules_of(app: web.Application) -> LightRules:
    """Light rules and calendar from the app's settings."""
    return light_rules(app[SETTINGS], app[CALENDAR].current)


async def from_reader(
    request: web.Request, query: Callable[[AsyncSession], Awaitable[Any]]
) -> web.Response:
    """Answer with what `query` returns, queried and encoded as JSON on a reader thread: a
    list of 20,000 projects must not hold up the loop that answers every other request.
    orjson writes UTF-8 as `dumps` does (Chinese as Chinese), in a tenth of the time."""

    async def encoded(session: AsyncSession) -> bytes:
        return orjson.dumps(await query(session), option=orjson.OPT_NON_STR_KEYS)

    body = await request.app[READERS].run(encoded)
    return web.Response(body=body, content_type="application/json")


async def list_projects(request: web.Request) -> web.Response:
    """`GET /api/projects[?unit=…][&light=…][&key=1|0][&level=…][&tag=…]`: lights as on
    record, figures now."""
    now, rules = request.app[CLOCK].now(), rules_of(request.app)
    try:
        key, level = key_filters(request.query)
        light = light_filter(request.query)
    except ValueError as exc:
        return answer({"error": str(exc)}, status=400)
    unit = request.query.get("unit", "").strip() or None
    if unit is not None:
        units = await request.app[READERS].run(unit_names)
        if unit not in units:
            shown = "、".join(units[:8]) + ("等" if len(units) > 8 else "")
            error = f"unit“{unit[:20]}”不是台账中有项目的单位，可选：{shown or '无'}"
            return answer({"error": error}, status=400)
    targets = request.app[SETTINGS].targets
    threshold = targets.key_threshold_wan * WAN
    tag = request.query.get("tag", "").strip() or None

    if tag is not None:

        async def tags(session: AsyncSession) -> list[str]:
            return await known_tags(session, now.year, targets.key_tags)

        known = await request.app[READERS].run(tags)
        if tag not in known:
            error = f"tag“{tag[:20]}”不是已有的重点类别，可选：{'、'.join(known)}"
            return answer({"error": error}, status=400)

    async def query(session: AsyncSession) -> dict[str, Any]:
        rows = _by_code(await lit_lines(session, now, rules, None))
        if unit is not None or light is not None:
            rows = [r for r in rows if unit in (None, r.unit) and light in (None, r.color)]
        if key is not None or level is not None or tag is not None:
            wanted = await matching_ids(session, now.year, threshold, key=key, level=level, tag=tag)
            rows = [row for row in rows if row.id in wanted]
        latest = await latest_reports(session, None)
        return {"projects": [line_json(row, latest.get(row.id)) for row in rows]}

    return await from_reader(request, query)


async def one_project(request: web.Request) -> web.Response:
    """`GET /api/projects/{code}`."""
    code = request.match_info["code"]
    now, rules = request.app[CLOCK].now(), rules_of(request.app)

    async def query(session: AsyncSession) -> dict[str, Any] | None:
        project = (await session.execute(select(Project.id).where(Project.code == code))).scalar()
        ids = [] if project is None else [project]
        # one project asked by its code: next year's too (the list leaves them out)
        rows = await standings(session, now, rules, project_ids=ids, recorded=True, upcoming=True)
        latest = await latest_reports(session, ids)
        return project_json(rows[0], latest.get(rows[0].project.id)) if rows else None

    found = await request.app[READERS].run(query)
    if found is None:  # no such code, or a project no longer in the ledger
        return answer({"error": f"没有项目代码为 {code[:64]} 的项目"}, status=404)
    return answer(found)


async def list_issues(request: web.Request) -> web.Response:
    """`GET /api/issues`: every issue with its state and assignee."""
    today = request.app[CLOCK].today()

    async def query(session: AsyncSession) -> dict[str, Any]:
        statement = with_holders(
            select(
                Issue,
                Project.code.label("project_code"),
                Project.name.label("project_name"),
                ASSIGNED.name.label("assigned_unit"),
                Person.name.label("assigned_person"),
            )
        ).order_by(Issue.number)
        rows = (await session.execute(statement)).all()
        return {"issues": [_issue_json(row, today) for row in rows]}

    return await from_reader(request, query)


def _issue_json(row: Row[Issue, str, str, str | None, str | None], today: date) -> dict[str, Any]:
    issue = row.Issue
    return {
        "number": issue.number,
        "project_code": row.project_code,
        "project_name": row.project_name,
        "text": issue.text,
        "category": issue.category,
        "state": issue.state,
        "assigned_unit": row.assigned_unit,
        "assigned_person": row.assigned_person,
        "deadline": issue.deadline.isoformat() if issue.deadline else None,
        "overdue": is_overdue(issue, today),
        "escalation_level": issue.escalation_level,
        "created_at": issue.created_at.isoformat(),
        "closed_at": issue.closed_at.isoformat() if issue.closed_at else None,
    }


async def list_units(request: web.Request) -> web.Response:
    """`GET /api/units`: the unit ranking rows."""
    now, rules = request.app[CLOCK].now(), rules_of(request.app)

    async def query(session: AsyncSession) -> dict[str, Any]:
        rows = await lit_lines(session, now, rules, None)
        return {"units": [row.__dict__ for row in unit_ranking(rows)]}

    return await from_reader(request, query)


def _by_code(rows: list[Line]) -> list[Line]:
    # as standings orders them: by code point, whatever the database's collation
    return sorted(rows, key=lambda row: row.code)


def project_json(row: Standing, report: LatestReport | None) -> dict[str, Any]:
    """A project as the API names its fields, with its latest report and who sent it."""
    figures = {
        "code": row.project.code,
        "name": row.project.name,
        "unit": row.unit,
        "annual_plan_yuan": row.project.annual_plan_yuan,
        "ytd_done_yuan": row.ytd_done,
        "schedule_plan_yuan": row.plan_to_date,
        "schedule_ratio": row.ratio,
        "light": row.light.color.value,
        "reasons": [reason.text for reason in row.light.reasons],
    }
    return _with_report(figures, report, row.open_issues)


def line_json(row: Line, report: LatestReport | None) -> dict[str, Any]:
    """A project of the list (the dashboard's row, lights as on record) as the API names it."""
    figures = {
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "annual_plan_yuan": row.annual,
        "ytd_done_yuan": row.done,
        "schedule_plan_yuan": row.plan,
        "schedule_ratio": row.ratio,
        "light": row.color,
        "reasons": row.reasons,
    }
    return _with_report(figures, report, row.open_issues)


def _with_report(
    figures: dict[str, Any], report: LatestReport | None, open_issues: int
) -> dict[str, Any]:
    return {
        **figures,
        "last_report": None
        if report is None
        else {
            "period": report.period,
            "reporter": report.reporter,
            "received_at": report.received_at.isoformat(),
            "period_investment_yuan": report.period_investment_yuan,
            "ytd_investment_yuan": report.ytd_investment_yuan,
            "progress_text": report.progress_text,
            "problems_text": report.problems_text,
            "plan_text": report.plan_text,
        },
        "open_issues": open_issues,
    }


def key_filters(query: Mapping[str, str]) -> tuple[bool | None, str | None]:
    """`key` (1 or 0) and `level` (省重点/市重点/区县重点) of a query; ValueError in Chinese."""
    key, level = query.get("key", "").strip(), query.get("level", "").strip()
    if key not in ("", "0", "1"):
        raise ValueError(f"key“{key[:20]}”无效，可选：1（重点项目）或 0（非重点）")
    named = level_named(level)
    if level and named is None:
        raise ValueError(f"level“{level[:20]}”无效，可选：{'、'.join(LEVELS)}")
    return (None if not key else key == "1"), named


def light_filter(query: Mapping[str, str]) -> str | None:
    """`light` (red/yellow/blue) of a query; ValueError in Chinese."""
    light = query.get("light", "").strip()
    if light and light not in LIGHTS:
        raise ValueError(f"light“{light[:20]}”无效，可选：{'、'.join(LIGHTS)}（红灯、黄灯、蓝灯）")
    return light or None


def add_routes(app: web.Application) -> None:
    """Register /api/* and its token check."""
    app.middlewares.append(bearer_token)
    app.router.add_get("/api/projects", list_projects)
    app.router.add_get("/api/projects/{code}", one_project)
    app.router.add_get("/api/issues", list_issues)
    app.router.add_get("/api/units", list_units)
