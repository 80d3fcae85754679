"""The start rule's SQL twin (`storage.repos.start_due.awaiting_start`, used by the 晾晒's 蜗牛
and 作检讨 lists) says of every kind of project what the light's own rule
(`domain.start_due.before_start`) says, on each configured database."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select, update

from domain.plan import by_month
from domain.start_due import before_start
from storage.db import Database
from storage.models import Project, ProjectPlan
from storage.repos.plans import plan_of_year
from storage.repos.start_due import awaiting_start
from tests.support.plans import plan_of
from tests.support.seed import WAN, coded, seed

ON = date(2025, 3, 10)
STARTS = [None, date(2025, 3, 1), date(2025, 3, 10), date(2025, 3, 20)]
# planned to start later in ON's month (before it only the start rule judges, monthly plan or
# not), on its last day, and in a later month (a monthly plan's months before it are owed)
PLANNED = [*STARTS, date(2025, 3, 31), date(2025, 4, 1), date(2026, 3, 20)]
MONTHLY = [None, [0] * 12, [0, 100 * WAN, *[0] * 10]]


async def test_the_sql_start_rule_is_the_lights_own(db: Database) -> None:
    await seed(db)
    async with db.write() as s:
        project = await coded(s, "P001")
        await s.execute(
            update(ProjectPlan).where(ProjectPlan.project_id == project.id).values(year=2024)
        )
        s.add(plan_of(project, 2025, 1_000 * WAN))
    cases = itertools.product(["新建", "前期", "续建"], PLANNED, STARTS, ["前期", "在建"], MONTHLY)
    for category, planned, started, status, monthly in cases:
        async with db.write() as s:
            project = await coded(s, "P001")
            project.category, project.started_on, project.status = category, started, status
            await s.execute(
                update(ProjectPlan)
                .where(ProjectPlan.project_id == project.id, ProjectPlan.year == 2025)
                .values(planned_start=planned, monthly_plan_yuan=monthly)
            )
        async with db.read() as s:
            found = await s.scalar(
                select(awaiting_start(ON))
                .select_from(Project)
                .outerjoin(ProjectPlan, plan_of_year(2025))
                .where(Project.code == "P001")
            )
        expected = before_start(category, planned, started, status, ON, by_month(monthly))
        assert bool(found) is expected, (category, planned, started, status, monthly)
