"""Where a unit's staff who own no project find their unit's projects (`/我的` with none)."""

from __future__ import annotations

from handlers.context import Context
from handlers.scope import sees_all
from storage.models import Unit
from storage.repos import projects


async def own_unit(ctx: Context) -> str | None:
    """The sender's unit when it has projects in the ledger, for `/亮灯 北石店镇` and the like
    ("" for the office and leaders, who follow every unit: `/亮灯` itself);
    a town's 联络员 asking `/我的` was told only that no project was hers."""
    if sees_all(ctx):
        return ""  # the office and leaders follow every unit: the lines without a unit
    unit_id = ctx.person.unit_id
    if unit_id is None or not await projects.ids_in_unit(ctx.session, unit_id):
        return None
    unit = await ctx.session.get(Unit, unit_id)
    return unit.name if unit else None
