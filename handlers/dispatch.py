"""Routes a message to the report handler or a command: parse, check the role, call."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from pydantic import ValidationError

from core.messages import Reply
from handlers.asked import command_run
from handlers.chatter import addressed, is_directive, small_talk
from handlers.command_args import first_problem, parse_args
from handlers.commands import ROLE_NAMES, Command, may_run
from handlers.context import Context
from handlers.delivery import unreached
from handlers.issues.retype import accepted
from handlers.lookup import resolve
from handlers.reports.answer_words import YES, answer_word
from handlers.reports.copied import with_copy_header
from handlers.reports.grammar import parse_report_message
from handlers.reports.message_shape import is_bare_header, keyword_left_out, strip_mention
from handlers.reports.next_named import named_in_front
from handlers.reports.spoken import spoken_report
from handlers.slash_left_out import slash_left_out
from handlers.unclear import closest_command, not_a_command
from storage.repos import leaves, projects

COMMAND = re.compile(r"^[/／]\s*([^\s#＃]+|\S+)\s*(.*)$", re.DOTALL)
"""`/交办 #3 …`; an issue's number may touch the name (`/交办#3`); `/#3` is an unknown one."""
SLASHES = re.compile(r"[/／\s]+")
"""A message of slashes only (`/`, `／`, `//`): someone after the commands, never small talk."""
# `帮助`, `我的`, `亮灯 北石店镇`: a command typed without its slash, on one short line
BARE = re.compile(r"^[#＃]?(\S+)(?:[ \t\u3000]+(.*))?$")
BARE_LENGTH = 30
BARE_TOO = frozenset({"项目", "模板"})
"""Understood without the slash besides the commands that only read."""
# (context, text) → (the answer if the text answers a question, notes on questions it drops)
Before = Callable[[Context, str, bool], Awaitable[tuple[list[Reply] | None, list[Reply]]]]


@dataclass
class Router:
    """The command table plus the handler for free text (progress reports)."""

    commands: dict[str, Command]
    on_report: Callable[[Context], Awaitable[list[Reply]]]
    is_report: Callable[[str], bool]
    before: Before | None = None
    """Answers to the bot's own questions, seen before anything else (`确认`, `是`/`否`)."""
    is_answer: Callable[[str], bool] = lambda text: False
    """Whether a message is such an answer (a group's `是` is not small talk then)."""

    @classmethod
    def build(
        cls,
        commands: list[Command],
        on_report: Callable[[Context], Awaitable[list[Reply]]],
        is_report: Callable[[str], bool],
        before: Before | None = None,
        is_answer: Callable[[str], bool] | None = None,
    ) -> Router:
        """Index the commands by every name (case-insensitive for English aliases)."""
        table: dict[str, Command] = {}
        for command in commands:
            for name in command.names:
                if name.lower() in table:
                    raise ValueError(f"command name {name} registered twice")
                table[name.lower()] = command
        return cls(table, on_report, is_report, before, is_answer or (lambda text: False))


def _names(router: Router) -> set[str]:
    return {command.name for command in router.commands.values()}


def strip_mentions(text: str) -> str:
    """Drop leading @mentions (`@调度助手 /项目 …`), invisible characters and CRLF."""
    return strip_mention(text).strip()


def find_command(router: Router, text: str) -> tuple[str, Command | None, str] | None:
    """(name as typed, its command or None, the arguments) when `text` calls a command.

    A slash (`/我的`, `／我的`, `/ 我的`) always makes a command, known or not; without it a
    one-line message opening with the Chinese name of a reading command is one too (`我的`).
    """
    if match := COMMAND.match(text):
        name = match.group(1)
        return name, router.commands.get(name.lower()), match.group(2).strip()
    if (asked := command_run(text)) and asked in router.commands:
        return asked, router.commands[asked], ""
    bare = BARE.match(text) if len(text) <= BARE_LENGTH else None
    command = router.commands.get(bare.group(1)) if bare else None
    if bare is None or command is None or command.name != bare.group(1):
        return None
    if not (command.reads_only or command.name in BARE_TOO):
        return None
    return command.name, command, (bare.group(2) or "").strip()


