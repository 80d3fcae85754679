"""How ratios and dates read inside light reasons (amounts come from `domain.money`)."""

from __future__ import annotations

import math
from datetime import date


def percent(done: int, plan: int) -> str:
    """done / plan as a percentage with one decimal, truncated so 79.99% never reads 80.0%."""
    tenths = done * 1000 // plan
    return f"{tenths // 10}.{tenths % 10}%"


def ratio_percent(ratio: float) -> str:
    """A stored ratio as a percentage with one decimal, truncated like `percent`."""
    tenths = math.floor(round(ratio * 1000, 6))
    return f"{tenths // 10}.{tenths % 10}%"


def day(d: date, today: date) -> str:
    """`5月10日`, with the year when it is not this year's."""
    text = f"{d.month}月{d.day}日"
    return text if d.year == today.year else f"{d.year}年{text}"
