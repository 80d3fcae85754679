"""Dates as people type them in chat: 2025-05-10, 2025/5/10, 2025年5月10日, 5月10日, 5.10."""

from __future__ import annotations

import re
from datetime import date

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_TABLE = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")


class DateError(ValueError):
    """The text is not a date; the message quotes it."""


def parse_date(text: str, today: date) -> date:
    """Parse a typed date; a date without a year is in `today`'s year."""
    cleaned = text.strip().translate(_TABLE).rstrip("。；;")
    if match := _FULL.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SHORT.match(cleaned):
        year, (month, day) = today.year, (int(part) for part in match.groups())
    else:
        raise DateError(f"日期“{text.strip()}”无法识别，请写成 2025-05-10 或 5月10日")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"日期“{text.strip()}”不存在") from exc
