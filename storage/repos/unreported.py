"""Who has not reported for a period (未报), grouped by unit, leave taken into account."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import ColumnElement, Row, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Leave, Person, Project, ProjectOwner, Report, Unit
from storage.repos.duty import owes_reports


@dataclass
class UnitMissing:
    """One unit's projects without a report, with who should report them."""

    unit: str
    projects: list[tuple[str, str, list[str]]] = field(default_factory=list)  # code, name, owners
    people: dict[int, str] = field(default_factory=dict)
    """Who should report (owners, or their stand-ins while away): person id → name."""


async def missing(
    session: AsyncSession,
    period: str,
    start: date,
    end: date,
    unit_id: int | None = None,
    *,
    exempt: Collection[str] = (),
    project_ids: Collection[int] | None = None,
    as_of: datetime | None = None,
) -> list[UnitMissing]:
    """Projects with no report counting for `period` whose owners are not all excused.

    Projects of an `exempt` category (储备: no weekly duty) and finished ones (竣工 declared:
    `domain.light_rules.is_finished`) are never missing.

    An owner whose leave overlaps the period is excused (as for the reporting light); when
    the leave names a stand-in, the stand-in is listed in the owner's place.

    `as_of` (a job's own time) judges who had reported, and who had asked for leave, at that
    moment; None: every report received and every leave registered so far.
    """
    reported = exists().where(
        Report.project_id == Project.id, Report.period == period, *_counted_at(as_of)
    )
    statement = (
        select(
            Unit.name.label("unit"),
            Project.code,
            Project.name,
            Person.id.label("owner_id"),
            Person.name.label("owner"),
        )
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectOwner, ProjectOwner.project_id == Project.id, isouter=True)
        .join(Person, Person.id == ProjectOwner.person_id, isouter=True)
        .where(*owes_reports(exempt), ~reported, Project.entered_ledger_on <= start)
        .order_by(Unit.name, Project.code, Person.id)
    )
    if unit_id is not None:
        statement = statement.where(Project.unit_id == unit_id)
    if project_ids is not None:
        statement = statement.where(Project.id.in_(sorted(project_ids)))
    rows = (await session.execute(statement)).all()
    owners = {row[3] for row in rows if row[3] is not None}
    return _group(rows, await _away(session, owners, start, end, as_of))


def _counted_at(as_of: datetime | None) -> tuple[ColumnElement[bool], ...]:
    """A report that counted at `as_of`: received by then and not taken back yet. A job run
    for a past moment (`jobs run --at … --dry-run`) must not take later reports as sent."""
    if as_of is None:
        return (Report.withdrawn_at.is_(None),)
    kept = or_(Report.withdrawn_at.is_(None), Report.withdrawn_at > as_of)
    return Report.received_at <= as_of, kept


async def first_entered(session: AsyncSession, unit_id: int | None = None) -> date | None:
    """When the earliest active project entered the ledger: no week before it owes a report."""
    statement = select(func.min(Project.entered_ledger_on)).where(Project.active.is_(True))
    if unit_id is not None:
        statement = statement.where(Project.unit_id == unit_id)
    return await session.scalar(statement)


StandIn = tuple[int, str] | None  # the stand-in's id and name; None: simply excused


async def _away(
    session: AsyncSession,
    person_ids: set[int],
    start: date,
    end: date,
    as_of: datetime | None = None,
) -> dict[int, StandIn]:
    """Owners on leave during the period → their stand-in (None: simply excused). With
    `as_of`, only leave registered by then: a past moment previewed did not know of later
    /请假 (None: all leave so far, as a run that sends must)."""
    if not person_ids:
        return {}
    stand_in = aliased(Person)
    statement = (
        select(Leave.person_id, stand_in.id, stand_in.name)
        .join(stand_in, stand_in.id == Leave.stand_in_id, isouter=True)
        .where(Leave.person_id.in_(person_ids), Leave.start_on <= end, Leave.end_on >= start)
        .order_by(Leave.id)
    )
    if as_of is not None:
        statement = statement.where(Leave.created_at <= as_of)
    result: dict[int, StandIn] = {}
    for person_id, stand_in_id, name in (await session.execute(statement)).all():
        named = (stand_in_id, name) if stand_in_id is not None else None
        result[person_id] = named or result.get(person_id)  # a stand-in, once named, stays
    return result


def _group(
    rows: Sequence[Row[str, str, str, int | None, str | None]], away: dict[int, StandIn]
) -> list[UnitMissing]:
    """Group rows by unit; a project whose owners are all excused without stand-in is left out.

    Rows come by unit and code, so a project's owners are consecutive (read by position: this
    runs over every unreported project of the ledger)."""
    units: dict[str, UnitMissing] = {}
    for (unit, code, name), owners in groupby(rows, key=itemgetter(0, 1, 2)):
        reporters: list[str] = []
        who: dict[int, str] = {}
        excused: bool | None = None  # True: only owners away without a stand-in
        for _, _, _, owner_id, owner in owners:
            if owner_id is None or owner is None:
                continue
            if owner_id not in away:
                reporters.append(owner)
                who[owner_id] = owner
                excused = False
            elif (stand_in := away[owner_id]) is not None:
                reporters.append(f"{stand_in[1]}代{owner}报")
                who[stand_in[0]] = stand_in[1]
                excused = False
            elif excused is None:
                excused = True
        if excused:
            continue
        missing = units.get(unit)
        if missing is None:
            missing = units[unit] = UnitMissing(unit)
        missing.projects.append((code, name, reporters))
        missing.people.update(who)
    return list(units.values())
