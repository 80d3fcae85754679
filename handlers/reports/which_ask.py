"""A report naming a project several share (`进度 厂房 累计8000万`: 一期 or 二期?): the
candidates are numbered and the owner answers with one (`1`, read by
handlers.reports.answer_words), instead of typing it all again.

One question at a time: a report sent before the answer drops the question (its report is not
recorded); when that report is asked which project in its turn, the reply says the earlier
one was dropped (a report naming its project plainly is most often the first typed again).
"""

from __future__ import annotations

from typing import Any

from domain.periods import period_of
from handlers.context import Context
from handlers.reports.outcome import Outcome
from storage.repos import pending


async def ask_which(ctx: Context, raw: str, ref: str, ids: list[int]) -> None:
    """Keep the report until its sender answers which of `ids` (as numbered) it is for."""
    await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))  # one question at a time
    item = {"raw": raw, "project": ref, "ids": ids}
    period = period_of(ctx.today).label
    await pending.ask(
        ctx.session, ctx.person.id, pending.CHOOSE, period=period, at=ctx.now, items=[item]
    )


async def asked_before(ctx: Context) -> list[dict[str, Any]]:
    """The reports that waited for the sender to say which project, taken: a report sent
    instead of the answer drops them."""
    taken = await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))
    return [item for answer in taken for item in pending.items_of(answer)]


def dropped(earlier: list[dict[str, Any]], outcomes: list[Outcome], raws: set[str]) -> list[str]:
    """How the reports of `earlier` were named, when this message (its blocks `raws`) asks
    which project anew: their question gave way to its own. One sent again as it was is asked
    again, not lost."""
    if not any(o.data.get("choose") for o in outcomes):
        return []
    return [item["project"] for item in earlier if item["raw"] not in raws]
