"""A figure corrected as people say it (`本月完成应该是0.15亿`, `累计改为4.098亿`): the words
between a figure's key and its figure that say what it should be are dropped before the grammar
reads the line, so that it reads as `本月完成0.15亿` does.

Without this the line named no figure: its sentence was stored as the 形象进度 in place of the
real one, or the message was not understood at all. `应为` and `应是` are also what a month
should have done: before what was actually done (`本月应为500万，实际完成254万`, `…应为100万，
受雨季影响仅完成80万`) the line is kept, as is a text's own line (`存在问题：本月完成应为500万，
因资金未到位只完成200万`): dropping the words there reverses what it says.
"""

from __future__ import annotations

import re
from functools import lru_cache

from domain.money import UNIT_WORD, AmountError, parse_amount
from domain.numerals import NUMERALS
from handlers.reports.fields import AMOUNT_FIELDS, SYNONYMS, TEXT_FIELDS, strip_bullet
from handlers.reports.numerals import FIGURE_ENDS, LONGEST_LINE
from handlers.reports.restated import PLAN_KEY
from handlers.reports.segments import FIGURE_KEY

_AMOUNT_KEYS = sorted((name for name, field in SYNONYMS.items() if field in AMOUNT_FIELDS), key=len)
_KEY = (
    rf"(?:{'|'.join(reversed(_AMOUNT_KEYS))}|{FIGURE_KEY}"
    r"|\d{1,2}月份?(?:完成|累计)(?:完成)?(?:投资)?)"
)
_SHOULD_BE = r"(?:应该是|应该为|更正为|修改为|更改为|改为|改成|应为|应是)"
_CORRECTED = re.compile(
    rf"(?P<key>{_KEY}\s*[:：]?\s*)(?P<said>{_SHOULD_BE})\s*(?=[\d０-９.{NUMERALS}])"
)
_TARGET = frozenset({"应为", "应是", "应该是"})  # also what the month should have done
_ACTUAL = re.compile(r"实际")
_AMOUNT = rf"[\d０-９{NUMERALS}][\d０-９.．,{NUMERALS}万亿]*\s*{UNIT_WORD}"
# the figure after `改为`, whole (`1500万多`, `一千多万` are not): else the line is kept, and
# refused quoting what was typed
_FIGURE = re.compile(rf"{_AMOUNT}整?{FIGURE_ENDS}")
# a figure under its own key (`，累计3800万`) is a second correction; any other amount after a
# target (`仅完成80万`, `只完成了200万`) is what was done against it
_KEYED = re.compile(rf"(?:{_KEY}|{PLAN_KEY})\s*[:：]?\s*(?:{_SHOULD_BE})?\s*{_AMOUNT}")
_ANOTHER = re.compile(_AMOUNT)
_TEXT_LINE = re.compile(
    rf"^(?:{'|'.join(name for name, field in SYNONYMS.items() if field in TEXT_FIELDS)})"
)


@lru_cache(maxsize=1024)  # a message's lines are read by several routes before it is parsed
def as_corrected(line: str) -> str:
    """The line with `应该是`, `改为` and the like dropped between a figure's key and its
    figure (`累计改为4.098亿` → `累计4.098亿`); a target set against the actual figure
    (`本月应为500万，实际完成254万`) as it is."""
    if len(line) > LONGEST_LINE or not re.search(_SHOULD_BE, line):  # no report line; most
        return line
    if _TEXT_LINE.match(strip_bullet(line.strip())):
        return line
    return _CORRECTED.sub(lambda found: _dropped(found, line), line)


def _dropped(found: re.Match[str], line: str) -> str:
    figure = _FIGURE.match(line, found.end())
    if figure is None or not _reads(figure[0]):
        return found[0]
    if found["said"] in _TARGET and _done_after(line[found.end() :]):
        return found[0]
    return found["key"]


def _reads(figure: str) -> bool:
    """Whether the figure is an amount the grammar takes."""
    try:
        parse_amount(figure)
    except AmountError:
        return False
    return True


def _done_after(rest: str) -> bool:
    """Whether what follows a target's figure says what was actually done: `实际…`, or an
    amount under no figure's key of its own."""
    figure = _ANOTHER.match(rest)
    after = rest[figure.end() :] if figure else rest
    return _ACTUAL.search(after) is not None or _ANOTHER.search(_KEYED.sub("", after)) is not None
