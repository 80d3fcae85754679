"""A one-line report whose figures the grammar could not read (`进度 污水管网 累计约1880万`):
its whole rest was taken for the project's name, none was found, and in a group nothing was
said. The name is the longest part before a space that names a project; the rest goes on a
line of its own, where the grammar says what it cannot read."""

from __future__ import annotations

import re

from domain.money import UNIT_WORD
from handlers.context import Context
from handlers.lookup import resolve
from handlers.reports.grammar import unread
from handlers.reports.segments import FIGURE_KEY, figure_in_words

_SPACES = re.compile(r"\s+")
# `进度 物流园 更正 累计4.01亿`: what the report is, after the name, is no part of it
# (apart from the name: 设备更新, 城市更新 are names)
_MARKER = re.compile(r"(?:\s+[（(【]?|[（(【])(?:更正|补报|修正|重报|重新上报|更新|补充)[)）】]?$")
# in a group, what follows the name must look like a report's (`进度 物流园 请抓紧` is talk)
_REPORT_WORDS = re.compile(r"\d|完成|累计|投资|形象|进展|问题|计划|开工|复工|竣工|入统")
_QUESTION = re.compile(r"(?:多少|几|吗|呢|么|如何|怎么样|咋样|啥)\s*[?？]?$|[?？]$")
# a figure the rest opens with (`一共干了1880万，…`), not money its text tells of
# (`设备采购合同800万元已签订`, `主体已封顶，完成产值1200万元`)
_FIGURE_SAID = re.compile(
    rf"^[^，,；;。]*(?:完成|累计|投资|一共|总共|干了)[^，,；;。]*?\d\s*{UNIT_WORD}"
)
# `物流园本月完成应当是0.15亿`: a name glued to a figure said in words; one glued to a figure
# itself (`物流园本月完成1530万`) is read as that figure (handlers.reports.next_named)
_GLUED_TO_KEY = re.compile(rf"^(?P<name>[^\s，,；;:：]{{2,15}}?)(?=(?:{FIGURE_KEY}))")
_KEY_THEN_FIGURE = re.compile(rf"^(?:{FIGURE_KEY})\s*[:：]?\s*[-约\d０-９]")
MAX_TRIES = 6
"""Names tried at most (each a lookup): a report's name is its first few words."""


async def name_then_rest(ctx: Context, ref: str) -> tuple[str, str] | None:
    """(name, rest) when a part of `ref` before a space names one project, longest first; not
    of a question (`进度 物流园 上周累计多少`: no report that could not be read), nor in a group
    of a rest with no figure or field word in it."""
    if _QUESTION.search(ref):
        return None
    if ctx.msg.chat_id is not None and not _REPORT_WORDS.search(ref):
        return None
    cuts = [match.start() for match in _SPACES.finditer(ref.strip())]
    for cut in reversed(cuts[:MAX_TRIES]):
        name, rest = ref.strip()[:cut], ref.strip()[cut:].strip()
        if (await resolve(ctx, name, reporting=True)).project is not None:
            return name, rest
    return None


async def figure_unread(ctx: Context, ref: str) -> tuple[str, str] | None:
    """`进度 污水管网 累计约1880万，管网铺设，存在问题：…`: an amount the grammar could not read
    after the project's name, with fields after it that it did: the name, and the refusal
    quoting the rest (stored as the 形象进度, the owner believed the figure recorded)."""
    apart = await name_then_rest(ctx, ref)
    if apart is None and (glued := await _glued_to_figure(ctx, ref)):
        return glued[0], unread(glued[1])
    if apart is None or not _FIGURE_SAID.match(apart[1]):
        return None
    return apart[0], unread(apart[1])


async def _glued_to_figure(ctx: Context, ref: str) -> tuple[str, str] | None:
    """(name, rest) of `物流园本月完成应当是0.15亿`: a project's name, then a figure the
    grammar could not read (stored as the 形象进度, the real one lost)."""
    found = _GLUED_TO_KEY.match(ref.strip())
    if found is None:
        return None
    rest = ref.strip()[found.end() :]
    if _KEY_THEN_FIGURE.match(rest) or not figure_in_words(rest):
        return None
    if (await resolve(ctx, found["name"], reporting=True)).project is None:
        return None
    return found["name"], rest


def unmarked(ref: str) -> str:
    """The project's name without a word after it saying what the report is (`物流园 更正`)."""
    return _MARKER.sub("", ref) or ref
