"""What a chat message is before it is parsed: its lines as the grammar reads them (mentions
dropped, a glued or left-out `进度` put right), and whether it is a report, a report that
forgot its project's name, or a bare `进度` asking how to report."""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.reports.fields import AMOUNT_FIELDS, FLAG_FIELDS, TEXT_FIELDS, fold_width
from handlers.reports.lines import (
    HEADER_AHEAD,
    Field,
    Header,
    Line,
    Prose,
    Unknown,
    read_header,
    read_line,
    reads_as_figure,
)
from handlers.reports.one_line import spread
from handlers.reports.values import is_empty

# "@调度助手 ", "@机器人" glued to the keyword, WeCom's U+2005 after a mention; several in a row
_MENTIONS = re.compile(r"\s*(?:@\S+?(?:\s+|$|" + HEADER_AHEAD.pattern + r"))*", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# `进度城区智慧物流园`: the keyword glued to the project, as people type it without the space
_GLUED = re.compile(r"^\s*(进度)(?!填报|汇报|上报)(?=[^\s:：])")


@lru_cache(maxsize=64)  # a message is checked by several routes before it is parsed
def strip_mention(text: str) -> str:
    """The message without leading @mentions, invisible characters and Windows line ends."""
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    match = _MENTIONS.match(fold_width(text))
    return text[match.end() if match else 0 :]


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
        return any(_figure(part) for typed in [line, *after] for part in spread(typed))
    return False


def _figure(line: str) -> bool:
    """Whether the line is an amount field with a real amount (`累计完成：1960万`, with a
    remark or in words too: `累计1.18亿（含设备款）`)."""
    item = read_line(line)
    return isinstance(item, Field) and item.field in AMOUNT_FIELDS and reads_as_figure(item.value)


@lru_cache(maxsize=64)
def message_lines(text: str) -> tuple[str, ...]:
    """The message's lines as the grammar reads them (mentions dropped, glued headers spaced,
    a left-out `进度` put back)."""
    return tuple(keyword_put_back(unglue(strip_mention(text).split("\n"))))


NAME_CHARS = 40
"""A name longer than this is a sentence, never a project's name."""
MIN_NAME = 3
"""A name on a later line shorter than this (`二期`) is a part of the block's own project."""
BLOCK_LINES = 200
"""A message longer than this is not looked through for projects its `进度` lines left out
(no report is that long; every group message passes here)."""
ONE_LINE_CHARS = 300
"""A first line longer than this is talk, not a report on one line: not cut up to see (every
message of every group passes here)."""


def keyword_put_back(lines: list[str]) -> list[str]:
    """`物流园 本月1200万 累计3.8亿`, or `物流园` above `本月完成：…` lines: a report whose
    `进度` was left out, read as `进度 物流园 …` when a figure follows the name (a remark with
    a field in it has none: `物流园 累计多少了`). On the first line; and on a later one of a
    block under way (a second project's line was swallowed as the first's 形象进度): see
    `_next_project`."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return lines
    out = list(lines)
    header = _put_back(lines[first], _next_filled(lines, first))
    if header is not None:
        out[first] = header
    if len(out) > BLOCK_LINES or not HEADER_AHEAD.search(fold_width("\n".join(out[first:]))):
        return out  # most messages: no block to go on from
    listed = bool(_NUMBERED.match(lines[first].strip())) and header is not None
    following = _following(out)
    block = _Block()
    for index in range(first, len(out)):
        line = out[index]
        if not line.strip() or _RULE.fullmatch(line.strip()):  # `------` parts blocks too
            block.blank = True
            continue
        item = read_line(line)
        if isinstance(item, Header):
            block = _Block(line)
            continue
        if block.ref is not None and isinstance(item, Prose | Unknown):
            header = _next_project(line, following[index], block, listed)
            if header is not None:
                out[index] = header
                block = _Block(header)
                continue
        block.take(line, item)
    return out


class _Block:
    """The block being read: its project as typed, its fields so far, the one running."""

    def __init__(self, header: str | None = None) -> None:
        self.ref: str | None = None
        self.given: set[str] = set()
        self.running: str | None = None
        self.blank = False
        self.on_header = False
        """The block's fields so far are all on its header line (a report on one line)."""
        if header is not None:  # a header on one line gives fields too
            parts = spread(header)
            found = read_header(parts[0])
            self.ref = found.ref if found is not None else ""
            self._note([read_line(part) for part in parts[1:]])
            self.on_header = bool(self.given)

    def take(self, line: str, item: Line) -> None:
        """A body line of the block, as read."""
        self._note([item])
        self.blank = self.on_header = False

    def _note(self, items: list[Line]) -> None:
        fields = [item for item in items if isinstance(item, Field)]
        self.given |= {item.field for item in fields}
        if fields:
            # a text that says nothing (存在问题：无) runs on into nothing: as a figure would
            last = fields[-1]
            said_nothing = last.value.strip() and is_empty(last.value)  # `形象进度：` goes on
            self.running = None if said_nothing else last.field


def _next_project(line: str, following: str | None, block: _Block, listed: bool) -> str | None:
    """A later line that reports another project: after a blank line, a figure or a report on
    one line (not inside a text, where `一标段 累计完成1500万` describes the block's own
    project), or as an item of a list the message opened with; never a part of the block's own
    project's name."""
    # inside a text only a name above a figure the block has already: that figure again can
    # only be another project's
    in_text = block.running in TEXT_FIELDS and not block.blank and not block.on_header
    header = _put_back(line, following, block.given)
    if header is None:
        return None
    if in_text and not (listed and _NUMBERED.match(line)) and not _a_report_alone(header):
        return None  # `一标段 累计完成1500万`: a part of the block's own project
    name, own = _name_of(header), block.ref or ""
    if len(name) < MIN_NAME or name in own or own in name:  # `二期 本月完成500万`: a part too
        return None
    return header


def _a_report_alone(header: str) -> bool:
    """A line that can only be another project's report, even inside a text: a name with a
    colon (`污水管网：本月完成90万`), or two figures (`污水管网 本月完成90万 累计1914万`), or a
    name alone above a figure the block has given already."""
    parts = spread(header)
    if len(parts) == 1:  # the name above figures: put back only where they repeat the block's
        return True
    name, typed = _name_of(header), header.removeprefix("进度 ")
    colon = typed.startswith(name) and typed[len(name) : len(name) + 1] in ("：", ":")
    return colon or sum(1 for part in parts[1:] if _figure(part)) >= 2


def _name_of(header: str) -> str:
    """The project's name as a header line types it (its fields cut off)."""
    found = read_header(spread(header)[0])
    return found.ref if found is not None else ""


def _next_filled(lines: list[str], index: int) -> str | None:
    """The first non-blank line after `index`."""
    return next((line for line in lines[index + 1 :] if line.strip()), None)


def _following(lines: list[str]) -> list[str | None]:
    """For each line, the first non-blank line after it (in one pass: a message may be long)."""
    found: list[str | None] = [None] * len(lines)
    after: str | None = None
    for index in range(len(lines) - 1, -1, -1):
        found[index] = after
        if lines[index].strip():
            after = lines[index]
    return found


def _put_back(
    typed: str, following: str | None, given: set[str] | None = None, *, one_line: bool = True
) -> str | None:
    """`进度 <line>` if the line is a report with its `进度` left out, else None. `given`: the
    fields of the block under way (None on the first line): a name alone above a figure
    starts a new block only where the block has that figure already. `one_line`: whether a
    line of a name and figures may be one."""
    if typed.lstrip()[:1] in ("/", "／"):  # `/进展 #1 物流园 本月完成投资500万`: a command
        return None
    line = _NUMBERED.sub("", typed.strip())  # `1、物流园：本月完成…`, a list of projects
    line = _BRACKETED_NAME.sub(r"\1 ", line)  # `【物流园】本月完成…`
    if len(line) > ONE_LINE_CHARS or read_header(line) is not None:
        return None
    # prose, or `景德桥：本月完成…` (the name read as an unknown key)
    if not isinstance(read_line(line), Prose | Unknown):
        return None
    maybe_above = (
        following is not None
        and not _PUNCTUATED.search(line)
        and _figure(following)
        and (given is None or _field_of(following) in given)
    )
    if not (one_line or maybe_above):  # most lines of a text: no need to cut them up
        return None
    spread_out = spread(f"进度 {line}")
    name = spread_out[0].removeprefix("进度").strip()
    if not name or len(name) > NAME_CHARS or _figure(name):
        return None
    # a name, then a space, a colon or a semicolon, then figures (`景德桥：本月完成…`);
    # `大家好，本月完成1200万` greets: after a comma, it names nothing
    on_one_line = (
        one_line
        and len(spread_out) > 1
        and line[len(name) : len(name) + 1] in _AFTER_NAME
        and any(_figure(part) for part in spread_out[1:])
    )
    above = len(spread_out) == 1 and maybe_above
    return f"进度 {line}" if on_one_line or above else None


def _field_of(line: str) -> str | None:
    item = read_line(line)
    return item.field if isinstance(item, Field) else None


_RULE = re.compile(r"[-—_=*~·.。#]+")  # a divider line, as the grammar reads one
_PUNCTUATED = re.compile(r"[，,。！!？?：:；;]")
_NUMBERED = re.compile(
    r"^(?:[(（]?\d{1,2}[)）]|\d{1,2}[、.．]|[①-⑳]|[一二三四五六七八九十]{1,2}、)\s*"
)  # `1、` `(2)` `③` `四、` before a project's name in a list
_BRACKETED_NAME = re.compile(r"^[【\[]([^】\]]{2,40})[】\]]\s*(?=\S)")
_AFTER_NAME = frozenset(" \t\u3000；;：:")
_SEGMENTS = re.compile(r"[，,；;\s]+")


def keyword_left_out(text: str) -> bool:
    """Whether the message reads as a report only because its `进度` was put back (its first
    line names a project without it)."""
    typed = next((line for line in strip_mention(text).split("\n") if line.strip()), "")
    first = next((line for line in message_lines(text) if line.strip()), "")
    return read_header(typed) is None and read_header(first) is not None


def is_nameless_report(text: str) -> bool:
    """Whether the message fills in a report but names no project: a `进度` line alone above
    filled-in fields, or, with no `进度` line at all, a figure (`累计完成：6837万`) — in a
    group, people say `进展：…` to each other; a figure is meant for the bot."""
    lines = [line for line in message_lines(text) if line.strip()]
    headers = [read_header(line) for line in lines]
    if any(header is not None and header.ref for header in headers):
        return False  # a title line above `进度 物流园` is prose before a report
    header = headers[0] if headers else None
    if header is None and lines and _figure(_SEGMENTS.split(lines[0].strip())[0]):
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
