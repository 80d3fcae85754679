"""Helpers of the issue commands: who an assignee is, deadlines, the issue card data."""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from typing import Any

from sqlalchemy import select

from core.messages import Mention, Reply
from domain.dates import DateError, parse_near_date
from domain.display import day
from domain.relative_dates import counts_days, parse_relative
from handlers.context import Context
from handlers.issues.unit_names import some_units
from storage.models import Issue, Person, Project, Unit
from storage.repos import issues, people, projects

DATE_LIKE = re.compile(r"^\d{1,4}\s*[-/.年月]")
BEFORE = re.compile(r"(?:之前|以前|前)$")  # "4月30日前" means by 4月30日
MAX_DAYS = 366
TOO_FAR = "期限 {text} 太远，最长一年"
UNIT_AND_PERSON = "交办给单位并指定承办人请写“单位 姓名”，如“区住建局 杨宇宁”"
FORMS = "可写日期（如 5月10日）、“5个工作日”“10天内”“下周五”“本周内”“月底前”或“下月10日”"


def parse_deadline(ctx: Context, text: str) -> date | str:
    """A deadline as people write it: a date, `5个工作日` (working calendar), `下周五` …

    A count of days that ends on a day off (`一周` from a Sunday, `10天` into 劳动节) moves to
    the next working day, as time limits do (顺延); a date written out stays as written."""
    try:
        due = parse_relative(text, ctx.today, ctx.calendar)
    except DateError as exc:  # a form it knows, wrong (`零天`, `9999天`): say what is wrong
        return str(exc)
    try:
        if due is None:
            due = parse_near_date(BEFORE.sub("", text.strip()).strip(), ctx.today)
    except DateError as exc:
        # "2月30日" is a date that does not exist; "五天半" is not a deadline at all
        cleaned = BEFORE.sub("", text.strip()).strip()
        known = DATE_LIKE.match(cleaned) or "月" in cleaned or cleaned[:1].isdigit()
        return str(exc) if known else f"期限“{text.strip()[:20]}”无法识别，{FORMS}"
    if due < ctx.today:
        return f"期限 {day(due, ctx.today)} 已经过去，请写今天以后的日期"
    if (due - ctx.today).days > MAX_DAYS:
        return TOO_FAR.format(text=day(due, ctx.today))
    if counts_days(text) and not ctx.calendar.is_workday(due):
        return ctx.calendar.add_workdays(due, 1)
    return due


async def handler_and_deadline(
    ctx: Context, assignee: str, deadline: str
) -> tuple[Unit | None, Person | None, date] | str:
    """Who an issue is handed to and by when, from `单位或人 期限` as the office types it: the
    handler may be a unit and its person (`区住建局 杨宇宁 5个工作日`), so the words after the
    first that do not read as a deadline belong to the handler."""
    words = [assignee, *deadline.split()]
    cut, due = 1, parse_deadline(ctx, deadline)
    for later in range(2, len(words)):
        if not isinstance(due, str):
            break
        found = parse_deadline(ctx, " ".join(words[later:]))
        if not isinstance(found, str):
            cut, due = later, found
        elif FORMS in due and FORMS not in found:  # `王强 0个工作日`: what is wrong with it
            due = found
    # `北石店镇 张伟 12月40日`: 张伟 is the handler's, not the deadline's, and the refusal
    # quotes only what was meant as the deadline (`日期“12月40日”不存在`)
    unread = isinstance(due, str) and len(words) > 2
    if unread and not isinstance(await assignee_of(ctx, words[1]), str):
        due = parse_deadline(ctx, " ".join(words[2:]))
    if isinstance(due, str):
        return due
    target = await _handler(ctx, words[:cut])
    return target if isinstance(target, str) else (*target, due)


async def _handler(ctx: Context, words: list[str]) -> tuple[Unit | None, Person | None] | str:
    """One word: a unit or a person; two: a unit and the person in it who handles the issue."""
    if len(words) == 1:
        return await assignee_of(ctx, words[0])
    units: list[Unit] = []
    persons: list[Person] = []
    for word in words:
        found = await assignee_of(ctx, word)
        if isinstance(found, str):
            return found
        units += [found[0]] if found[0] else []
        persons += [found[1]] if found[1] else []
    if len(units) != 1 or len(persons) != 1 or len(words) != 2:
        return f"“{' '.join(words)}”：{UNIT_AND_PERSON}"
    unit, person = units[0], persons[0]
    if person.unit_id != unit.id:  # the push would call them in a group not their own
        own = await ctx.session.get(Unit, person.unit_id) if person.unit_id else None
        where = f"是{own.name}的人员" if own else "没有登记所在单位"
        return f"{person.name}{where}，不在{unit.name}；请只写单位或只写人员，或核对后再交办"
    return unit, person


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
    return f"台账中没有叫“{text}”的单位或人员{await _closest(ctx, text)}"


