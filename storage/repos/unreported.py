"""Who has not reported for a period (未报), grouped by unit, leave taken into account."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Leave, Person, Project, ProjectOwner, Report, Unit


@dataclass
class UnitMissing:
    """One unit's projects without a report, with their owners."""

    unit: str
    projects: list[tuple[str, str, list[str]]] = field(default_factory=list)  # code, name, owners


async def missing(
    session: AsyncSession, period: str, start: date, end: date, unit_id: int | None = None
) -> list[UnitMissing]:
    """Projects with no report counting for `period` whose owners are not all on leave."""
    reported = exists().where(
        Report.project_id == Project.id,
        Report.period == period,
        Report.withdrawn_at.is_(None),
    )
    on_leave = exists().where(
        Leave.person_id == ProjectOwner.person_id,
        Leave.start_on <= start,
        Leave.end_on >= end,
        Leave.stand_in_id.is_(None),
    )
    statement = (
        select(Unit.name, Project.code, Project.name, Person.name, on_leave)
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectOwner, ProjectOwner.project_id == Project.id, isouter=True)
        .join(Person, Person.id == ProjectOwner.person_id, isouter=True)
        .where(Project.active.is_(True), ~reported, Project.entered_ledger_on <= start)
        .order_by(Unit.name, Project.code)
    )
    if unit_id is not None:
        statement = statement.where(Project.unit_id == unit_id)
    return _group(list((await session.execute(statement)).all()))


def _group(rows: list[tuple[str, str, str, str | None, bool]]) -> list[UnitMissing]:
    """Group rows by unit; a project whose owners are all on leave is excused."""
    owners: dict[str, list[tuple[str, bool]]] = {}
    names: dict[str, tuple[str, str]] = {}
    for unit, code, name, owner, away in rows:
        names[code] = (unit, name)
        owners.setdefault(code, [])
        if owner:
            owners[code].append((owner, bool(away)))
    units: dict[str, UnitMissing] = {}
    for code, people in owners.items():
        if people and all(away for _, away in people):
            continue
        unit, name = names[code]
        present = [owner for owner, away in people if not away]
        units.setdefault(unit, UnitMissing(unit)).projects.append((code, name, present))
    return list(units.values())
