"""How amounts, ratios and dates read inside light reasons."""

from __future__ import annotations

import math

from domain.money import YI, format_amount


def amount(yuan: int) -> str:
    """`domain.money.format_amount`, in integer arithmetic (100k lights, two amounts each)."""
    if yuan < 0 or type(yuan) is not int:
        return format_amount(yuan)
    # Hundredths of a 亿 or 万, rounded half up as `format_amount` quantizes them.
    if yuan >= YI:
        hundredths, unit = (yuan + 500_000) // 1_000_000, "亿元"
    else:
        hundredths, unit = (yuan + 50) // 100, "万元"
    whole, cents = divmod(hundredths, 100)
    if not cents:
        return f"{whole}{unit}"
    return f"{whole}.{cents:02d}".rstrip("0") + unit


def percent(done: int, plan: int) -> str:
    """done / plan as `domain.money.format_percent` shows it (one decimal, none on a whole
    percent; half up, never up onto a whole percent), in integer arithmetic."""
    tenths = (2 * done * 1000 + plan) // (2 * plan)  # half up
    if tenths % 10 == 0 and tenths * plan > done * 1000:
        tenths = done * 1000 // plan
    return _shown(tenths)


def ratio_percent(ratio: float) -> str:
    """A stored ratio as a percentage, shown and rounded like `percent`."""
    exact = round(ratio * 1000, 6)
    tenths = math.floor(exact + 0.5)
    if tenths % 10 == 0 and tenths > exact:
        tenths = math.floor(exact)
    return _shown(tenths)


def _shown(tenths: int) -> str:
    # as the standing line above a reason shows the same ratio: `109%`, not `109.0%`
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}%" if tenth else f"{whole}%"
