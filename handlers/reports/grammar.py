"""The chat progress report (SPEC §3): `进度 <项目>` blocks of `key: value` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from functools import lru_cache

from domain.money import AmountError
from domain.problem_text import Verdict, judge
from handlers.reports.fields import (
    ACCEPTED,
    AMOUNT_FIELDS,
    FIELD_WORDS,
    FLAG_FIELDS,
    LABELS,
    SYNONYMS,
    TEXT_FIELDS,
    WHEN_FIELDS,
    fold_width,
)
from handlers.reports.lines import (
    HEADER_AHEAD,
    Field,
    Header,
    Line,
    Malformed,
    Prose,
    Unknown,
    is_amount,
    read_header,
    read_line,
)
from handlers.reports.one_line import spread
from handlers.reports.values import read_amount, read_declaration
from handlers.reports.when import read_month, read_year

# "@调度助手 ", "@机器人" glued to the keyword, WeCom's U+2005 after a mention; several in a row
_MENTIONS = re.compile(r"\s*(?:@\S+?(?:\s+|$|" + HEADER_AHEAD.pattern + r"))*", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_RULE = re.compile(r"[-—_=*~·.。#]+")
# `进度城区智慧物流园`: the keyword glued to the project, as people type it without the space
_GLUED = re.compile(r"^\s*(进度)(?!填报|汇报|上报)(?=[^\s:：])")


@dataclass
class ReportBlock:
    """One `进度` block as parsed; `errors` are Chinese and quote the value they reject."""

    project_ref: str
    raw: str = ""
    period_investment_yuan: int | None = None
    ytd_investment_yuan: int | None = None
    week_investment_yuan: int | None = None
    """本周完成, added to the last cumulative when no 本年累计 is given (reports.weekly)."""
    progress_text: str | None = None
    problems_text: str | None = None
    plan_text: str | None = None
    started: bool | None = None
    started_on: date | None = None
    stats_entered: bool | None = None
    stats_entered_on: date | None = None
    completed: bool | None = None
    completed_on: date | None = None
    errors: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    notes: dict[str, str | None] = field(default_factory=dict)
    """A remark bracketed after a figure (`1200万元（含设备款）`), by field."""

    @property
    def figure_notes(self) -> str | None:
        """The figures' remarks as stored with the report (`本月完成：含设备款`)."""
        lines = [f"{LABELS[name]}：{note}" for name, note in self.notes.items() if note]
        return "\n".join(lines) or None

    years: list[int] = field(default_factory=list)
    """Years the block names (`年度：2026`, `2026年累计完成`); none means today's."""
    month: tuple[int | None, int] | None = None
    """A month the block names (`月份：2026年12月`): (year if given, month)."""

    @property
    def has_fields(self) -> bool:
        """Whether any recognised field was filled in (a 存在问题 of 无 counts)."""
        return bool(set(self.given) - set(WHEN_FIELDS))


def _unknown_key(key: str) -> str:
    """Refuse a key nobody knows, guessing the field a slip of the pen meant (形像进度)."""
    close = get_close_matches(key, SYNONYMS, n=1, cutoff=0.6)
    guess = f"是不是“{LABELS[SYNONYMS[close[0]]]}”？" if close else ""
    return f"不认识的字段“{key}”，{guess}可填：{ACCEPTED}"


@lru_cache(maxsize=64)  # a message is checked by several routes before it is parsed
def strip_mention(text: str) -> str:
    """The message without leading @mentions, invisible characters and Windows line ends."""
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    match = _MENTIONS.match(fold_width(text))
    return text[match.end() if match else 0 :]


def unglue(lines: list[str]) -> list[str]:
    """`进度城区智慧物流园` read as `进度 城区智慧物流园` where fields follow, on the next lines
    or on the same one (alone, `进度很快` is a remark, not a report)."""
    out = list(lines)
    for index, line in enumerate(lines):
        if not _GLUED.match(line) or read_header(line) is not None:
            continue
        following = next((later for later in lines[index + 1 :] if later.strip()), "")
        spaced = _GLUED.sub(r"\1 ", line, count=1)
        if (following and isinstance(read_line(following), Field)) or len(spread(spaced)) > 1:
            out[index] = spaced
    return out


TITLE_LINES = 2
"""Lines a report may have above its first `进度` header (`4月第3周进度：`, `【北石店镇】`)."""


