"""The daily issue loop (SPEC §4): due soon → reminder, overdue → 督办, twice → top leaders.

An issue whose closing was asked for (销号申请) waits for the office, not for its handler: it
is neither reminded nor pressed while the request stands (the office's daily 待办 lists it
when something is new and on the week's first working day); the leaders' summary counts it
among the overdue, as not yet 销号'd, saying it waits for confirmation (the count agrees with
`/问题清单 超期` and the dashboard). The office's own /督办 or /交办 of it withdraws the request.

Unlike the other jobs this one writes: an overdue issue is pressed (督办) once per working
day, one escalation level up, recorded as an `自动督办` history entry. Run twice, from two
processes, or again after a crash, it stays exactly once:

- the issues are read `FOR UPDATE` in the transaction that presses them, and an issue that
  already has today's `自动督办` entry (or a person's /督办 within the interval it promises) is
  not pressed again (on SQLite the transaction holds the write lock from its start; on
  PostgreSQL the second run waits for the row locks and then sees the first run's entries);
- the pushes are computed from the state after that transaction, pressed now or earlier
  today alike, so a rerun after a crash between the commit and the outbox rebuilds the same
  messages; their keys carry the day, the group and the issue numbers they list, so the same
  message is queued once, and an issue newly overdue later the same day is still told.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.reach import issue_reach
from core.settings import GroupSettings, Platform
from scheduler import misses
from scheduler.audience import identities, mentions, project_people
from scheduler.context import JobContext, JobResult, Push
from scheduler.issue_leaders import JOB, TOP_LEVEL, Grouped, day_label, leader_pushes, loop_key
from scheduler.issue_press import asked_overdue, deadline_of, open_issues, press, pressed_lately
from scheduler.misses import Miss, collecting, note
from scheduler.office_daily import office_daily
from storage.models import Issue, Person, Project, ProjectLeader, ProjectOwner, Unit
from storage.repos.issues import is_overdue

SOON_WORKDAYS = 2


def issue_loop_due(ctx: JobContext, day: date) -> bool:
    """Every working day."""
    return ctx.calendar.is_workday(day)


class _Preview(Exception):  # not an error: it carries a dry run's pushes out
    """Leaves the write transaction, rolling it back, with what would have been pushed."""

    def __init__(self, pushes: JobResult) -> None:
        super().__init__("dry run")
        self.pushes = pushes


async def issue_loop(ctx: JobContext, at: datetime, *, dry_run: bool = False) -> JobResult:
    """Press today's overdue issues once, then remind and report (see the module docstring).

    `dry_run` shows the same messages and leaves every issue as it was.
    """
    day = at.date()
    if not issue_loop_due(ctx, day):
        return []
    horizon = ctx.calendar.add_workdays(day, SOON_WORKDAYS)
    try:
        async with ctx.db.write() as session:
            found = await open_issues(session, horizon)
            overdue = [issue for issue in found if is_overdue(issue, day)]
            already = await pressed_lately(ctx, session, [issue.id for issue in overdue], day)
            for issue in overdue:
                if issue.id not in already:
                    press(session, issue, day, at)
            await session.flush()
            views = await _views(ctx, session, found, day)
            # waiting for the office to confirm their 销号: counted to the leaders, not pressed
            asked = await _views(ctx, session, await asked_overdue(session, day), day)
            ids = [v["project_id"] for v in views]
            leaders = await project_people(session, ProjectLeader, ids)
            groups = ctx.settings.groups
            accounts = {g.platform: await identities(session, g.platform) for g in groups}
            with collecting() as unreached:
                grouped = _by_group(ctx, views, accounts)
                pushes = leader_pushes(ctx, day, views, asked, leaders, accounts, grouped)
                # one message a group (SPEC §4): the leaders' summary carries the issues
                # handed to a leader, so their group is not told of them twice
                told = {(push.group.platform, push.group.name) for push in pushes}
                rest = {where: held for where, held in grouped.items() if where not in told}
                pushes = _unit_pushes(ctx, day, rest, accounts) + pushes
            await misses.record(session, JOB, at, unreached)
            # escalated with no 包联 leader: the leaders' push asks the office to take them
            # higher, and the office may not be in the leaders' group
            leaderless = [
                v
                for v in views
                if v["overdue"] and v["level"] >= TOP_LEVEL and not leaders.get(v["project_id"])
            ]
            pushes += await office_daily(ctx, session, at, leaderless)
            if dry_run:
                raise _Preview(pushes)
    except _Preview as preview:
        return preview.pushes
    return pushes


async def _views(
    ctx: JobContext, session: AsyncSession, found: Sequence[Issue], day: date
) -> list[dict[str, Any]]:
    """What the messages show of each issue, with the group role of the unit handling it."""
    projects = await _by_id(session, Project, {i.project_id for i in found})
    units = await _by_id(
        session,
        Unit,
        {i.assigned_unit_id or projects[i.project_id].unit_id for i in found},
    )
    people = await _by_id(session, Person, {i.assigned_person_id for i in found} - {None})
    owners = await project_people(session, ProjectOwner, {i.project_id for i in found})
    views = []
    for issue in found:
        deadline = deadline_of(issue)
        project = projects[issue.project_id]
        unit = units[issue.assigned_unit_id or project.unit_id]
        person = people.get(issue.assigned_person_id or 0)
        called = [person] if person else _owners_in(owners.get(project.id, ()), unit.id)
        overdue = is_overdue(issue, day)
        views.append(
            {
                "number": issue.number,
                "project_id": project.id,
                "project": project.name,
                "text": issue.text,
                "unit": unit.name,
                "role": f"unit:{unit.name}",
                "person": person,
                "called": called,
                "who": f"{person.name}（{unit.name}）" if person else unit.name,
                "deadline": deadline,
                "overdue": overdue,
                "late": (day - deadline).days if overdue else 0,
                "left": _workdays_left(ctx, day, deadline),
                "due_today": deadline == day,
                "level": issue.escalation_level,
            }
        )
    return views


def _owners_in(owners: Sequence[Person], unit_id: int) -> list[Person]:
    """Who acts on an issue handed to a unit only: its people who own the project, as the 交办
    push called them out (storage.repos.projects.owners_of, here for all issues at once)."""
    return sorted((p for p in owners if p.unit_id == unit_id), key=lambda p: p.name)


async def _by_id(session: AsyncSession, model: Any, ids: set[Any]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.execute(select(model).where(model.id.in_(sorted(ids))))
    return {row.id: row for row in rows.scalars()}


def _workdays_left(ctx: JobContext, day: date, deadline: date) -> int:
    """Working days after today up to the deadline (0: due today or already past)."""
    count, current = 0, day
    while current < deadline:
        current += timedelta(days=1)
        count += ctx.calendar.is_workday(current)
    return count


def _by_group(
    ctx: JobContext, views: Sequence[dict[str, Any]], accounts: dict[Platform, dict[int, str]]
) -> Grouped:
    """Each unit group its issues; units without a group are told in the owners groups, and an
    issue handed to a leader in the leaders group."""
    by_group: Grouped = {}
    for view in views:
        for group in _targets(ctx, view, accounts):
            by_group.setdefault((group.platform, group.name), (group, []))[1].append(view)
    return by_group


def _unit_pushes(
    ctx: JobContext, day: date, by_group: Grouped, accounts: dict[Platform, dict[int, str]]
) -> list[Push]:
    """Each group its handler's list: overdue first, then due soon."""
    pushes = []
    for group, items in by_group.values():
        top = ctx.budget(group.role).top
        overdue = [v for v in items if v["overdue"]][:top]
        soon = [v for v in items if not v["overdue"]][: top - len(overdue)]
        # only the handlers of the issues listed: one @'d must find why in the message
        people = {p.id: p for v in [*overdue, *soon] for p in v["called"]}
        named = mentions(people.values(), accounts[group.platform])
        data = {
            "day": day_label(day),
            "today": day,
            "soon": soon,
            "overdue": overdue,
            "more": len(items) - len(soon) - len(overdue),
            "scoped": group.role.startswith("unit:"),
        }
        pushes.append(Push.of(ctx, group, loop_key(day, items), "pushes/issue_loop", data, named))
    return pushes


def _targets(
    ctx: JobContext, view: dict[str, Any], accounts: dict[Platform, dict[int, str]]
) -> list[GroupSettings]:
    """The groups told of one issue; a miss is noted when none reaches whoever handles it."""
    person = view["person"]
    platforms = [p for p, held in accounts.items() if person is not None and person.id in held]
    name, leader = (person.name, person.is_leader) if person else (None, False)
    reach = issue_reach(ctx.settings.groups, view["unit"], name, platforms, leader=leader)
    if reach.missed is not None:
        kind = "超期督办" if view["overdue"] else "到期提醒"
        what = f"问题 #{view['number']} {kind}：{view['project']}——{view['text']}"
        note(Miss(what=what, target=view["who"], reason=reach.missed))
    return ctx.groups(reach.role) if reach.role else []
