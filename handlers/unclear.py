"""What the bot says to a message it did not take for a report or a command: the command a
name typed without its slash reads as (`我的项目`), the one a question in words asks for
(`物流园现在啥情况`: /项目 物流园, `11月排名`: /排名 11月), the /问题 a problem told in words
is registered by, else what it did not follow."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from datetime import date

from core.messages import Reply
from handlers.asked import DOES, NAMES_A_PROJECT, Asked, command_asked
from handlers.commands import Command
from handlers.context import Context
from handlers.help import role_of
from handlers.lookup import resolve
from handlers.month_ranking import LAST, year_named
from handlers.problem_said import how_to_raise, says_a_problem
from handlers.reports.message_shape import pasted_without_header
from handlers.reports.when import read_month
from handlers.scope import find_unit
from handlers.slash_left_out import slash_left_out
from handlers.solved_said import how_to_close, says_solved
from storage.models import Unit

MIN_UNIT = 2  # a single character (`我`) is no unit's name
SHORT_TEXT = 8  # a message this short may be a command typed without its slash
NOTICE_TITLE = "部分节假日安排的通知"


async def not_a_command(commands: Collection[Command], ctx: Context, text: str) -> Reply:
    """Text that is neither a report nor a command: a command's name typed without its slash
    (`我的项目`) says which one it reads as (`交办 #13 …`: the line to send), a question in
    words which command answers it."""
    short = text.strip()
    by_name = {command.name: command for command in commands}
    alone = ctx.msg.chat_id is None
    if (typed := _pasted(short) or _slash_line(by_name, short, alone=alone)) is not None:
        return typed
    names = set(by_name)
    asked = command_asked(short)
    if asked is not None and asked.command in DOES:  # `问题怎么销号`: not /问题, spelt alike
        command = next(c for c in commands if c.name == asked.command)
        how = {"usage": command.usage, "summary": command.summary}
        return Reply(template="replies/question_how", data=how)
    if asked is not None and asked.command == "排名" and _a_month(asked.subject, ctx.today):
        return await _pointed(ctx, asked)  # `11月排名`: that month's, not /排名 spelt alike
    # how to report is what an owner most likely got wrong; the others are pointed to /帮助
    owner = ctx.sender is None or role_of(ctx.sender) in ("owner", "member")
    closes = ctx.sender is not None and (owner or ctx.sender.is_admin)
    if closes and says_solved(short):  # only /销号 records it
        return await how_to_close(ctx, short)
    meant = closest_command(names, short) if len(short) <= SHORT_TEXT else None
    if meant is None and asked is not None:
        return await _pointed(ctx, asked)
    return await _not_followed(ctx, text, meant, owner=owner)


async def _not_followed(ctx: Context, text: str, meant: str | None, *, owner: bool) -> Reply:
    """What it did not follow, or took for a problem told in words (`物流园专项债资金迟迟没有
    下达`): the /问题 that registers it, which only its sender's sending does."""
    short = text.strip()
    if meant is None and ctx.sender is not None and says_a_problem(short):
        return await how_to_raise(ctx, short, reports=owner)
    data = {"text": text[:50], "meant": meant, "owner": owner}
    return Reply(template="replies/not_understood", data=data)


def _slash_line(commands: dict[str, Command], short: str, *, alone: bool) -> Reply | None:
    """`交办 #13 区住建局 …`, `请假 12月7日-11日`: the line to send, its slash put back."""
    line = slash_left_out(commands, short, alone=alone)
    return (
        None
        if line is None
        else Reply(template="replies/slash_left_out", data={"meant": line[:80]})
    )


def _pasted(short: str) -> Reply | None:
    """What was pasted without what says what it is: the State Council notice without its
    command, cells copied from Excel without their header row."""
    if NOTICE_TITLE in short:
        return Reply(template="replies/holidays", data={"outcome": "unsaid"})
    if pasted_without_header(short):
        shown = " ".join(short.split())[:50]
        return Reply(template="replies/paste_no_header", data={"text": shown})
    return None


async def _pointed(ctx: Context, asked: Asked) -> Reply:
    """A question in words: the command that answers it, with the project it names filled in
    when that names one (`物流园现在啥情况`: /项目 物流园)."""
    command = asked.command
    if command in NAMES_A_PROJECT:
        named = asked.subject if asked.subject and ctx.sender is not None else ""
        if named and (await resolve(ctx, named)).project is None:
            named = ""
        command = f"{command} {named or '项目名'}"
    elif command == "排名" and _a_month(asked.subject, ctx.today):
        command = f"{command} {asked.subject}"
    elif command in NAMES_A_UNIT and (unit := await _unit_named(ctx, asked.subject)):
        command = f"{command} {unit}"  # `北石店镇本周谁没报`: /未报 北石店镇
    return Reply(template="replies/question_pointed", data={"command": command})


NAMES_A_UNIT = frozenset({"未报", "亮灯", "问题清单"})
"""Commands answered for a unit the question names before its question words."""


async def _unit_named(ctx: Context, subject: str) -> str | None:
    """The unit a question names (`北石店镇`), as the command takes it; None for none."""
    word = subject.strip()
    unit = await find_unit(ctx, word) if len(word) >= MIN_UNIT and ctx.sender is not None else None
    return unit.name if isinstance(unit, Unit) else None


def _a_month(text: str, today: date) -> bool:
    """Whether `text` names a month as /排名 reads one (`11月`, `上月`), or a year (`去年`)."""
    if text.strip() in LAST or year_named(text, today) is not None:
        return True
    try:
        read_month(text)
    except ValueError:
        return False
    return True


def closest_command(names: Collection[str], name: str) -> str | None:
    """The command a mistyped name most likely meant (/我得 → 我的), if one is close enough.

    Between names spelt as alike, the one the typed name opens with (`/我的项目`: 我的, not
    项目)."""
    typed = name[:30]

    def likeness(known: str) -> tuple[float, bool]:
        return difflib.SequenceMatcher(None, typed, known).ratio(), typed.startswith(known)

    best = max(sorted(names), key=likeness)
    return best if likeness(best)[0] >= 0.5 else None
