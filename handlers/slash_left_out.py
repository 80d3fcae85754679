"""A command that changes something typed without its slash (`交办 #13 区住建局 5个工作日`, and
to the bot alone `请假 12月7日-11日`): not run, as a write should not run from words people may
be saying to each other, but answered with the line to send."""

from __future__ import annotations

import re
from collections.abc import Mapping

from handlers.asked import is_question
from handlers.commands import Command

SLASH_LEFT_OUT = re.compile(r"^([^\s#＃/／]{2,4})\s*[#＃]\s*(\d+号?)\s*(.*)")
"""A command's name before an issue's number, its slash left out, and what follows."""


_NAME_THEN_WORDS = re.compile(r"^(\S{2,5})[ \t\u3000]+(\S.*)$")
EVERYDAY = frozenset({"问题", "进展", "项目"})
"""Names that open everyday sentences too (`问题 还没解决`): never taken for their command."""


def slash_left_out(
    commands: Mapping[str, Command], text: str, *, alone: bool = False
) -> str | None:
    """The command meant by `交办 #13 …` (or, said to the bot `alone`, by `请假 12月7日-11日`),
    as it should be sent; None for anything else."""
    match = SLASH_LEFT_OUT.match(text)
    if match is None:
        return _to_the_bot(commands, text) if alone else None
    name, number, rest = match.groups()
    command = commands.get(name)
    # only a command of an issue's number (`问题 #3 解决了` is talk about it)
    if command is None or " <#号>" not in command.usage:
        return None
    # spaced as the command reads it: `进展#8已协调` sent back glued is refused (`#8已协调`)
    return f"/{name} #{number} {rest}".strip()


def _to_the_bot(commands: Mapping[str, Command], text: str) -> str | None:
    """`请假 12月7日-11日` said to the bot alone: a command that changes something, then its
    words (a reading command typed so is run as it is, handlers.dispatch.find_command)."""
    lines = text.strip().splitlines()
    found = _NAME_THEN_WORDS.match(lines[0]) if len(lines) == 1 else None
    command = commands.get(found.group(1)) if found is not None else None
    if found is None or command is None or command.reads_only or found.group(1) in EVERYDAY:
        return None
    # `请假 怎么请` asks how (its usage answers it); `督办 一下这个问题` names no issue: either
    # line sent back would only be refused
    if is_question(text) or " <#号>" in command.usage:
        return None
    return f"/{found.group(1)} {found.group(2)}"
