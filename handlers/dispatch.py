"""Routes a message to the report handler or a command: parse, check the role, call."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from core.messages import Reply
from handlers.commands import ROLE_NAMES, Command, Role
from handlers.context import Context
from handlers.delivery import unreached
from handlers.reports.grammar import strip_mention

# pydantic's own messages are English; these are the ones a chat argument can meet.
GENERIC_PROBLEMS = {
    "string_too_short": "{field}太短",
    "string_too_long": "{field}太长（最多 {max_length} 字）",
    "int_parsing": "{field}应为数字",
    "greater_than_equal": "{field}不能小于 {ge}",
    "less_than_equal": "{field}不能大于 {le}",
}
COMMAND = re.compile(r"^[/／](\S+)\s*(.*)$", re.DOTALL)
# (context, text) → (the answer if the text answers a question, notes on questions it drops)
Before = Callable[[Context, str], Awaitable[tuple[list[Reply] | None, list[Reply]]]]


@dataclass
class Router:
    """The command table plus the handler for free text (progress reports)."""

    commands: dict[str, Command]
    on_report: Callable[[Context], Awaitable[list[Reply]]]
    is_report: Callable[[str], bool]
    before: Before | None = None
    """Answers to the bot's own questions, seen before anything else (`确认`, `是`/`否`)."""

    @classmethod
    def build(
        cls,
        commands: list[Command],
        on_report: Callable[[Context], Awaitable[list[Reply]]],
        is_report: Callable[[str], bool],
        before: Before | None = None,
    ) -> Router:
        """Index the commands by every name (case-insensitive for English aliases)."""
        table: dict[str, Command] = {}
        for command in commands:
            for name in command.names:
                if name.lower() in table:
                    raise ValueError(f"command name {name} registered twice")
                table[name.lower()] = command
        return cls(table, on_report, is_report, before)


def strip_mentions(text: str) -> str:
    """Drop leading @mentions (`@调度助手 /项目 …`), invisible characters and CRLF."""
    return strip_mention(text).strip()


def reads_only(router: Router, text: str) -> bool:
    """Whether `text` calls a command that only reads (see Command.reads_only)."""
    match = COMMAND.match(strip_mentions(text))
    command = router.commands.get(match.group(1).lower()) if match else None
    return command is not None and command.reads_only


async def dispatch(router: Router, ctx: Context) -> list[Reply]:
    """Answer one message: a report, a command, or guidance."""
    text = strip_mentions(ctx.msg.text)
    if not text:
        return [Reply(template="replies/empty")]
    notes: list[Reply] = []
    if ctx.sender is not None and router.before is not None:
        answer, notes = await router.before(ctx, text)
        if answer is not None:
            return answer
    replies = await _route(router, ctx, text)
    return [*replies, *notes, *await unreached(ctx)]


async def _route(router: Router, ctx: Context, text: str) -> list[Reply]:
    if router.is_report(text):
        if ctx.sender is None:
            return [Reply(template="replies/unknown_sender")]
        return await router.on_report(ctx)
    match = COMMAND.match(text)
    if match is None:
        return [Reply(template="replies/not_understood", data={"text": text[:50]})]
    name, rest = match.group(1), match.group(2).strip()
    command = router.commands.get(name.lower())
    if command is None:
        return [Reply(template="replies/unknown_command", data={"name": name[:30]})]
    return [await _run(command, ctx, rest)]


async def _run(command: Command, ctx: Context, rest: str) -> Reply:
    refusal = _refusal(command, ctx)
    if refusal is not None:
        return refusal
    try:
        args = parse_args(command.args, rest)
    except ValidationError as exc:
        problem = _first_problem(command.args, exc)
        return Reply(template="replies/usage", data={"command": _info(command), "problem": problem})
    return await command.handler(ctx, args)


def _refusal(command: Command, ctx: Context) -> Reply | None:
    person = ctx.sender
    if command.role is Role.ANYONE:
        return None
    if person is None:
        return Reply(template="replies/unknown_sender")
    allowed = {
        Role.MEMBER: True,
        Role.LEADER: person.is_leader or person.is_admin,
        Role.ADMIN: person.is_admin,
    }[command.role]
    if allowed:
        return None
    data = {"command": _info(command), "who": ROLE_NAMES[command.role]}
    return Reply(template="replies/refused", data=data)


def parse_args(model: type[BaseModel], rest: str) -> BaseModel:
    """Fill the model's fields in order from whitespace-separated words; the last takes the rest."""
    fields = list(model.model_fields)
    words = rest.split(maxsplit=len(fields) - 1) if fields and rest else []
    if not fields and rest:
        words = [rest]
        fields = ["_extra"]
    return model.model_validate(dict(zip(fields, words, strict=False)))


def _first_problem(model: type[BaseModel], exc: ValidationError) -> str:
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    info = model.model_fields.get(name)
    field = (info.title if info and info.title else None) or name
    if error["type"] == "missing":
        return f"缺少参数 {field}"
    if error["type"] == "extra_forbidden":
        return "多余的参数"
    if error["type"] in GENERIC_PROBLEMS:
        return GENERIC_PROBLEMS[error["type"]].format(field=field, **error.get("ctx", {}))
    return str(error.get("ctx", {}).get("error", error["msg"]))


def _info(command: Command) -> dict[str, str]:
    return {"name": command.name, "usage": command.usage, "summary": command.summary}
