"""Months of plausible progress reports for the demo, so lights and rankings have a story.

Deterministic: each project's pace (share of 序时 it keeps up with) and its reporting
discipline come from a random generator seeded with the project's code, so the history can be
written in slices by time (`received`) and come out the same. Each project reports once a month
from the day the ledger was entered, then every week for the last weeks; some fall behind plan,
a few stopped reporting two weeks ago, and some raised problems.

What a report says follows the ledger: a project not started reports no investment, one
finished reports what it did by plan, and 形象进度 only moves forward (`progress_text`).
"""

from __future__ import annotations

import random
from calendar import monthrange
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.clock import SHANGHAI
from domain.light_rules import FINISHED_STATUSES, is_started
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
SLIPPED = timedelta(weeks=3)
"""Half the projects behind plan fell behind only this long ago (on plan before: yellow, not
yet two month ends below 序时); the others have been behind all year."""
EARLIER_PROBLEMS = 3
"""Weeks ago that the problems raised have since been assigned, escalated or closed."""
NOT_STARTED = "前期手续办理中"
PROGRESS = (
    "场地平整", "基础施工", "主体结构施工", "主体结构封顶", "二次结构砌筑", "设备安装",
    "室外配套", "竣工验收",
)  # fmt: skip
"""形象进度 in the order a build goes through it."""
MONTHLY_DAY = 25
"""Before the weekly weeks, each month's report comes on this day (or the Friday before it)."""
Window = tuple[datetime | None, datetime | None]


async def seed_demo_history(
    db: Database,
    today: date,
    curve: Sequence[int],
    entered: date,
    seed: int = 2025,
    *,
    this_week: bool = False,
    received: Window = (None, None),
) -> int:
    """Mark the ledger as kept since `entered` and add the reports before `today` received
    within `received` (from, until; open ends: all).

    Each figure follows the plan of the year it is reported in. With `this_week`, most owners
    have also reported this week (on the days before `today`) and a few of last week's
    reports came after the deadline.
    """
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
            planned = (plans.get((project.id, year)) for year in {entered.year, today.year})
            if not any(plan is not None and plan.annual_plan_yuan > 0 for plan in planned):
                continue
            rng = random.Random(f"{seed}:{project.code}")
            pace = 1.0 if project.status in FINISHED_STATUSES else rng.choice(PACES)
            stopped = rng.random() < 0.06
            late = this_week and rng.random() < 0.08
            slipped = today - SLIPPED if pace < 1 and rng.random() < 0.5 else None
            floor = (0, 0)  # (year, ytd) last reported: a year's cumulative only grows
            for week, day in _report_days(rng, today, entered, this_week, late):
                if stopped and week is not None and week <= 2:
                    continue
                at = datetime.combine(day, time(10), SHANGHAI)
                plan_of = plans.get((project.id, day.year))
                # the problem is drawn whether or not this slice writes the report
                raised = week == 1 or (this_week and week == EARLIER_PROBLEMS)
                problem = rng.choice(PROBLEMS) if raised and pace < 0.8 else None
                if plan_of is None:
                    continue
                plan = schedule_plan_to_date(
                    plan_of.annual_plan_yuan, plan_of.monthly_plan_yuan, curve, _as_of(day)
                )
                kept = 1.0 if slipped is not None and day < slipped else pace
                ytd = reported_ytd(project, day, plan, kept)
                if floor[0] == day.year:  # one that slipped stalls, never goes back
                    ytd = max(ytd, floor[1])
                floor = (day.year, ytd)
                if not _within(at, received):
                    continue
                report = Report(
                    project_id=project.id,
                    period=period_of(day).label,
                    month=at.strftime("%Y-%m"),
                    reporter_id=owner_id,
                    received_at=at,
                    ytd_investment_yuan=ytd,
                    progress_text=progress_text(project, plan_of.planned_completion, day),
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
                        at=at,
                        report_id=report.id,
                    )
                    if week == EARLIER_PROBLEMS:
                        issue_rng = random.Random(f"{seed}:{project.code}:issue")
                        _move_on(issue_rng, session, issue, project.unit_id, at, today)
    return count


def _as_of(day: date) -> date:
    """What a report on `day` covers: its day, or the month end for the month's last report
    (offices ask for the month's figure then; the ranking reads it at the month end)."""
    if (day + timedelta(days=7)).month == day.month:
        return day
    return date(day.year, day.month, monthrange(day.year, day.month)[1])


def _within(at: datetime, window: Window) -> bool:
    since, until = window
    return (since is None or at >= since) and (until is None or at < until)


def _report_days(
    rng: random.Random, today: date, entered: date, this_week: bool, late: bool
) -> Iterator[tuple[int | None, date]]:
    """(weeks ago, day) of each report: monthly from `entered` (weeks ago None), then weekly."""
    this_monday = today - timedelta(days=today.weekday())
    weekly_from = max(this_monday - timedelta(weeks=HISTORY_WEEKS), entered)
    month = date(entered.year, entered.month, 1)
    while True:
        day = month.replace(day=MONTHLY_DAY)
        day -= timedelta(days=max(0, day.weekday() - 4))  # a weekend day: the Friday before
        if day >= weekly_from:
            break
        if day >= entered:
            yield None, day
        month = (month + timedelta(days=31)).replace(day=1)
    for week in range(HISTORY_WEEKS, -1 if this_week else 0, -1):
        monday = this_monday - timedelta(days=7 * week)
        if monday < entered:
            continue
        day = monday + timedelta(days=3)
        if week == 0:  # this week: on a day already past, if at all
            if today.weekday() == 0 or rng.random() < 0.2:
                continue
            day = monday + timedelta(days=rng.randrange(min(today.weekday(), 5)))
        elif week == 1 and late:
            day = monday + timedelta(days=5)  # Saturday, after Friday's deadline
        yield week, day


def reported_ytd(project: Project, day: date, plan: int, pace: float) -> int:
    """The year's investment a project reports on `day`: none before it started; `pace` of
    the 序时 `plan` after, in 万元 rounded up, never above the total investment."""
    started = is_started(project.started_on, project.status)
    if not started or (project.started_on is not None and day < project.started_on):
        return 0
    ytd = int(plan * pace)
    if project.total_investment_yuan:
        ytd = min(ytd, project.total_investment_yuan)
    return -(-ytd // 10_000) * 10_000


def progress_text(project: Project, completion: date | None, day: date) -> str:
    """形象进度 on `day`: 前期 before the start, then the build's stages in order as the time
    from the start to the planned completion passes (the last once finished)."""
    started = project.started_on
    if not is_started(started, project.status) or started is None or day < started:
        return NOT_STARTED
    if project.status in FINISHED_STATUSES and (completion is None or day >= completion):
        return PROGRESS[-1]
    if completion is None or completion <= started:
        return PROGRESS[1]
    share = (day - started).days / (completion - started).days
    return PROGRESS[min(len(PROGRESS) - 2, max(0, int(share * (len(PROGRESS) - 1))))]


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
