"""What a chat message is before it is parsed: its lines as the grammar reads them (mentions
dropped, a glued or left-out `进度` put right), and whether it is a report, a report that
forgot its project's name, or a bare `进度` asking how to report."""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.reports.copied import uncopied
from handlers.reports.corrected import as_corrected
from handlers.reports.fields import (
    AMOUNT_FIELDS,
    FLAG_FIELDS,
    LIST_SYMBOLS,
    TEXT_FIELDS,
    fold_width,
)
from handlers.reports.left_out import is_figure, keyword_put_back
from handlers.reports.lines import HEADER_AHEAD, Field, read_header, read_line, reads_as_figure
from handlers.reports.numerals import in_digits
from handlers.reports.one_line import spread
from handlers.reports.pasted import TAB, as_typed, has_header, looks_pasted

# "@调度助手 ", "@机器人" glued to the keyword, WeCom's U+2005 after a mention; several in a row
_MENTIONS = re.compile(r"\s*(?:@\S+?(?:\s+|$|" + HEADER_AHEAD.pattern + r"))*", re.IGNORECASE)
# zero widths, and the direction marks a phone's keyboard or a paste from a document leaves
# (`物流园\u200f`: “台账中没有找到“物流园””, the mark unseen)
_INVISIBLE = dict.fromkeys(
    [
        *map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
# a list's symbol before a line (`■物流园：累计4.1亿`), as a Word or WPS document pasted
# leaves it: dropped, as `1、` is read; digits and ASCII marks are left to the grammar
_SYMBOL_BULLET = re.compile(rf"^[ \t]*[{LIST_SYMBOLS}]+[ \t]*", re.MULTILINE)
# `进度城区智慧物流园`: the keyword glued to the project, as people type it without the space
_GLUED = re.compile(r"^\s*(进度)(?!填报|汇报|上报)(?=[^\s:：])")


@lru_cache(maxsize=64)  # a message is checked by several routes before it is parsed
def strip_mention(text: str) -> str:
    """The message without leading @mentions, invisible characters, Windows line ends, the
    symbols a pasted list puts before its lines and the header a copied message has above it
    (`【转发】`, `张伟 12-01 09:30`; a quote's reply alone: handlers.reports.copied)."""
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    text = _SYMBOL_BULLET.sub("", text)
    match = _MENTIONS.match(fold_width(text))
    return uncopied(text[match.end() if match else 0 :])


def unglue(lines: list[str]) -> list[str]:
    """`进度城区智慧物流园` read as `进度 城区智慧物流园` where fields follow, on the next lines
    or on the same one (alone, `进度很快` is a remark, not a report)."""
    out = list(lines)
    for index, line in enumerate(lines):
        if not _GLUED.match(line) or read_header(line) is not None:
            continue
        following = next((later for later in lines[index + 1 :] if later.strip()), "")
        spaced = _GLUED.sub(r"\1 ", line, count=1)
        if (following and isinstance(read_line(following), Field)) or len(spread(spaced)) > 1:
            out[index] = spaced
    return out


TITLE_LINES = 2
"""Lines a report may have above its first `进度` header (`4月第3周进度：`, `【北石店镇】`)."""


@lru_cache(maxsize=64)  # asked of one message by the router's checks and its routes, 4 times
def is_report(text: str) -> bool:
    """Whether the message opens with a `进度 <项目>` header naming a project, or has one
    under a title line or two when a filled-in field follows it."""
    lines = [line for line in message_lines(text) if line.strip()]
    for index, line in enumerate(lines[: TITLE_LINES + 1]):
        header = read_header(line)
        # "进度 怎么样了？" asks about progress; it does not report it
        if header is None or not header.ref or header.ref.endswith(("?", "？")):
            continue
        if index == 0:
            return True
        # under a title line, only with a figure: `今天开会\n进度：各项目要抓紧` is talk
        after = lines[index + 1 : index + 2]
        return any(is_figure(part) for typed in [line, *after] for part in spread(typed))
    return False


@lru_cache(maxsize=64)
def typed_lines(text: str) -> tuple[str, ...]:
    """The message's lines as the owner typed them, mentions dropped; a table pasted from
    Excel written out as the report blocks it holds (handlers.reports.pasted)."""
    lines = strip_mention(text).split("\n")
    return tuple(as_typed(lines) if TAB in text else lines)


@lru_cache(maxsize=64)
def message_lines(text: str) -> tuple[str, ...]:
    """The message's lines as the grammar reads them (mentions dropped, a pasted table written
    out, a figure corrected with `应该是` or `改为` read as the figure, figures said in Chinese
    numerals in digits, glued headers spaced, a left-out `进度` put back)."""
    lines = [in_digits(as_corrected(line)) for line in typed_lines(text)]
    return tuple(keyword_put_back(unglue(lines)))


def pasted_without_header(text: str) -> bool:
    """Whether the message is rows copied from Excel without the header row that says what
    each column is (`物流园	1,530.00	41,010.00	设备安装调试`)."""
    if TAB not in text:
        return False
    lines = strip_mention(text).split("\n")
    return any(looks_pasted(line) for line in lines) and not has_header(lines)


_SEGMENTS = re.compile(r"[，,；;\s]+")


def keyword_left_out(text: str) -> bool:
    """Whether the message reads as a report only because its `进度` was put back (its first
    line names a project without it)."""
    typed = next((line for line in typed_lines(text) if line.strip()), "")
    first = next((line for line in message_lines(text) if line.strip()), "")
    return read_header(typed) is None and read_header(first) is not None


@lru_cache(maxsize=64)
def is_nameless_report(text: str) -> bool:
    """Whether the message fills in a report but names no project: a `进度` line alone above
    filled-in fields, or, with no `进度` line at all, a figure (`累计完成：6837万`) — in a
    group, people say `进展：…` to each other; a figure is meant for the bot."""
    lines = [line for line in message_lines(text) if line.strip()]
    headers = [read_header(line) for line in lines]
    if any(header is not None and header.ref for header in headers):
        return False  # a title line above `进度 物流园` is prose before a report
    header = headers[0] if headers else None
    if header is None and lines and is_figure(_SEGMENTS.split(lines[0].strip())[0]):
        return True  # opens with a figure on one line: `本月完成1200万，累计完成3.8亿`
    wanted = TEXT_FIELDS + AMOUNT_FIELDS + FLAG_FIELDS if header else AMOUNT_FIELDS
    for line in lines[1:] if header else lines:
        item = read_line(line)
        if not (isinstance(item, Field) and item.value.strip() and item.field in wanted):
            continue
        if item.field not in AMOUNT_FIELDS or reads_as_figure(item.value):
            return True
    return False


def is_bare_header(text: str) -> bool:
    """Whether the message is a `进度` header alone, naming no project (`/进度`, `进度`)."""
    lines = [line for line in strip_mention(text).split("\n") if line.strip()]
    header = read_header(lines[0]) if len(lines) == 1 else None
    return header is not None and not header.ref
