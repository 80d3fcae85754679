"""Amounts said in Chinese numerals (`一千八百五十万`, `4亿1千万`, `一点二亿`), as voice input and
a hurried thumb write them, to yuan. The numerals are read by cn2an; this module only decides
what is an amount: a numeral followed by a money unit (万, 亿, 元, 万元, 亿元, 个亿), never a
numeral alone (`一千二`, `一期`, `三层`), which says no unit; but zero (`零`) needs none, and a
digit after a last 万 or 亿 is the unit one down (`一亿二`, `三万五`), as people say it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import cast

NUMERALS = "零〇一二两三四五六七八九十百千廿壹贰叁肆伍陆柒捌玖拾佰仟"
"""The characters of a Chinese numeral, lower and upper case (大写, as on a voucher)."""
HAS_NUMERAL = re.compile(f"[{NUMERALS}]")
# a decimal's coefficient before its unit (`一点二亿`, `三点五万`): cn2an reads `一点二` but not
# `一点二亿`, so the unit is applied here
_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_DECIMAL = re.compile(rf"([\d{NUMERALS}]+(?:点|\.)[\d{_DIGITS}]+)(千万|万|亿|)")
_WHOLE = re.compile(rf"[\d{NUMERALS}万亿]+")
_SCALES = {"": 1, "万": 10_000, "千万": 10**7, "亿": 10**8}
_ZERO = re.compile(r"[零〇]+(?:千万|万|亿)?")  # zero is none in any unit: it needs none
# a digit after the last unit is the next unit down, as said (`一亿二` is 一亿二千万, `三万五`
# 三万五千); only right after a digit or 十 (`一亿零二`, `三千万五` are no such thing)
_NEXT_DOWN = re.compile(r"(.*[一二两三四五六七八九十])(万|亿)([一二两三四五六七八九])")
_DOWN = {"万": "千", "亿": "千万"}


def has_numeral(text: str) -> bool:
    """Whether `text` holds a Chinese numeral's character (`一`, `千`, `两`)."""
    return HAS_NUMERAL.search(text) is not None


def spoken_yuan(text: str) -> Decimal | None:
    """The yuan an amount in Chinese numerals names (`一千八百五十万` → 18500000, `两千万元`,
    `4亿1千万`, `3百万`, `一点二个亿`, `一亿二`, `零`); None when it is no amount: no money
    unit after the numeral (`一千二`), or no numeral cn2an reads (`三十四五万`, an estimate)."""
    body = re.sub(r"\s", "", text).replace("个亿", "亿")
    unit_said = body.endswith("元")
    body = body.removesuffix("元")
    if _ZERO.fullmatch(body):
        return Decimal(0)
    if not unit_said and (said := _NEXT_DOWN.fullmatch(body)):
        body = f"{said[1]}{said[2]}{said[3]}{_DOWN[said[2]]}"  # `三万五千`: in 万, one down
        unit_said = True
    if not body or not (unit_said or body.endswith(("万", "亿"))) or not has_numeral(body):
        return None
    if decimal := _DECIMAL.fullmatch(body):
        number = _numeral(decimal.group(1).replace(".", "点"))
        return None if number is None else number * _SCALES[decimal.group(2)]
    return _numeral(body) if _WHOLE.fullmatch(body) else None


def load_reader() -> None:
    """Import cn2an ahead of need: its import builds its tables (a third of a second of CPU),
    which a service does once at start-up rather than inside the first such report."""
    import cn2an  # noqa: F401


@lru_cache(maxsize=256)  # a report's figure is read by several steps (its line, its block)
def _numeral(text: str) -> Decimal | None:
    """cn2an's reading of a numeral (its `smart` mode takes digits among the words: `4亿1千万`),
    as an exact Decimal; None when it reads none."""
    import cn2an  # loaded at start-up by a service (load_reader); a CLI only when needed

    try:
        value = cast(int | float, cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
    try:
        # a float from cn2an is a decimal it read (1.2): its shortest repr is what was said
        return Decimal(str(value))
    except InvalidOperation:
        return None
