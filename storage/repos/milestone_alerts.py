"""Open 节点 of active projects coming due or overdue, for the daily 亮灯 warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.light_rules import COMPLETION_NODES
from domain.stats_due import STATS_NODES
from storage.models import Milestone, Project, Unit
from storage.repos.duty import finished
from storage.repos.scope import rows_of

# what Python's str.strip() strips (all of it below U+3001), as `is_completion_node` and
# `is_stats_node` read a 节点's name: SQL's trim strips only spaces, and a `竣工　` typed with a
# full-width space was a 竣工 节点 to the light but not to these warnings
_SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())


@dataclass(frozen=True, slots=True)
class MilestoneAlert:
    """An open 节点 due within the warning window, or overdue."""

    project_id: int
    project: str
    unit: str
    name: str
    due: date


async def milestone_alerts(
    session: AsyncSession, today: date, warn_days: int, since: date | None = None
) -> list[MilestoneAlert]:
    """Open milestones of active projects due by `today + warn_days` (overdue first).

    With `since` (the last day they were looked at), only the news: those that came within
    the warning window after that day, and those that fell overdue after it.
    """
    horizon = today + timedelta(days=warn_days)
    news: list[ColumnElement[bool]] = []
    if since is not None:
        came_due = Milestone.due_on > since + timedelta(days=warn_days)
        fell_overdue = and_(Milestone.due_on >= since, Milestone.due_on < today)
        news = [or_(came_due, fell_overdue)]
    statement = (
        select(
            Project.id.label("project_id"),
            Project.name.label("project"),
            Unit.name.label("unit"),
            Milestone.name,
            Milestone.due_on.label("due"),
        )
        .join(Project, Project.id == Milestone.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(
            Project.active.is_(True),
            Milestone.done_on.is_(None),
            Milestone.due_on <= horizon,
            # a finished project's 竣工 节点 is done whatever the 节点 sheet says
            ~and_(func.trim(Milestone.name, _SPACES).in_(COMPLETION_NODES), finished()),
            # a started project's 入统 节点 is its light's 入统 reason (`domain.stats_rule`),
            # told as a change of light; a 入统 project's is done
            ~and_(
                func.trim(Milestone.name, _SPACES).in_(STATS_NODES),
                or_(Project.started_on.is_not(None), Project.stats_entered_on.is_not(None)),
            ),
            *news,
        )
        .order_by(Milestone.due_on, Unit.name, Project.code)
    )
    return [MilestoneAlert(**row._mapping) for row in await rows_of(session, statement)]
