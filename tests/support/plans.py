"""Plan years in hand-made ledgers: a project's plan for one year, as the import writes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Project, ProjectPlan

WAN = 10_000
KEY_YUAN = 5_000 * WAN


def plan_of(
    project: Project,
    year: int,
    annual_yuan: int,
    *,
    monthly: list[int] | None = None,
    level: str = "一般",
    planned_start: date | None = None,
    planned_completion: date | None = None,
) -> ProjectPlan:
    """`project`'s plan for `year` (flush the project first: the plan needs its id)."""
    return ProjectPlan(
        project_id=project.id,
        year=year,
        annual_plan_yuan=annual_yuan,
        monthly_plan_yuan=monthly,
        level=level,
        is_key=annual_yuan >= KEY_YUAN,
        planned_start=planned_start,
        planned_completion=planned_completion,
    )


def plan_fields(plan: ProjectPlan) -> dict[str, Any]:
    """The plan's columns a test compares (not its id, project or year)."""
    skip = {"id", "project_id", "year", "_sa_instance_state"}
    return {k: v for k, v in vars(plan).items() if k not in skip}


async def plans_by_year(client: TestClient, code: str = "P001") -> dict[int, int]:
    """Year → the annual plan in yuan the app's database holds for project `code`."""
    async with client.app[DB].read() as session:
        rows = await session.execute(
            select(ProjectPlan.year, ProjectPlan.annual_plan_yuan)
            .join(Project, Project.id == ProjectPlan.project_id)
            .where(Project.code == code)
        )
    return {year: yuan for year, yuan in rows}
