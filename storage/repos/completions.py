"""竣工投产 (SPEC §9): the projects planned to finish this year, 倒排 by date, and the count of
those done against those due — for /竣工, the digest and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_rules import FINISHED_STATUSES
from storage.models import Project, ProjectPlan, Unit
from storage.repos.plans import plan_of_year


@dataclass(frozen=True)
class Completion:
    """A project planned to finish this year (or late from an earlier one)."""

    code: str
    name: str
    unit: str
    planned: date
    done_on: date | None
    finished: bool
    """竣工 declared (a date, or a finished status)."""

    def days_left(self, today: date) -> int:
        """Days to the planned 竣工 (negative: overdue)."""
        return (self.planned - today).days


@dataclass(frozen=True)
class Completions:
    """This year's 竣工 plan on a day."""

    today: date
    items: list[Completion]

    @property
    def done(self) -> int:
        """Declared done."""
        return sum(item.finished for item in self.items)

    @property
    def due(self) -> int:
        """Planned to be done by today."""
        return sum(item.planned <= self.today for item in self.items)

    @property
    def slipping(self) -> list[Completion]:
        """Past the planned day and not done, longest overdue first."""
        return [i for i in self.items if i.planned < self.today and not i.finished]

    @property
    def open(self) -> list[Completion]:
        """Not done yet, by planned day (倒排)."""
        return [i for i in self.items if not i.finished]


async def completions(
    session: AsyncSession, today: date, unit_id: int | None = None
) -> Completions:
    """Active projects planned to finish in `today`'s year (of one unit, if given), by date,
    and those planned for an earlier one and not finished yet."""
    statement = (
        select(
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            ProjectPlan.planned_completion.label("planned"),
            Project.completed_on.label("done_on"),
            Project.status,
        )
        .join(Unit, Unit.id == Project.unit_id)
        .join(ProjectPlan, plan_of_year(today.year))
        .where(
            Project.active.is_(True),
            ProjectPlan.planned_completion <= date(today.year, 12, 31),
        )
    )
    if unit_id is not None:
        statement = statement.where(Project.unit_id == unit_id)
    rows = await session.execute(statement)
    items = [
        Completion(
            r.code,
            r.name,
            r.unit,
            r.planned,
            r.done_on,
            r.done_on is not None or r.status in FINISHED_STATUSES,
        )
        for r in rows
    ]
    # a project late from an earlier year stays on the list, overdue, until 竣工 is declared
    # (its light stays red: SPEC §9), and counts as done this year when it finishes this year
    items = [i for i in items if i.planned.year == today.year or _open_or_done_in(i, today.year)]
    items.sort(key=lambda i: (i.planned, i.code))
    return Completions(today, items)


def _open_or_done_in(item: Completion, year: int) -> bool:
    return not item.finished or (item.done_on is not None and item.done_on.year == year)
