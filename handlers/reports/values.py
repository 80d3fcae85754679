"""The values of a progress report: amounts, 开工/入统 declarations and "no problem" answers."""

from __future__ import annotations

import re
from datetime import date, timedelta

from domain.dates import parse_past_date
from domain.money import parse_amount
from domain.numerals import NUMERALS
from handlers.reports.fields import fold_width

# what people type for "nothing to report here"; a 存在问题 like this opens no issue
_EMPTY_WORDS = (
    "无 没有 暂无 无问题 暂无问题 没有问题 无明显问题 无困难 暂无困难 - -- — —— / 否 none nil n/a"
)
EMPTY = frozenset(_EMPTY_WORDS.split())
_YEAR_TYPED = re.compile(r"\d{4}")
_DATE = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?"
    r"|(?<![\d.])\d{1,2}\s*月\s*\d{1,2}\s*[日号]?"
    r"|(?<![\d./-])\d{1,2}[./-]\d{1,2}(?![\d./-])"
)
_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_NO = re.compile(r"否|未|没|不是|无|暂不|×|\bno\b", re.IGNORECASE)
_YES = re.compile(
    r"是的?|已经?|有|对|yes|y|ok|[√✓]|(?:已经?)?(?:开工|复工|开复工|入统|纳统|竣工|完工|投产)了?"
)
_UNIT_BRACKET = re.compile(r"(.*?)\s*[(\[【]\s*(元|万元?|亿元?)\s*[)\]】]")
_NOTE = r"[(\[【]([^)\]】]{1,100})[)\]】]"  # on width-folded text: （） are () there
_NOTE_BRACKET = re.compile(rf"(.*?[\d{NUMERALS}].*?)\s*{_NOTE}")  # `一千万（含设备款）` too
_NOTE_ALONE = re.compile(rf"\s*{_NOTE}\s*")


# what people type for "as before": in a later block the block above's, else the last report's
_SAME_WORDS = "同上 同前 同上周 同上期 同上次 同上一期 与上周相同 与上期相同 无变化 没有变化"
SAME = frozenset(_SAME_WORDS.split())


def is_same(value: str | None) -> bool:
    """Whether a text field says "as before" (同上, 同上周) rather than giving its text."""
    return value is not None and _said(value) in SAME


def is_empty(value: str) -> bool:
    """Whether the value says "nothing" (无, 暂无, -, /) rather than giving something."""
    cleaned = _said(value).lower()
    return not cleaned or cleaned in EMPTY


def _said(value: str) -> str:
    """The value as compared with the words above: half-width, without a closing mark."""
    return fold_width(value).strip().rstrip("。.；;!！").strip()


def read_amount(value: str, unit: str | None) -> tuple[int | None, str | None]:
    """Yuan from a typed amount, and a note bracketed after it (`1200万元（含设备款）`).

    A bare number is in `unit` (from the key's brackets, or `1200（万元）`) or else in 万.
    """
    if is_empty(value):
        return None, None
    folded = fold_width(value).strip()
    if match := _UNIT_BRACKET.fullmatch(folded):
        return parse_amount(match.group(1), match.group(2)), None
    note = None
    if match := _NOTE_BRACKET.fullmatch(folded):
        value, note = match.group(1), match.group(2).strip() or None
    return parse_amount(value, unit or "万"), note


def without_note(value: str) -> str:
    """A typed amount without the remark bracketed after it (`3.93亿（含设备款）`: `3.93亿`)."""
    folded = fold_width(value).strip()
    match = _NOTE_BRACKET.fullmatch(folded)
    return match.group(1) if match else folded


def is_note(text: str) -> bool:
    """Whether `text` is a bracketed remark alone (`（含设备款）`), typed apart from its figure."""
    return _NOTE_ALONE.fullmatch(fold_width(text)) is not None


_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def bare_number(value: str) -> str | None:
    """The number when `value` is a number alone, without a unit (`3.85`), else None."""
    folded = fold_width(value).strip()
    return folded if _BARE_NUMBER.fullmatch(folded) else None


def read_declaration(value: str, today: date, what: str) -> tuple[bool | None, date | None]:
    """Read one or more 开工/入统 lines (是否开工：是 + 开工日期：4月10日); they must agree."""
    parts = [read_flag(part, today, what) for part in value.split("\n") if part.strip()]
    states = {state for state, _ in parts if state is not None}
    dates = {on for _, on in parts if on is not None}
    if len(states) > 1 or len(dates) > 1:
        shown = "”和“".join(part.strip() for part in value.split("\n") if part.strip())
        raise ValueError(f"“{shown}”前后矛盾，请只保留一个")
    return next(iter(states), None), next(iter(dates), None)


def read_flag(value: str, today: date, what: str) -> tuple[bool | None, date | None]:
    """Read a 开工/入统 declaration: 是, 否, a date, or 是 with a date; ValueError otherwise."""
    folded = fold_width(value).strip()
    if not folded:
        return None, None
    on, rest = _find_date(folded, today, what)
    if _NO.search(rest):
        # "未开工，计划5月10日开工": the date is a plan, not a start
        return False, None
    if on is not None:
        return True, on
    if _YES.fullmatch(re.sub(r"[^\w√✓]+", "", rest).lower()):
        return True, None
    raise ValueError(f"“{value.strip()}”无法识别，请填“是”、“否”或{what}日期（如 4月10日）")


def _find_date(folded: str, today: date, what: str) -> tuple[date | None, str]:
    """The first date in the text (validated) and the text around it."""
    if match := _DATE.search(folded):
        # a declared start or completion has happened: without a year it is the latest past one
        on = parse_past_date(match.group(0).replace("号", "日").replace(" ", ""), today)
        rest = folded[: match.start()] + folded[match.end() :]
        if on > today and not _NO.search(rest):
            typed = match.group(0)
            year = "" if _YEAR_TYPED.match(typed) else f"；如是{on.year - 1}年的日期请写上年份"
            raise ValueError(f"日期“{typed}”还没到：已{what}请填实际日期，尚未{what}请填“否”{year}")
        return on, rest
    for word, days_ago in _RELATIVE.items():
        if word in folded:
            return today - timedelta(days=days_ago), folded.replace(word, "")
    match = _MONTH_ALONE.search(folded)
    left = folded[: match.start()] + folded[match.end() :] if match else folded
    # only a month said to have happened (`已入统：2026年5月`); `计划12月`, `6月上旬` are no date
    if match is None or not _YES.fullmatch(re.sub(r"[^\w√✓]+", "", left).lower() or "是"):
        return None, folded
    end = _month_end(match, today)
    if end is None:
        raise ValueError(f"“{match.group(0)}”还没到：已{what}请填实际日期，尚未{what}请填“否”")
    return end, left


# `2026年5月`, `5月份`: a month alone, as 入统 is counted and the ledger's date cells allow
_MONTH_ALONE = re.compile(r"(?:(\d{4})\s*[年.\-/]\s*)?(?<![\d.])(1[0-2]|0?[1-9])\s*月份?(?!\s*\d)")


def _month_end(match: re.Match[str], today: date) -> date | None:
    """The day a month alone stands for: its last, as in the ledger, or today in this month
    (the end is still to come); without a year, this year's; None when it is still to come (a
    month ahead is a plan typed by mistake far more often than last year's)."""
    month = int(match.group(2))
    year = int(match.group(1)) if match.group(1) else today.year
    if (year, month) > (today.year, today.month):
        return None
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return min(last, today)
