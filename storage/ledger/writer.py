"""Writing tables to .xlsx (openpyxl write-only) or .csv (UTF-8 with BOM, so Excel opens it)."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from domain.files import why_unwritable
from domain.money import percent_value
from storage.ledger.cells import FORMULA_START
from storage.ledger.checks import wan
from storage.ledger.names import WAN
from storage.ledger.result import LedgerError

PERCENT = "0.0%"
AMOUNT = "#,##0.00"  # 万元 with thousands separators, as the office types them


@dataclass
class Table:
    """One sheet: an optional title line, a header, rows, and number formats by column."""

    name: str
    header: list[str]
    rows: Iterable[list[Any]]
    title: str | None = None
    formats: dict[int, str] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)


class Wan(int):
    """An amount in yuan that is written in 万元."""


def write_tables(path: Path, tables: list[Table]) -> None:
    """Write the tables; a CSV takes only the first one."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            _write_csv(path, tables[0])
        elif suffix == ".xlsx":
            path.write_bytes(xlsx_bytes(tables))  # see save_whole
        else:
            raise LedgerError(path, "不支持的导出格式，请使用 .xlsx 或 .csv")
    except OSError as exc:
        raise LedgerError(path, f"无法写入（{why_unwritable(exc)}）") from exc


def xlsx_bytes(tables: list[Table]) -> bytes:
    """The tables as an .xlsx file's bytes (a download)."""
    buffer = BytesIO()
    _write_xlsx(buffer, tables)
    return buffer.getvalue()


def save_whole(book: Any, path: Path) -> None:
    """Save an openpyxl workbook to `path`, made whole in memory first: a write-only one saved
    to a path it cannot open leaves its sheets' writers to fail again once collected
    (`Exception ignored … I/O operation on closed file` after the reason was printed)."""
    buffer = BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def _write_xlsx(path: BytesIO, tables: list[Table]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.name)
        # the header stays in sight while a long list scrolls, as in the monthly report (set
        # before the first row: a write-only sheet writes its view out with it)
        sheet.freeze_panes = f"A{3 if table.title else 2}"
        for index, width in table.widths.items():
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        if table.title:
            title = WriteOnlyCell(sheet, table.title)
            title.font = Font(bold=True, size=14)
            sheet.append([title])
        sheet.append([_bold(WriteOnlyCell(sheet, name), Font) for name in table.header])
        for row in table.rows:
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(sheet, xlsx_value(value, table.formats.get(index)))
                if (fmt := table.formats.get(index)) and value is not None:
                    cell.number_format = fmt
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    # Text, never a formula: Excel's own quote prefix (as when '= is typed).
                    cell.data_type, cell.quotePrefix = "s", True
                cells.append(cell)
            sheet.append(cells)
    book.save(path)


def _bold(cell: Any, font: Any) -> Any:
    cell.font = font(bold=True)
    return cell


def xlsx_value(value: Any, fmt: str | None = None) -> Any:
    """A cell value as .xlsx holds it (amounts in 万元; a ratio as chat shows it, so a figure
    sent upward reads the same in the sheet and in the bot's replies)."""
    if fmt == PERCENT and isinstance(value, float) and math.isfinite(value):
        return round(percent_value(value) / 100, 4)  # 0.949, not 0.9490000000000001
    if isinstance(value, Wan):
        amount = Decimal(int(value)) / WAN
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    return value


def _write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        if table.title:
            out.writerow([table.title])
        out.writerow(table.header)
        for row in table.rows:
            out.writerow([_csv_value(v, table.formats.get(i)) for i, v in enumerate(row)])


def _csv_value(value: Any, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Wan):
        return wan(int(value))
    if isinstance(value, date):
        return value.isoformat()
    if fmt == PERCENT and isinstance(value, float) and math.isfinite(value):
        return f"{percent_value(value):.1f}%"  # as chat rounds it (half up), not as float does
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # OWASP: a leading quote keeps =, +, -, @ from running as a formula
    return str(value)
