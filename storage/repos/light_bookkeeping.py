"""The bulk light run's bookkeeping: today's rows of light history written in bulk, and what the
warnings last told of each project (light_notices), read as the baseline and kept anew."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from json.encoder import encode_basestring_ascii as _quote
from typing import Any, NamedTuple

from sqlalchemy import Select, Text, bindparam, case, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_types import Color
from storage.inline_session import execute_core
from storage.model_base import table_of
from storage.models import LightNotice, LightRecord, Project
from storage.repos.scope import Part, columns, read, scope_params, within

ReasonRow = tuple[str, str, str]  # colour value, rule, text
Recorded = tuple[int, str, float | None, tuple[ReasonRow, ...]]  # project, colour, ratio, reasons


async def record_day(
    session: AsyncSession, day: date, records: Sequence[Recorded], *, at: datetime
) -> None:
    """Insert or replace today's rows, judged `at`: two runs at once both succeed, the later
    one wins."""
    if not records:
        return
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    table = table_of(LightRecord)
    # Core, not the ORM's bulk path: a plain executemany is several times cheaper.
    statement: postgresql.Insert | sqlite.Insert
    encode: Callable[[tuple[ReasonRow, ...]], object]
    if dialect == "postgresql":
        statement, key, encode = postgresql.insert(table), "reasons", dicts
    else:
        # SQLite keeps JSON as text: bind the very text `json.dumps` gives, built for less.
        statement = sqlite.insert(table).values(reasons=bindparam("reasons_json", type_=Text))
        key, encode = "reasons_json", reasons_json
    rows = [
        {
            "project_id": pid,
            "day": day,
            "color": color,
            "schedule_ratio": ratio,
            "recorded_at": at,
            key: encode(why),
        }
        for pid, color, ratio, why in records
    ]
    statement = statement.on_conflict_do_update(
        index_elements=[LightRecord.project_id, LightRecord.day],
        set_={
            "color": statement.excluded.color,
            "schedule_ratio": statement.excluded.schedule_ratio,
            "reasons": statement.excluded.reasons,
            "recorded_at": statement.excluded.recorded_at,
        },
    )
    await execute_core(session, statement, rows)


def dicts(reasons: tuple[ReasonRow, ...]) -> list[dict[str, str]]:
    """The reasons as the JSON column holds them."""
    return [{"rule": rule, "color": c, "text": text} for c, rule, text in reasons]


def reasons_json(reasons: tuple[ReasonRow, ...]) -> str:
    """`json.dumps` of the reasons as light history stores them, without the generic encoder."""
    items = (
        f'{{"rule": {_quote(rule)}, "color": {_quote(c)}, "text": {_quote(text)}}}'
        for c, rule, text in reasons
    )
    return f"[{', '.join(items)}]"


async def last_told(session: AsyncSession, today: date, part: Part) -> dict[int, Told]:
    """What the warnings last told of each project: colour, reasons, when, and before that."""
    rows = await read(session, Told._make, _last_told(), scope_params(part))
    return {row.project_id: row for row in rows}


@cache
def _last_told() -> Select[Any]:
    """Built once, as `read` asks. Reasons stay text here: most of them are never needed (see
    `light_changes._changed`)."""
    return (
        select(*columns(Told._fields, LightNotice, reasons=_UNLESS_BLUE))
        .join(Project, Project.id == LightNotice.project_id)
        .where(Project.active.is_(True), *within(Project.id, "range"))
    )


async def keep_told(
    session: AsyncSession, day: date, records: Sequence[Recorded], told: dict[int, Told]
) -> None:
    """Keep what was told today (the baseline for projects never told about)."""
    if not records:
        return
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table_of(LightNotice))
    statement = statement.on_conflict_do_update(
        index_elements=[LightNotice.project_id],
        set_={
            "day": statement.excluded.day,
            "color": statement.excluded.color,
            "before": statement.excluded.before,
            "reasons": statement.excluded.reasons,
        },
    )
    rows = [
        {
            "project_id": pid,
            "day": day,
            "color": color,
            "before": told[pid].color if pid in told else None,
            "reasons": dicts(why),
        }
        for pid, color, _, why in records
    ]
    await execute_core(session, statement, rows)


# A blue light's reasons never decide a change (see `light_changes._changed`): not worth reading.
_UNLESS_BLUE = case(
    (LightNotice.color == Color.BLUE.value, None),
    else_=type_coerce(LightNotice.reasons, Text),
)


class Told(NamedTuple):
    """What the warnings last told of a project, and the colour told before that."""

    project_id: int
    day: date
    color: str
    before: str | None
    reasons: str | None
