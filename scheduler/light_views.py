"""What each audience of the 亮灯 warnings is shown: changes worst first, the top N, counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from domain.light_rules import REVIEW_NOTE
from domain.reporting_rule import CATCH_UP
from scheduler.context import JobContext
from storage.models import Person
from storage.repos.light_changes import Change, PartResult
from storage.repos.milestone_alerts import MilestoneAlert

RANK = {"red": 0, "yellow": 1, "blue": 2}
COLORS = tuple(RANK)


def unit_of(role: str) -> str | None:
    """The unit of a `unit:<单位>` role; None for every other role."""
    return role.removeprefix("unit:") if role.startswith("unit:") else None


def total(per_unit: dict[str, dict[str, int]], unit: str | None, color: str) -> int:
    """How many of `color` in `unit` (None: in every unit)."""
    return sum(c.get(color, 0) for u, c in per_unit.items() if unit is None or u == unit)


def group_view(
    ctx: JobContext,
    day: date,
    role: str,
    result: PartResult,
    alerts: Sequence[MilestoneAlert],
    *,
    year_turn: bool = False,
) -> dict[str, Any]:
    """An owners group (every unit) or a unit group (its own): changes, new milestone alerts.

    On the year's first run (`year_turn`) only lights that got worse are news: 序时 starts
    again from the new plan, and the dozens of lights it turned blue, or whose reasons lost
    last year's 序时, would bury the few that did."""
    unit = unit_of(role)
    top = ctx.budget(role).top
    news = [c for c in result.changes if unit is None or c.unit == unit]
    if year_turn:
        news = [c for c in news if c.before is None or RANK[c.color] < RANK[c.before]]
    changes = sorted(news, key=lambda c: (RANK[c.color], c.unit, c.code))[:top]
    if year_turn:
        counts = {color: sum(1 for c in news if c.color == color) for color in COLORS}
    else:
        counts = {color: total(result.changed, unit, color) for color in COLORS}
    # A milestone of a project listed above is among its reasons already.
    listed = {c.project_id for c in changes}
    mine = [a for a in alerts if (unit is None or a.unit == unit) and a.project_id not in listed]
    mine.sort(key=lambda a: (a.due >= day, a.due, a.unit, a.project))  # overdue first
    shown = mine[: max(1, top // 2)]
    return {
        "today": day,
        "unit": unit,
        "year_turn": year_turn,
        "warn_days": ctx.settings.lights.milestone_warn_days,
        # who is named for 作检讨 is for the leaders and the office to say
        "items": [_item(change, review=False) for change in changes],
        "counts": counts,
        "changed": sum(counts.values()),
        "more": sum(counts.values()) - len(changes),
        "milestones": [_alert(alert, day) for alert in shown],
        "soon": sum(1 for a in mine if a.due >= day),
        "late": sum(1 for a in mine if a.due < day),
        "more_milestones": len(mine) - len(shown),
        "totals": {color: total(result.colors, unit, color) for color in COLORS},
        "project_ids": [c.project_id for c in changes if c.color != "blue"]
        + [a.project_id for a in shown],
    }


def fitted(view: dict[str, Any], fits: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """`view` with its last listed changes moved into "另有 N 个" until the message `fits`
    (long reasons: ten of them can exceed a phone's budget, and a cut would take the
    totals and the milestones with it, leaving @s of people no line names)."""
    view = dict(view)
    while len(view["items"]) > 1 and not fits(view):
        view["items"] = view["items"][:-1]
        view["more"] += 1
        view["project_ids"] = [i["project_id"] for i in view["items"] if i["color"] != "blue"] + [
            m["project_id"] for m in view["milestones"]
        ]
    return view


def leaders_view(ctx: JobContext, day: date, result: PartResult, top: int) -> dict[str, Any]:
    """The leaders: the projects newly red today (not those already red), with the counts."""
    reds = sorted(
        (c for c in result.changes if c.color == "red" and c.before != "red"),
        key=lambda c: (c.unit, c.code),
    )
    shown = reds[:top]
    return {
        "today": day,
        # the reasons as a leader reads them: 请尽快补报 is the owner's to do
        "items": [_item(change, for_leaders=True) for change in shown],
        "count": len(reds),
        "more": len(reds) - len(shown),
        "totals": {color: total(result.colors, None, color) for color in COLORS},
        "project_ids": [c.project_id for c in shown],
    }


def baseline_view(ctx: JobContext, day: date, result: PartResult) -> dict[str, Any]:
    """The office: how many projects' lights were recorded as the baseline, by colour."""
    first = {color: total(result.first, None, color) for color in COLORS}
    everyone = sum(total(result.colors, None, color) for color in COLORS)
    return {"today": day, "first": first, "count": sum(first.values()), "all": everyone}


def attach(view: dict[str, Any], people: dict[int, list[Person]]) -> None:
    """Name each item's people (owners or 包联 leaders), so the message @s them where they are."""
    for item in [*view["items"], *view.get("milestones", [])]:
        item["people"] = _names(people.get(item["project_id"], ()))


def _names(people: Iterable[Person]) -> list[str]:
    return list(dict.fromkeys(person.name for person in people))


def _item(change: Change, *, review: bool = True, for_leaders: bool = False) -> dict[str, Any]:
    reasons = [
        (color, text if review else text.removesuffix(REVIEW_NOTE))
        for color, _, text in change.reasons
        if color != "blue"
    ]
    if for_leaders:
        reasons = [(color, text.removesuffix(CATCH_UP)) for color, text in reasons]
    # The news comes first; under a light of a graver colour it is said after the reason
    # that lights it (a red headed by "还剩 5 天" hid what made it red).
    head = next((text for color, text in reasons if color == change.color), None)
    news = reasons[0][1] if reasons and reasons[0][1] != head else None
    shown = [text for text in (head, news) if text]
    return {
        "project_id": change.project_id,
        "name": change.name,
        "unit": change.unit,
        "color": change.color,
        "before": change.before,
        "new": change.before in (None, "blue") and change.color != "blue",
        "reason": head or news,
        "news": news if head else None,
        "more_reasons": max(0, len(reasons) - len(shown)),
        "people": [],
    }


def _alert(alert: MilestoneAlert, day: date) -> dict[str, Any]:
    late = alert.due < day
    return {
        "project_id": alert.project_id,
        "project": alert.project,
        "unit": alert.unit,
        "name": alert.name,
        "due": alert.due,
        "late": late,
        "days": (day - alert.due).days if late else (alert.due - day).days,
        "people": [],
    }
