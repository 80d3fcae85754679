"""The long replies — /亮灯, /未报, /问题清单 — as a phone shows them: counts by unit and the
top N of the list (N from [messages] replies), scoped to the asker and narrowed by an argument;
the rest is one command away (`/亮灯 北石店镇`, `/项目 物流园`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from core.messages import Reply
from domain.budget import room
from domain.light_types import Light
from domain.periods import Period, period_of
from domain.relative_dates import WEEKS
from handlers.context import Context
from handlers.issues.args import IssueFilter, issue_number
from handlers.lookup import not_found_data, resolve
from handlers.scope import Scope, find_unit, narrowed, unit_scope
from handlers.standing import rules_of
from storage.models import Unit
from storage.repos import issues, people, projects, unreported
from storage.repos.issue_list import open_issues
from storage.repos.standing import on_record

BUDGET = "replies"
LIGHTS_USAGE = "/亮灯 [单位或灯色]"
UNREPORTED_USAGE = "/未报 [上周] [单位]"
RANK = {"red": 0, "yellow": 1}
UNREPORTED_FRAME = 5  # lines of a unit's /未报 around its list: heading, deadline, unit, 另有

OVERDUE_WORDS = frozenset({"超期", "逾期", "超期问题", "逾期问题"})  # /问题清单 超期
ALL_WORDS = frozenset({"全部", "所有", "全部问题", "所有问题", "全部单位"})  # no filter
CLOSED_WORDS = frozenset({"已销号", "销号", "已办结", "办结"})


def top(ctx: Context) -> int:
    """How many items a long reply lists."""
    return ctx.settings.messages.replies.top


def by_unit(
    units: Iterable[str], n: int, counts: Callable[[str], dict[str, int]] | None = None
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The `n` units with most items, each with its count (and `counts` of it), and the rest;
    with `counts`, most of its first count first (🔴 before 🟡: four reds outweigh two reds
    and two yellows), then of the next."""
    tally = Counter(units)

    def gravest(pair: tuple[str, int]) -> tuple[Any, ...]:
        first = tuple(-count for count in counts(pair[0]).values()) if counts else ()
        return (*first, -pair[1], pair[0])

    ranked = sorted(tally.items(), key=gravest)
    rows = [{"unit": u, "count": c, **(counts(u) if counts else {})} for u, c in ranked[:n]]
    rest = ranked[n:]
    return rows, {"units": len(rest), "count": sum(c for _, c in rest)}


def _gravest_first(pair: tuple[Any, Light]) -> tuple[int, int, str, str]:
    """Reds before yellows; within a colour, the projects with more reasons first (red for
    being behind, a milestone overdue and no report before red for one of them), then by unit
    and code: the top of the list is where a leader's call helps most."""
    project, light = pair
    return RANK[light.color.value], -len(light.reasons), project.unit, project.code


async def on_lights(ctx: Context, args: Any) -> Reply:
    """Red and yellow projects as on record: counts by unit and the top N, red first."""
    scope = await narrowed(ctx, args.narrow, LIGHTS_USAGE, own=False)
    if isinstance(scope, Reply):
        return scope
    # Only the projects in scope are read (and judged where no recorded light holds): an
    # owner's or a unit's, not all 20,000.
    ids = scope.project_ids
    if ids is None and scope.unit_id is not None:
        ids = tuple(await projects.ids_in_unit(ctx.session, scope.unit_id))
    rows = await on_record(ctx.session, ctx.now, rules_of(ctx), project_ids=ids)
    lit = [pair for pair in rows if pair[1].color.value in RANK]
    red = sum(1 for _, light in lit if light.color.value == "red")
    if scope.color:
        lit = [pair for pair in lit if pair[1].color.value == scope.color]
    lit.sort(key=_gravest_first)
    n = top(ctx)
    items = [
        {
            "name": project.name,
            "unit": project.unit,
            "color": light.color.value,
            "reason": light.shown[0].text if light.shown else "",
            "reasons": len(light.shown),
        }
        for project, light in lit[:n]
    ]

    shown = Counter((p.unit, light.color.value) for p, light in lit)

    def colors(unit: str) -> dict[str, int]:
        return {"red": shown[unit, "red"], "yellow": shown[unit, "yellow"]}

    several = len(lit) > n and len({project.unit for project, _ in lit}) > 1
    units, rest = by_unit((p.unit for p, _ in lit), n, colors) if several else ([], {})
    data = {
        "scope": scope.label,
        "show_unit": scope.unit_id is None,
        "color": scope.color,
        "items": items,
        "more": len(lit) - len(items),
        "units": units,
        "rest": rest,
        "red": red,
        "yellow": len([pair for pair in rows if pair[1].color.value == "yellow"]),
        "total": len(rows),
        "today": ctx.today,
    }
    return Reply(template="replies/lights", data=data, budget=BUDGET)


