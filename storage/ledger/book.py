"""Telling a workbook's 项目, 人员 and 节点 sheets apart and checking their required columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage.ledger.headers import Layout, detect
from storage.ledger.names import REQUIRED, clean
from storage.ledger.parse import column_letter
from storage.ledger.reader import Sheet, read_sheets
from storage.ledger.result import LedgerError

_NAME_HINTS = (("人员", "人员"), ("通讯录", "人员"), ("节点", "节点"), ("里程碑", "节点"))
# columns of the 月报表 export that no ledger has
_MONTHLY_WORDS = ("本月完成", "年度累计完成", "序时进度", "完成序时比例", "亮灯")
_LEDGER_ONLY = ("项目类别", "总投资", "责任人", "计划开工日期", "项目状态")
MAX_SHOWN = 12
NOT_LEDGER = (
    "不是项目台账。月报表由“diaodu export --monthly”导出、供上报用；导入请用项目台账"
    "（含“项目代码”“项目名称”“责任单位”“年度计划投资”等列）"
)


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
    def unknown_columns(self) -> list[str]:
        """Headers of the 项目 sheets that look like ledger data but were not read."""
        return list(dict.fromkeys(h for _, layout in self.projects for h in layout.unknown))

    @property
    def sheet_order(self) -> dict[str, int]:
        """Sheet name → its place in the report of errors (人员, then 项目, then 节点)."""
        names = [s.name for s, _ in self.people + self.projects + self.milestones]
        return {name: index for index, name in enumerate(names)}


def open_book(path: Path) -> Book:
    """Read the file and sort its sheets; a file without a 项目 sheet is refused."""
    book = Book()
    seen: list[str] = []
    for sheet in read_sheets(path):
        where = f"工作表「{sheet.name}」" if path.suffix.lower() != ".csv" else "表头"
        layout = detect(sheet.rows)
        seen.append(f"{where}：{found_columns(sheet, layout)}")
        if layout is None:
            continue
        if is_monthly_report(sheet, layout):
            raise LedgerError(
                path, f"{where}是月报表（{found_columns(sheet, layout)}），{NOT_LEDGER}"
            )
        kind = _kind(sheet.name, layout)
        if kind is None:
            continue
        if kind == "项目" and layout.doubled:
            raise LedgerError(path, f"{where}{doubled_columns(layout)}")
        missing = [c for c in REQUIRED[kind] if c not in layout.columns]
        if missing:
            found = found_columns(sheet, layout)
            raise LedgerError(
                path, f"{where}缺少必需的列：{'、'.join(missing)}（找到的列：{found}）"
            )
        {"项目": book.projects, "人员": book.people, "节点": book.milestones}[kind].append(
            (sheet, layout)
        )
    if not book.projects:
        found = "；".join(seen[:5]) or "没有任何内容"
        raise LedgerError(
            path,
            f"找不到项目表：没有一张工作表含有“项目代码”“项目名称”“责任单位”等列（找到 {found}）",
        )
    return book


def is_monthly_report(sheet: Sheet, layout: Layout) -> bool:
    """The 月报表's own layout (本月完成, 序时进度, 亮灯 … or a 月报表 title), not a ledger."""
    above = [_text(cell) for row in sheet.rows[: layout.data_start] for cell in row]
    if any("月报表" in text for text in above):
        return True
    # an office's own ledger may track a figure or two of these; it also has ledger columns
    monthly = sum(any(word in text for text in above) for word in _MONTHLY_WORDS)
    return monthly >= 3 and not any(column in layout.columns for column in _LEDGER_ONLY)


def doubled_columns(layout: Layout) -> str:
    """Why a sheet heading one amount twice is refused (the first would win unseen)."""
    first, second = layout.doubled[0]
    return (
        f"有两列都是“{first.name}”：{column_letter(first.index)}列「{first.header}」和 "
        f"{column_letter(second.index)}列「{second.header}」，不知道导入哪一列；"
        "请删去不导入的一列（隐藏的列也算）后再导入"
    )


def found_columns(sheet: Sheet, layout: Layout | None) -> str:
    """The header cells of a sheet as the file writes them (the first few), for messages."""
    if layout is not None and layout.data_start > 0:
        header = sheet.rows[layout.data_start - 1]
    else:
        header = next((row for row in sheet.rows if any(_text(cell) for cell in row)), [])
    texts = [_text(cell) for cell in header if _text(cell)]
    shown = "、".join(texts[:MAX_SHOWN]) + ("……" if len(texts) > MAX_SHOWN else "")
    return shown or "没有表头"


def _text(cell: object) -> str:
    return "".join(str(cell).split()) if cell is not None else ""


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
