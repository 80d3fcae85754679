"""The lights on record: each project's latest light in the light history, without evaluating.

The daily lights job records every active project's light, the scheduler's leader records
them all again whenever they stopped holding (after midnight, after the weekly deadline:
scheduler.lights_on_record), and each report records its own project's at once, so the latest
row of a project is its light as of then or its last report since. Chat queries and the read
API answer from here instead of judging 20,000 projects per request, taking a recorded light
only while it still holds (judged since today began and since the last reporting deadline:
domain.lights.holds_since); a project with none that holds (just imported, its facts changed,
or no scheduler running) is evaluated.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_types import Color, Light, Reason
from storage.model_base import Stamp
from storage.models import LightRecord
from storage.repos.scope import Kind, Scope, kind_of, read, scope_params, within


class _Recorded(NamedTuple):
    project_id: int
    color: str
    reasons: Any  # JSON: a list of {rule, color, text}; SQLite may hand back its text


async def recorded_lights(
    session: AsyncSession, day: date, scope: Scope, *, judged_since: datetime | None = None
) -> dict[int, Light]:
    """The scope's projects' latest recorded lights on or before `day`, by project id; with
    `judged_since`, only lights judged since then (a project with none is left out)."""
    params: dict[str, Any] = {**scope_params(scope), "day": day}
    if judged_since is not None:
        params["since"] = judged_since
    statement = _latest(kind_of(scope), judged_since is not None)
    rows = await read(session, _Recorded._make, statement, params)
    return {row.project_id: _light(row) for row in rows}


def _light(row: _Recorded) -> Light:
    reasons = json.loads(row.reasons) if isinstance(row.reasons, str) else row.reasons or []
    return Light(
        Color(row.color),
        [Reason(Color(reason["color"]), reason["rule"], reason["text"]) for reason in reasons],
    )


def judged_since() -> ColumnElement[bool]:
    """Whether a recorded light was judged at or after the bound `since` (NULL when unknown)."""
    return LightRecord.recorded_at >= bindparam("since", type_=Stamp())


@cache
def _latest(kind: Kind, since: bool) -> Select[Any]:
    held = (judged_since(),) if since else ()
    newest = (
        select(LightRecord.project_id, func.max(LightRecord.day).label("day"))
        .where(LightRecord.day <= bindparam("day"), *held, *within(LightRecord.project_id, kind))
        .group_by(LightRecord.project_id)
        .subquery()
    )
    return select(LightRecord.project_id, LightRecord.color, LightRecord.reasons).join(
        newest,
        (newest.c.project_id == LightRecord.project_id) & (newest.c.day == LightRecord.day),
    )
