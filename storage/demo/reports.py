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
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from domain.periods import period_of
from domain.plan import schedule_plan_to_date
from storage.db import Database
from storage.demo.live import HISTORY_WEEKS
from storage.models import Issue, Project, ProjectOwner, ProjectPlan, Report
from storage.repos.issues import open_issue, record

PROBLEMS = (
    "临时用地手续未办结",
    "施工许可办理进度慢",
    "配套资金未及时到位",
    "环评批复尚未取得",
    "供电线路迁改需协调",
)
# Each project's share of 序时 kept up with: most on plan, some behind (yellow), a few far
# behind (red), as a working office's ledger looks.
PACES = (1.2, 1.1, 1.05, 1.03, 1.02, 1.0, 1.0, 1.0, 0.97, 0.93, 0.88, 0.82, 0.7)
EARLIER_PROBLEMS = 3
"""Weeks ago that the problems raised have since been assigned, escalated or closed."""
PROGRESS = ("基础施工", "主体结构施工", "主体结构封顶", "二次结构砌筑", "设备安装", "室外配套")


async def seed_demo_history(
    db: Database,
    today: date,
    curve: Sequence[int],
    entered: date,
    seed: int = 2025,
    *,
    this_week: bool = False,
) -> int:
    """Mark the ledger as kept since `entered` and add weekly reports before `today`.

    Each figure follows the plan of the year it is reported in. With `this_week`, most owners
    have also reported this week (on the days before `today`) and a few of last week's
    reports came after the deadline.
    """
    rng = random.Random(seed)
    async with db.write() as session:
        await session.execute(update(Project).values(entered_ledger_on=entered))
        rows = (
            await session.execute(
                select(Project, ProjectOwner.person_id)
                .join(ProjectOwner, ProjectOwner.project_id == Project.id)
                .order_by(Project.code)
            )
        ).all()
        plans = await _plans(session, {entered.year, today.year})
        count = 0
        for project, owner_id in rows:
            current = plans.get((project.id, today.year))
            if current is None or current.annual_plan_yuan <= 0:
                continue
            pace = rng.choice(PACES)
            stopped = rng.random() < 0.06
            late = this_week and rng.random() < 0.08
            for week in range(HISTORY_WEEKS, -1 if this_week else 0, -1):
                monday = today - timedelta(days=today.weekday() + 7 * week)
                if monday < entered or (stopped and week <= 2):
                    continue
                day = monday + timedelta(days=3)
                if week == 0:  # this week: on a day already past, if at all
                    if today.weekday() == 0 or rng.random() < 0.2:
                        continue
                    day = monday + timedelta(days=rng.randrange(min(today.weekday(), 5)))
                elif week == 1 and late:
                    day = monday + timedelta(days=5)  # Saturday, after Friday's deadline
                received = datetime.combine(day, time(10), SHANGHAI)
                plan_of = plans.get((project.id, day.year))
                if plan_of is None:
                    continue
                plan = schedule_plan_to_date(
                    plan_of.annual_plan_yuan, plan_of.monthly_plan_yuan, curve, day
                )
                ytd = min(int(plan * pace), project.total_investment_yuan or int(plan * pace))
                # last week's problems are new; with `this_week`, those raised three weeks ago
                # have moved on (交办, 督办, 销号)
                raised = week == 1 or (this_week and week == EARLIER_PROBLEMS)
                problem = rng.choice(PROBLEMS) if raised and pace < 0.8 else None
                report = Report(
                    project_id=project.id,
                    period=period_of(day).label,
                    month=received.strftime("%Y-%m"),
                    reporter_id=owner_id,
                    received_at=received,
                    ytd_investment_yuan=-(-ytd // 10_000) * 10_000,  # 万元, rounded up
                    progress_text=rng.choice(PROGRESS),
                    problems_text=problem,
                    is_late=week == 1 and late,
                    raw_text="（演示数据）",
                )
                session.add(report)
                count += 1
                if problem:
                    await session.flush()
                    issue = await open_issue(
                        session,
                        project_id=project.id,
                        text=problem,
                        raised_by_id=owner_id,
                        at=received,
                        report_id=report.id,
                    )
                    if week == EARLIER_PROBLEMS:
                        _move_on(rng, session, issue, project.unit_id, received, today)
    return count


async def _plans(session: AsyncSession, years: set[int]) -> dict[tuple[int, int], ProjectPlan]:
    """(project id, year) → the plan, for the years the history spans."""
    statement = select(ProjectPlan).where(ProjectPlan.year.in_(sorted(years)))
    return {(p.project_id, p.year): p for p in (await session.execute(statement)).scalars()}


def _move_on(
    rng: random.Random,
    session: AsyncSession,
    issue: Issue,
    unit_id: int,
    raised: datetime,
    today: date,
) -> None:
    """An issue raised weeks ago, since assigned (已交办), escalated (督办中) or closed."""
    assigned = raised + timedelta(days=1)
    issue.assigned_unit_id = unit_id
    issue.deadline = (assigned + timedelta(days=rng.choice((7, 10, 30)))).date()
    record(session, issue, actor_id=None, action="交办", to_state="已交办", at=assigned)
    roll = rng.random()
    if roll < 0.3 and issue.deadline < today:
        issue.escalation_level = 1
        at = datetime.combine(issue.deadline + timedelta(days=1), time(9, 30), SHANGHAI)
        record(session, issue, actor_id=None, action="督办", to_state="督办中", at=at)
    elif roll > 0.7:
        closed = assigned + timedelta(days=rng.randint(3, 6))
        issue.resolution, issue.closed_at = "已协调解决", closed
        record(session, issue, actor_id=None, action="销号", to_state="已销号", at=closed)
