"""What a report declared about its project (开工/复工/入统/竣工), kept in the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Audit, Milestone

ENTITY = "project"
DECLARE = "declare"
REVERT = "revert-declare"


async def open_milestones(
    session: AsyncSession, project_id: int, names: Iterable[str]
) -> list[Milestone]:
    """The project's milestones of these names that are not done yet."""
    statement = select(Milestone).where(
        Milestone.project_id == project_id,
        Milestone.name.in_(list(names)),
        Milestone.done_on.is_(None),
    )
    return list((await session.execute(statement)).scalars())


async def milestones_done_on(
    session: AsyncSession, project_id: int, names: Iterable[str], on: date
) -> list[Milestone]:
    """The project's milestones of these names done on `on` (those a declaration closed)."""
    statement = select(Milestone).where(
        Milestone.project_id == project_id,
        Milestone.name.in_(list(names)),
        Milestone.done_on == on,
    )
    return list((await session.execute(statement)).scalars())


async def made_by(session: AsyncSession, code: str, report_id: int) -> list[dict[str, Any]]:
    """The changes a report's declarations made to project `code` and that still stand."""
    statement = (
        select(Audit.action, Audit.detail)
        .where(
            Audit.entity == ENTITY,
            Audit.entity_key == code,
            Audit.action.in_((DECLARE, REVERT)),
        )
        .order_by(Audit.id)
    )
    live: list[dict[str, Any]] = []
    for action, detail in (await session.execute(statement)).all():
        if not detail or detail.get("report_id") != report_id:
            continue
        # a revert undoes everything the report had declared until then
        live = [*live, detail] if action == DECLARE else []
    return live


def day(value: str | None) -> date | None:
    """A date kept in an audit detail."""
    return date.fromisoformat(value) if value else None
