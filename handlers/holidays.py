"""`/节假日 [通知全文|年份]`: the office loads a year's 放假调休 arrangement by pasting the State
Council notice into the chat (what `diaodu calendar import` does on the server), and sees which
years are loaded. The running calendar re-reads the holidays file within seconds."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.messages import Reply
from domain.calendar import Source
from domain.calendar_text import describe_notice, describe_year
from domain.holiday_file import HolidaysFileError, write_notice
from domain.notice import NoticeError, parse_notice
from handlers.commands import Command, Role
from handlers.context import Context
from storage.repos import audit

log = logging.getLogger(__name__)

USAGE = "/节假日 [通知全文|年份]"
SUMMARY = "把国务院放假安排通知全文发给机器人即可导入；不写则看哪些年份已导入（管理员）"
_DECEMBER = 12


class HolidaysArgs(BaseModel):
    """Nothing (which years are loaded), a year (its days), or the notice's full text."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, title="通知全文")


async def on_holidays(ctx: Context, args: HolidaysArgs) -> Reply:
    """Import a pasted notice, show one year, or say which years are loaded."""
    said = (args.text or "").strip()
    if not said:
        return _reply({"outcome": "status", "years": _status(ctx)})
    if said.removesuffix("年").isdigit() and len(said.removesuffix("年")) == 4:
        days = ctx.calendar.year_days(int(said.removesuffix("年")))
        missing = days.source is Source.FALLBACK
        return _reply({"outcome": "year", "lines": describe_year(days, None), "missing": missing})
    try:
        notice = parse_notice(said)
    except NoticeError as exc:
        return _reply({"outcome": "unread", "why": str(exc)})
    target = ctx.settings.calendar.holidays_file
    if target is None:  # settings always name one; kept for a hand-built Settings
        return _reply({"outcome": "unwritten", "why": "没有设置节假日文件"})
    try:
        replaced = await asyncio.to_thread(write_notice, target, notice)
    except (HolidaysFileError, OSError) as exc:
        log.error("节假日文件 %s 写入失败：%s", target, exc)
        return _reply({"outcome": "unwritten", "why": str(exc)})
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


def _status(ctx: Context) -> list[dict[str, Any]]:
    """This year and next (next from December, or once it is loaded), with their source."""
    year = ctx.today.year
    years = [year, year + 1]
    if ctx.today.month != _DECEMBER and not ctx.calendar.has_data_for(year + 1):
        years = [year]
    return [
        {"year": y, "loaded": ctx.calendar.has_data_for(y), "note": ctx.calendar.year_days(y).note}
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
