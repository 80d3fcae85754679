"""Reports held for the owner's answer (`确认`, or the month they are for): holding one, and
what a later report of the week leaves of those held before it.

A held report keeps the notes of the message it came in (`补报上周`, whose message it forwards):
handlers.reports.kept_notes."""

from __future__ import annotations

from typing import Any

from domain.periods import period_of
from handlers.context import Context
from handlers.reports.first_day import Held
from handlers.reports.grammar import TEXT_NAMES, ReportBlock
from handlers.reports.held_answers import answered_with
from handlers.reports.kept_notes import notes_of
from handlers.reports.outcome import Outcome
from storage.models import Project
from storage.repos import pending


async def hold(ctx: Context, project: Project, block: ReportBlock, held: Held) -> Outcome:
    """Keep the block until the owner replies 确认 or a month its question offered (or drops
    it: `不对`, or a message neither a report nor a look-up such as /我的)."""
    person = ctx.person
    # what 同上 stood for is kept with it: the held block is read again alone, nothing above it
    texts = {name: getattr(block, name) for name in TEXT_NAMES}
    item = {
        "project_id": project.id,
        "project": project.name,
        "raw": block.raw,
        "texts": texts,
        "months": held.months,
        "confirms_last": held.confirms_last,
        "confirms": held.confirms,
        **await notes_of(ctx, block),
    }
    period = period_of(ctx.today).label
    await pending.ask(
        ctx.session, person.id, pending.CONFIRM, period=period, at=ctx.now, items=[item]
    )
    data = {"held": held.why, "hint": held.hint, "project_id": project.id}
    return Outcome(False, project.name, data)


async def held_before(ctx: Context, outcomes: list[Outcome]) -> dict[str, Any]:
    """The projects of earlier messages' held reports: still waiting for an answer (`along`,
    while one is held now: grouped by which replies to it file them too), or taken the place
    of by a report of the same project stored now (one held again is as sent now)."""
    # a report sent again is not stored now: nothing takes the held one's place
    stored = {o.data["report"].project_id for o in outcomes if "report" in o.data}
    now = {o.data["project_id"] for o in outcomes if "held" in o.data}
    if ctx.confirm_left is False and not now:  # none waited after the answers, none held now
        return {"earlier": [], "replaced": []}
    waiting, replaced = await pending.settle(ctx.session, ctx.person.id, pending.CONFIRM, stored)
    before = [item for item in waiting if item["project_id"] not in now]
    # a reply to those held now files only those held before it would file alone (`12月` not
    # one to correct and resend): said apart by which of its replies files them
    groups = answered_with([item for item in waiting if item["project_id"] in now], before)
    return {
        "earlier": [item["project"] for item in before] if groups is None else [],
        "along": [
            {"by": by, "projects": [i["project"] for i in items]} for by, items in groups or []
        ],
        "replaced": [item["project"] for item in replaced],
    }
