"""What a dashboard viewer may see, and the project attributes its lists filter on."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, Project, ProjectLeader, ProjectOwner, ProjectPlan, Unit
from storage.repos.dashboard_links import Viewer
from storage.repos.plans import plan_of_year


async def visible_ids(session: AsyncSession, viewer: Viewer) -> list[int] | None:
    """The active projects the viewer sees; None: every one (leaders, admins, the office)."""
    if viewer.sees_all:
        return None
    mine = [ProjectOwner.person_id == viewer.person_id]
    owned = select(ProjectOwner.project_id).where(*mine)
    led = select(ProjectLeader.project_id).where(ProjectLeader.person_id == viewer.person_id)
    condition = or_(Project.id.in_(owned), Project.id.in_(led))
    if viewer.unit_id is not None:
        condition = or_(condition, Project.unit_id == viewer.unit_id)
    statement = select(Project.id).where(Project.active.is_(True), condition)
    return list((await session.execute(statement)).scalars())


async def visible_codes(session: AsyncSession, viewer: Viewer) -> set[str] | None:
    """The codes of the projects the viewer sees; None: every one."""
    ids = await visible_ids(session, viewer)
    if ids is None:
        return None
    statement = select(Project.code).where(Project.id.in_(ids))
    return set((await session.execute(statement)).scalars())


async def may_see_unit(session: AsyncSession, viewer: Viewer, unit: str) -> bool:
    """Whether the viewer may open a unit's page: everyone's, or their own unit's."""
    return viewer.sees_all or (viewer.unit is not None and viewer.unit == unit)


async def unit_names(session: AsyncSession) -> list[str]:
    """Every unit with an active project, by name."""
    statement = (
        select(Unit.name)
        .join(Project, Project.unit_id == Unit.id)
        .where(Project.active.is_(True))
        .distinct()
        .order_by(Unit.name)
    )
    return list((await session.execute(statement)).scalars())


async def leaders_of(session: AsyncSession, ids: list[int] | None) -> dict[int, list[str]]:
    """The 包联 leaders of the projects (all projects for None), by project id."""
    statement = (
        select(ProjectLeader.project_id, Person.name)
        .join(Person, Person.id == ProjectLeader.person_id)
        .order_by(ProjectLeader.project_id, Person.name)
    )
    if ids is not None:
        statement = statement.where(ProjectLeader.project_id.in_(ids))
    found: dict[int, list[str]] = {}
    for project_id, name in (await session.execute(statement)).all():
        found.setdefault(project_id, []).append(name)
    return found


@dataclass
class Attributes:
    """What the project list filters on besides unit, light and category."""

    level: str
    industry: str
    locality: str
    leaders: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)


async def attributes(
    session: AsyncSession, ids: list[int] | None, year: int
) -> dict[int, Attributes]:
    """Level in `year`, industry, locality, 包联 leaders and owners, by id."""
    statement = (
        select(
            Project.id,
            func.coalesce(ProjectPlan.level, "一般").label("level"),
            Project.industry,
            Project.locality,
        )
        .join(ProjectPlan, plan_of_year(year), isouter=True)
        .where(Project.active.is_(True))
    )
    if ids is not None:
        statement = statement.where(Project.id.in_(ids))
    found = {
        row.id: Attributes(row.level, row.industry, row.locality)
        for row in await session.execute(statement)
    }
    for link, target in ((ProjectLeader, "leaders"), (ProjectOwner, "owners")):
        people = (
            select(link.project_id, Person.name)
            .join(Person, Person.id == link.person_id)
            .order_by(link.project_id, Person.name)
        )
        for row in await session.execute(people):
            if row.project_id in found:
                getattr(found[row.project_id], target).append(row.name)
    return found
