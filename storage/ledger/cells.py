"""Turning one cell, as offices type it, into an amount in yuan, a date, names or mobiles."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.money import MAX_SHOWN, AmountError, parse_amount, quoted, to_yuan
from domain.numerals import has_numeral
from domain.text import storable
from storage.ledger.names import UNIT_SCALES

EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "/", "无", "空", "n/a", "none", "null"})
EXCEL_EPOCH = date(1899, 12, 30)
FIRST_SERIAL, LAST_SERIAL = 25_569, 73_051  # 1970-01-01 .. 2099-12-31
MIN_YEAR, MAX_YEAR = 1990, 2100
_SEPARATORS = re.compile(r"[、,;/\n]+")
_FULL_DATE = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_MONTH_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_AMOUNT_UNIT = re.compile(r"(亿元|万元|元|亿|万)$")
_MOBILE = re.compile(r"^1\d{10}$")
# a column's scale as the unit word a numeral naming none is read in (`一千八百五十`, 万元)
_UNIT_WORDS = {scale: word for word, scale in UNIT_SCALES.items() if word.endswith("元")}


FORMULA_START = tuple("=+-@\t\r＝＋－＠")
"""How a cell a spreadsheet would run as a formula begins (OWASP's CSV-injection advice)."""


class CellError(ValueError):
    """A cell that cannot be read; the message says why and quotes the value."""


def text(value: Any) -> str:
    """The cell as trimmed text; a whole number stored as a float loses its `.0`."""
    if type(value) is str:
        return _unquoted(storable(value).strip())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int) and value.bit_length() > 10_000:
        # str() of a Python int over 4,300 digits raises; such a cell is named by its size.
        return f"{value.bit_length()} 位二进制的整数"
    return storable(str(value)).strip()


def _unquoted(cell: str) -> str:
    # Our CSV export writes '=… so no spreadsheet runs it; reading it back drops the quote.
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def is_empty(value: Any) -> bool:
    """True for a blank cell or a placeholder such as “—” or “无”."""
    if value is None or value == "":
        return True
    return isinstance(value, str) and value.strip().lower() in EMPTY_MARKS


def yuan(value: Any, scale: Decimal) -> int | None:
    """An amount cell (in `scale`, usually 万元) as whole yuan; None when blank."""
    if is_empty(value):
        return None
    shown = quoted(text(value))
    if isinstance(value, bool | datetime | date):
        raise CellError(f"不是金额：“{shown}”")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        cleaned = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "")
        if has_numeral(cleaned):
            return _said(shown, cleaned, scale)
        if match := _AMOUNT_UNIT.search(cleaned):
            scale, cleaned = UNIT_SCALES[match.group(1)], cleaned[: match.start()]
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(f"不是数字：“{shown}”") from None
    if not number.is_finite():
        raise CellError(f"不是数字：“{shown}”")
    if number < 0:
        raise CellError(f"金额不能为负数：“{shown}”")
    amount = to_yuan(number, scale)
    if amount is None:
        raise CellError(f"金额“{shown}”超过上限 {MAX_SHOWN}，请核对单位")
    return amount


def _said(shown: str, cleaned: str, scale: Decimal) -> int:
    """An amount cell in Chinese numerals (`一千八百五十`, `两千万元`), read as chat reads one
    (domain.money, over domain.numerals): in the unit it names, or else in its column's."""
    # every column's scale is one of UNIT_SCALES' (storage.ledger.headers)
    said = cleaned if _AMOUNT_UNIT.search(cleaned) else cleaned + _UNIT_WORDS[scale]
    try:
        return parse_amount(said)
    except AmountError as exc:
        # `一期`: no number at all; `三十四五万`: an estimate, the reason says so
        reason = "不是数字：“{}”" if exc.reason == "无法识别" else "金额“{}”" + exc.reason
        raise CellError(reason.format(shown)) from None


def day(value: Any, today: date | None = None) -> date | None:
    """A date cell: an Excel date, a serial number, or text like 2025.3.1 or 2025年3月1日
    (a refusal's example is of `today`'s year)."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # The range first: float() of an integer past 1e308 overflows.
        if FIRST_SERIAL <= value <= LAST_SERIAL and float(value).is_integer():
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"无法识别的日期：“{quoted(text(value))}”，请写成 {_example(today)}")
    return _text_date(text(value), today)


def _example(today: date | None) -> str:
    """How to write a date, in this year: an example from 2025 reads as stale in 2026."""
    return f"{today.year}-03-01" if today else "年-月-日（如 2026-03-01）"


def month_only(value: Any) -> bool:
    """Whether a date cell names a month alone (`2026年5月`), which `day` reads as its last day."""
    if not isinstance(value, str):
        return False
    return bool(_MONTH_DATE.match(unicodedata.normalize("NFKC", value).replace(" ", "")))


def _text_date(raw: str, today: date | None) -> date:
    cleaned = unicodedata.normalize("NFKC", raw).replace(" ", "")
    if match := _FULL_DATE.match(cleaned) or _COMPACT_DATE.match(cleaned):
        year, month, mday = (int(part) for part in match.groups())
    elif match := _MONTH_DATE.match(cleaned):
        # A month alone ("2025年6月") means by the end of that month.
        year, month = int(match.group(1)), int(match.group(2))
        mday = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 1
    else:
        raise CellError(f"无法识别的日期：“{raw}”，请写成 {_example(today)}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"日期年份不合理：“{raw}”")
    try:
        return date(year, month, mday)
    except ValueError:
        raise CellError(f"日期不存在：“{raw}”") from None


def names(value: Any) -> list[str]:
    """Person names in one cell, separated by 、，/ or new lines; spaces inside a name dropped."""
    if is_empty(value):
        return []
    cleaned = unicodedata.normalize("NFKC", text(value))
    return ["".join(part.split()) for part in _SEPARATORS.split(cleaned) if part.strip()]


def mobiles(value: Any) -> list[str]:
    """Mobile numbers in one cell, in the same order as the names beside them."""
    if is_empty(value):
        return []
    cleaned = unicodedata.normalize("NFKC", text(value))
    found = []
    for part in re.split(r"[、,;/\n]+|\s{2,}", cleaned):
        number = re.sub(r"[\s\-]", "", part).removeprefix("+86")
        if not number:
            continue
        if not _MOBILE.match(number):
            raise CellError(f"手机号应为 11 位数字：“{part.strip()}”")
        found.append(number)
    return found


def words(value: Any) -> list[str]:
    """Items of a list cell such as 角色 or 简称, separated by 、，/ or spaces."""
    cleaned = unicodedata.normalize("NFKC", text(value))
    return [part for part in re.split(r"[、,;/\s]+", cleaned) if part and not is_empty(part)]
