"""Daily 亮灯 warnings (SPEC §4): new and changed lights, milestones coming due, overdue ones.

Every working day each project's light is evaluated and kept in light history; a project is
pushed only when its `Light.signature` differs from its last recorded day (and once when it
turns blue again). The owners group gets every unit's changes, each unit group its own, the
leaders group the reds. Big ledgers are evaluated by several processes side by side, which
also keeps the web server's event loop free while 100,000 lights are worked out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import sys
from asyncio.subprocess import PIPE
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import storage
from core.messages import Mention
from core.settings.light_rules import light_rules
from domain.light_types import LightRules
from scheduler.audience import identities, mentions
from scheduler.context import JobContext, JobResult, Push, occasion
from storage.db import Database
from storage.models import Person, ProjectLeader, ProjectOwner
from storage.repos.light_changes import Change, PartResult, light_changes
from storage.repos.milestone_alerts import MilestoneAlert, milestone_alerts
from storage.repos.scope import Part, id_ranges

log = logging.getLogger(__name__)
JOB = "lights"
MAX_WORKERS = 4
PART_MIN = 10_000  # projects per process below which starting one costs more than it saves
MAX_PROJECTS = 30  # project lines per push; the rest is counted and left to /亮灯
MAX_MILESTONES = 15  # lines per milestone section
WORKER = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from storage.repos.light_changes import worker_main; worker_main()"
)
ROOT = str(Path(storage.__file__).resolve().parent.parent)  # where the worker imports from
RANK = {"red": 0, "yellow": 1, "blue": 2}
WEEKDAYS = "一二三四五六日"
People = dict[int, list[Person]]
Unitized = TypeVar("Unitized", Change, MilestoneAlert)


def lights_due(ctx: JobContext, day: date) -> bool:
    """Every working day (holidays skipped, 调休 weekend days worked)."""
    return ctx.calendar.is_workday(day)


async def lights(ctx: JobContext, at: datetime, *, dry_run: bool = False) -> JobResult:
    """Record today's lights and warn about what is new or changed since the last run.

    `dry_run` shows the same messages and records nothing.
    """
    day = at.date()
    if not lights_due(ctx, day):
        return []
    s = ctx.settings
    rules = light_rules(s, ctx.calendar)
    result = await evaluate_all(ctx.db, at, rules, record=not dry_run, keep=MAX_PROJECTS)
    log.info(
        "lights %s: %d projects, %d changed; %s",
        day,
        sum(sum(counts.values()) for counts in result.colors.values()),
        sum(sum(counts.values()) for counts in result.changed.values()),
        ", ".join(f"{step} {seconds:.2f}s" for step, seconds in result.seconds.items()),
    )
    reds = [c for c in result.changes if c.color == "red"]
    async with ctx.db.read() as session:
        alerts = await milestone_alerts(session, day, s.lights.milestone_warn_days)
        changes, alerted = _by_unit(result.changes), _by_unit(alerts)
        views = {}
        for group in [*ctx.groups("owners"), *ctx.unit_groups()]:
            unit = _unit_of(group.role)
            if unit is None:
                views[group.role] = _view(ctx, day, None, result.changes, alerts, result)
            else:
                mine = changes.get(unit, [])
                views[group.role] = _view(ctx, day, unit, mine, alerted.get(unit, []), result)
        red_counts = {"red": _total(result.changed, None, "red")}
        red_view = {**_changes_view(ctx, reds, red_counts), "day": _day(day), "labels": labels(ctx)}
        shown = {pid for view in views.values() for pid in view["project_ids"]}
        owners = await project_people(session, ProjectOwner, shown)
        leaders = await project_people(session, ProjectLeader, red_view["project_ids"])
        accounts = {g.platform: await identities(session, g.platform) for g in s.groups}
    key = occasion(JOB, day.isoformat())
    pushes = []
    for group in [*ctx.groups("owners"), *ctx.unit_groups()]:
        view = views[group.role]
        if view["units"] or view["soon"] or view["overdue"]:
            named = _mentions(view["project_ids"], owners, accounts[group.platform])
            pushes.append(Push.of(ctx, group, key, "pushes/lights", view, named))
    for group in ctx.groups("leaders") if reds else []:
        named = _mentions(red_view["project_ids"], leaders, accounts[group.platform])
        pushes.append(Push.of(ctx, group, key, "pushes/lights_red", red_view, named))
    return pushes


async def evaluate_all(
    db: Database,
    at: datetime,
    rules: LightRules,
    *,
    record: bool = True,
    keep: int | None = None,
) -> PartResult:
    """Every active project's light, recorded, with the changes; in parallel when it pays."""
    workers = 1 if ":memory:" in db.url else min(os.cpu_count() or 1, MAX_WORKERS)
    async with db.read() as session:
        parts = await id_ranges(session, workers, PART_MIN)
    if len(parts) <= 1:
        part = parts[0] if parts else (0, -1)
        return await light_changes(db, at, rules, part, record=record, keep=keep)
    args = [(at, rules, part, record, keep) for part in parts]
    results = await asyncio.gather(*(_in_worker(db.url, arg) for arg in args))
    merged = PartResult()
    for result in results:
        merged.changes += result.changes
        for step, seconds in result.seconds.items():  # the slowest process is what counts
            merged.seconds[step] = max(merged.seconds.get(step, 0.0), seconds)
        for mine, theirs in ((merged.colors, result.colors), (merged.changed, result.changed)):
            for unit, counts in theirs.items():
                into = mine.setdefault(unit, {})
                for color, count in counts.items():
                    into[color] = into.get(color, 0) + count
    return merged


