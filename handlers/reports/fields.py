"""The keys of a progress report: every way county staff name a field, mapped to one field."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from domain.money import UNITS

AMOUNT_FIELDS = ("period", "ytd", "week")
TEXT_FIELDS = ("progress", "problems", "plan")
FLAG_FIELDS = ("started", "stats", "completed")
WHEN_FIELDS = ("year", "month")  # which year and month a report counts for (default: today's)

LABELS: dict[str, str] = {
    "period": "本月完成",
    "ytd": "本年累计完成",
    "week": "本周完成",
    "progress": "形象进度",
    "problems": "存在问题",
    "plan": "下步计划",
    "started": "开工",
    "stats": "入统",
    "completed": "竣工",
    "year": "年度",
    "month": "月份",
}

# space-separated so the table stays one glance wide
_NAMES: dict[str, str] = {
    "period": "本月 当月 本月完成 本月完成投资 本月投资 当月完成 当月完成投资 本期完成"
    " 本期完成投资 本期投资 本月实际完成 月完成投资",
    "week": "本周 本周完成 本周完成投资 本周投资 本周实际完成 当周完成 周完成投资",
    "ytd": "累计完成 累计完成投资 累计投资 年度累计 年度累计完成 年度累计完成投资 今年累计"
    " 今年累计完成 年累计 年累计完成 本年累计 本年累计完成 本年累计完成投资 年度完成投资 累计"
    " 本年度累计 本年度累计完成 本年度累计完成投资 今年累计完成投资 年度累计投资"
    # 累积 and 累记 for 累计: the same sound, what the input method offers first
    " 累积 累积完成 累积完成投资 累积投资 本年累积 本年累积完成 年度累积 年度累积完成"
    " 累记 累记完成 本年累记 年累"
    # on a Monday, last week's figure is the cumulative to date
    " 上周累计 上周累计完成 上周末累计 至上周累计",
    "progress": "形象进度 工程进度 进展 进展情况 工程形象进度 建设进度 项目进展 工程进展 建设进展"
    " 形象进展 项目进度 施工进度"
    # 形像 for 形象: the same sound, as common in typed reports as 累积 is
    " 形像进度 工程形像进度",
    "problems": "存在问题 问题 困难和问题 存在困难 困难问题 需协调问题 困难 存在的问题 问题和困难"
    " 困难及问题 需协调解决问题 需协调解决的问题 需协调事项 存在问题及建议",
    "plan": "下步计划 下一步计划 下步打算 下一步打算 下一步工作 下步工作 下步工作计划"
    " 下一步工作计划 下周计划 下月计划 工作计划"
    # December's report says next year's work (`2027年计划` is read as 明年计划); given as an
    # amount alone it is the ledger's plan figure instead (other_keys.ledger_plan)
    " 明年计划 下年计划 下一年计划 来年计划 明年打算 下年打算 明年工作计划 下年工作计划"
    " 明年度计划 下年度计划",
    "started": "开工 开工情况 开工日期 开工时间 已开工 是否开工 实际开工日期 复工 已复工 是否复工"
    " 复工日期 开复工 开复工情况",
    "stats": "入统 入统情况 是否入统 已入统 入统日期 入统时间 纳统 已纳统 是否纳统",
    "completed": "竣工 竣工情况 是否竣工 已竣工 竣工日期 竣工时间 完工 已完工 是否完工 完工日期"
    " 竣工投产 投产 已投产 是否投产 投产日期",
    "year": "年度 所属年度 填报年度 计划年度 年份",
    "month": "月份 所属月份 填报月份 统计月份",
}
SYNONYMS: dict[str, str] = {
    name: field for field, names in _NAMES.items() for name in names.split()
}
# longest first, so 累计完成投资 wins over 累计 when a key is matched at the start of a line
PREFIXES = sorted(SYNONYMS, key=len, reverse=True)

ACCEPTED = "、".join(LABELS.values())
# an unknown key with one of these words was meant as a figure, never as a line of prose
FIELD_WORDS = re.compile(r"完成|投资|累计|开工|复工|入统|纳统|竣工|完工|投产")

LIST_SYMBOLS = "•·●▪◆■□▫★☆√✓✔▶►▸➢➤○◇◎◉※→"
"""The symbols a list pasted from Word or WPS puts before its lines."""
_BULLET = re.compile(
    r"^(?:[(\[【]?(?:\d{1,2}|[一二三四五六七八九十]{1,3})[)\]】.、,]"
    r"|[(\[【](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)\]】]"
    rf"|\d{{1,2}}(?![\d\-~～至到月年.])|[①-⑳]|[-*>+{LIST_SYMBOLS}])\s*"
)
_BRACKET = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")
_NOW = r"(?:目前|现在|今天|今日|当前)"
_SINCE = re.compile(
    rf"^(?:(?:截[至止]|到){_NOW}(?:为止)?|截[至止](?:本月|本周)?|年初至今|{_NOW}|至今)"
)
SAID_FILLER = rf"(?:(?:截[至止]|到|至)?{_NOW}(?:为止)?|已经?|达到?|总?共|了|为|是)"
"""A word said aloud between a figure's key and its amount, which says nothing: `累计到现在是
4.12亿`, `本月完成了1500万`, `本年累计已经完成`, `累计达到`, `累计共`. The one list of them:
read_key drops them from a key, and the patterns that find a key before its amount allow them
(handlers.reports.segments FIGURE_KEY, handlers.reports.lines)."""
_SAID_FILLERS = re.compile(SAID_FILLER)
_SAID_KEY_CHARS = 24  # `本年度累计完成投资` with `截至目前为止已经总共`: no key said is longer
_FILLER_CHARS = frozenset(re.sub(r"[^\u4e00-\u9fff]", "", SAID_FILLER))
# The most letters a figure's key keeps once cleaned, fillers aside: a year (`2026年度`, 6), a
# since (`截至目前为止`, 6), a month (`11月份底`, 5), a since again (6) and a key said aloud
# (`_SAID_KEY_CHARS`, 25 before `这个月` is `本月`) make 48; a list marker (`(十一)`) 5 more.
_KEY_LETTERS = 48 + 5
_SPOKEN_PERIOD = (("这个月", "本月"), ("这月", "本月"), ("这一周", "本周"), ("这周", "本周"))
# `11月累计完成`, `截至11月底累计完成`, `11月份完成投资`: the figure of that month
_MONTH_KEY = re.compile(r"^(\d{1,2})月份?(?:底|末)?")
# `上月完成`, `上个月累计完成`: the month before the report's day (`LAST_MONTH` until known)
_LAST_MONTH_KEY = re.compile(r"^上个?月份?(?:底|末)?")
LAST_MONTH = 0
_LAST_MONTH_FIELDS = frozenset({"period", "ytd"})  # 上月 goes with an amount only
# what a month's own amount is called after its month (`11月完成`)
_MONTH_AMOUNT = frozenset({"完成", "完成投资", "投资", "实际完成", "完成额", "投资额"})
_MONTHS = re.compile(r"^\d{1,2}[-~～至到](\d{1,2})月份?(?:累计)?完成(?:投资)?额?$")
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


# `2027年计划`, and `27年计划` as it is said (the 27 of which no list number)
_YEAR = re.compile(r"^(\d{4}|\d{2})年度?")
# `上年累计完成`, `去年累计完成`: the year before the report's day (`LAST_YEAR` until known)
_LAST_YEAR_KEY = re.compile(r"^(?:上一?|去)年度?")
LAST_YEAR = 0


class Key(NamedTuple):
    """A typed key: cleaned, the field it names (None if none), the unit its brackets gave,
    and a year and month it names (`2026年累计完成`, `11月累计完成`)."""

    name: str
    field: str | None
    unit: str | None
    year: int | None = None
    month: int | None = None


@lru_cache(maxsize=256)  # a message's lines are folded again by each step that reads them
def fold_width(text: str) -> str:
    """Full-width ASCII (１２：（），) to ASCII, keeping every position in place."""
    # most lines hold none; translate() with a dict table is slow per character
    return text.translate(_WIDTH) if _WIDE.search(text) else text


def strip_bullet(text: str) -> str:
    """Drop a leading list marker: `1.` `一、` `(1)` `①` `-`."""
    return _BULLET.sub("", fold_width(text).strip(), count=1)


def clean_key(raw: str) -> tuple[str, str | None]:
    """The key without marker, brackets and spaces, and a unit named in its brackets."""
    key = strip_bullet(raw)
    unit = None
    for inner in _BRACKET.findall(key):
        named = re.sub(r"\s|单位[:：]?", "", inner)
        unit = named if named in UNITS else unit
    key = re.sub(r"\s", "", _BRACKET.sub("", key))
    return key, unit


def _year(found: re.Match[str] | None) -> int | None:
    """The year a key's `_YEAR` or `_LAST_YEAR_KEY` match names."""
    if found is None:
        return None
    return _full_year(found[1]) if found.lastindex else LAST_YEAR


def _full_year(digits: str) -> int:
    """`27` as said for 2027; four digits as typed."""
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def plan_year(key: str) -> int | None:
    """The year whose plan a 下步计划 key names (`2027年计划`, `27年度工作计划`): when its work
    is to be done, kept off the report's own year (read_key); None for `明年计划`, a key with
    no year, and one whose year goes with other words (`2027年1月计划`, `2026年下步计划`)."""
    found = _YEAR.match(key)
    if found is None or f"明年{key[found.end() :]}" not in SYNONYMS:
        return None
    return _full_year(found[1])


def read_key(raw: str) -> Key:
    """Clean a typed key and find the field it names."""
    name, unit = clean_key(raw)
    name = name.removesuffix("了")  # `上月完成了：0`, as said aloud
    if months := _MONTHS.match(name):  # `1-11月累计完成`: the cumulative to November's end
        end = int(months[1])
        return Key(name, "ytd", unit, None, end if 1 <= end <= 12 else None)
    year = _YEAR.match(name) or _LAST_YEAR_KEY.match(name)
    said_year = _year(year)
    key = _SINCE.sub("", name[year.end() :] if year else name)
    month = _MONTH_KEY.match(key)
    named = int(month[1]) if month and 1 <= int(month[1]) <= 12 else None
    if named is None and (last := _LAST_MONTH_KEY.match(key)):
        month, named = last, LAST_MONTH
    if named is not None and month is not None:
        key = _SINCE.sub("", key[month.end() :])
        if _SAID_FILLERS.sub("", key) in _MONTH_AMOUNT:  # `11月完成了`
            return Key(name, "period", unit, said_year, named)
    dated = year is not None or named is not None
    if key not in SYNONYMS:
        key = _as_written(key)
    if said_year and f"明年{key}" in SYNONYMS:  # `2027年计划` names a year's work as 明年计划 does
        key = f"明年{key}"
    for candidate in (key, key.removesuffix("额"), key.removesuffix("情况")):
        field = SYNONYMS.get(candidate)
        if field is None or (dated and field in WHEN_FIELDS):
            continue
        if (named == LAST_MONTH or said_year == LAST_YEAR) and field not in _LAST_MONTH_FIELDS:
            break  # `上月开工`, `去年开工` are no figure of then: left for the owner to restate
        if field == "plan":  # `2027年计划`: when the work is to be done, not the report's year
            return Key(name, field, unit)
        return Key(name, field, unit, said_year, named)
    return Key(name, None, unit)


def key_reach(text: str) -> int:
    """How far into `text` a figure's key may reach: past it, the text before a digit holds
    more letters than any key `read_key` reads as an amount's (spaces, bracketed remarks and
    the words said aloud aside, which it drops), so no digit there begins the figure. Lets a
    long pasted paragraph be read once, not once per digit in it."""
    closes = max(text.rfind(closer) for closer in ")]】")  # an opener before it may be cut out
    letters, inside = 0, False
    for index, char in enumerate(text):
        if char in "([【" and index < closes:
            inside = True
        elif char in ")]】":
            inside = False
        elif not (inside or char.isspace() or char in _FILLER_CHARS):
            letters += 1
            if letters > _KEY_LETTERS:
                return index
    return len(text)


def _as_written(key: str) -> str:
    """A figure's key said aloud (`累计到现在`, `这个月完成`, `累计已完成`) as it is written.
    Only a key its fillers hide an amount's key in loses them: any other stays as typed (a
    text's key, and `本月计划为`, a target, name no figure)."""
    for said, written in _SPOKEN_PERIOD:
        if key.startswith(said):
            key = written + key[len(said) :]
            break
    if len(key) > _SAID_KEY_CHARS:  # a sentence before a digit, read for each of its digits
        return key
    plain = _SAID_FILLERS.sub("", key)
    named = (SYNONYMS.get(plain), SYNONYMS.get(plain.removesuffix("额")))
    return plain if any(field in AMOUNT_FIELDS for field in named) else key
