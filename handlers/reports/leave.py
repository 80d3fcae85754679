"""`/请假`: an owner on leave is excused, or names a stand-in (代报), for the weeks it covers."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pydantic import BaseModel, Field

from core.messages import Reply
from domain.dates import DateError, parse_end_date, parse_near_date
from domain.display import day, span
from domain.periods import period_of
from domain.relative_dates import WEEKS, is_bare_day, is_bare_weekday, parse_relative
from handlers.commands import Command, Role
from handlers.context import Context
from handlers.reports.leave_owner import owns_nothing
from storage.models import Leave, Person
from storage.repos import leaves, people, projects
from storage.repos.outdated_lights import outdate

SEPARATOR = re.compile(r"\s*(?:至|到|~|～|—|–|-)\s*|\s+")
MAX_LEAVE_DAYS = 90
_REASONS = "出差 开会 培训 学习 病假 事假 休假 年假 婚假 产假 陪产假 探亲 住院 有事 家中有事 调休"
LEAVE_REASONS = frozenset(_REASONS.split())
CANCEL = frozenset({"取消", "撤销", "销假", "取消请假", "撤销请假", "cancel"})


class LeaveArgs(BaseModel):
    """`起止日期 [代报人]`."""

    dates: str = Field(title="起止日期")
    stand_in: str | None = Field(default=None, title="代报人")


LONG_LEAVE_DAYS = 31
"""A leave longer than this without a stand-in is answered with how to name one."""


async def on_leave(ctx: Context, args: LeaveArgs) -> Reply:
    """An owner on leave: excused, or a stand-in (代报) reports for the period. A new leave
    replaces those it overlaps; `/请假 取消` ends the sender's leave from today (销假)."""
    person = ctx.person
    if args.dates.strip() in CANCEL and args.stand_in is None:
        back = _back_from(ctx)
        cancelled = await leaves.cancel_from(ctx.session, person.id, back)
        await _outdate_owned(ctx)
        this_week = back <= ctx.today
        told = {"error": None, "cancelled": cancelled, "this_week": this_week}
        return Reply(template="replies/leave", data=told)
    request = _leave_request(args, ctx)
    words = " ".join(part for part in (args.dates, args.stand_in) if part).split()
    dates = "起止日期" if isinstance(request, str) else span(*request[:2], ctx.today, "-")
    # someone owning nothing is told whose leave it must be before any date problem
    if (refused := await owns_nothing(ctx, words, dates)) is not None:
        return Reply(template="replies/leave", data={"error": None, "refused": refused})
    if isinstance(request, str):
        return Reply(template="replies/leave", data={"error": request})
    start, end, who = request
    earliest = _back_from(ctx)
    if end < earliest:
        return Reply(template="replies/leave", data={"error": _closed_week(earliest, ctx)})
    # a week whose deadline has passed stays as it was: leave is not an excuse after the fact
    closed = (start, earliest - timedelta(days=1)) if start < earliest else None
    start = max(start, earliest)
    stand_in = await _stand_in(ctx, who) if who else None
    if isinstance(stand_in, str):
        return Reply(template="replies/leave", data={"error": stand_in})
    # one leave a day: the newer says who reports, if anyone
    replaced = await leaves.make_room(ctx.session, person.id, start, end)
    ctx.session.add(
        Leave(
            person_id=person.id,
            start_on=start,
            end_on=end,
            stand_in_id=stand_in.id if stand_in else None,
            created_at=ctx.now,
        )
    )
    await _outdate_owned(ctx)
    data = {
        "error": None,
        "start": start,
        "end": end,
        "stand_in": stand_in.name if stand_in else None,
        "replaced": [(first, last) for first, last, _ in replaced],
        # `/请假 12月8日-10日` after `… 张伟`: 张伟 no longer reports, which went unsaid
        "dropped": await _stand_ins_dropped(ctx, replaced, stand_in),
        "closed": span(*closed, ctx.today) if closed else None,
        "weeks": _weeks(start, end),
        # a month or more with nobody reporting: the projects go dark; say so, and how to
        # name a stand-in (`/请假 12月8日-2027年3月1日` was taken without a word)
        "long": stand_in is None and (end - start).days + 1 > LONG_LEAVE_DAYS,
    }
    return Reply(template="replies/leave", data=data)


async def _stand_in(ctx: Context, who: str) -> Person | str:
    """The stand-in named by mobile or name, or why there is none."""
    found = await people.by_mobile(ctx.session, who)
    named = [] if found else await people.by_name(ctx.session, who)
    if not found and len(named) != 1:
        return f"代报人“{who}”{'重名，请改用手机号' if named else '台账中没有此人'}"
    stand_in = found or named[0]
    return "代报人不能是您自己" if stand_in.id == ctx.person.id else stand_in


