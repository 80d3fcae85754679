"""Helpers of the issue commands: who an assignee is, deadlines, the issue card data."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from domain.dates import DateError, parse_date
from handlers.context import Context
from storage.models import Issue, Person, Project, Unit
from storage.repos import people

WORKDAYS = re.compile(r"^(\d+)\s*个?工作日$")
DAYS = re.compile(r"^(\d+)\s*[天日]$")


def parse_deadline(ctx: Context, text: str) -> date | str:
    """A deadline as a date, `5个工作日` (on the working calendar) or `10天`; else the problem."""
    text = text.strip()
    if match := WORKDAYS.match(text):
        return ctx.calendar.add_workdays(ctx.today, int(match.group(1)))
    if match := DAYS.match(text):
        return ctx.today + timedelta(days=int(match.group(1)))
    try:
        due = parse_date(text, ctx.today)
    except DateError as exc:
        return f"{exc}（也可写“5个工作日”或“10天”）"
    if due < ctx.today:
        return f"期限 {due.isoformat()} 已经过去"
    return due


async def assignee_of(ctx: Context, text: str) -> tuple[Unit | None, Person | None] | str:
    """Resolve `单位或人`: a unit name (or unique part), a person's name or mobile."""
    text = text.strip()
    person = await people.by_mobile(ctx.session, text)
    if person is not None:
        return None, person
    named = await people.by_name(ctx.session, text)
    if len(named) == 1:
        return None, named[0]
    if len(named) > 1:
        return f"有 {len(named)} 位叫“{text}”的人员，请改用手机号指定"
    units = list(
        (await ctx.session.execute(select(Unit).where(Unit.name.contains(text)))).scalars()
    )
    exact = [unit for unit in units if unit.name == text]
    if len(exact) == 1 or len(units) == 1:
        return (exact or units)[0], None
    if units:
        return f"“{text}”对应多个单位：{'、'.join(u.name for u in units[:5])}，请写全称"
    return f"台账中没有叫“{text}”的单位或人员"


async def issue_view(ctx: Context, issue: Issue) -> dict[str, Any]:
    """The fields a reply or push shows for an issue."""
    project = await ctx.session.get(Project, issue.project_id)
    unit = await ctx.session.get(Unit, issue.assigned_unit_id) if issue.assigned_unit_id else None
    person = (
        await ctx.session.get(Person, issue.assigned_person_id)
        if issue.assigned_person_id
        else None
    )
    return {
        "number": issue.number,
        "project": project.name if project else "",
        "text": issue.text,
        "category": issue.category,
        "state": issue.state,
        "unit": unit.name if unit else None,
        "person": person.name if person else None,
        "deadline": issue.deadline.isoformat() if issue.deadline else None,
        "overdue": bool(issue.deadline and issue.deadline < ctx.today),
        "level": issue.escalation_level,
    }


async def unit_group_role(ctx: Context, issue: Issue) -> str | None:
    """The `unit:<name>` group role of the unit handling the issue (or the project's unit)."""
    unit_id = issue.assigned_unit_id
    if unit_id is None:
        project = await ctx.session.get(Project, issue.project_id)
        unit_id = project.unit_id if project else None
    unit = await ctx.session.get(Unit, unit_id) if unit_id else None
    return f"unit:{unit.name}" if unit else None
