"""Telling whoever handles an issue, and saying so at once when nobody can be told."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.messages import Reply
from core.reach import Reach, issue_reach
from handlers.context import Context
from handlers.issues.support import assignee_mentions
from storage.models import Issue, Person, Project, Unit
from storage.repos import people, projects, undelivered

ACTIONS = {
    "assigned": "交办",
    "supervised": "督办",
    "closed": "销号",
    "reopened": "重开",
    "rejected": "驳回销号",
}


@dataclass
class Told:
    """What the push about an issue did: why it reached nobody (if so), the groups it went to,
    whom it @'d there, and, for an issue handed to a unit alone, its people it @'d (None
    otherwise)."""

    missed: str | None = None
    groups: list[str] = field(default_factory=list)
    called: list[str] = field(default_factory=list)
    unit_called: list[Person] | None = None


async def notify_handler(
    ctx: Context,
    issue: Issue,
    action: str,
    view: dict[str, object],
    *,
    asker: Person | None = None,
) -> Told:
    """Push the issue's news to its unit (or the owners group) and say what the push did.
    `asker`, who asked for what the news answers (a 销号 request), is called out too."""
    holder = await holder_of(ctx, issue)
    person, unit, reach = holder.person, holder.unit, holder.reach
    told = Told(missed=reach.missed)
    if reach.role is not None:
        data = {"action": action, "issue": view}
        called: list[Person | None] = list(holder.called)
        told.unit_called = None if person else list(holder.called)
        called += [asker] if asker is not None and asker not in called else []
        told.called = [each.name for each in called if each is not None]
        told.groups = [g.name for g in ctx.settings.groups if g.role == reach.role]
        mentions = tuple(m for each in called for m in assignee_mentions(each))
        reply = Reply(template="pushes/issue_update", data=data, mentions=mentions)
        ctx.push(reach.role, reply, f"issue:{issue.number}:{action}:{ctx.msg.msg_id}")
    if reach.missed is not None:
        name = ACTIONS.get(action, action)  # the office's list tells a 交办 from its 督办
        await undelivered.record(
            ctx.session,
            key=f"chat:{ctx.msg.platform}:{ctx.msg.msg_id}:{issue.number}",
            at=ctx.now,
            source=name,
            what=f"问题 #{issue.number} {name}：{view['project']}——{issue.text}",
            target=person.name if person else unit,
            reason=reach.missed,
            issuer_id=ctx.sender.id if ctx.sender else None,
        )
    return told


@dataclass(frozen=True)
class Holder:
    """Who handles an issue as its news sees them: the person named (if any), the unit, where
    the news goes (`reach`) and whom it calls out there."""

    person: Person | None
    unit: str
    reach: Reach
    called: list[Person]


async def holder_of(ctx: Context, issue: Issue) -> Holder:
    """The issue's handler as it stands: named person, else the project's owners in the unit
    handling it (handed to a unit, they are the ones to act)."""
    person = (
        await ctx.session.get(Person, issue.assigned_person_id)
        if issue.assigned_person_id
        else None
    )
    unit = await _handling_unit(ctx, issue)
    platforms = await people.platforms_of(ctx.session, person.id) if person else []
    name, leader = (person.name, person.is_leader) if person else (None, False)
    reach = issue_reach(ctx.settings.groups, unit, name, platforms, leader=leader)
    called = [person] if person else await _unit_owners(ctx, issue)
    return Holder(person, unit, reach, [p for p in called if p is not None])


async def answered(
    ctx: Context,
    issue: Issue,
    action: str,
    view: dict[str, object],
    *,
    asker: Person | None = None,
) -> Reply:
    """Tell the issue's handler of `action` and answer the sender with the issue as it is now
    (and whom the news could not reach). A 交办 to a unit with nobody named says whom its
    group's push @'d, or that nobody there was, with whom it may name instead."""
    told = await notify_handler(ctx, issue, action, view, asker=asker)
    unit_called = told.unit_called
    data: dict[str, object] = {"action": action, "issue": view, "missed": told.missed}
    if action in ("supervised", "assigned"):  # whom the news reached, and in which group
        data["told"] = told
    if action == "assigned" and unit_called is not None:
        data["called"] = [p.name for p in unit_called]
        if not unit_called and issue.assigned_unit_id is not None:
            data["bound"] = await people.bound_in_unit(ctx.session, issue.assigned_unit_id)
    return Reply(template="replies/issue", data=data)


async def _unit_owners(ctx: Context, issue: Issue) -> list[Person | None]:
    """The project's owners in the unit handling the issue."""
    unit_id = await _handling_unit_id(ctx, issue)
    if unit_id is None:
        return []
    return list(await projects.owners_of(ctx.session, issue.project_id, unit_id))


async def _handling_unit(ctx: Context, issue: Issue) -> str:
    """The unit handling the issue: the one it was assigned to, else the project's."""
    unit_id = await _handling_unit_id(ctx, issue)
    unit = await ctx.session.get(Unit, unit_id) if unit_id else None
    return unit.name if unit else "责任单位"


async def _handling_unit_id(ctx: Context, issue: Issue) -> int | None:
    if issue.assigned_unit_id is not None:
        return issue.assigned_unit_id
    project = await ctx.session.get(Project, issue.project_id)
    return project.unit_id if project else None