LOOK_UPS = frozenset({"项目", "模板", "帮助"})
"""Commands that change nothing though they run as writes (a card's lights are recorded)."""


def _looks_up(router: Router, text: str) -> bool:
    """Whether `text` calls a command that only looks something up (a question the bot asked
    waits through it)."""
    found = find_command(router, text)
    command = found[1] if found is not None else None
    return command is not None and (command.reads_only or command.name in LOOK_UPS)


def reads_only(router: Router, text: str) -> bool:
    """Whether `text` calls a command that only reads (see Command.reads_only)."""
    found = find_command(router, strip_mentions(text))
    return found is not None and found[1] is not None and found[1].reads_only


def chatter(router: Router, ctx: Context, text: str) -> bool:
    """Whether a message is people talking among themselves, or small talk: no answer.

    In a 1:1 chat every message but an ok or a thank-you is for the bot (an unknown sender's
    is answered with how to register); in a group only a report, a command (or one nearly
    typed), an answer to the bot's question, or something said to it with an @.
    """
    # an answer word is an answer only from someone the bot could have asked
    answers = router.is_answer(text) and ctx.sender is not None
    if ctx.msg.chat_id is None:  # alone with the bot: an ok or a thank-you needs no answer
        slashes = SLASHES.fullmatch(text) is not None
        return small_talk(text) and not slashes and not answers and ctx.sender is not None
    if router.is_report(text) or answers or find_command(router, text):
        return False
    if slash_left_out(router.commands, text) is not None:
        return False  # `交办 #13 …` in the office's group: a command, told how to send it
    if ctx.sender is not None and spoken_report(text, ctx.today) is not None:
        return False  # a report with its 进度 left out, maybe: dispatch looks whose
    return small_talk(text) or not addressed(ctx.msg.text, ctx.msg.addressed)


async def others_talk(router: Router, ctx: Context, text: str) -> bool:
    """Whether a group message not said to the bot reads as a report only with its 进度 left
    out (`物流园 本月完成1500万 累计4亿，请抓紧`, `【物流园】…`, `物流园，本月…`) and names a
    project that is not the sender's own: a leader's word to the group, not a report."""
    if ctx.msg.chat_id is None or ctx.sender is None:
        return False
    if addressed(ctx.msg.text, ctx.msg.addressed) or find_command(router, text) is not None:
        return False
    if router.is_report(text):
        said = text if keyword_left_out(text) else None
    else:
        said = spoken_report(text, ctx.today)
    return said is not None and not await _own_projects(ctx, said)


async def dispatch(router: Router, ctx: Context) -> list[Reply]:
    """Answer one message: a report, a command, or guidance."""
    if ctx.msg.unreadable:  # a picture or a file: said to the bot alone or with an @ only
        to_bot = ctx.msg.chat_id is None or addressed(ctx.msg.text, ctx.msg.addressed)
        return [Reply(template="replies/text_only")] if to_bot else []
    text = strip_mentions(ctx.msg.text)
    if not text:
        return [Reply(template="replies/empty")]
    if chatter(router, ctx, text) or await others_talk(router, ctx, text):
        return []  # before anything: a held report stays held through people's talk
    # `是` to a /交办 offered as meant; a look-up (`/帮助 交办`) leaves the offer waiting
    admin = ctx.sender is not None and ctx.person.is_admin and not _looks_up(router, text)
    if admin and (meant := await accepted(ctx, answer_word(text) == YES)) is not None:
        return await _route(router, ctx, meant)
    notes: list[Reply] = []
    if ctx.sender is not None and router.before is not None:
        answer, notes = await router.before(ctx, text, _looks_up(router, text))
        if answer is not None:
            return answer
    replies = await _route(router, ctx, text)
    return [*replies, *notes, *await unreached(ctx)]


