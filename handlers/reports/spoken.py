"""A report whose `进度` was left out: voice input, which writes commas where a keyboard user
puts a space, or nothing at all (`太行光电，本月完成50万元，累计完成14528万元，形象进度设备安装`).
In a group such a line is as likely talk (`物流园，本月必须完成1500万`): there the dispatcher
takes it only for the sender's own projects."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from handlers.reports.corrected import as_corrected
from handlers.reports.fields import AMOUNT_FIELDS
from handlers.reports.grammar import SAYS_WHAT_IT_IS, parse_report_message
from handlers.reports.left_out import ONE_LINE_CHARS
from handlers.reports.lines import read_header
from handlers.reports.message_shape import strip_mention
from handlers.reports.numerals import in_digits
from handlers.reports.one_line import name_apart

_FIGURE = re.compile(r"\d\s*(?:万|亿|元|[wW])|\d\s*$|累计|本月|本周")
"""Something a report has: most group talk has none, and is not parsed at all."""
_NOT_SAID = re.compile(r"^[/／#]|[？?吗呢]$")
"""A command (`/进展 #1 …本月完成投资500万`) or a question (`累计完成多少？`) is no report."""
_NAME_THEN_COMMA = re.compile(r"^([^\s，,：:；;。]{2,40}?)[，,]\s*(?=\S)")


@lru_cache(maxsize=64)  # asked by several steps of one message (is it talk, whose, the answer)
def spoken_report(text: str, today: date) -> str | None:
    """The message written as the report it means, with its `进度`; None when it is not one
    (every block must name a project and give a figure)."""
    lines = [in_digits(as_corrected(line)) for line in strip_mention(text).strip().split("\n")]
    if not _FIGURE.search("\n".join(lines)):  # `上月完成五十万`: its figure in digits now
        return None
    first = SAYS_WHAT_IT_IS.sub("", lines[0].strip())  # `更正：物流园累计4.03亿`
    if _NOT_SAID.search(first):  # its first line a command or a question
        return None
    if not first or read_header(first) is not None or len(first) > ONE_LINE_CHARS:
        return None
    first = name_apart(first)  # said to the bot: a name glued to a figure is one
    named = _NAME_THEN_COMMA.match(first)
    head = f"进度 {named[1]} {first[named.end() :]}" if named else f"进度 {first}"
    spoken = "\n".join([head, *lines[1:]])
    blocks = parse_report_message(spoken, today)
    if blocks and all(b.has_fields and set(AMOUNT_FIELDS) & set(b.given) for b in blocks):
        return spoken
    return None
