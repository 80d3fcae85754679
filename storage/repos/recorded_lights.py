"""The lights on record: each project's latest light in the light history, without evaluating.

The daily lights job records every active project's light, and each report records its own
project's at once, so the latest row of a project is its light as of today's job or its last
report since. Chat queries and the read API answer from here instead of judging 20,000
projects per request; a project with nothing on record yet (just imported) is evaluated.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_types import Color, Light, Reason
from storage.models import LightRecord
from storage.repos.scope import Kind, Scope, kind_of, read, scope_params, within


class _Recorded(NamedTuple):
    project_id: int
    color: str
    reasons: Any  # JSON: a list of {rule, color, text}; SQLite may hand back its text


async def recorded_lights(session: AsyncSession, day: date, scope: Scope) -> dict[int, Light]:
    """The scope's projects' latest recorded lights on or before `day`, by project id."""
    params = {**scope_params(scope), "day": day}
    rows = await read(session, _Recorded._make, _latest(kind_of(scope)), params)
    return {row.project_id: _light(row) for row in rows}


def _light(row: _Recorded) -> Light:
    reasons = json.loads(row.reasons) if isinstance(row.reasons, str) else row.reasons or []
    return Light(
        Color(row.color),
        [Reason(Color(reason["color"]), reason["rule"], reason["text"]) for reason in reasons],
    )


@cache
def _latest(kind: Kind) -> Select[Any]:
    newest = (
        select(LightRecord.project_id, func.max(LightRecord.day).label("day"))
        .where(LightRecord.day <= bindparam("day"), *within(LightRecord.project_id, kind))
        .group_by(LightRecord.project_id)
        .subquery()
    )
    return select(LightRecord.project_id, LightRecord.color, LightRecord.reasons).join(
        newest,
        (newest.c.project_id == LightRecord.project_id) & (newest.c.day == LightRecord.day),
    )
