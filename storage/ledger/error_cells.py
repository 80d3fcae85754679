"""Excel's error values (#REF!, #DIV/0!, …) in a workbook's cells, which calamine reads as blank.

A formula gone wrong must not read as an empty plan: the import would store 0 over the real
figure. The cells are marked with `ExcelError` so the row is refused, naming the cell.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

_ERROR_CELL = b' t="e"'
log = logging.getLogger(__name__)


class ExcelError(str):
    """A cell holding one of Excel's error values, e.g. `#REF!`."""


def has_errors(xml: bytes) -> bool:
    """Whether a sheet's XML may hold an error value: a cheap look before openpyxl reads the
    workbook a second time (error cells are rare)."""
    return _ERROR_CELL in xml


def mark_errors(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    """Put an `ExcelError` in every cell of the sheets (name → rows from A1) that holds one."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            for name, rows in sheets.items():
                if name in book.sheetnames:
                    _mark(book[name].iter_rows(), rows)
        finally:
            book.close()
    except Exception as exc:
        # openpyxl is stricter than calamine (files from WPS, platforms' exports): a file it
        # cannot read is imported as calamine reads it, error cells blank as before
        log.warning("could not look for Excel error values in %s: %s", path.name, exc)


def _mark(cells: Any, rows: list[list[Any]]) -> None:
    for row in cells:
        for cell in row:
            if getattr(cell, "data_type", None) != "e":
                continue
            r, c = cell.row - 1, cell.column - 1
            while len(rows) <= r:
                rows.append([])
            line = rows[r]
            line.extend([""] * (c + 1 - len(line)))
            line[c] = ExcelError(cell.value)
