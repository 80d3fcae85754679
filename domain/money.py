"""Amounts as typed in chat (1200万, 3.5亿, １，２００万元) to integer yuan, and back again."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from domain.numerals import has_numeral, spoken_yuan

UNITS: dict[str, int] = {
    "元": 1,
    "万": 10_000,
    "万元": 10_000,
    "千万": 10**7,
    "千万元": 10**7,
    "亿": 10**8,
    "亿元": 10**8,
}
WAN = 10_000
YI = 10**8
MAX_YUAN = 10**15
"""Largest amount taken anywhere (1000万亿元): beyond any project, and sums of many such still
fit a 64-bit integer column."""
MAX_SHOWN = "1000万亿元"
QUOTE_CHARS = 30

UNIT_WORD = r"(?:个\s*亿元?|千万元?|万元?|亿元?|元|[wW](?![a-zA-Z]))"
"""Every unit an amount is typed with (`万`, `3.2个亿`, `1.93千万`, `1200w`), for patterns that
find where an amount ends."""
_YI_AND_WAN = re.compile(r"(\d+)\s*亿\s*(\d{1,4}(?:\.\d+)?)\s*万元?")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(元|千万|万元?|亿元?)?")
_HINT = "请写成 1200万、3.5亿 或 120000元"
ROUNDING_YUAN = 10_000
"""How far apart two figures typed in 万 may be and still be the same one."""
# units as said or typed in chat, read as the ones above: `3.2个亿`, `1.93千万元`, `1200w`
_SPOKEN = {"个亿": "亿", "个亿元": "亿", "千万元": "千万", "w": "万"}
_CURRENCY = re.compile(r"^(?:¥|人民币|RMB)\s*", re.IGNORECASE)  # NFKC folds ￥ into ¥
_TRADITIONAL = str.maketrans("萬億", "万亿")
# two different digits side by side before a unit: an estimate (`三十四五万`, `两三百万`); not
# digits written one by one (`一二零零万`)
_GUESSED = re.compile(
    r"(?<![零〇一二两三四五六七八九])([一二两三四五六七八九])(?!\1)[一二两三四五六七八九]"
    r"(?=[十百千万亿])"
)
_SPOKEN_UNIT = re.compile(r"(?<=\d)\s*(个\s*亿元?|千万元|[wW])$")


class AmountError(ValueError):
    """An amount that cannot be read; `.value` is the offending text, quoted in the message."""

    def __init__(self, value: str, reason: str = "无法识别") -> None:
        self.value = value
        self.reason = reason  # what is wrong alone, for a caller quoting the value its own way
        super().__init__(f"金额“{quoted(value)}”{reason}，{_HINT}")


def quoted(value: str, limit: int = QUOTE_CHARS) -> str:
    """A value cut to `limit` characters for quoting in a message."""
    return value if len(value) <= limit else value[:limit] + "…"


def to_yuan(number: Decimal, scale: int | Decimal) -> int | None:
    """`number` × `scale` rounded to whole yuan; None above MAX_YUAN (or not finite)."""
    if not number.is_finite() or number.adjusted() + len(str(int(scale))) > 18:
        # Decided before multiplying: 1e400 or a 40-digit figure would exceed Decimal's precision.
        return None
    yuan = int((number * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return yuan if yuan <= MAX_YUAN else None


def parse_amount(text: str, default_unit: str = "万") -> int:
    """Parse a typed amount to integer yuan; a bare number is in `default_unit` (万元)."""
    if default_unit not in UNITS:
        raise ValueError(f"unknown unit {default_unit!r}")
    shown = text.strip()
    # NFKC folds full-width digits, dot and comma (１，２００．５) into ASCII
    cleaned = unicodedata.normalize("NFKC", _without_emoji(shown)).strip().rstrip("。；;").strip()
    cleaned = re.sub(r"(?<=[元万亿])整$", "", cleaned)  # 1200万元整, as on a voucher
    # `人民币1725万元`, `¥1725万`, `1725萬` (traditional); `¥1,530.00` alone is refused: as a
    # voucher writes it, it is yuan, as an Excel column of 万元 copies it, 万 (a paste reads it
    # by its column: handlers.reports.pasted)
    currency = _CURRENCY.match(cleaned) is not None
    cleaned = _CURRENCY.sub("", cleaned).translate(_TRADITIONAL)
    cleaned = _SPOKEN_UNIT.sub(lambda m: _SPOKEN[re.sub(r"\s", "", m.group(1)).lower()], cleaned)
    if not cleaned:
        raise AmountError(shown, "为空")
    if has_numeral(cleaned):  # `一千八百五十万`, `4亿1千万`: voice input, or a hurried thumb
        return _spoken(shown, cleaned)
    if compound := _YI_AND_WAN.fullmatch(cleaned):  # 3亿8200万: 亿 and 万 written out
        yi, wan = compound.groups()
        yuan = to_yuan(Decimal(yi) * 10_000 + Decimal(wan), UNITS["万"])
        if yuan is None:
            raise AmountError(shown, f"超过上限 {MAX_SHOWN}")
        return yuan
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise AmountError(shown, _reason(cleaned))
    whole, fraction, unit = match.groups()
    if currency and unit is None:
        raise AmountError(shown, "带货币符号时请写明单位（万元还是元）")
    yuan = to_yuan(Decimal(whole.replace(",", "") + (fraction or "")), UNITS[unit or default_unit])
    if yuan is None:
        raise AmountError(shown, f"超过上限 {MAX_SHOWN}")
    return yuan


def _spoken(shown: str, cleaned: str) -> int:
    """Yuan from an amount in Chinese numerals, which must name its unit: `一千二` alone says
    neither 万 nor 元, and a bare figure's default unit is for digits typed in a column."""
    number = spoken_yuan(cleaned)
    if number is None:
        raise AmountError(shown, _reason(cleaned))
    yuan = to_yuan(number, 1)
    if yuan is None:
        raise AmountError(shown, f"超过上限 {MAX_SHOWN}")
    return yuan


