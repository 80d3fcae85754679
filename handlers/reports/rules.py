"""Who may report for a project, and when a 存在问题 opens a new issue."""

from __future__ import annotations

from sqlalchemy import select

from handlers.context import Context
from storage.models import Leave, Project, ProjectOwner, Unit
from storage.repos import projects


async def may_report(ctx: Context, project: Project) -> str | None:
    """None when the sender may report for `project`, else the reason in Chinese."""
    person = ctx.sender
    if person is None:
        return "您还没有登记，不能填报"
    if person.is_admin or person.is_leader:
        return None
    # The unit check needs no query, so it goes before the owner lookup (same verdict).
    if person.unit_id is not None and person.unit_id == project.unit_id:
        return None
    if await projects.is_owner(ctx.session, project.id, person.id):
        return None
    if await _stands_in(ctx, project, person.id):
        return None
    unit = await ctx.session.get(Unit, project.unit_id)
    unit_name = unit.name if unit else "责任单位"
    return (
        f"您不是“{project.name}”的责任人，也不属于其责任单位“{unit_name}”，不能填报。"
        "如需代报，请责任人发送“/请假 起止日期 代报人”指定您"
    )


async def _stands_in(ctx: Context, project: Project, person_id: int) -> bool:
    """Whether an owner of the project is on leave today with this person as stand-in."""
    statement = (
        select(Leave.id)
        .join(ProjectOwner, ProjectOwner.person_id == Leave.person_id)
        .where(
            ProjectOwner.project_id == project.id,
            Leave.stand_in_id == person_id,
            Leave.start_on <= ctx.today,
            Leave.end_on >= ctx.today,
        )
    )
    return (await ctx.session.execute(statement)).first() is not None


def problems_to_open(text: str, open_texts: list[str]) -> bool:
    """A problem opens an issue unless the same text is already open for the project."""
    normalized = _normalize(text)
    return bool(normalized) and all(_normalize(other) != normalized for other in open_texts)


def same_text(one: str, other: str) -> bool:
    """Whether two problem texts say the same (spaces and a final full stop aside)."""
    return _normalize(one) == _normalize(other)


def _normalize(text: str) -> str:
    return "".join(text.split()).rstrip("。.；;")