async def on_unreported(ctx: Context, args: Any) -> Reply:
    """Projects without a report this period: counts by unit, or one unit's projects."""
    narrow, weeks_back = _week_named(args.narrow or "")
    scope = await narrowed(ctx, narrow, UNREPORTED_USAGE, own=False)
    if isinstance(scope, Reply):
        return scope
    period = period_of(ctx.today - timedelta(weeks=weeks_back))
    due = ctx.report_due(period)
    # a past week nothing was due in (春节): nobody missed it
    projects = [] if weeks_back and due is None else await _missing(ctx, scope, period)
    # the week under way, for chasing; before its deadline it is not 未报 yet, as the digest
    # and the deadline push count it (they name the week whose deadline has passed)
    open_until = due if due is not None and ctx.now < due else None
    n = top(ctx)
    listed = len(projects) <= n or not scope.everything
    if not scope.everything:  # one unit's list is for chasing: every name that fits
        n = max(n, _room_for(ctx, projects))
    counts, rest = ([], {}) if listed else by_unit((p["unit"] for p in projects), n)
    data = {
        "period": period.chinese,
        "scope": scope.label,
        "total": len(projects),
        "items": projects[:n] if listed else [],
        "more": max(0, len(projects) - n) if listed else 0,
        "grouped": scope.everything,
        "owners": scope.project_ids is None,
        "units": counts,
        "rest": rest,
        "open_until": open_until,
        "closed_at": due if open_until is None and not weeks_back else None,
        "last_week": weeks_back > 0,
        "kept_since": None,
        "none_kept": False,
        "last_week_missing": 0,
        "nothing_due": bool(weeks_back) and due is None,
    }
    last_week = period_of(period.start - timedelta(days=7))
    # this week not due yet: last week's misses, if it had a report due (春节 had none)
    if open_until is not None and not weeks_back and ctx.report_due(last_week) is not None:
        data["last_week_missing"] = len(await _missing(ctx, scope, last_week))
    if not projects and not data["nothing_due"]:  # a week before the ledger was kept owed nothing
        since = await unreported.first_entered(ctx.session, scope.unit_id)
        data["none_kept"] = since is None
        data["kept_since"] = since if since is not None and since > period.start else None
    return Reply(template="replies/unreported", data=data, budget=BUDGET)


def _week_named(narrow: str) -> tuple[str, int]:
    """`/未报 上周 北石店镇` (or `上周北石店镇`, `北石店镇 上周`): the rest of the argument, and
    how many weeks back it asks for."""
    text = narrow.strip()
    for word in sorted(WEEKS, key=len, reverse=True):
        if WEEKS[word] > 0:  # none has to report ahead
            continue
        if text.startswith(word):
            return text[len(word) :].strip(), -WEEKS[word]
        if text.endswith(word):
            return text[: -len(word)].strip(), -WEEKS[word]
    return text, 0


async def _missing(ctx: Context, scope: Scope, week: Period) -> list[dict[str, Any]]:
    """The scope's projects without a report for `week`, by unit, with their owners."""
    exempt = ctx.settings.reports.not_reporting_categories
    units = await unreported.missing(
        ctx.session, week.label, week.start, week.end, scope.unit_id, exempt=exempt
    )
    return [
        {"unit": u.unit, "code": code, "name": name, "owners": owners}
        for u in units
        for code, name, owners in u.projects
        if scope.codes is None or code in scope.codes
    ]