def is_report(text: str) -> bool:
    """Whether the message opens with a `进度 <项目>` header naming a project, or has one
    under a title line or two when a filled-in field follows it."""
    lines = [line for line in _lines(text) if line.strip()]
    for index, line in enumerate(lines[: TITLE_LINES + 1]):
        header = read_header(line)
        # "进度 怎么样了？" asks about progress; it does not report it
        if header is None or not header.ref or header.ref.endswith(("?", "？")):
            continue
        if index == 0:
            return True
        # under a title line, only with a figure: `今天开会\n进度：各项目要抓紧` is talk
        after = lines[index + 1 : index + 2]
        return any(_figure(part) for typed in [line, *after] for part in spread(typed))
    return False


def _figure(line: str) -> bool:
    """Whether the line is an amount field with a real amount (`累计完成：1960万`)."""
    item = read_line(line)
    return isinstance(item, Field) and item.field in AMOUNT_FIELDS and is_amount(item.value)


@lru_cache(maxsize=64)
def _lines(text: str) -> tuple[str, ...]:
    """The message's lines as the grammar reads them (mentions dropped, glued headers spaced,
    a left-out `进度` put back)."""
    return tuple(keyword_put_back(unglue(strip_mention(text).split("\n"))))


NAME_CHARS = 40
"""A first line longer than this is a sentence, never a project's name."""


