"""/亮灯's units, as a leader reads them on a phone: the unit with most reds first, then most
yellows, whatever their sum (`区水务局 🔴4` above `矿区街道 🔴2 🟡2`)."""

from __future__ import annotations

from collections import Counter

from handlers.lists import by_unit

LIT = {
    "北石店镇": ("red",) * 5 + ("yellow",) * 3,
    "区住建局": ("red",) * 3 + ("yellow",) * 5,
    "西上庄街道": ("red",) * 2 + ("yellow",) * 3,
    "区水务局": ("red",) * 4,
    "南街街道": ("red",) * 4,
    "矿区街道": ("red",) * 2 + ("yellow",) * 2,
    "区商务局": ("yellow",) * 6,
}


def _listed(n: int) -> tuple[list[str], dict[str, int]]:
    shown = Counter((unit, color) for unit, colors in LIT.items() for color in colors)

    def colors(unit: str) -> dict[str, int]:
        return {"red": shown[unit, "red"], "yellow": shown[unit, "yellow"]}

    units = (unit for unit, colors in LIT.items() for _ in colors)
    rows, rest = by_unit(units, n, colors)
    return [f"{r['unit']} 🔴{r['red']} 🟡{r['yellow']}" for r in rows], rest


def test_units_are_listed_by_red_then_yellow() -> None:
    rows, rest = _listed(6)
    assert rows == [
        "北石店镇 🔴5 🟡3",
        "区水务局 🔴4 🟡0",  # equal reds and yellows: by name, as before
        "南街街道 🔴4 🟡0",
        "区住建局 🔴3 🟡5",
        "西上庄街道 🔴2 🟡3",
        "矿区街道 🔴2 🟡2",
    ]
    assert rest == {"units": 1, "count": 6}  # 区商务局's six yellows come last


def test_units_without_colours_are_still_listed_by_count() -> None:
    rows, rest = by_unit(["甲", "乙", "乙", "丙", "乙", "丙"], 2)
    assert [(r["unit"], r["count"]) for r in rows] == [("乙", 3), ("丙", 2)]
    assert rest == {"units": 1, "count": 1}
