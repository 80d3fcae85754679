"""Writing report sheets set up for printing: merged title, frozen header, filters, landscape.

The upward 月报表 goes to paper and to other offices as it is, so each sheet carries its own
print set-up (fit to one page wide, header rows repeated on every page) instead of leaving it
to whoever opens it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.files import why_unwritable
from storage.ledger.cells import FORMULA_START
from storage.ledger.result import LedgerError
from storage.ledger.writer import Table, Wan, write_tables, xlsx_value

if TYPE_CHECKING:  # openpyxl loads on first use: the server need not import it to start
    from openpyxl import Workbook

SUBTOTAL_FILL = "F2F2F2"
HEADER_FILL = "D9E1F2"
MIN_WIDTH, MAX_WIDTH = 10, 18  # characters: a column left unset by its table


@dataclass
class PrintTable(Table):
    """A `Table` with rows to emphasise (subtotals, the 合计) by their index in `rows`."""

    bold_rows: set[int] = field(default_factory=set)


def write_print_book(path: Path, tables: list[PrintTable], *, made_on: date | None = None) -> None:
    """Write .xlsx with print set-up; a .csv takes the first table plainly. `made_on` is
    printed at the foot of every page: a month exported again later may read otherwise."""
    if path.suffix.lower() != ".xlsx":
        write_tables(path, list(tables))
        return
    try:
        _write(path, tables, made_on)
    except OSError as exc:
        raise LedgerError(path, f"无法写入（{why_unwritable(exc)}）") from exc


def print_book_bytes(tables: list[PrintTable], *, made_on: date | None = None) -> bytes:
    """The .xlsx `write_print_book` writes, as bytes (a download)."""
    out = BytesIO()
    _book(tables, made_on).save(out)
    return out.getvalue()


def _write(path: Path, tables: list[PrintTable], made_on: date | None) -> None:
    _book(tables, made_on).save(path)


def _book(tables: list[PrintTable], made_on: date | None) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    default = book.active
    for table in tables:
        sheet = book.create_sheet(table.name)
        _sheet(sheet, table)
        if made_on is not None:
            sheet.oddFooter.left.text = (
                f"制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"
            )
    if default is not None:
        book.remove(default)
    return book


def _fitting(table: PrintTable, rows: list[Any], column: int) -> float:
    """A width for a column the table leaves unset: its longest figure as shown (10,000.00:
    Excel shows ##### in a column too narrow for a number), its header wrapping."""
    fmt = table.formats.get(column)
    shown = [_shown(xlsx_value(row[column], fmt), fmt) for row in rows if len(row) > column]
    return min(MAX_WIDTH, max([MIN_WIDTH, *(len(text) + 2 for text in shown)]))


def _shown(value: Any, fmt: str | None) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None or isinstance(value, str) else str(value)
    if fmt and "%" in fmt:
        return f"{value:.1%}"
    return f"{value:,.2f}" if fmt and "," in fmt else f"{value:.2f}"


def _sheet(sheet: Any, table: PrintTable) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    width = len(table.header)
    last = get_column_letter(width)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([table.title or table.name])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.append(table.header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    rows = list(table.rows)
    for index, row in enumerate(rows):
        sheet.append([xlsx_value(v, table.formats.get(i)) for i, v in enumerate(row)])
        line = sheet.max_row
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(line, column)
            cell.border = border
            if (fmt := table.formats.get(column - 1)) and value is not None:
                cell.number_format = fmt
            if isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if value.startswith(FORMULA_START):
                    cell.data_type, cell.quotePrefix = "s", True
            if index in table.bold_rows:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor=SUBTOTAL_FILL)
    for column in range(width):
        size = table.widths.get(column) or _fitting(table, rows, column)
        sheet.column_dimensions[get_column_letter(column + 1)].width = size
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{max(2, sheet.max_row)}"
    sheet.print_title_rows = "1:2"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


__all__ = ["PrintTable", "Wan", "print_book_bytes", "write_print_book"]
