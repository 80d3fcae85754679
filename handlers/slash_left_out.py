"""An issue command typed without its slash (`交办 #13 区住建局 5个工作日`): not run, as a
write should not run from words people may be saying to each other, but answered with the line
to send."""

from __future__ import annotations

import re
from collections.abc import Mapping

from handlers.commands import Command

SLASH_LEFT_OUT = re.compile(r"^([^\s#＃/／]{2,4})\s*[#＃]\s*(\d+号?)\s*(.*)")
"""A command's name before an issue's number, its slash left out, and what follows."""


def slash_left_out(commands: Mapping[str, Command], text: str) -> str | None:
    """The command meant by `交办 #13 …`, as it should be sent; None for anything else."""
    match = SLASH_LEFT_OUT.match(text)
    if match is None:
        return None
    name, number, rest = match.groups()
    command = commands.get(name)
    # only a command of an issue's number (`问题 #3 解决了` is talk about it)
    if command is None or " <#号>" not in command.usage:
        return None
    # spaced as the command reads it: `进展#8已协调` sent back glued is refused (`#8已协调`)
    return f"/{name} #{number} {rest}".strip()
