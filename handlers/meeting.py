"""`/调度会`: when the next 双周调度会 digest goes out, and `改期` to move that one occurrence."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.messages import Reply
from domain.dates import DateError, parse_near_date
from domain.meeting_days import JOB, Occasion, fire_time, pending
from handlers.commands import ROLE_NAMES, Command, Role
from handlers.context import Context
from storage.repos.occasions import move_occasion, moved_occasions

USAGE = "/调度会 [改期 <日期>]"
SUMMARY = "查看下次双周调度会；管理员可用“改期 日期”调整这一次（不影响之后的安排）"
MOVE = "改期"


class MeetingArgs(BaseModel):
    """Nothing (show the next one), or `改期 <日期>`."""

    model_config = ConfigDict(extra="forbid")
    action: str | None = Field(default=None, title="操作")
    day: str | None = Field(default=None, title="日期")

    @field_validator("action")
    @classmethod
    def _action(cls, value: str | None) -> str | None:
        if value is not None and value != MOVE:
            raise ValueError(f"不认识的操作“{value[:10]}”，只能是“改期”")
        return value


async def on_meeting(ctx: Context, args: MeetingArgs) -> Reply:
    """Show the next 调度会, or (admin) move it to another working day."""
    moved = await moved_occasions(ctx.session, JOB)
    upcoming = pending(ctx, ctx.now, moved)
    if not upcoming:
        return _reply(ctx, "none")
    if args.action is None:
        return _reply(ctx, "show", upcoming[0])
    person = ctx.person
    if not person.is_admin:
        info = {"name": "调度会 改期", "usage": USAGE, "summary": SUMMARY}
        data = {"command": info, "who": ROLE_NAMES[Role.ADMIN]}
        return Reply(template="replies/refused", data=data)
    day = _new_day(ctx, args.day, upcoming)
    if isinstance(day, str):
        return _reply(ctx, "error", upcoming[0], problem=day)
    meeting = upcoming[0]
    move_occasion(ctx.session, JOB, meeting.label, day, person.id, ctx.now)
    view = _view(meeting) | {"to": day, "by": person.name, "today": ctx.today}
    push = Reply(template="pushes/digest_moved", data=view)
    ctx.push("leaders", push, f"meeting-moved:{ctx.msg.msg_id}")
    return Reply(template="replies/meeting", data={"outcome": "moved", **view})


def _new_day(ctx: Context, text: str | None, upcoming: list[Occasion]) -> date | str:
    """The day typed, or why the next 调度会 cannot move there."""
    if not text:
        return "请写明改到哪一天，如“/调度会 改期 4月30日”"
    try:
        day = parse_near_date(text, ctx.today)
    except DateError as exc:
        return str(exc)
    return _refusal(ctx, day, upcoming) or day


def _refusal(ctx: Context, day: date, upcoming: list[Occasion]) -> str | None:
    """Why the next 调度会 cannot move to `day` (None when it can)."""
    shown = f"{day.month}月{day.day}日"
    if day < ctx.today or (day == ctx.today and fire_time(ctx, day) <= ctx.now):
        return f"{shown}的简报推送时间已过，请改到今后的日期"
    if not ctx.calendar.is_workday(day):
        return f"{shown}不是工作日"
    if day == upcoming[0].day:
        return f"下次调度会已经在{shown}"
    later = [o for o in upcoming[1:] if o.label != upcoming[0].label]
    if later and day >= later[0].day:
        following = later[0].day
        return f"不能晚于再下一次调度会（{following.month}月{following.day}日）"
    return None


def _view(meeting: Occasion) -> dict[str, object]:
    return {"day": meeting.day, "series_day": meeting.series_day, "moved": meeting.moved}


def _reply(ctx: Context, outcome: str, meeting: Occasion | None = None, problem: str = "") -> Reply:
    data = {"outcome": outcome, "problem": problem, "usage": USAGE, "today": ctx.today}
    return Reply(template="replies/meeting", data=data | (_view(meeting) if meeting else {}))


def commands() -> list[Command]:
    """The 调度会 command."""
    return [Command("调度会", ("meeting",), Role.MEMBER, MeetingArgs, on_meeting, USAGE, SUMMARY)]
