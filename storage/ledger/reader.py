"""Reading a ledger file into plain rows of cells: .xlsx (and .xlsm/.xls/.ods) or .csv."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.files import cannot_read, why_unreadable
from storage.ledger.cell_marks import mark_cells
from storage.ledger.result import LedgerError

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
OPEN_XML_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIX = ".csv"
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Sheet:
    """A sheet's cells from A1, merged areas filled with their top-left value."""

    name: str
    rows: list[list[Any]]


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file; a CSV is one sheet named after the file."""
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES and suffix != CSV_SUFFIX:
        raise LedgerError(path, "不支持的文件格式，请使用 .xlsx、.xls 或 .csv")
    if (why := cannot_read(path)) is not None:
        raise LedgerError(path, why)
    if path.name.startswith("~$"):
        raise LedgerError(path, "这是 Excel 打开文件时生成的临时文件（~$ 开头），请导入原文件")
    if suffix == CSV_SUFFIX:
        return [Sheet("项目", _read_csv(path))]
    return _read_workbook(path)


def _read_workbook(path: Path) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in book.sheets_metadata:
            # a hidden sheet (last year's copy, a lookup list) is not what the office sees
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = _rows(sheet)
            _fill_merges(rows, sheet.merged_cell_ranges or [])
            sheets.append(Sheet(meta.name, rows))
        book.close()
    except (CalamineError, OSError, ValueError) as exc:
        raise LedgerError(path, _unreadable(path)) from exc
    if path.suffix.lower() in OPEN_XML_SUFFIXES:
        mark_cells(path, {sheet.name: sheet.rows for sheet in sheets})
    return sheets


def _rows(sheet: Any) -> list[list[Any]]:
    """The sheet's rows from A1, without the blank rows at its end: one stray space typed at
    row 1,048,576 would otherwise make a million rows (45 s and 1.5 GB for a small ledger)."""
    pad = [""] * sheet.start[1] if sheet.start else []
    rows: list[list[Any]] = []
    blanks = 0
    for row in sheet.iter_rows():
        if all(cell == "" or (isinstance(cell, str) and not cell.strip()) for cell in row):
            blanks += 1
            continue
        rows.extend([] for _ in range(blanks))
        blanks = 0
        rows.append(pad + row)
    return rows


def _fill_merges(rows: list[list[Any]], merges: list[Merge]) -> None:
    # A merged cell means its value holds for every cell it covers (units merged over
    # several projects, parents over sub-headers); the reader sees only the top-left.
    for (top, left), (bottom, right) in merges:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LedgerError(path, f"无法读取（{why_unreadable(exc)}）") from exc
    if b"\x00" in raw[:4096]:
        raise LedgerError(path, "不是文本格式的 CSV 文件")
    # Excel in Chinese Windows saves CSV as GBK; with a BOM or from elsewhere it is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerError(path, "无法识别文件编码，请另存为 UTF-8 的 CSV")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise LedgerError(path, f"CSV 格式有误（{exc}）") from exc


def _unreadable(path: Path) -> str:
    """Why a workbook cannot be read, from what the file really is."""
    try:
        head = path.read_bytes()[:512].lstrip().lower()
    except OSError as exc:
        return f"无法读取（{why_unreadable(exc)}）"
    if not head:
        return "文件是空的（0 字节），请重新保存或导出后再导入"
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"\xef\xbb\xbf<")):
        # what government platforms export and name .xls
        return (
            "这是网页（HTML/XML）格式、只是扩展名为 .xls：请在 Excel 里打开，另存为 .xlsx 后再导入"
        )
    return "无法读取，文件已损坏或不是 Excel 工作簿：请在 Excel 里打开，另存为 .xlsx 后再导入"