def _room_for(ctx: Context, projects: list[dict[str, Any]]) -> int:
    """How many of `projects` (name and owners on a line) fit a long reply with its heading."""
    sizes = [len(p["name"]) + sum(len(o) + 1 for o in p["owners"]) + 3 for p in projects]
    return room(sizes, ctx.settings.messages.replies.budget(), lines=UNREPORTED_FRAME, chars=120)


async def on_issue_list(ctx: Context, args: IssueFilter) -> Reply:
    """Open issues: one by number, or counts by unit and the top N, scoped to the asker."""
    number = issue_number(args.scope)
    if number is not None:
        return await _one_issue(ctx, number)
    scope = await narrowed(ctx, None, "")
    if isinstance(scope, Reply):
        return scope
    text = (args.scope or "").strip() or None
    if text in CLOSED_WORDS:
        message = "“/问题清单”只列未销号的问题；已销号的问题请发送“/问题清单 #号”查看其结果"
        return Reply(template="replies/issue_error", data={"message": message})
    overdue_only = text in OVERDUE_WORDS
    if overdue_only or text in ALL_WORDS:
        text = None
    if text:
        found = await find_unit(ctx, text)
        if isinstance(found, Unit) and found.name == text:
            unit = await unit_scope(ctx, found)
            if isinstance(unit, Reply):
                return unit
            scope, text = unit, None
    items = await open_issues(
        ctx.session,
        unit_id=scope.unit_id,
        text=text,
        today=ctx.today,
        project_ids=scope.project_ids,
        person_id=scope.person_id,
        handed_unit_id=scope.handed_unit_id,
    )
    if overdue_only:
        items = [item for item in items if item.overdue]
    if text and not items and (unknown := await _names_nothing(ctx, text)) is not None:
        return unknown
    n = top(ctx)
    several = len(items) > n and scope.everything
    units, rest = by_unit((i.unit for i in items), n) if several else ([], {})
    data = {
        "items": items[:n],
        "more": max(0, len(items) - n),
        "scope": None if (args.scope or "").strip() in ALL_WORDS else args.scope,
        "area": scope.label,
        "units": units,
        "rest": rest,
        "overdue": sum(1 for i in items if i.overdue),
        "overdue_asked": sum(1 for i in items if i.overdue and i.closing_asked),
        "overdue_only": overdue_only,
        "today": ctx.today,
    }
    return Reply(template="replies/issue_list", data=data, budget=BUDGET)


async def _names_nothing(ctx: Context, text: str) -> Reply | None:
    """`/问题清单 智慧物流圆`: a filter that names no project, unit or person is said so, with
    the projects it may have meant, if any (`没有未销号的问题` read as all being well)."""
    unit = await find_unit(ctx, text)
    if isinstance(unit, Reply):  # a unit's name mistyped: the units it may have meant
        return unit
    if unit is not None or await people.by_name(ctx.session, text):
        return None
    found = await resolve(ctx, text)
    if found.project is not None:
        return None
    if not found.candidates:  # nothing it can be: not a word of an open issue's text either
        message = (
            f"台账中没有叫“{text}”的单位、项目或人员，也没有内容含“{text}”的未销号问题。"
            "可发送“/问题清单 单位名”或“/问题清单 项目名”查询"
        )
        return Reply(template="replies/issue_error", data={"message": message})
    data = await not_found_data(ctx, text, found)
    return Reply(template="replies/project_not_found", data=data)


async def _one_issue(ctx: Context, number: int) -> Reply:
    """`/问题清单 #12`: that issue in whatever open state it is, or what became of it."""
    items = await open_issues(ctx.session, unit_id=None, text=None, today=ctx.today, number=number)
    if items:
        data = {
            "items": items,
            "more": 0,
            "scope": None,
            "area": None,  # one issue by number: no one's list
            "units": [],
            "rest": {},
            "overdue": 0,
            "today": ctx.today,
        }
        return Reply(template="replies/issue_list", data=data)
    issue = await issues.by_number(ctx.session, number)
    message = (
        f"问题 #{number} {issue.state}（{issue.resolution or '无说明'}）"
        if issue is not None
        else f"没有编号为 #{number} 的问题"
    )
    return Reply(template="replies/issue_error", data={"message": message})
