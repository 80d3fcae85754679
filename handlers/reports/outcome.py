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
    outcomes: list[Outcome],
    earlier: list[str] | None = None,
    replaced: list[str] | None = None,
    forwarded: str | None = None,
    unchosen: list[str] | None = None,
    past_week: str | None = None,
    along: list[dict[str, Any]] | None = None,
) -> Reply:
    """One reply for the blocks of a message, each answered on its own; `earlier`: the
    projects of reports held from the person's earlier messages, still waiting; `replaced`:
    those this message's stored reports took the place of; `forwarded`: the other person
    whose message the sender forwarded (the reports are the sender's all the same);
    `unchosen`: earlier reports dropped unrecorded, asked which project, by a new question;
    `past_week`: the words above or after the name saying the report is last week's
    (`补报上周`); `along`: with a report held now, those held before (`earlier` is then empty)
    grouped by which replies to it file them too (handlers.reports.held_answers)."""
    blank, outcomes = left_blank(outcomes)
    data = {"outcomes": [o.__dict__ for o in outcomes], "count": len(outcomes), "blank": blank}
    taken = any(o.ok or "held" in o.data for o in outcomes)
    refused = any("errors" in o.data for o in outcomes)
    return Reply(
        template="replies/report",
        data={
            **data,
            "summary": summary(outcomes),
            "earlier": earlier or [],
            "along": along or [],
            "replaced": replaced or [],
            "unchosen": unchosen or [],
            # said only of a report stored now (one sent again stays its first sender's)
            "forwarded": forwarded if any("report" in o.data for o in outcomes) else None,
            # said of a report stored or held for 确认, and of one refused (last week's
            # cumulative, below this week's, is refused as one going down: the cumulative to
            # send is today's); a which-project question waits for its answer first
            "past_week": past_week if taken or refused else None,
            "past_week_taken": taken,
        },
    )


def left_blank(outcomes: list[Outcome]) -> tuple[list[str], list[Outcome]]:
    """The projects of the `/模板` blocks sent back empty, when there are several, and the
    blocks answered one by one: four empty blocks each refused in full were a screen of the
    same paragraph on a phone."""
    blank = [o for o in outcomes if o.data.get("blank")]
    if len(blank) < 2:
        return [], outcomes
    return [o.ref for o in blank], [o for o in outcomes if not o.data.get("blank")]


SUMMED_FROM = 3
"""Blocks in a reply from which one not stored is said at its top: on a phone the 4th of eight
answers is two screens down, and a question there is missed."""


def summary(outcomes: list[Outcome]) -> dict[str, Any] | None:
    """How many blocks were stored, and which (by place, from 1) wait for an answer or were
    not stored; None for a short reply or one where all were stored."""
    held = [n for n, o in enumerate(outcomes, 1) if not o.ok and "held" in o.data]
    failed = [n for n, o in enumerate(outcomes, 1) if not o.ok and "held" not in o.data]
    if len(outcomes) < SUMMED_FROM or not (held or failed):
        return None
    return {"ok": sum(o.ok for o in outcomes), "held": held, "failed": failed}
