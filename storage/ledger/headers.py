"""Finding the header of a sheet kept by hand: title rows above it, two-row merged headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storage.ledger.names import UNIT_SCALES, WAN, canonical, clean

SCAN_ROWS = 20
_PERSON_COLUMNS = ("责任人", "包联领导")
_NAME_WORDS = frozenset({"姓名", "名字"})
_PHONE_WORDS = frozenset({"手机", "手机号", "手机号码", "电话", "联系电话", "联系方式"})
_UNIT_NOTE = re.compile(r"单位[:]?(亿元|万元|元)")


@dataclass(frozen=True)
class Column:
    """One recognised column: where it is, what the file calls it, and its amount unit."""

    index: int
    name: str
    header: str
    scale: Decimal


@dataclass(frozen=True)
class Layout:
    """The recognised columns of a sheet and the first data row (0-based)."""

    columns: dict[str, Column]
    data_start: int


def detect(rows: list[list[Any]]) -> Layout | None:
    """The sheet's header: the row, or pair of rows, naming the most known columns."""
    scanned = rows[: SCAN_ROWS + 1]
    singles = [len(_names(row, None)) for row in scanned]
    best: tuple[int, int, bool] | None = None
    for index in range(min(SCAN_ROWS, len(rows))):
        double = len(_names(rows[index], rows[index + 1])) if index + 1 < len(scanned) else 0
        # Two rows make the header only when together they name more than either alone
        # (a merged title row over a plain header must not count as a parent row).
        if index + 1 < len(scanned) and double <= max(singles[index], singles[index + 1]):
            double = 0
        for count, two in ((singles[index], False), (double, True)):
            if count >= 2 and (best is None or count > best[0]):
                best = (count, index, two)
    if best is None:
        return None
    _, index, two = best
    default = _sheet_scale(rows[: index + 1])
    child = rows[index + 1] if two else None
    columns: dict[str, Column] = {}
    for col, (name, header, scale) in _names(rows[index], child).items():
        if name not in columns:
            columns[name] = Column(col, name, header, scale or default)
    return Layout(columns, index + (2 if two else 1))


def _names(
    parent: list[Any], child: list[Any] | None
) -> dict[int, tuple[str, str, Decimal | None]]:
    found: dict[int, tuple[str, str, Decimal | None]] = {}
    seen: set[str] = set()
    carried = ""
    for col, cell in enumerate(parent):
        top = _text(cell)
        below = _text(child[col]) if child is not None and col < len(child) else ""
        # A parent merged across columns leaves the later cells empty (always so in CSV).
        top = top or (carried if below else "")
        carried = top
        name, scale, header = _combine(top, below)
        if name and name not in seen:
            seen.add(name)
            found[col] = (name, header, scale)
    return found


def _combine(top: str, below: str) -> tuple[str | None, Decimal | None, str]:
    if not below or clean(below) == clean(top):
        name, scale = canonical(top)
        return name, scale, top
    header = f"{top}/{below}" if top else below
    parent, parent_scale = canonical(top)
    word = clean(below)
    if parent in _PERSON_COLUMNS and word in _NAME_WORDS:
        return parent, None, header
    if parent in _PERSON_COLUMNS and word in _PHONE_WORDS:
        return f"{parent}手机", None, header
    name, scale = canonical(below)
    if name is None:
        name, scale = canonical(top + below)
    if name is None:
        name, scale = canonical(below + top)
    return name, scale or parent_scale, header


def _sheet_scale(rows: list[list[Any]]) -> Decimal:
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and (match := _UNIT_NOTE.search(clean(cell))):
                return UNIT_SCALES[match.group(1)]
    return WAN


def _text(cell: Any) -> str:
    return "".join(cell.split()) if isinstance(cell, str) else ""
