"""A message as a phone copies it: the lines WeCom or WeChat puts above a copied or forwarded
message (`【转发】`, the sender line `张伟 2026/12/1 9:30:15`), and a quote typed out as text
(`「张伟：进度 物流园 累计4.1亿」` over a dashed rule, the reply below it). Only lines that
clearly are such a header are dropped; the one who sends a message is the one reporting."""

from __future__ import annotations

import re

from handlers.reports.fields import AMOUNT_FIELDS, fold_width
from handlers.reports.lines import Field, read_header, read_line
from handlers.reports.one_line import spread

# on width-folded text: `【转发】`, `[转发]`, `〔转发〕`, a line of its own
_FORWARDED = re.compile(r"[【\[〔(]\s*(?:转发|转发消息|转自)\s*[】\]〕)]")
# the note /模板 全部 puts above blocks of two months (templates/replies/templates_all), sent
# back with them when the whole message is edited and sent
_TEMPLATES_NOTE = re.compile(r"带“月份:\d{1,2}月”的按\d{1,2}月填报;.*按\d{1,2}月填报。?")
_DATE = r"(?:\d{4}[/.\-年]\d{1,2}[/.\-月]\d{1,2}日?|\d{1,2}[/\-月]\d{1,2}日?|昨天|今天)"
_TIME = r"(?:上午|下午|晚上|中午)?\d{1,2}:\d{2}(?::\d{2})?"
# `张伟 2026/12/1 9:30:15`, `张伟 12-01 09:30`: a name, then the date and time it was sent
# (a time alone is not enough: `物流园 9:30` may be something said)
_SENT = rf"(?:{_DATE}\s*{_TIME}|{_TIME}\s+{_DATE})"
_SENDER = re.compile(rf"(?P<name>[^\s\d:,;。，；]{{1,20}}?)\s+{_SENT}")
# WeChat's rule between a quote and the reply: `- - - - - - - -`, or dashes unspaced
_RULE = re.compile(r"(?:-\s*){6,}|[—─_]{6,}")
_SPEAKER = re.compile(r"^[^\s:]{1,20}:\s*")  # `张伟：` at a quote's start
_CORRECTS = re.compile(r"^\s*(?:更正|修正|修改|纠正|改为|更正为|修改为)\s*[:：]?\s*(?=\S)")
_QUOTE_LINES = 30
"""Lines a quote may run to (a whole report quoted)."""


def copy_header_name(line: str) -> str | None:
    """The sender a copied message's first line names (`张伟` of `张伟 12-01 09:30`); `""` for
    `【转发】` (or /模板 全部's note on its months); None when the line is none."""
    folded = fold_width(line).strip()
    if _FORWARDED.fullmatch(folded) or _TEMPLATES_NOTE.fullmatch(folded):
        return ""
    found = _SENDER.fullmatch(folded)
    if found is None or read_header(folded) is not None:
        return None
    return found["name"]


def uncopied(text: str) -> str:
    """`text` without the copy header above it and, for a quote, with the reply alone (under
    the quoted report's project when the reply fills in a report naming none)."""
    lines = text.split("\n")
    start = _past_headers(lines)
    lines = lines[start:]
    quoted = _quote_apart(lines)
    if quoted is None:
        return "\n".join(lines) if start else text
    header, reply = quoted
    if header is None or not _fills_in(reply):
        return "\n".join(reply)
    first = next(index for index, line in enumerate(reply) if line.strip())
    said = _CORRECTS.sub("", reply[first])
    return "\n".join([header, *reply[:first], said, *reply[first + 1 :]])


def copied_from(text: str) -> str | None:
    """The name on the sender line above a copied message (`张伟 12-01 09:30`), if any."""
    lines = text.split("\n")
    for line in lines[: _past_headers(lines)]:
        if name := copy_header_name(line):
            return name
    return None


def with_copy_header(text: str, said: str) -> str:
    """`said` (the report `text` means, written out) under the copy header `text` has."""
    lines = text.split("\n")
    return "\n".join([*lines[: _past_headers(lines)], said])


def _past_headers(lines: list[str]) -> int:
    """The index of the first line after the copy headers at the top (0: none), kept when
    nothing follows them (`张伟 12-01 09:30` alone is left as said)."""
    index = 0
    while index < len(lines) and (
        not lines[index].strip() or copy_header_name(lines[index]) is not None
    ):
        index += 1
    dropped = any(copy_header_name(line) is not None for line in lines[:index])
    return index if dropped and index < len(lines) else 0


def _quote_apart(lines: list[str]) -> tuple[str | None, list[str]] | None:
    """A quote over a rule: the quoted report's project (None: it quotes none) and
    the reply's lines; None when the message does not open with a quote so."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if not filled or not fold_width(lines[filled[0]]).strip().startswith("「"):
        return None
    for end in filled[:_QUOTE_LINES]:
        if not lines[end].rstrip().endswith("」"):
            continue
        after = [index for index in filled if index > end]
        if len(after) < 2 or not _RULE.fullmatch(fold_width(lines[after[0]]).strip()):
            return None
        quote = "\n".join(lines[filled[0] : end + 1]).strip()[1:-1]
        return _quoted_header(quote), lines[after[0] + 1 :]
    return None


def _quoted_header(quote: str) -> str | None:
    """The project a quoted report opens with (`物流园` of `张伟：进度 物流园 累计4.1亿`)."""
    first = quote.strip().split("\n")[0]
    if read_header(first) is None:
        first = _SPEAKER.sub("", fold_width(first).strip())
    header = read_header(first) and read_header(spread(first)[0])
    # the name alone, as if its `进度` were left out: in a group, only the sender's own
    # project's (a leader quoting a report to urge it on is not reporting)
    return header.ref if header is not None and header.ref else None


def _fills_in(reply: list[str]) -> bool:
    """Whether the reply fills in a report's figures and names no project: it opens with a
    figure (`更正：累计4.12亿`), and has no `进度` line of its own (`厂房` on a line above its
    figures names its own project). Text alone (`存在问题：…`) is no report the name can lead:
    it is answered as typed, not quoted with a name the owner never wrote above it."""
    filled = [_CORRECTS.sub("", line) for line in reply if line.strip()]
    if not filled or any(read_header(line) is not None for line in filled):
        return False
    item = read_line(spread(filled[0])[0])
    return isinstance(item, Field) and item.field in AMOUNT_FIELDS


def sent_by_other(text: str, sender: str) -> str | None:
    """The other person a forwarded message's sender line names (`李娜 12-01 09:30` sent on by
    张伟); None when it names none or the sender (`张伟(北石店镇)` is 张伟)."""
    named = copied_from(text)
    return named if named and not named.startswith(sender) else None
