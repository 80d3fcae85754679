"""The 包联 leaders in the digest: a line each in the leaders group, or their own message 1:1."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from core.direct import PERSON_ROLE
from domain.light_rules import judged_from
from scheduler.context import JobContext
from storage.models import Person

RANK = {"red": 0, "yellow": 1, "blue": 2}
SCHEDULE_REASON = re.compile(r"累计完成 .+，为(同期)?序时进度 ")
"""The 序时 rule's reason (domain.light_rules.schedule), as stored in the light history."""


def leader_line(person: Person, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One leader's 包联 projects as counts by light, the worst one named."""
    colors = Counter(row["color"] for row in rows)
    worst = sorted(rows, key=lambda r: (RANK.get(r["color"], 3), r["ratio"] or 0))
    return {
        "leader": person.name,
        "count": len(rows),
        "counts": {color: colors[color] for color in RANK if colors[color]},
        "worst": worst[0]["name"] if worst and worst[0]["color"] == "red" else None,
    }


def leader_page(
    ctx: JobContext, person: Person, rows: list[dict[str, Any]], today: date
) -> dict[str, Any]:
    """One leader's own message: their worst projects first, the top N of the 1:1 budget."""
    worst = sorted(rows, key=lambda r: (RANK.get(r["color"], 3), r["ratio"] or 0))
    top = ctx.budget(PERSON_ROLE).top
    line = leader_line(person, rows)
    shown = [{**row, "reasons": _besides_schedule(row["reasons"])} for row in worst[:top]]
    more = max(0, len(rows) - top)
    return {**line, "rows": shown, "more": more, "day": today, "judged_from": judged_from(today)}


def _besides_schedule(reasons: list[str]) -> list[str]:
    """Reasons other than the 序时 one, whose figures the line already shows."""
    return [reason for reason in reasons if not SCHEDULE_REASON.search(reason)]
