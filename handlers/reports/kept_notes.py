"""The notes a report's message earns (`补报上周`, whose message it forwards), kept with a report
that waits for its sender's answer (held for 确认: handlers.reports.holding; asked which project:
handlers.reports.which_ask): the reply that stores it on the answer says them as a reply storing
it at once would. The answer (`确认`, `1`) is read alone, so the notes are read when the report
comes in, and a report held again on its answer (chosen by number, then held for 确认; held,
then doubted in the month its answer names) carries them over on its block."""

from __future__ import annotations

from typing import Any

from handlers.context import Context
from handlers.reports.forwarded_from import forwarded_from
from handlers.reports.grammar import ReportBlock
from handlers.reports.past_week import past_week_said


async def notes_of(ctx: Context, block: ReportBlock) -> dict[str, str | None]:
    """The notes of the message `block` came in, as receive reads them, to keep with it."""
    return {
        # held again on its answer (`1`, `12月`), whose text says neither: the block keeps them
        "past_week": past_week_said(ctx.msg.text) or block.past_week,
        "forwarded": await forwarded_from(ctx) or block.forwarded,
    }


def held_notes(items: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The notes the messages of the waiting `items` carried, for the reply storing them: the
    words saying it is last week's (`补报上周`), and whose message it forwards."""
    said = next((item["past_week"] for item in items if item.get("past_week")), None)
    forwarded = next((item["forwarded"] for item in items if item.get("forwarded")), None)
    return said, forwarded
