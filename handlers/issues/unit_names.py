"""What an office clerk is told when a 交办 names no unit or person of the ledger and nothing
close: a few of the ledger's units, the likeliest first, and where all of them are listed."""

from __future__ import annotations

from difflib import SequenceMatcher

from handlers.context import Context
from storage.repos.ledger_repo import units_by_name

SHOWN = 4  # a phone's line or two; the dashboard lists them all


async def some_units(ctx: Context, text: str) -> str:
    """`；台账里的单位有：区住建局、区水务局…等 19 个（全部见…）；人员写姓名或手机号`."""
    names = sorted(await units_by_name(ctx.session))
    if not names:
        return "；台账里还没有单位，请先导入台账"
    # like-shaped names first (区…局 for a bureau): the clerk sees how the ledger writes them
    ranked = sorted(names, key=lambda name: -SequenceMatcher(None, text, name).ratio())
    shown = "、".join(ranked[:SHOWN])
    more = f"等 {len(names)} 个（全部见“/看板”的“单位”页）" if len(names) > SHOWN else ""
    return f"；台账里的单位有：{shown}{more}；人员写姓名或手机号"
