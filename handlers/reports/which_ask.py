"""A report naming a project several share (`进度 厂房 累计8000万`: 一期 or 二期?): the
candidates are numbered and the owner answers with one (`1`), instead of typing it all again.
"""

from __future__ import annotations

import re

from domain.periods import period_of
from handlers.context import Context
from handlers.reports.fields import fold_width
from storage.repos import pending

_CHOICE = re.compile(r"(?:选|是)?第?\s*([1-9])\s*(?:个|号|项)?")
_NOISE = re.compile(r"[\s。.!！,，~～、]+")


def choice_answer(text: str) -> int | None:
    """The number a message answers with (`1`, `第2个`, `选1`); None when it is none."""
    found = _CHOICE.fullmatch(_NOISE.sub("", fold_width(text)))
    return int(found[1]) if found else None


async def ask_which(ctx: Context, raw: str, ref: str, ids: list[int]) -> None:
    """Keep the report until its sender answers which of `ids` (as numbered) it is for."""
    await pending.take(ctx.session, ctx.person.id, (pending.CHOOSE,))  # one question at a time
    item = {"raw": raw, "project": ref, "ids": ids}
    period = period_of(ctx.today).label
    await pending.ask(
        ctx.session, ctx.person.id, pending.CHOOSE, period=period, at=ctx.now, items=[item]
    )
