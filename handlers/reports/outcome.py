"""What became of each block of a report message, and the one reply that says so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.messages import Reply


@dataclass
class Outcome:
    """What happened to one block, for the reply template."""

    ok: bool
    ref: str
    data: dict[str, Any]


def report_reply(
    outcomes: list[Outcome], earlier: list[str] | None = None, replaced: list[str] | None = None
) -> Reply:
    """One reply for the blocks of a message, each answered on its own; `earlier`: the
    projects of reports held from the person's earlier messages, still waiting; `replaced`:
    those this message's stored reports took the place of."""
    data = {"outcomes": [o.__dict__ for o in outcomes], "count": len(outcomes)}
    return Reply(
        template="replies/report",
        data={**data, "earlier": earlier or [], "replaced": replaced or []},
    )