async def _in_worker(
    url: str, args: tuple[datetime, LightRules, Part, bool, int | None]
) -> PartResult:
    """One id range in a fresh interpreter.

    Not multiprocessing: its spawn re-imports the whole app in every worker, and a fork would
    inherit this process's running event loop. The worker imports only the storage modules.
    """
    code = WORKER.format(root=ROOT)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdin=PIPE, stdout=PIPE, stderr=PIPE
    )
    try:
        out, err = await process.communicate(pickle.dumps((url, *args)))
    except asyncio.CancelledError:
        process.kill()
        raise
    part = args[2]
    if process.returncode != 0:
        detail = err.decode(errors="replace")[-2000:]
        raise RuntimeError(f"亮灯计算子进程（项目 id {part}）失败：{detail}")
    if err.strip():
        log.warning("lights worker %s: %s", part, err.decode(errors="replace").strip())
    result: PartResult = pickle.loads(out)  # our own child, over our own pipe
    return result


def labels(ctx: JobContext) -> dict[str, str]:
    """The configured names of the three colours."""
    lights = ctx.settings.lights
    return {"red": lights.red_label, "yellow": lights.yellow_label, "blue": lights.blue_label}


def _unit_of(role: str) -> str | None:
    return role.removeprefix("unit:") if role.startswith("unit:") else None


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def _by_unit(items: Iterable[Unitized]) -> dict[str, list[Unitized]]:
    grouped: dict[str, list[Unitized]] = {}
    for item in items:
        grouped.setdefault(item.unit, []).append(item)
    return grouped


def _view(
    ctx: JobContext,
    day: date,
    unit: str | None,
    changes: Sequence[Change],
    alerts: Sequence[MilestoneAlert],
    result: PartResult,
) -> dict[str, Any]:
    """What one owners group (every unit) or unit group (`unit`) is told."""
    soon = [a for a in alerts if a.due >= day][:MAX_MILESTONES]
    overdue = [a for a in alerts if a.due < day][:MAX_MILESTONES]
    view = _changes_view(ctx, changes, {k: _total(result.changed, unit, k) for k in RANK})
    view["project_ids"] += [a.project_id for a in [*soon, *overdue]]
    return {
        **view,
        "day": _day(day),
        "unit": unit,
        "labels": labels(ctx),
        "warn_days": ctx.settings.lights.milestone_warn_days,
        "soon": [_alert(a, (a.due - day).days) for a in soon],
        "more_soon": sum(1 for a in alerts if a.due >= day) - len(soon),
        "overdue": [_alert(a, (day - a.due).days) for a in overdue],
        "more_overdue": sum(1 for a in alerts if a.due < day) - len(overdue),
        "totals": {k: _total(result.colors, unit, k) for k in RANK},
    }


def _total(per_unit: dict[str, dict[str, int]], unit: str | None, color: str) -> int:
    """How many of `color` in `unit` (None: in every unit)."""
    return sum(c.get(color, 0) for u, c in per_unit.items() if unit is None or u == unit)


def _changes_view(
    ctx: JobContext, changes: Sequence[Change], counts: dict[str, int]
) -> dict[str, Any]:
    """The changes worst first (reds before yellows before turned-blue), grouped by unit."""
    ordered = sorted(changes, key=lambda c: (RANK[c.color], c.unit, c.code))
    shown = sorted(ordered[:MAX_PROJECTS], key=lambda c: (c.unit, RANK[c.color], c.code))
    units: list[dict[str, Any]] = []
    for change in shown:
        if not units or units[-1]["unit"] != change.unit:
            units.append({"unit": change.unit, "items": []})
        units[-1]["items"].append(_item(ctx, change))
    return {
        "units": units,
        "more": sum(counts.values()) - len(shown),
        "counts": counts,
        "project_ids": [c.project_id for c in shown if c.color != "blue"],
    }


def _item(ctx: JobContext, change: Change) -> dict[str, Any]:
    names = labels(ctx)
    if change.color == "blue":
        tag = f"转为{names['blue']}"
    elif change.before in (None, "blue"):
        tag = f"新亮{names[change.color]}"
    elif change.before != change.color:
        tag = f"由{names[change.before]}转{names[change.color]}"
    else:
        tag = "亮灯原因有变化"
    reasons = [text for color, _, text in change.reasons if color != "blue"]
    return {"name": change.name, "color": change.color, "tag": tag, "reasons": reasons}


def _alert(alert: MilestoneAlert, days: int) -> dict[str, Any]:
    due = f"{alert.due.month}月{alert.due.day}日"
    return {
        "project": alert.project,
        "unit": alert.unit,
        "name": alert.name,
        "due": due,
        "days": days,
    }


def _mentions(ids: Iterable[int], people: People, accounts: dict[int, str]) -> tuple[Mention, ...]:
    """@ the people of the listed projects, each once."""
    seen: dict[int, Person] = {}
    for pid in ids:
        for person in people.get(pid, ()):
            seen.setdefault(person.id, person)
    return mentions(seen.values(), accounts)


async def project_people(
    session: AsyncSession, link: type[ProjectOwner] | type[ProjectLeader], ids: Iterable[int]
) -> People:
    """Active owners (or 包联 leaders) of the given projects, by project id."""
    wanted = sorted(set(ids))
    found: People = {}
    for start in range(0, len(wanted), 5_000):  # stay far below the drivers' parameter limits
        statement = (
            select(link.project_id, Person)
            .join(Person, Person.id == link.person_id)
            .where(link.project_id.in_(wanted[start : start + 5_000]), Person.active.is_(True))
            .order_by(Person.id)
        )
        for pid, person in await session.execute(statement):
            found.setdefault(pid, []).append(person)
    return found
