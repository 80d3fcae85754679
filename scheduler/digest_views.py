"""The digest's views: the units' figures summed and shown a row each, a project as the lists
show it, the colours' configured names and the shares they are built from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from domain.ranks import by_place
from scheduler.context import JobContext
from storage.repos.digest_queries import ProjectFigures, UnitFigures


def share(part: int, whole: int) -> float | None:
    """part / whole, or None where there is no whole to share."""
    return part / whole if whole else None


def totals(units: Sequence[UnitFigures]) -> dict[str, Any]:
    """The units' figures summed, with the shares worked out from the sums."""

    def total(name: str) -> int:
        return sum(getattr(u, name) for u in units)

    started = total("new_started") + total("resumed")
    return {
        "projects": total("projects"),
        "annual": total("annual"),
        "done": total("done"),
        "plan": total("plan"),
        "ratio": share(total("done"), total("plan")),
        "completion": share(total("done"), total("annual")),
        "gap": total("plan") - total("done"),
        "new": total("new"),
        "new_started": total("new_started"),
        "continuing": total("continuing"),
        "resumed": total("resumed"),
        "start_rate": share(started, total("new") + total("continuing")),
        "started": total("started"),
        "in_stats": total("in_stats"),
        "stats_rate": share(total("stats_due_in"), total("stats_due")),
        "stats_overdue": total("stats_overdue"),
    }


def unit_view(unit: UnitFigures, fresh: Counter[tuple[str, str]]) -> dict[str, Any]:
    """One unit's row of the ranking, counting the lights judged just now (`fresh`)."""
    return {
        "unit": unit.unit,
        "projects": unit.projects,
        "annual": unit.annual,
        "done": unit.done,
        "plan": unit.plan,
        "ratio": share(unit.done, unit.plan),
        "completion": share(unit.done, unit.annual),
        "red": unit.red + fresh[(unit.unit, "red")],
        "yellow": unit.yellow + fresh[(unit.unit, "yellow")],
    }


def ranked(table: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The units' rows best first by their `ratio`, each with its place (`rank`)."""
    ordered = by_place(table, lambda r: r["ratio"], lambda r: r["unit"])
    for place, row in ordered:
        row["rank"] = place
    return [row for _, row in ordered]


def year_ranked(units: Sequence[UnitFigures]) -> list[dict[str, Any]]:
    """The units ranked by the share of their annual plan done, a closed year's result (its
    last 序时 is counted to each project's last report, a few days short of the plan)."""
    rows = [{**unit_view(u, Counter()), "ratio": share(u.done, u.annual)} for u in units]
    return ranked(rows)


def labels(ctx: JobContext) -> dict[str, str]:
    """The configured names of the three colours."""
    lights = ctx.settings.lights
    return {"red": lights.red_label, "yellow": lights.yellow_label, "blue": lights.blue_label}


def project_view(ctx: JobContext, p: ProjectFigures) -> dict[str, Any]:
    """A project as the digest's lists show it."""
    return {
        "name": p.name,
        "unit": p.unit,
        "annual": p.annual,
        "done": p.done,
        "plan": p.plan,
        "ratio": p.ratio,
        "color": p.color,
        "label": labels(ctx).get(p.color or "", "未评定"),
        "reasons": p.reasons[:2],
    }
