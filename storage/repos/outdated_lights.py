"""Lights that stopped holding because a project's facts changed, not because time passed.

A recorded light (storage.repos.recorded_lights) is answered from until the next day or
reporting deadline. A change to what the rules read — an issue raised, assigned, closed or
reopened, a report withdrawn, an owner's leave, a ledger import (every project) — makes the light
recorded before it out of date at once: `outdate` notes the change in the session, and as the
transaction commits the light recorded that day up to the change loses its `recorded_at`, so
chat and the read API judge the project anew (up to and including the moment: with a frozen
clock, a card and a 销号 share one).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from domain.clock import SHANGHAI
from storage.model_base import table_of
from storage.models import LightRecord

_MARKS = "diaodu_outdated_lights"
Marks = dict[datetime, set[int | None]]


def outdate(session: Session | AsyncSession, at: datetime, project_id: int | None) -> None:
    """The project's facts (None: every project's) changed `at`; cleared on commit."""
    marks: Marks = session.info.setdefault(_MARKS, defaultdict(set))
    marks[at].add(project_id)


@event.listens_for(Session, "before_commit")
def _clear(session: Session) -> None:
    marks: Marks | None = session.info.pop(_MARKS, None)
    if not marks:
        return
    table = table_of(LightRecord)
    for at, projects in marks.items():
        statement = (
            update(table)
            .where(table.c.day == at.astimezone(SHANGHAI).date(), table.c.recorded_at <= at)
            .values(recorded_at=None)
        )
        if None not in projects:
            statement = statement.where(
                table.c.project_id.in_(sorted(p for p in projects if p is not None))
            )
        session.execute(statement)