async def _stand_ins_dropped(
    ctx: Context, replaced: list[tuple[date, date, int | None]], stand_in: Person | None
) -> list[str]:
    """The names of the stand-ins of the leaves given up who no longer report for the sender."""
    kept = stand_in.id if stand_in else None
    ids = sorted({who for *_, who in replaced if who is not None and who != kept})
    return [found.name for who in ids if (found := await ctx.session.get(Person, who))]


def _weeks(start: date, end: date) -> str:
    """The reporting weeks a leave excuses, as people count them (`第49周`, `第49—50周`):
    a day of leave excuses its whole week, which “期间” alone did not say."""
    first, last = period_of(start), period_of(end)
    if first == last:
        return f"第{first.week}周"
    if first.year == last.year:
        return f"第{first.week}—{last.week}周"
    return f"{first.short_chinese}—{last.short_chinese}"


def _closed_week(earliest: date, ctx: Context) -> str:
    """Why leave of days in a week whose deadline has passed is refused."""
    return (
        f"本周填报已截止，请假不改变本周的报送情况；请登记 {day(earliest, ctx.today)} 及以后的日子"
    )


def _back_from(ctx: Context) -> date:
    """Who cancels leave reports this week again, from its Monday; once its deadline has
    passed, from next week's (the week is not made a missed one after the fact)."""
    period = period_of(ctx.today)
    due = ctx.report_due(period)
    return period.start if due is None or ctx.now <= due else period.end + timedelta(days=1)


async def _outdate_owned(ctx: Context) -> None:
    """The sender's projects' lights are judged again: their excused periods changed."""
    for project in await projects.owned_by(ctx.session, ctx.person.id):
        outdate(ctx.session, ctx.now, project.id)


def _leave_request(args: LeaveArgs, ctx: Context) -> tuple[date, date, str | None] | str:
    """Dates and stand-in from the words, wherever spaces fall (`4月28日 至 4月30日 王强`)."""
    words = " ".join(part for part in (args.dates, args.stand_in) if part).split()
    first_problem = None
    for cut in range(len(words), 0, -1):
        rest = words[cut:]
        if len(rest) > 1:
            break
        span = _date_range(" ".join(words[:cut]), ctx)
        if not isinstance(span, str):
            # `/请假 明天 出差`: a reason said after the dates names no stand-in
            who = rest[0] if rest and rest[0] not in LEAVE_REASONS else None
            return span[0], span[1], who
        first_problem = first_problem or span
    return first_problem or "缺少起止日期"


def _date_range(text: str, ctx: Context) -> tuple[date, date] | str:
    """One date or a range; tries every separator, since ISO dates contain `-` themselves."""
    text = text.strip()
    if WEEKS.get(text, -1) >= 0:  # `/请假 下周`: its working week, Monday to Friday
        monday = period_of(ctx.today).start + timedelta(weeks=WEEKS[text])
        return _checked(monday, monday + timedelta(days=4), ctx)
    attempts = [(text, text)]
    attempts += [(text[: m.start()], text[m.end() :]) for m in SEPARATOR.finditer(text)]
    problem = ""
    for first, last in attempts:
        try:
            start = parse_relative(first, ctx.today, ctx.calendar, spans=False) or parse_near_date(
                first, ctx.today
            )
        except DateError as exc:
            problem = problem or str(exc)
            continue
        # `下周一到周三`: a weekday alone after the start is the first one from the start on
        # (`28号-3号`: the 3rd after the 28th; `下周一-5号` is not a month's leave)
        days = is_bare_day(last) and is_bare_day(first)
        after = start if is_bare_weekday(last) or days else ctx.today
        try:
            end = parse_relative(last, after, ctx.calendar, spans=False) or parse_end_date(
                last, start
            )
        except DateError as exc:
            problem = str(exc)  # the start was fine: the end is what to fix
            continue
        return _checked(start, end, ctx)
    return problem


def _checked(start: date, end: date, ctx: Context) -> tuple[date, date] | str:
    if end < start:
        return f"结束日期 {day(end, ctx.today)} 早于开始日期 {day(start, ctx.today)}"
    if end < ctx.today:
        return f"结束日期 {day(end, ctx.today)} 已经过去，请假只能登记今天及以后的日子"
    if (end - start).days > MAX_LEAVE_DAYS:
        return f"请假最长 {MAX_LEAVE_DAYS} 天，更长请联系专班办公室调整责任人"
    return start, end


def leave_command() -> Command:
    """`/请假`."""
    return Command(
        "请假",
        ("leave",),
        Role.MEMBER,
        LeaveArgs,
        on_leave,
        "/请假 <起止日期> [代报人]",
        "请假期间不催报，可指定代报人，如“/请假 4月21日-4月25日 王强”",
    )
