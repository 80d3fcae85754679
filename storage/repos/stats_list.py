"""入库纳统 (SPEC §9): started projects not yet in the statistics, by unit, with days since the
start — the 统计局's monthly work list — and each unit's 入统率; issues closed by unit (赛马)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.stats_due import stats_overdue
from domain.targets import share
from storage.models import Issue, Project, Unit
from storage.repos.issues import RETRACTED

CLOSED = "已销号"


@dataclass(frozen=True)
class StatsItem:
    """A started project not in the statistics yet."""

    code: str
    name: str
    unit: str
    started_on: date
    days: int
    """Days since the start."""
    overdue: bool
    """Past the 入统 line (started more than the grace months ago)."""


@dataclass
class StatsUnit:
    """A unit's (or, as "合计", everyone's) 入统."""

    unit: str
    started: int = 0
    in_stats: int = 0
    due: int = 0
    """Started more than the grace months ago: due in the statistics by now."""
    due_in: int = 0
    """Of those due, in the statistics."""
    waiting: list[StatsItem] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        """入统率: of the projects due by now (开工后2个月内100%入统), those in the statistics;
        a project started last week is not behind yet."""
        return share(self.due_in, self.due)

    @property
    def overdue(self) -> int:
        """Started more than the grace months ago and still not in."""
        return sum(item.overdue for item in self.waiting)


async def stats_report(
    session: AsyncSession, today: date, grace_months: int, on: date | None = None
) -> tuple[StatsUnit, list[StatsUnit]]:
    """(overall, per unit by name): started projects, those not 入统 yet longest first; with
    `on`, as they stood at that day's end (a past month's: a later start or 入统 not yet)."""
    statement = (
        select(
            Project.code,
            Project.name,
            Unit.name.label("unit"),
            Project.started_on,
            Project.stats_entered_on,
        )
        .join(Unit, Unit.id == Project.unit_id)
        .where(Project.active.is_(True), Project.started_on.is_not(None))
    )
    if on is not None:
        statement = statement.where(Project.started_on <= on)
    total = StatsUnit("合计")
    units: dict[str, StatsUnit] = {}
    rows = sorted(await session.execute(statement), key=lambda r: (r.started_on, r.code))
    for row in rows:
        unit = units.setdefault(row.unit, StatsUnit(row.unit))
        due = stats_overdue(row.started_on, today, grace_months)
        for tally in (total, unit):
            tally.started += 1
            tally.due += due
            if row.stats_entered_on is not None and (on is None or row.stats_entered_on <= on):
                tally.in_stats += 1
                tally.due_in += due
                continue
            days = (today - row.started_on).days
            tally.waiting.append(StatsItem(row.code, row.name, row.unit, row.started_on, days, due))
    return total, [units[name] for name in sorted(units)]


@dataclass(frozen=True)
class StatsCounts:
    """入统 of the active projects: started (a start date), of those 入统, and late (started
    by the stats line, not 入统), counted as the digest's unit figures count them."""

    started: int
    in_stats: int
    overdue: int
    due: int
    """Started by the stats line: due in the statistics by now."""
    due_in: int

    @property
    def rate(self) -> float | None:
        """入统率, as `StatsUnit.rate`."""
        return share(self.due_in, self.due)


async def stats_counts(
    session: AsyncSession, stats_line: date, unit_id: int | None = None
) -> StatsCounts:
    """入统 counts of every active project (of one unit, if given), in one aggregate;
    `stats_line` is `domain.stats_due.last_overdue_start` of the day judged."""
    dated = Project.started_on.is_not(None)
    entered = Project.stats_entered_on.is_not(None)
    due = Project.started_on <= stats_line
    statement = (
        select(
            _count(dated),
            _count(and_(dated, entered)),
            _count(and_(~entered, due)),
            _count(due),
            _count(and_(due, entered)),
        )
        .join(Unit, Unit.id == Project.unit_id)
        .where(Project.active.is_(True))
    )
    if unit_id is not None:
        statement = statement.where(Project.unit_id == unit_id)
    counts = (await session.execute(statement)).one()
    return StatsCounts(*(int(n) for n in counts))


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def issues_closed(session: AsyncSession, year: int) -> dict[str, tuple[int, int]]:
    """Unit → (issues raised in `year`, of them closed), by the unit of the issue's project."""
    since = datetime(year - 1, 12, 31, 16, tzinfo=UTC)  # 1 January, Asia/Shanghai
    until = datetime(year, 12, 31, 16, tzinfo=UTC)
    closed = func.sum(case((Issue.state == CLOSED, 1), else_=0))
    statement = (
        select(Unit.name, func.count(Issue.id), closed)
        .join(Project, Project.id == Issue.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(Issue.created_at >= since, Issue.created_at < until, Issue.state != RETRACTED)
        .group_by(Unit.name)
    )
    rows = await session.execute(statement)
    return {name: (int(raised), int(done or 0)) for name, raised, done in rows}
