"""Marking the workbook cells calamine reads as blank that are not: Excel's error values and
formulas saved without their result. One look through the sheets' XML finds both."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any

from storage.ledger.error_cells import has_errors, mark_errors
from storage.ledger.formula_cells import Found, sheet_parts, uncalculated

log = logging.getLogger(__name__)


def mark_cells(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    """Mark the cells of an .xlsx's sheets (name → rows from A1) that only look blank."""
    if not sheets:
        return
    errors, unplaced, formulas = False, False, {}
    try:
        with zipfile.ZipFile(path) as archive:
            parts, members = sheet_parts(archive), set(archive.namelist())
            for name in sheets:
                if (part := parts.get(name)) not in members:
                    unplaced = True
                    continue
                xml = archive.read(part)
                errors = errors or has_errors(xml)
                formulas[name] = uncalculated(xml)
            if unplaced and not errors:  # a sheet not found by name: look at all of them
                errors = any(has_errors(archive.read(part)) for part in _worksheets(members))
    except (zipfile.BadZipFile, OSError) as exc:
        log.warning("could not look for formulas and error values in %s: %s", path.name, exc)
        return
    if errors:
        mark_errors(path, sheets)
    for name, found in formulas.items():
        _mark(found, sheets[name])


def _worksheets(members: set[str]) -> list[str]:
    return [name for name in members if name.startswith("xl/worksheets/")]


def _mark(found: Found, rows: list[list[Any]]) -> None:
    for r, c, formula in found:
        # rows past the last one read hold nothing else, and a row of nothing but formulas
        # is passed over anyway: a formula filled down to row 1,048,576 adds no rows
        if r >= len(rows):
            continue
        line = rows[r]
        line.extend([""] * (c + 1 - len(line)))
        if line[c] == "":  # calamine read a value after all: that value stands
            line[c] = formula
