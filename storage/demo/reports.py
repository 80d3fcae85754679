"""Weeks of plausible progress reports for the demo, so lights and rankings have a story.

Deterministic: each project's pace (share of 序时 it keeps up with) and its reporting
discipline come from a seeded random generator. Most projects report every week from mid-March;
some fall behind plan, a few stopped reporting two weeks ago, and some raised problems.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from domain.clock import SHANGHAI
from domain.periods import period_of
from domain.plan import schedule_plan_to_date
from storage.db import Database
from storage.models import Project, ProjectOwner, ProjectPlan, Report
from storage.repos.issues import open_issue

HISTORY_WEEKS = 6
PROBLEMS = (
    "临时用地手续未办结",
    "施工许可办理进度慢",
    "配套资金未及时到位",
    "环评批复尚未取得",
    "供电线路迁改需协调",
)
PROGRESS = ("基础施工", "主体结构施工", "主体结构封顶", "二次结构砌筑", "设备安装", "室外配套")


async def seed_demo_history(
    db: Database, today: date, curve: Sequence[int], entered: date, seed: int = 2025
) -> int:
    """Mark the ledger as kept since `entered` and add weekly reports before `today`."""
    rng = random.Random(seed)
    async with db.write() as session:
        await session.execute(update(Project).values(entered_ledger_on=entered))
        rows = (
            await session.execute(
                select(Project, ProjectOwner.person_id, ProjectPlan)
                .join(ProjectOwner, ProjectOwner.project_id == Project.id)
                .join(
                    ProjectPlan,
                    (ProjectPlan.project_id == Project.id) & (ProjectPlan.year == today.year),
                )
                .order_by(Project.code)
            )
        ).all()
        count = 0
        for project, owner_id, year_plan in rows:
            if year_plan.annual_plan_yuan <= 0:
                continue
            pace = rng.choice([1.2, 1.1, 1.05, 1.02, 1.0, 1.0, 0.95, 0.9, 0.85, 0.75, 0.6])
            stopped = rng.random() < 0.06
            for week in range(HISTORY_WEEKS, 0, -1):
                monday = today - timedelta(days=today.weekday() + 7 * week)
                if monday < entered or (stopped and week <= 2):
                    continue
                received = datetime.combine(monday + timedelta(days=3), time(10), SHANGHAI)
                plan = schedule_plan_to_date(
                    year_plan.annual_plan_yuan, year_plan.monthly_plan_yuan, curve, received.date()
                )
                ytd = min(int(plan * pace), project.total_investment_yuan or int(plan * pace))
                problem = rng.choice(PROBLEMS) if week == 1 and pace < 0.8 else None
                report = Report(
                    project_id=project.id,
                    period=period_of(received.date()).label,
                    month=received.strftime("%Y-%m"),
                    reporter_id=owner_id,
                    received_at=received,
                    ytd_investment_yuan=ytd // 10_000 * 10_000,
                    progress_text=rng.choice(PROGRESS),
                    problems_text=problem,
                    raw_text="（演示数据）",
                )
                session.add(report)
                count += 1
                if problem:
                    await session.flush()
                    await open_issue(
                        session,
                        project_id=project.id,
                        text=problem,
                        raised_by_id=owner_id,
                        at=received,
                        report_id=report.id,
                    )
    return count