async def closest_names(ctx: Context, text: str) -> list[str]:
    """The units and people a slip of the pen for `text` likely meant, closest first. Leaders
    and the office are left out: they 督办 and 交办 issues; one is handed an issue only when
    named in full (`华晋` is not a slip for 申晋, a 副区长)."""
    units = (await ctx.session.execute(select(Unit.name))).scalars()
    staff = Person.active & ~Person.is_leader & ~Person.is_admin
    names = (await ctx.session.execute(select(Person.name).where(staff))).scalars()
    return get_close_matches(text, list(dict.fromkeys([*units, *names])), n=3, cutoff=0.5)


async def _closest(ctx: Context, text: str) -> str:
    """`，最接近的有：…` naming the units and people a slip of the pen likely meant, or ''."""
    close = await closest_names(ctx, text)
    if not close:
        return await some_units(ctx, text)
    return f"，最接近的有：{'、'.join(close)}"


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
        "deadline": issue.deadline,
        "overdue": issues.is_overdue(issue, ctx.today),
        "level": issue.escalation_level,
    }


async def may_ask_close(ctx: Context, issue: Issue) -> str | None:
    """None when the sender may ask for 销号 (assignee, its unit, the project's side), else why."""
    if await _handles(ctx, issue):
        return None
    return (
        f"问题 #{issue.number} 只能由承办人（单位）或项目责任单位申请销号，"
        "再由专班办公室确认；如有情况请告知承办单位或专班办公室。"
    )


PROGRESS_WRITERS = "承办人（单位）、项目责任单位、包联领导或专班办公室"
"""Who may add a /进展 note: said alike by its refusal and by `/帮助 进展`."""


async def may_add_progress(ctx: Context, issue: Issue) -> str | None:
    """None when the sender may add a /进展 note: whoever may ask for its 销号, and the office."""
    if (ctx.sender is not None and ctx.sender.is_admin) or await _handles(ctx, issue):
        return None
    return (
        f"问题 #{issue.number} 的办理进展只能由{PROGRESS_WRITERS}填写；"
        "如有情况请告知承办单位或专班办公室。"
    )


async def _handles(ctx: Context, issue: Issue) -> bool:
    """Whether the sender is on the handling side: a leader, the assignee or its unit, the
    project's unit or one of its owners."""
    person = ctx.sender
    if person is None:
        return False
    if person.is_leader or issue.assigned_person_id == person.id:
        return True
    if person.unit_id is not None and person.unit_id == issue.assigned_unit_id:
        return True
    project = await ctx.session.get(Project, issue.project_id)
    if project is None:
        return False
    if person.unit_id is not None and person.unit_id == project.unit_id:
        return True
    return await projects.is_owner(ctx.session, project.id, person.id)


async def pressed_recently(ctx: Context, issue: Issue) -> str | None:
    """Why the issue may not be pressed again yet (the last 督办 by a person is too recent), or
    None. The daily loop's own 自动督办 does not hold a leader's back: theirs is a demand of
    its own (seed 000: 督办 is the leaders' act), recorded with what they ask."""
    interval = ctx.settings.issues.supervise_interval_workdays
    last = await issues.last_event(ctx.session, issue.id, ("督办",))
    if last is None or interval <= 0:
        return None
    when = last.at.astimezone(ctx.now.tzinfo)
    again = ctx.calendar.add_workdays(when.date(), interval)
    if ctx.today >= again:
        return None
    return (
        f"问题 #{issue.number} 已于 {when.month}月{when.day}日 {when:%H:%M} 督办过"
        f"（当前第 {issue.escalation_level} 次），{interval} 个工作日内不重复督办；"
        f"可于 {again.month}月{again.day}日 起再次督办，补充要求请用“/进展 #{issue.number} 说明”"
    )


def assignee_mentions(person: Person | None) -> tuple[Mention, ...]:
    """The @ for a push about an issue assigned to a person."""
    return (Mention(name=person.name, mobile=person.mobile),) if person else ()


def announce_new(ctx: Context, view: dict[str, Any]) -> None:
    """Tell the office a problem was found, so it can be handed to someone (交办)."""
    by = ctx.sender.name if ctx.sender else ""
    reply = Reply(template="pushes/issue_new", data={"issue": view, "by": by})
    ctx.push("office", reply, f"issue:{view['number']}:new")


CLOSED = "已销号"


async def open_issue(ctx: Context, number: int) -> Issue | Reply:
    """The open issue `number`, locked; else the reply saying why it cannot be handled."""
    # Locked: the daily issue loop may escalate the same issue at the same moment.
    issue = await issues.by_number(ctx.session, number, lock=True)
    if issue is None:
        return Reply(
            template="replies/issue_error", data={"message": f"没有编号为 #{number} 的问题"}
        )
    if issue.state == CLOSED:
        message = f"问题 #{number} 已销号；如需重新处理，请管理员发送“/重开 #{number} 说明”"
        return Reply(template="replies/issue_error", data={"message": message})
    if issue.state == issues.RETRACTED:
        message = f"问题 #{number} 已撤回（{issue.resolution or '填报已撤回'}），无需办理"
        return Reply(template="replies/issue_error", data={"message": message})
    return issue


def actor_of(ctx: Context) -> int | None:
    """Who does it, for the issue's history (None: nobody known)."""
    return ctx.sender.id if ctx.sender else None