def _without_emoji(text: str) -> str:
    """The text without pictographs and their joiners (`4.1亿 💰`, `1200万👍`): phones offer
    them beside the digits, and they never change a figure."""
    return "".join(c for c in text if unicodedata.category(c) not in _EMOJI_CATEGORIES)


_EMOJI_CATEGORIES = frozenset({"So", "Cf", "Mn"})  # symbols, joiners, variation selectors


def _reason(cleaned: str) -> str:
    """Say what is wrong when it is recognisable, so the owner can fix it."""
    if cleaned.startswith("-"):
        return "不能是负数"
    if re.search(r"约|左右|大约|近|多|余|几|以上|以下|不到", cleaned) or _GUESSED.search(
        re.sub(r"[点.].*", "", cleaned)  # a decimal's digits stand side by side
    ):
        return "要填确切数字，不要带“约”“左右”“多”"
    if has_numeral(cleaned) and not re.search(r"[万亿元]$", cleaned):
        return "没有写单位（万、亿或元）"  # `一千二`: 1200万, or 1200元?
    return "无法识别"


def _trimmed(value: Decimal) -> str:
    """At most two decimals, trailing zeros dropped: 1234.50 → 1234.5, 1200.00 → 1200."""
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_wan(yuan: int | None) -> str:
    """Show yuan in 万元 (`1234.56万元`); None shows as a dash."""
    if yuan is None:
        return "—"
    return f"{_trimmed(Decimal(yuan) / WAN)}万元"


@lru_cache(maxsize=1024, typed=True)  # a report checks a figure, then its reply shows it
def format_figure(yuan: int | None) -> str:
    """Show a figure someone typed as `format_amount` does where that reads back exactly
    (`3.93亿元`), else to the yuan (`12650万元`, not `1.27亿元`): an owner checks it against
    what was typed, and 14620万 must not look like the 14610万 before it."""
    shown = format_amount(yuan)
    if yuan is None or parse_amount(shown.removesuffix("元")) == yuan:
        return shown
    return format_exact(yuan)


def format_figures(first: int | None, second: int | None) -> tuple[str, str]:
    """Two typed figures compared in one sentence: as `format_amount` shows them where both
    read back exactly so (`6000万元`, `1.1亿元`), else both to the yuan in 万元 (`41711万元`
    beside `44100万元`, not beside `4.41亿元`: where one must be exact, a reader compares the
    digits)."""
    shown = format_amount(first), format_amount(second)
    if shown == (format_figure(first), format_figure(second)):
        return shown
    return format_exact(first), format_exact(second)


def format_exact(yuan: int | None) -> str:
    """Show yuan in 万元 to the yuan (`37030万元`, `1234.5678万元`): a figure to be typed back,
    which must read as exactly what is stored (`3.7亿元` for 37030万 reads back lower)."""
    if yuan is None:
        return "—"
    text = f"{Decimal(yuan) / WAN:f}"
    return f"{text.rstrip('0').rstrip('.') if '.' in text else text}万元"


def format_yi(yuan: int | None) -> str:
    """Show yuan in 亿元 (`3.5亿元`); None shows as a dash."""
    if yuan is None:
        return "—"
    return f"{_trimmed(Decimal(yuan) / YI)}亿元"


def format_amount(yuan: int | None) -> str:
    """Show yuan in 亿元 from one 亿 up, else in 万元."""
    if yuan is not None and abs(yuan) >= YI:
        return format_yi(yuan)
    return format_wan(yuan)


def format_percent(ratio: float | None) -> str:
    """Show a ratio as a percentage with at most one decimal (0.875 → `87.5%`); None → `—`.

    Rounded as the office rounds by hand, except onto a whole percent from below (see
    `_tenths`)."""
    if ratio is None or not math.isfinite(ratio):
        return "—"
    text = f"{_tenths(ratio):f}".removesuffix(".0")
    return "0%" if text == "-0" else f"{text}%"


def percent_value(ratio: float) -> float:
    """A ratio as the percentage `format_percent` shows, as a number (a chart's value)."""
    return float(_tenths(ratio))


def _tenths(ratio: float) -> Decimal:
    """The percentage to one decimal, rounded half up as a clerk's spreadsheet (ROUND) does;
    but a ratio below a whole percent never reads as it (79.96% reads 79.9%, not 80.0%):
    whole percents are where light and target lines lie, and a figure shown on the line must
    be on it."""
    percent = Decimal(str(round(ratio * 100, 6)))
    rounded = percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded > percent and rounded == rounded.to_integral_value():
        return percent.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return rounded
