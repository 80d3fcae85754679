"""Telling a workbook's 项目, 人员 and 节点 sheets apart and checking their required columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage.ledger.headers import Layout, detect
from storage.ledger.names import REQUIRED, clean
from storage.ledger.reader import Sheet, read_sheets
from storage.ledger.result import LedgerError

_NAME_HINTS = (("人员", "人员"), ("通讯录", "人员"), ("节点", "节点"), ("里程碑", "节点"))


@dataclass
class Book:
    """The usable sheets of one ledger file, by kind, each with its header layout."""

    projects: list[tuple[Sheet, Layout]] = field(default_factory=list)
    people: list[tuple[Sheet, Layout]] = field(default_factory=list)
    milestones: list[tuple[Sheet, Layout]] = field(default_factory=list)

    @property
    def data_rows(self) -> int:
        """How many rows lie below the headers, over every sheet."""
        every = self.projects + self.people + self.milestones
        return sum(max(len(sheet.rows) - layout.data_start, 0) for sheet, layout in every)

    @property
    def sheet_order(self) -> dict[str, int]:
        """Sheet name → its place in the report of errors (人员, then 项目, then 节点)."""
        names = [s.name for s, _ in self.people + self.projects + self.milestones]
        return {name: index for index, name in enumerate(names)}


def open_book(path: Path) -> Book:
    """Read the file and sort its sheets; a file without a 项目 sheet is refused."""
    book = Book()
    for sheet in read_sheets(path):
        layout = detect(sheet.rows)
        if layout is None:
            continue
        kind = _kind(sheet.name, layout)
        if kind is None:
            continue
        missing = [c for c in REQUIRED[kind] if c not in layout.columns]
        if missing:
            where = f"工作表「{sheet.name}」" if path.suffix.lower() != ".csv" else "表头"
            raise LedgerError(path, f"{where}缺少必需的列：{'、'.join(missing)}")
        {"项目": book.projects, "人员": book.people, "节点": book.milestones}[kind].append(
            (sheet, layout)
        )
    if not book.projects:
        raise LedgerError(
            path, "找不到项目表：没有一张工作表含有“项目代码”“项目名称”“责任单位”等列"
        )
    return book


def _kind(name: str, layout: Layout) -> str | None:
    columns = layout.columns
    hinted = next((kind for hint, kind in _NAME_HINTS if hint in clean(name)), None)
    if hinted == "人员" and "姓名" in columns:
        return hinted
    if hinted == "节点" and "节点" in columns:
        return hinted
    if "节点" in columns and "项目代码" in columns:
        return "节点"
    if "项目代码" in columns or "项目名称" in columns:
        return "项目"
    if "姓名" in columns and "手机" in columns:
        return "人员"
    return None
