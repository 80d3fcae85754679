"""A list as the page shows it and as its .xlsx download holds it: one table, same headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain import display
from domain.money import format_percent
from storage.ledger.names import WAN
from storage.ledger.writer import AMOUNT, PERCENT, Table, Wan

__all__ = ["AMOUNT", "PERCENT", "Listing", "Wan", "cell_text"]


@dataclass
class Listing:
    """A table with, per row, the links its cells lead to and the light it is shown with."""

    table: Table
    links: list[dict[int, str]] = field(default_factory=list)
    lights: list[str | None] = field(default_factory=list)
    light_column: int | None = None
    minor: frozenset[int] = frozenset()
    """Columns a phone leaves out of its cards (the .xlsx and wider screens keep them)."""
    compact: bool = False
    """Short figures only: a phone shows two cells a line (a unit's card in half the height)."""
    today: date | None = None
    """The day the page is read on: its dates say `11月20日`, with the year only when another."""

    @property
    def rows(self) -> list[list[Any]]:
        """The rows (a listing keeps them as a list)."""
        rows = self.table.rows
        return rows if isinstance(rows, list) else list(rows)

    def cells(self) -> list[list[tuple[str, str | None, str]]]:
        """Each row's cells as (text, link, css class) for the page."""
        out = []
        for index, row in enumerate(self.rows):
            links = self.links[index] if index < len(self.links) else {}
            light = self.lights[index] if index < len(self.lights) else None
            cells = []
            for column, value in enumerate(row):
                fmt = self.table.formats.get(column)
                css = "num" if isinstance(value, int | float) else ""
                if isinstance(value, date):
                    css = "day"  # `11月20日` kept on one line: the text beside it wraps
                if column == self.light_column and light:
                    css = f"light {light}"
                if column in self.minor:
                    css = f"{css} minor".strip()
                cells.append((cell_text(value, fmt, self.today), links.get(column), css))
            out.append(cells)
        return out


def _wan(yuan: int) -> str:
    """万元 to two decimals at most (the .xlsx keeps the exact figure)."""
    text = f"{(Decimal(yuan) / WAN).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_text(value: Any, fmt: str | None = None, today: date | None = None) -> str:
    """A value as the page prints it: 万元 (two decimals at most), percentages, dates, `—`.
    With `today`, dates read as in chat (`11月20日`); the .xlsx keeps them as dates."""
    if value is None:
        return "—"
    if fmt == PERCENT and isinstance(value, float):
        return format_percent(value)
    if today is not None and isinstance(value, date):
        shown = display.day(value, today)
        return f"{shown} {value:%H:%M}" if isinstance(value, datetime) else shown
    for kind, show in _SHOWN:
        if isinstance(value, kind):
            return show(value)
    return str(value)


_SHOWN: list[tuple[type, Any]] = [
    (Wan, lambda v: _wan(int(v))),
    (datetime, lambda v: f"{v:%Y-%m-%d %H:%M}"),
    (date, lambda v: v.isoformat()),
    (bool, lambda v: "是" if v else "否"),
]
