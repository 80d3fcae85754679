"""A figure corrected as people say it (`本月完成应该是0.15亿`, `累计改为4.098亿`): the words
between a figure's key and its figure that say what it should be are dropped before the grammar
reads the line, so that it reads as `本月完成0.15亿` does.

Without this the line named no figure: its sentence was stored as the 形象进度 in place of the
real one, or the message was not understood at all. `应为` and `应是` are also what a month
should have done: before an actual figure (`本月应为500万，实际完成254万`) the line is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from domain.numerals import NUMERALS
from handlers.reports.fields import AMOUNT_FIELDS, SYNONYMS
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
_TARGET = frozenset({"应为", "应是"})  # also what the month should have done
_ACTUAL = re.compile(r"实际")


@lru_cache(maxsize=1024)  # a message's lines are read by several routes before it is parsed
def as_corrected(line: str) -> str:
    """The line with `应该是`, `改为` and the like dropped between a figure's key and its
    figure (`累计改为4.098亿` → `累计4.098亿`); a target set against the actual figure
    (`本月应为500万，实际完成254万`) as it is."""
    if not re.search(_SHOULD_BE, line):  # most lines
        return line
    return _CORRECTED.sub(lambda found: _dropped(found, line), line)


def _dropped(found: re.Match[str], line: str) -> str:
    if found["said"] in _TARGET and _ACTUAL.search(line, found.end()):
        return found[0]
    return found["key"]
