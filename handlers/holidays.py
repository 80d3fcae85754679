"""`/节假日 [通知全文|年份]`: the office loads a year's 放假调休 arrangement by pasting the State
Council notice into the chat (what `diaodu calendar import` does on the server), and sees which
years are loaded. The running calendar re-reads the holidays file within seconds."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.messages import Reply
from domain.calendar import Source, WorkCalendar
from domain.calendar_text import describe_notice, describe_year
from domain.holiday_file import HolidaysFileError, write_notice
from domain.notice import Notice, NoticeError, parse_notice
from handlers.commands import Command, Role
from handlers.context import Context
from storage.repos import audit

log = logging.getLogger(__name__)

USAGE = "/节假日 [通知全文|年份]"
SUMMARY = (
    "发送“/节假日”加换行再粘贴国务院放假安排通知全文，即可导入；不写则看哪些年份已导入（管理员）"
)
_DECEMBER = 12


class HolidaysArgs(BaseModel):
    """Nothing (which years are loaded), a year (its days), or the notice's full text."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, title="通知全文")


async def on_holidays(ctx: Context, args: HolidaysArgs) -> Reply:
    """Import a pasted notice, show one year, or say which years are loaded."""
    said = (args.text or "").strip()
    year = said.removesuffix("年")
    if not said:
        return _reply({"outcome": "status", "years": _status(await _current(ctx), ctx.today)})
    if year.isdigit() and len(year) == 4:
        days = (await _current(ctx)).year_days(int(year))
        missing = days.source is Source.FALLBACK
        return _reply({"outcome": "year", "lines": describe_year(days, None), "missing": missing})
    try:
        notice = parse_notice(said)
    except NoticeError as exc:
        return _reply({"outcome": "unread", "why": str(exc)})
    return await _imported(ctx, notice)


async def _imported(ctx: Context, notice: Notice) -> Reply:
    """Write the notice's year into the holidays file, audited; what was read, or why not."""
    target = ctx.settings.calendar.holidays_file
    if target is None:  # settings always name one; kept for a hand-built Settings
        return _reply({"outcome": "unwritten", "why": "没有设置节假日文件"})
    try:
        replaced = await asyncio.to_thread(write_notice, target, notice)
    except HolidaysFileError as exc:
        log.error("节假日文件 %s 写入失败：%s", target, exc)
        return _reply({"outcome": "unwritten", "why": str(exc)})
    except OSError as exc:  # a read-only folder, most often: /etc under the service's unit
        log.error("节假日文件 %s 写入失败：%s", target, exc)
        why = f"服务器上的节假日文件 {target} 不能写入（应设在服务可写的文件夹，见部署说明）"
        return _reply({"outcome": "unwritten", "why": why})
    await audit.note(
        ctx.session,
        at=ctx.now,
        actor=ctx.person.name,
        entity="calendar",
        entity_key=str(notice.year),
        action="import",
        detail={"title": notice.title, "replaced": replaced},
    )
    data = {"outcome": "imported", "notice": notice, "replaced": replaced}
    return _reply({**data, "lines": describe_notice(notice)})


async def _current(ctx: Context) -> WorkCalendar:
    """The calendar as the holidays file says now (the server re-reads it every few seconds:
    asked right after an import, it would still say the year is missing)."""
    try:
        return await asyncio.to_thread(WorkCalendar.load, ctx.settings.calendar.holidays_file)
    except (ValueError, OSError):  # a file broken by hand: the server keeps its last good one
        return ctx.calendar


def _status(calendar: WorkCalendar, today: date) -> list[dict[str, Any]]:
    """This year and next (next from December, or once it is loaded), with their source."""
    years = [today.year, today.year + 1]
    if today.month != _DECEMBER and not calendar.has_data_for(today.year + 1):
        years = [today.year]
    return [
        {"year": y, "loaded": calendar.has_data_for(y), "note": calendar.year_days(y).note}
        for y in years
    ]


def _reply(data: dict[str, Any]) -> Reply:
    return Reply(template="replies/holidays", data=data)


def commands() -> list[Command]:
    """The holidays command."""
    return [
        Command(
            "节假日",
            ("放假安排", "holidays"),
            Role.ADMIN,
            HolidaysArgs,
            on_holidays,
            USAGE,
            SUMMARY,
        )
    ]