def keyword_put_back(lines: list[str]) -> list[str]:
    """`物流园 本月1200万 累计3.8亿`, or `物流园` above `本月完成：…` lines: a report whose
    `进度` was left out, read as `进度 物流园 …` when a figure follows the name (a remark with
    a field in it has none: `物流园 累计多少了`)."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return lines
    line = lines[first].strip()
    if read_header(line) is not None or len(line) > NAME_CHARS:
        return lines
    if not isinstance(read_line(line), Prose):
        return lines
    spread_out = spread(f"进度 {line}")
    name = spread_out[0].removeprefix("进度").strip()
    after = [later for later in lines[first + 1 :] if later.strip()]
    # a name then a space then figures; `大家好，本月完成1200万` greets, it names nothing
    one_line = (
        len(spread_out) > 1
        and line[len(name) : len(name) + 1].isspace()
        and any(_figure(part) for part in spread_out[1:])
    )
    above = (
        len(spread_out) == 1 and bool(after) and _figure(after[0]) and not _PUNCTUATED.search(line)
    )
    if not (one_line or above) or _figure(name):
        return lines
    return [*lines[:first], f"进度 {line}", *lines[first + 1 :]]


_PUNCTUATED = re.compile(r"[，,。！!？?：:；;]")
_SEGMENTS = re.compile(r"[，,；;\s]+")


def is_nameless_report(text: str) -> bool:
    """Whether the message fills in a report but names no project: a `进度` line alone above
    filled-in fields, or, with no `进度` line at all, a figure (`累计完成：6837万`) — in a
    group, people say `进展：…` to each other; a figure is meant for the bot."""
    lines = [line for line in _lines(text) if line.strip()]
    headers = [read_header(line) for line in lines]
    if any(header is not None and header.ref for header in headers):
        return False  # a title line above `进度 物流园` is prose before a report
    header = headers[0] if headers else None
    if header is None and lines and _figure(_SEGMENTS.split(lines[0].strip())[0]):
        return True  # opens with a figure on one line: `本月完成1200万，累计完成3.8亿`
    wanted = TEXT_FIELDS + AMOUNT_FIELDS + FLAG_FIELDS if header else AMOUNT_FIELDS
    for line in lines[1:] if header else lines:
        item = read_line(line)
        if not (isinstance(item, Field) and item.value.strip() and item.field in wanted):
            continue
        if item.field not in AMOUNT_FIELDS or is_amount(item.value):
            return True
    return False


def is_bare_header(text: str) -> bool:
    """Whether the message is a `进度` header alone, naming no project (`/进度`, `进度`)."""
    lines = [line for line in strip_mention(text).split("\n") if line.strip()]
    header = read_header(lines[0]) if len(lines) == 1 else None
    return header is not None and not header.ref


def parse_report_message(text: str, today: date) -> list[ReportBlock]:
    """Parse every `进度` block of a message; prose before the first header is ignored."""
    drafts: list[_Draft] = []
    for line in (part for typed in _lines(text) for part in spread(typed)):
        if not line.strip() or _RULE.fullmatch(line.strip()):
            if drafts:
                drafts[-1].lines.append(line)
            continue
        item = read_line(line)
        if isinstance(item, Header):
            drafts.append(_Draft(item.ref))
        if drafts:
            drafts[-1].lines.append(line)
            drafts[-1].feed(item)
    return [draft.finish(today) for draft in drafts]


@dataclass
class _Draft:
    """A block being read: raw values per field, joined before they are converted."""

    ref: str
    lines: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    last: str | None = None
    years: list[int] = field(default_factory=list)
    months: dict[int, str] = field(default_factory=dict)
    """Months named in keys (`11月累计完成`), with the first key that named each."""

    def feed(self, item: Line) -> None:
        """Take one classified line."""
        if isinstance(item, Header):
            if not item.ref:
                self.errors.append("“进度”后面缺少项目名称，请写成“进度 项目名称”")
        elif isinstance(item, Field):
            self._field(item)
        elif isinstance(item, Malformed):
            self.errors.append(item.message)
        elif isinstance(item, Unknown) and (
            self.last not in TEXT_FIELDS or FIELD_WORDS.search(item.key)
        ):
            self.errors.append(_unknown_key(item.key))
        else:
            self._prose(item.text)

    def _field(self, item: Field) -> None:
        old = self.values.get(item.field, "")
        if item.field in TEXT_FIELDS or item.field in FLAG_FIELDS:
            # 是否开工：是 + 开工日期：4月10日 read together as one declaration
            self.values[item.field] = "\n".join(part for part in (old, item.value) if part)
        elif old and item.value and old != item.value:
            self.errors.append(f"“{item.key}”填了两次（“{old}”和“{item.value}”），请只保留一个")
        else:
            self.values[item.field] = old or item.value
        self.keys.setdefault(item.field, item.key)
        self.units[item.field] = item.unit or self.units.get(item.field)
        if item.year is not None:
            self.years.append(item.year)
        if item.month is not None:
            self.months.setdefault(item.month, item.key)
        self.last = item.field

    def _prose(self, text: str) -> None:
        if self.last in TEXT_FIELDS:
            self.values[self.last] = "\n".join(p for p in (self.values[self.last], text) if p)
        elif self.last is not None and not self.values[self.last]:
            # "本月完成：" with the figure on the next line
            self.values[self.last] = text
        else:
            self.errors.append(f"无法识别“{text}”，请按“字段：内容”填写，如“本月完成：1200万”")

    def finish(self, today: date) -> ReportBlock:
        """Convert the raw values into a ReportBlock, collecting every error."""
        block = ReportBlock(self.ref, "\n".join(self.lines).strip(), errors=list(self.errors))
        block.years = list(self.years)
        for name, value in self.values.items():
            if value.strip():
                block.given.append(name)
            try:
                _convert(block, name, value, self.units.get(name), today)
            except (AmountError, ValueError, ArithmeticError) as exc:
                # Every field's problem stays in its own block: the other blocks still count.
                block.errors.append(f"{self.keys[name]}：{exc}")
        self._month_of_keys(block)
        return block

    def _month_of_keys(self, block: ReportBlock) -> None:
        """`11月累计完成` says the month as `月份：11月` would; the two must agree."""
        named = {*self.months, *([block.month[1]] if block.month else [])}
        if len(named) > 1:
            months = "、".join(f"{month}月" for month in sorted(named))
            block.errors.append(f"报告中写了两个月份（{months}），请只写一个")
        elif self.months and block.month is None:
            block.month = (None, next(iter(self.months)))


def _convert(block: ReportBlock, name: str, value: str, unit: str | None, today: date) -> None:
    """Store one field's value on the block, raising ValueError with a Chinese message."""
    if name == "period":
        block.period_investment_yuan, note = read_amount(value, unit)
        block.notes["period"] = note
    elif name == "ytd":
        block.ytd_investment_yuan, note = read_amount(value, unit)
        block.notes["ytd"] = note
    elif name == "week":
        block.week_investment_yuan, _note = read_amount(value, unit)
    elif name == "started":
        block.started, block.started_on = read_declaration(value, today, "开工")
    elif name == "stats":
        block.stats_entered, block.stats_entered_on = read_declaration(value, today, "入统")
    elif name == "completed":
        block.completed, block.completed_on = read_declaration(value, today, "竣工")
    elif name == "problems":
        # "无，进展顺利" or an emoji says there is nothing; only the rest is kept as a problem
        block.problems_text = None if judge(value) is Verdict.NONE else value.strip()
    elif name == "progress":
        block.progress_text = value.strip() or None
    elif name == "year":
        block.years.append(read_year(value))
    elif name == "month":
        block.month = read_month(value)
    else:
        block.plan_text = value.strip() or None