async def _route(router: Router, ctx: Context, text: str) -> list[Reply]:
    if (answered := await _as_report(router, ctx, text)) is not None:
        return answered
    if is_bare_header(text):
        # `/进度` on its own asks how to report (SPEC §3 names it as a report's first line)
        return [Reply(template="replies/help_report", data={})]
    if ctx.msg.chat_id is None and SLASHES.fullmatch(text):
        text = "/帮助"  # a slash alone asks what there is to type
    found = find_command(router, text)
    if found is None and ctx.sender is None:
        return [unknown_sender(ctx)]  # nothing works for them until they are in the ledger
    if found is None:
        return [await not_a_command(list(router.commands.values()), ctx, text)]
    name, command, rest = found
    if command is None:
        meant = closest_command(_names(router), name)
        return [Reply(template="replies/unknown_command", data={"name": name[:30], "meant": meant})]
    return [await _run(command, ctx, rest)]


async def _as_report(router: Router, ctx: Context, text: str) -> list[Reply] | None:
    """The answer to a report; None when the message is none."""
    # 进度 left out: to the bot alone, a report; in a group, only of the sender's own projects
    # (`物流园，本月必须完成1500万` from a leader is talk) — others_talk has looked already
    # unless the message was said to the bot
    asked = ctx.msg.chat_id is not None and addressed(ctx.msg.text, ctx.msg.addressed)
    if router.is_report(text):
        if ctx.sender is None:
            return [unknown_sender(ctx)]
        # `@调度助手 1.物流园：本月完成1500万…请各责任人抓紧`: a leader's word, not a report (a
        # leader's figures said plainly are one: SPEC lets them report for anyone)
        leader = ctx.person.is_leader and not ctx.person.is_admin
        if leader and asked and keyword_left_out(text) and is_directive(text):
            return None
        return await router.on_report(ctx)
    spoken = ctx.sender is not None and find_command(router, text) is None
    said = spoken_report(text, ctx.today) if spoken else None
    if said is None or (asked and not await _own_projects(ctx, said)):
        return None
    said = with_copy_header(ctx.msg.text, said)  # whose message it forwards, said in the reply
    return await router.on_report(replace(ctx, msg=ctx.msg.model_copy(update={"text": said})))


async def _own_projects(ctx: Context, said: str) -> bool:
    """Whether every block of the report names a project the sender reports for: one they are
    an owner of, stand in for, or of their own unit (its staff report for it; a leader's or
    the office's figures are their word to the group)."""
    person = ctx.person
    for block in parse_report_message(said, ctx.today):
        found = (await resolve(ctx, block.project_ref, reporting=True)).project
        if found is None and (opened := await named_in_front(ctx, block.project_ref, block)):
            found = opened[0]  # `物流园这周设备安装基本完成，累计…`: the sender's own
        if found is None:
            return False
        if await projects.is_owner(ctx.session, found.id, person.id):
            continue
        colleague = found.unit_id == person.unit_id and not (person.is_leader or person.is_admin)
        if not colleague and not await leaves.stands_in(
            ctx.session, found.id, person.id, ctx.today
        ):
            return False
    return True


async def _run(command: Command, ctx: Context, rest: str) -> Reply:
    refusal = _refusal(command, ctx)
    if refusal is not None:
        return refusal
    try:
        args = parse_args(command.args, rest)
    except ValidationError as exc:
        problem = first_problem(command.args, exc, rest)
        return Reply(template="replies/usage", data={"command": _info(command), "problem": problem})
    return await command.handler(ctx, args)


def unknown_sender(ctx: Context) -> Reply:
    """Who is not in the ledger: how to get in (the simulator knows people by their ledger
    mobile, so there /绑定 cannot help: only the office's ledger can)."""
    return Reply(template="replies/unknown_sender", data={"local": ctx.msg.platform == "local"})


def _refusal(command: Command, ctx: Context) -> Reply | None:
    if may_run(command, ctx.sender):
        return None
    if ctx.sender is None:
        return unknown_sender(ctx)
    data = {"command": _info(command), "who": ROLE_NAMES[command.role]}
    return Reply(template="replies/refused", data=data)


def _info(command: Command) -> dict[str, str]:
    return {"name": command.name, "usage": command.usage, "summary": command.summary}
