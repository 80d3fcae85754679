"""`物流园项目专项债资金迟迟没有下达，需要区财政局协调`: a problem told in words, which only
/问题 registers. The reply is the /问题 to send, ready to copy: the sender's own words, and
the project where it can be known — the one the message names (the sender's own first), else
their only project; else `项目名` and their projects. Nothing is registered until they
send it (a guessed project would open an issue on the wrong one)."""

from __future__ import annotations

import re

from core.messages import Reply
from domain.problem_text import Verdict, judge, names_an_obstacle
from handlers.asked import is_question
from handlers.context import Context
from handlers.lookup import resolve
from handlers.reports.fields import SYNONYMS
from handlers.reports.next_named import MAX_NAME, named_within, opening
from storage.models import Project
from storage.repos import projects

SHOWN = 3
"""The sender's projects listed at most where the message names none of them."""
MIN_SAID = 4
"""A shorter message is a word (`土地`), not a problem told."""
MAX_SAID = 200
"""A longer message is a paste more than a problem told; it keeps the generic reply."""
PLACEHOLDER = "项目名"
_KEYS = "|".join(sorted((k for k, f in SYNONYMS.items() if f == "problems"), key=len)[::-1])
_KEY = re.compile(rf"^(?:{_KEYS})(?:\s*[:：]\s*|\s+)")
"""`存在问题：用地还没报批`, `问题 物流园 …` (/问题 without its slash): the key is no part of
the problem's words."""
_NOT_TOLD = re.compile(
    r"^(?:谢谢|感谢|多谢|收到|好的|明白|知道了|了解)|^(?:请)?各(?:单位|部门|镇|乡镇|街道|责任|县|区)",
    re.M,
)
"""`感谢财政局协调资金`, `收到，需要的话我再联系`, `各单位要抓紧解决…` (a leader's word, a
notice): thanks or an acknowledgement given, or a word to all, not a problem on a project."""
_OURS = re.compile(r"^(?:我们|咱们|我)(?:镇|街道|单位|局|这边|那边)?的?")
"""`我们的厂房项目…`: whose it is, said before the project's name."""
_AND = re.compile(r"(?:项目|工程)?\s*[和与及跟、]\s*")
"""`物流园和厂房`, `物流园、厂房`: a second name joined to the first."""
_PIECE_END = re.compile(r"项目|工程|的|[，,。；;：:、\s]")
_TYPED = re.compile(r"^问题\s+(\S+)\s+(\S.*)$", re.S)
"""`问题 物流园 资金不到位`: /问题 typed without its slash, its project then its words."""
_NAME_END = re.compile(r"项目|工程|[，,。；;：:、\s]")


def says_a_problem(text: str) -> bool:
    """Whether the message tells of a problem, as a 存在问题 line would (not a question), and
    names an obstacle: in chat a pace or a plan (`进度慢了点，下周加快`) is no problem told."""
    if not MIN_SAID <= len(text) <= MAX_SAID or is_question(text) or _NOT_TOLD.search(text):
        return False
    said = _KEY.sub("", text)
    return judge(said) is Verdict.PROBLEM and names_an_obstacle(said)


async def how_to_raise(ctx: Context, text: str, *, reports: bool) -> Reply:
    """The /问题 that registers the problem the message tells, with its words and project."""
    owned = await projects.owned_by(ctx.session, ctx.person.id)
    project: Project | None
    typed = await _typed(ctx, text)
    if typed is not None:
        project, words, named = *typed, True
    else:
        words = " ".join(_KEY.sub("", text).split())
        project, named = await _named(ctx, words, owned)
    if project is None and not named and len(owned) == 1:
        project = owned[0]  # names none: the only one they answer for
    data = {
        "project": project.name if project is not None else PLACEHOLDER,
        "words": words,
        "known": project is not None,
        "own": [] if project is not None else [p.name for p in owned[:SHOWN]],
        "more": 0 if project is not None else max(0, len(owned) - SHOWN),
        "reports": reports,
    }
    return Reply(template="replies/problem_how", data=data)


async def _named(ctx: Context, words: str, owned: list[Project]) -> tuple[Project | None, bool]:
    """The project the message names (by `resolve`, the sender's own first), and whether it
    names one at all: of several it may mean, none is picked, nor the sender's own put in."""
    front = _OURS.sub("", words, count=1)
    end = _NAME_END.search(front)
    if end is not None and 2 <= end.start() <= MAX_NAME:  # `物流园项目…`, `厂房，…`
        found = await resolve(ctx, front[: end.start()])
        if found.project is not None or found.ambiguous:
            alone = not await _and_another(ctx, front[end.start() :], owned)
            return (found.project if alone else None), True
    opened = opening(front, owned)  # `物流园专项债资金…`: glued to the words after it
    if opened is None:  # `今天太忙了，物流园资金还没到位`: one of theirs after other words
        within = named_within(front, owned)
        return (within[0] if len(within) == 1 else None), bool(within)
    return (None if await _and_another(ctx, opened[1], owned) else opened[0]), True


async def _and_another(ctx: Context, rest: str, owned: list[Project]) -> bool:
    """`物流园和厂房的…`: whether the words after a project's name name a second one (the
    problem is then neither's alone)."""
    joined = _AND.match(rest)
    if joined is None:
        return False
    after = rest[joined.end() :]
    if opening(after, owned) is not None:
        return True
    end = _PIECE_END.search(after)
    return end is not None and (await resolve(ctx, after[: end.start()])).project is not None


async def _typed(ctx: Context, text: str) -> tuple[Project, str] | None:
    """The project and words of /问题 typed without its slash (`问题 物流园 资金不到位`), if it
    names a project: the name is its argument, no part of the problem's words."""
    typed = _TYPED.match(text)
    if typed is None:
        return None
    found = await resolve(ctx, typed[1])
    return None if found.project is None else (found.project, " ".join(typed[2].split()))
