"""Turning a sheet's data rows into validated row models and row errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from storage.ledger import cells
from storage.ledger.actual_dates import TODAY
from storage.ledger.error_cells import ExcelError
from storage.ledger.formula_cells import Uncalculated
from storage.ledger.headers import Column, Layout
from storage.ledger.names import MONTHS
from storage.ledger.reader import Sheet
from storage.ledger.result import RowError

RowT = TypeVar("RowT", bound=BaseModel)
MONTHLY = "月度计划"
_NOTE = re.compile(
    r"^(注|备注|说明|合计|总计|小计|填报|填表|制表|审核|联系人|[一二三四五六七八九十]+[、.]|"
    r"[(（][一二三四五六七八九十]+[)）])"
)
# a total or a group's count written anywhere in a row without a code: 全区合计, 续建项目小计,
# 北石店镇（1个）, 2个项目
_TOTAL = re.compile(r"(合计|总计|小计)|[(（]\d+个(项目)?[)）]$|^\d+个项目$")


class Progress(Protocol):
    """Anything with tqdm's `update`."""

    def update(self, n: float | None = 1) -> bool | None:
        """Advance by n rows."""


@dataclass(frozen=True)
class Parsed(Generic[RowT]):
    """A valid row: where it came from, its data, and which columns the sheet has."""

    sheet: str
    row: int
    data: RowT
    present: frozenset[str]
    columns: dict[str, Column]


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 → A, 26 → AA)."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_error(sheet: str, row: int, column: Column | None, name: str, reason: str) -> RowError:
    """A RowError naming the column as the file heads it."""
    if column is None:
        return RowError(sheet, row, name, reason)
    return RowError(sheet, row, column.header, reason, column_letter(column.index))


def parse_sheet(
    sheet: Sheet, layout: Layout, model: type[RowT], progress: Progress, today: date | None = None
) -> tuple[list[Parsed[RowT]], list[RowError]]:
    """Validate every data row; blank rows, notes and subtotal rows are passed over. An actual
    date (开工日期 …) later than `today` is refused."""
    columns = layout.columns
    singles = [c for c in columns.values() if c.name not in MONTHS]
    months = [columns.get(m) for m in MONTHS]
    has_months = any(months)
    present = frozenset(c.name for c in singles) | ({MONTHLY} if has_months else set())
    context = {"scales": _scales(model, columns), TODAY: today}
    parsed: list[Parsed[RowT]] = []
    errors: list[RowError] = []
    for index in range(layout.data_start, len(sheet.rows)):
        progress.update(1)
        cells_ = sheet.rows[index]
        if _passed_over(cells_, columns):
            continue
        if broken := _error_cells(sheet.name, index + 1, cells_, columns):
            errors.extend(broken)
            continue
        raw: dict[str, Any] = {c.name: _at(cells_, c.index) for c in singles}
        if has_months:
            raw[MONTHLY] = [_at(cells_, c.index) if c else None for c in months]
        try:
            data = model.model_validate(raw, context=context)
        except ValidationError as exc:
            errors.extend(_errors(sheet.name, index + 1, columns, exc))
            continue
        parsed.append(Parsed(sheet.name, index + 1, data, present, columns))
    return parsed, errors


def _scales(model: type[BaseModel], columns: dict[str, Column]) -> dict[str, Any]:
    scales = {
        field: columns[info.alias].scale
        for field, info in model.model_fields.items()
        if info.alias in columns
    }
    if first_month := next((columns[m] for m in MONTHS if m in columns), None):
        scales["monthly"] = first_month.scale
    return scales


def _passed_over(row: list[Any], columns: dict[str, Column]) -> bool:
    key = columns.get("项目代码") or columns.get("姓名")
    key_value = _at(row, key.index) if key else ""
    # a template's spare rows: no key, their lookup formulas showing #N/A
    key_text = "" if isinstance(key_value, ExcelError) else cells.text(key_value)
    if key_text and not _is_note(key_text) and not _heading(row):
        return False
    if all(_blank(_at(row, c.index)) for c in columns.values()):
        return True
    first = next((cells.text(v) for v in row if not _blank(v)), "")
    return key_text in ("", first) and (_is_note(first) or _heading(row))


def _blank(value: Any) -> bool:
    return cells.is_empty(value) or isinstance(value, ExcelError)


def _heading(row: list[Any]) -> bool:
    """A group heading merged across the sheet (北石店镇): the same text in every cell."""
    texts = {cells.text(v) for v in row if not cells.is_empty(v)}
    return len(texts) == 1 and sum(not cells.is_empty(v) for v in row) > 2


def _is_note(text: str) -> bool:
    bare = "".join(text.split())
    return bool(_NOTE.match(bare) or _TOTAL.search(bare))


def _error_cells(
    sheet: str, row: int, cells_: list[Any], columns: dict[str, Column]
) -> list[RowError]:
    return [
        row_error(sheet, row, c, c.name, _unusable(value))
        for c in columns.values()
        if isinstance(value := _at(cells_, c.index), ExcelError)
    ]


def _unusable(value: ExcelError) -> str:
    if isinstance(value, Uncalculated):
        formula = f"（{value}）" if value else ""
        return f"是公式{formula}，没有计算结果：请在 Excel 或 WPS 中打开、保存后再导入"
    return f"是 Excel 的错误值 {value}（公式出错），请改正后再导入"


def _errors(
    sheet: str, row: int, columns: dict[str, Column], exc: ValidationError
) -> list[RowError]:
    found = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        if name == MONTHLY and len(err["loc"]) > 1:
            name = MONTHS[int(err["loc"][1])]
        if err["type"] == "value_error":
            reason = str(err["ctx"]["error"])
        else:
            reason = "不能为空" if err["type"] == "missing" else err["msg"]
        found.append(row_error(sheet, row, columns.get(name), name, reason))
    return found


def _at(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else ""
