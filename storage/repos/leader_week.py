"""What each 包联 leader hears weekly (SPEC §9): their projects' lights now and a week ago, open
and overdue issues, and 应开未开 — for the `leader_weekly` push and any page that shows it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.leader_order import most_red_first
from domain.light_rules import is_started
from domain.light_types import Color, Light, LightRules
from domain.starts import overdue_start
from storage.models import Issue, Person
from storage.repos.issues import OPEN_STATES, overdue_where
from storage.repos.light_facts import ProjectRow, entered_by, project_rows
from storage.repos.occasions import leaders_projects
from storage.repos.recorded_lights import recorded_lights
from storage.repos.standing import standings

WEEK = timedelta(days=7)
_WORST = {Color.RED: 0, Color.YELLOW: 1, Color.BLUE: 2}


@dataclass(frozen=True)
class ProjectWeek:
    """One project's light now and a week before (None: no light then)."""

    code: str
    name: str
    unit: str
    color: Color
    was: Color | None

    @property
    def changed(self) -> bool:
        """The light is not what it was a week ago (a first light counts when not blue)."""
        return self.color != self.was if self.was is not None else self.color != Color.BLUE


@dataclass
class LeaderWeek:
    """One leader's week."""

    leader: Person
    projects: list[ProjectWeek] = field(default_factory=list)
    open_issues: int = 0
    overdue_issues: list[tuple[int, str]] = field(default_factory=list)
    """Number and text of each overdue issue (a leader knows issues by what, not by #)."""
    overdue_asked: int = 0
    """Of those, how many wait for the office to confirm their asked-for 销号."""
    overdue_starts: list[str] = field(default_factory=list)
    better_unlisted: int = 0
    """Lights better than a week ago left out of `changed` across the year end."""
    compared: bool = True
    """Whether any light a week ago is on record to compare with (not in an office's first
    week): without one nothing is called a change, and the push must not claim it compared."""

    @property
    def counts(self) -> dict[str, int]:
        """Projects by light, worst first, colours without projects left out."""
        found = Counter(p.color for p in self.projects)
        return {c.value: found[c] for c in sorted(found, key=_WORST.__getitem__)}

    @property
    def changed(self) -> list[ProjectWeek]:
        """Projects whose light changed this week, worst first."""
        moved = [p for p in self.projects if p.changed]
        return sorted(moved, key=lambda p: (_WORST[p.color], p.code))


async def leader_weeks(session: AsyncSession, at: datetime, rules: LightRules) -> list[LeaderWeek]:
    """Every leader with active 包联 projects, those with the most red first."""
    today = at.date()
    leaders = await leaders_projects(session)
    ids = sorted({pid for _, pids in leaders for pid in pids})
    if not ids:
        return []
    rows = {row.id: row for row in entered_by(await project_rows(session, ids, today.year), today)}
    now = await _lights(session, at, rules, ids)
    before = await recorded_lights(session, today - WEEK, ids)
    issues = await _open_issues(session, ids, today)
    # across the year end a light turns better because 序时 starts again, not because anything
    # was done: only lights that got worse are a change (as the lights push's first run says)
    year_turn = (today - WEEK).year < today.year
    weeks = []
    for person, pids in leaders:
        week = LeaderWeek(person, compared=bool(before))
        for pid in pids:
            row = rows.get(pid)
            if row is None:
                continue
            was = before.get(pid)
            color = now[pid].color
            then = was.color if was else None
            if year_turn and then is not None and _WORST[color] >= _WORST[then]:
                week.better_unlisted += color != then
                then = color
            if not before:  # the first week on record (a new office): nothing to compare with
                then = color
            week.projects.append(ProjectWeek(row.code, row.name, row.unit, color, then))
            for number, text, overdue, asked in issues.get(pid, []):
                week.open_issues += 1
                if overdue:
                    week.overdue_issues.append((number, text))
                    week.overdue_asked += asked
            if _overdue_start(row, today):
                week.overdue_starts.append(row.name)
        weeks.append(week)
    weeks.sort(key=lambda w: most_red_first(w.counts.get("red", 0), w.leader.id, len(w.changed)))
    return weeks


def _overdue_start(row: ProjectRow, today: date) -> bool:
    started = is_started(row.started_on, row.status)
    return overdue_start(row.category, row.planned_start, started, today)


async def _lights(
    session: AsyncSession, at: datetime, rules: LightRules, ids: list[int]
) -> dict[int, Light]:
    """Judged now: a leader's projects are a few dozen, and a record may be days old."""
    return {
        row.project.id: row.light for row in await standings(session, at, rules, project_ids=ids)
    }


OpenIssues = dict[int, list[tuple[int, str, bool, bool]]]
"""Open issues by project id: (number, text, overdue, 销号 asked for)."""


async def _open_issues(session: AsyncSession, ids: list[int], today: date) -> OpenIssues:
    statement = (
        select(
            Issue.project_id,
            Issue.number,
            Issue.text,
            overdue_where(today).label("overdue"),
            Issue.close_requested_by_id.is_not(None).label("asked"),
        )
        .where(Issue.state.in_(OPEN_STATES), Issue.project_id.in_(ids))
        .order_by(Issue.number)
    )
    found: OpenIssues = {}
    for row in await session.execute(statement):
        # the condition is NULL for an issue without a deadline
        seen = (row.number, row.text, bool(row.overdue), bool(row.asked))
        found.setdefault(row.project_id, []).append(seen)
    return found
