"""A report naming a project several share (`进度 厂房 累计8000万`: 一期 or 二期?): the
candidates are numbered and the owner answers with one (`1`, read by
handlers.reports.answer_words), instead of typing it all again.
"""

from __future__ import annotations

from domain.periods import period_of
from handlers.context import Context
from storage.repos import pending


async def ask_which(ctx: Context, raw: str, ref: str, ids: list[int]) -> None:
    """Keep the report until its sender answers which of `ids` (as numbered) it is for."""
    await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))  # one question at a time
    item = {"raw": raw, "project": ref, "ids": ids}
    period = period_of(ctx.today).label
    await pending.ask(
        ctx.session, ctx.person.id, pending.CHOOSE, period=period, at=ctx.now, items=[item]
    )
