"""`/帮助`: what the bot can do, from the command table itself."""

from __future__ import annotations

from core.messages import Reply
from handlers.commands import Command, NoArgs, Role
from handlers.context import Context


def help_command(table: list[Command]) -> Command:
    """The /帮助 command, listing `table` (itself included)."""

    async def on_help(ctx: Context, args: NoArgs) -> Reply:
        rows = [
            {"usage": c.usage, "summary": c.summary, "aliases": list(c.aliases)}
            for c in [*table, command]
        ]
        return Reply(template="replies/help", data={"commands": rows})

    command = Command(
        name="帮助",
        aliases=("help", "h"),
        role=Role.ANYONE,
        args=NoArgs,
        handler=on_help,
        usage="/帮助",
        summary="查看全部命令和填报格式",
        reads_only=True,
    )
    return command
