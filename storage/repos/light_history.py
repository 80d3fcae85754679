"""Light history: each project's light and reasons, one row per project and day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.inline_session import change
from storage.model_base import table_of
from storage.models import LightRecord
from storage.repos.standing import Standing


async def record_lights(
    session: AsyncSession, day: date, rows: Sequence[Standing], *, at: datetime
) -> None:
    """Keep today's light of each project, judged `at` (the latest computation of the day
    wins)."""
    if not rows:
        return
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    if dialect not in _UPSERTS:
        _UPSERTS[dialect] = _upsert(dialect)
    statement = _UPSERTS[dialect]
    records = [
        {
            "project_id": row.project.id,
            "day": day,
            "color": row.light.color.value,
            "schedule_ratio": row.ratio,
            "recorded_at": at,
            "reasons": [
                {"rule": r.rule, "color": r.color.value, "text": r.text} for r in row.light.reasons
            ],
        }
        for row in rows
    ]
    await change(session, statement, records)


# Built once per dialect: building it cost more than running it on every report.
_UPSERTS: dict[str, Insert] = {}


def _upsert(dialect: str) -> Insert:
    """One upsert on the (project, day) key instead of a delete and an insert."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table_of(LightRecord))
    return statement.on_conflict_do_update(
        index_elements=[LightRecord.project_id, LightRecord.day],
        set_={
            "color": statement.excluded.color,
            "schedule_ratio": statement.excluded.schedule_ratio,
            "reasons": statement.excluded.reasons,
            "recorded_at": statement.excluded.recorded_at,
        },
    )
