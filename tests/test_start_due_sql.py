"""The start rule's SQL twin (`storage.repos.start_due.awaiting_start`, used by the 晾晒's 蜗牛
and 作检讨 lists) says of every kind of project what the light's own rule
(`domain.start_due.before_start`) says, on each configured database."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

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
    # every case is a project of its own, written in one go and judged in one statement: a
    # write and a read per case cost the file 15 s (30 on PostgreSQL) for the same answers
    await seed(db)
    cases = list(
        itertools.product(["新建", "前期", "续建"], PLANNED, STARTS, ["前期", "在建"], MONTHLY)
    )
    async with db.write() as s:
        model = await coded(s, "P001")
        projects = []
        for n, (category, _planned, started, status, _monthly) in enumerate(cases):
            project = Project(
                code=f"S{n:03}", name=f"{model.name}{n:03}", unit_id=model.unit_id,
                category=category, industry=model.industry, status=status, started_on=started,
                total_investment_yuan=model.total_investment_yuan,
                stats_entered_on=model.stats_entered_on, entered_ledger_on=model.entered_ledger_on,
            )  # fmt: skip
            projects.append(project)
        s.add_all(projects)
        await s.flush()
        for project, (_c, planned, _s, _st, monthly) in zip(projects, cases, strict=True):
            # last year's plan as well, as P001's own (the join must pick 2025's)
            s.add(plan_of(project, 2024, 12_000 * WAN, level="区重点"))
            s.add(plan_of(project, 2025, 1_000 * WAN, monthly=monthly, planned_start=planned))
    async with db.read() as s:
        rows = await s.execute(
            select(Project.code, awaiting_start(ON))
            .select_from(Project)
            .outerjoin(ProjectPlan, plan_of_year(2025))
            .where(Project.code.like("S%"))
        )
        found = {code: due for code, due in rows}
    assert len(found) == len(cases)
    for n, (category, planned, started, status, monthly) in enumerate(cases):
        expected = before_start(category, planned, started, status, ON, by_month(monthly))
        assert bool(found[f"S{n:03}"]) is expected, (category, planned, started, status, monthly)
