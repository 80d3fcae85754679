"""A report whose `进度` was left out, put back where the message means one: on its first
line (`物流园 本月1200万 累计3.8亿`, `物流园` above `本月完成：…`, `1、物流园：…`, `【物流园】…`)
and on a later line of a block under way, where another project's report would otherwise be
swallowed as the first one's 形象进度 (`_next_project` says when a line can only be that)."""

from __future__ import annotations

import re

from handlers.reports.fields import AMOUNT_FIELDS, TEXT_FIELDS, fold_width
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
from handlers.reports.segments import MIN_NAME, figure_tried
from handlers.reports.values import is_empty

NAME_CHARS = 40
"""A name longer than this is a sentence, never a project's name."""
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
    title = lines[first].strip()
    if header is None and _TITLE.fullmatch(title) and not _AHEAD.search(title):
        # `本周进度：` above `1、物流园：…`: the list under its title (the title was taken for
        # the report and the whole message answered 没看懂)
        below = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), first)
        if _NUMBERED.match(lines[below].strip()):
            header = _put_back(lines[below], _next_filled(lines, below))
            first = below if header is not None else first
    if header is not None:
        out[first] = header
    if len(out) > BLOCK_LINES or not HEADER_AHEAD.search(fold_width("\n".join(out[first:]))):
        return out  # most messages: no block to go on from
    if not any(_may_name(line) for line in out[first + 1 :]):
        return out  # most reports: fields only, no later line that could name a project
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


def _may_name(line: str) -> bool:
    """Whether a line could be another project's name (not blank, a divider or a field)."""
    text = line.strip()
    return bool(text) and not _RULE.fullmatch(text) and isinstance(read_line(line), Prose | Unknown)


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
    return colon or sum(1 for part in parts[1:] if is_figure(part)) >= 2


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
    line = _NAME_THEN_PROGRESS.sub(r"\1", line, count=1)  # `污水管网进度：…` names 污水管网
    maybe_above = (
        following is not None
        and not _PUNCTUATED.search(line)
        and is_figure(following)
        and (given is None or _field_of(following) in given)
    )
    if not (one_line or maybe_above):  # most lines of a text: no need to cut them up
        return None
    spread_out = spread(f"进度 {line}")
    name = spread_out[0].removeprefix("进度").strip()
    if not name or len(name) > NAME_CHARS or is_figure(name):
        return None
    # a name, then a space, a colon or a semicolon, then figures (`景德桥：本月完成…`);
    # `大家好，本月完成1200万` greets: after a comma, it names nothing
    on_one_line = (
        one_line
        and len(spread_out) > 1
        and line[len(name) : len(name) + 1] in _AFTER_NAME
        and any(is_figure(part) for part in spread_out[1:])
    )
    above = len(spread_out) == 1 and maybe_above
    listed = one_line and _NUMBERED.match(typed.strip()) is not None
    wrong = _figure_typed_wrong(line) if listed and not (on_one_line or above) else None
    return f"进度 {line}" if on_one_line or above else wrong


_NAME_COLON = re.compile(r"^([^\s:：，,；;]{2,40}?)[:：]\s*(\S.*)$")


def _figure_typed_wrong(line: str) -> str | None:
    """`进度 污水管网 累计-5万` for an item of a numbered list typing a name, a colon and a
    figure's key with money it cannot read: that project's report, refused as such, not a line
    of the text of the item above (stored there with ✅, nothing said of the project)."""
    found = _NAME_COLON.match(line)
    if found is None or figure_tried(found[2]) is None:
        return None
    return f"进度 {found[1]} {found[2]}"


def _field_of(line: str) -> str | None:
    item = read_line(line)
    return item.field if isinstance(item, Field) else None


_RULE = re.compile(r"[-—_=*~·.。#]+")  # a divider line, as the grammar reads one
_PUNCTUATED = re.compile(r"[，,。！!？?：:；;]")
_TITLE = re.compile(
    r"[^\d，,；;。！!？?]{0,12}(?:进度|进展|情况|如下|汇报|报送)[^\d，,；;。！!？?]{0,6}[:：]?"
)
"""A title line above a numbered list of reports (`本周进度：`, `北石店镇项目进度如下`)."""
_AHEAD = re.compile(r"目标|计划|安排|任务|要求|打算|预计|力争|确保|争取|应|需")
"""A title over what is to be done (`年底目标汇报：`, `下周工作安排如下`): no list of reports."""
_NUMBERED = re.compile(
    r"^(?:[(（]?\d{1,2}[)）]|\d{1,2}[、.．]|[①-⑳]|[一二三四五六七八九十]{1,2}、)\s*"
)  # `1、` `(2)` `③` `四、` before a project's name in a list
_BRACKETED_NAME = re.compile(r"^[【\[]([^】\]]{2,40})[】\]]\s*(?=\S)")
_AFTER_NAME = frozenset(" \t\u3000；;：:")
# `污水管网进度：本月完成…`, `物流园的进展情况` above its figures: the word after the name
_NAME_THEN_PROGRESS = re.compile(
    r"^([^\s:：，,；;]{2,40}?)的?(?:进度|进展)(?:情况)?(?=$|[\s:：；;])"
)


def is_figure(line: str) -> bool:
    """Whether the line is an amount field with a real amount (`累计完成：1960万`, with a
    remark or in words too: `累计1.18亿（含设备款）`)."""
    item = read_line(line)
    return isinstance(item, Field) and item.field in AMOUNT_FIELDS and reads_as_figure(item.value)
