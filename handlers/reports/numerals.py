"""A figure said in Chinese numerals where a report's figure stands (`本月完成三百万`,
`物流园累计完成四亿一千万形象进度…`), written in digits before the grammar reads the line, so
that every step that finds a figure by its digits (a one-line report's parts, a name glued to
its figure, a key after a figure) reads it as it reads `本月完成300万`.

Only a numeral right after a figure's key and ending in a money unit is one: `一期`, `二标段`,
`三层封顶` and `一千米管道` say no money, and a text's own line (`存在问题：资金缺口两千万元`)
is kept as typed. A field's value typed after its colon is read by domain.money either way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from domain.money import UNIT_WORD, format_figure, to_yuan
from domain.numerals import HAS_NUMERAL, NUMERALS, spoken_yuan
from handlers.reports.fields import AMOUNT_FIELDS, SYNONYMS, TEXT_FIELDS, strip_bullet
from handlers.reports.restated import PLAN_KEY
from handlers.reports.segments import FIGURE_KEY

_AMOUNT_KEYS = sorted((name for name, field in SYNONYMS.items() if field in AMOUNT_FIELDS), key=len)
_KEY = (
    rf"(?:{FIGURE_KEY}|{'|'.join(reversed(_AMOUNT_KEYS))}"
    r"|\d{1,2}月份?(?:完成|累计)(?:完成)?(?:投资)?"
    rf"|{PLAN_KEY})(?:了|为|是)?"  # the plan restated (`年度计划四点二亿`): noted, as 4.2亿 is
)
_TEXT_KEYS = "|".join(name for name, field in SYNONYMS.items() if field in TEXT_FIELDS)
# where a figure ends: the line's end, a break, a remark's bracket, or the next key glued on
FIGURE_ENDS = rf"(?=$|[\s，,。；;、:：!！?？(（【\[]|{FIGURE_KEY}|{_TEXT_KEYS})"
_SAID = re.compile(
    rf"(?P<key>{_KEY}\s*[:：]?\s*)(?P<amount>[\d.点{NUMERALS}万亿]*?[{NUMERALS}][\d.点{NUMERALS}万亿]*?"
    rf"\s*{UNIT_WORD}){FIGURE_ENDS}"
)
_TEXT_LINE = re.compile(rf"^(?:{_TEXT_KEYS})")
LONGEST_LINE = 300
"""A line longer than this is kept as typed: no report line with a figure is that long (a
whole report on one line is read up to handlers.reports.left_out's ONE_LINE_CHARS, also 300),
and `_SAID`'s work grows with the square of a run of numerals (`本月完成一万一万…`, thousands
long, took seconds of a server's time)."""


@lru_cache(maxsize=1024)  # a message's lines are read by several routes before it is parsed
def in_digits(line: str) -> str:
    """The line with each figure said in Chinese numerals after a figure's key written in
    digits (`本月完成三百万` → `本月完成300万元`); a text's line, and a numeral that is no
    amount (`三十四五万`, an estimate: refused as typed), as they are."""
    if len(line) > LONGEST_LINE or not HAS_NUMERAL.search(line):
        return line
    if _TEXT_LINE.match(strip_bullet(line.strip())):
        return line
    return _SAID.sub(_written, line)


def _written(found: re.Match[str]) -> str:
    number = spoken_yuan(found["amount"])
    yuan = None if number is None else to_yuan(number, 1)
    if yuan is None:
        return found[0]
    return found["key"] + format_figure(yuan)
