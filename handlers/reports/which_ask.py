"""A report naming a project several share (`进度 厂房 累计8000万`: 一期 or 二期?): the
candidates are numbered and the owner answers with one (`1`, read by
handlers.reports.answer_words), instead of typing it all again.

One question at a time: a report sent before the answer drops the question, and its report is
not recorded; the reply says so, unless the report is the first typed again (the same, or
naming one of the projects it was asked about). The question keeps the notes of the report's
message (`补报上周`, whose message it forwards) for the reply that stores it on the answer
(handlers.reports.kept_notes).
"""

from __future__ import annotations

from domain.periods import period_of
from handlers.context import Context
from handlers.reports.grammar import ReportBlock
from handlers.reports.kept_notes import notes_of
from handlers.reports.outcome import Outcome
from storage.models import Project
from storage.repos import pending


async def ask_which(ctx: Context, block: ReportBlock, ref: str, ids: list[int]) -> None:
    """Keep the report until its sender answers which of `ids` (as numbered) it is for."""
    await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))  # one question at a time
    item = {"raw": block.raw, "project": ref, "ids": ids, **await notes_of(ctx, block)}
    period = period_of(ctx.today).label
    await pending.ask(
        ctx.session, ctx.person.id, pending.CHOOSE, period=period, at=ctx.now, items=[item]
    )


async def dropped(ctx: Context, outcomes: list[Outcome], raws: set[str]) -> list[str]:
    """How the reports that waited for the sender to say which project (`ctx.unanswered`)
    were named, that this message (its blocks `raws`) left unrecorded: not sent again as they
    were (asked again, then) nor for one of the projects they were asked about (the first
    typed again with the project named, most often)."""
    said: set[object] = {o.ref for o in outcomes} | {o.data.get("project_id") for o in outcomes}
    lost = []
    for item in ctx.unanswered:
        names = [p.name for i in item["ids"] if (p := await ctx.session.get(Project, i))]
        if item["raw"] not in raws and not said & {*item["ids"], *names}:
            lost.append(item["project"])
    return lost
