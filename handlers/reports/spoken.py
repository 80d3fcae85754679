"""A report said to the bot alone with its `进度` left out: voice input, which writes commas
where a keyboard user puts a space, or nothing at all (`太行光电，本月完成50万元，累计完成14528
万元，形象进度设备安装`). Only in a 1:1 chat: in a group such a line is as likely talk
(`物流园，本月必须完成1500万`)."""

from __future__ import annotations

import re
from datetime import date

from handlers.reports.fields import AMOUNT_FIELDS
from handlers.reports.grammar import parse_report_message
from handlers.reports.lines import read_header
from handlers.reports.message_shape import ONE_LINE_CHARS, strip_mention

_NAME_THEN_COMMA = re.compile(r"^([^\s，,：:；;。]{2,40}?)[，,]\s*(?=\S)")


def spoken_report(text: str, today: date) -> str | None:
    """The message written as the report it means, with its `进度`; None when it is not one
    (every block must name a project and give a figure)."""
    lines = strip_mention(text).strip().split("\n")
    first = lines[0].strip()
    if not first or read_header(first) is not None or len(first) > ONE_LINE_CHARS:
        return None
    named = _NAME_THEN_COMMA.match(first)
    head = f"进度 {named[1]} {first[named.end() :]}" if named else f"进度 {first}"
    spoken = "\n".join([head, *lines[1:]])
    blocks = parse_report_message(spoken, today)
    if blocks and all(b.has_fields and set(AMOUNT_FIELDS) & set(b.given) for b in blocks):
        return spoken
    return None
