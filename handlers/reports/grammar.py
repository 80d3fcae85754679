"""The chat progress report (SPEC §3): `进度 <项目>` blocks of `key: value` lines."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches

from domain.money import AmountError
from domain.problem_text import Verdict, judge
from handlers.reports.block import ReportBlock
from handlers.reports.fields import (
    ACCEPTED,
    AMOUNT_FIELDS,
    FIELD_WORDS,
    FLAG_FIELDS,
    LABELS,
    LAST_MONTH,
    LAST_YEAR,
    SYNONYMS,
    TEXT_FIELDS,
)
from handlers.reports.lines import Field, Header, Line, Malformed, Unknown, read_line
from handlers.reports.message_shape import message_lines
from handlers.reports.one_line import spread
from handlers.reports.other_keys import ledger_figure, ledger_plan, not_reported
from handlers.reports.pasted import PASTE_HINT, TAB
from handlers.reports.restated import restated, unread_amount, unsaid_figure
from handlers.reports.two_years import YearFigures
from handlers.reports.values import bare_number, is_same, read_amount, read_declaration
from handlers.reports.when import read_month, read_year

_RULE = re.compile(r"[-—_=*~·.。#]+")


def _unknown_key(key: str, elsewhere: str | None = None) -> str:
    """Refuse a key nobody knows, guessing the field a slip of the pen meant (形象进程), or
    saying where what it names belongs (`elsewhere`, else `not_reported`'s)."""
    if (elsewhere := elsewhere or not_reported(key)) is not None:
        return f"{elsewhere}可填：{ACCEPTED}"
    close = get_close_matches(key, SYNONYMS, n=1, cutoff=0.6)
    guess = f"是不是“{LABELS[SYNONYMS[close[0]]]}”？" if close else ""
    return f"不认识的字段“{key}”，{guess}可填：{ACCEPTED}"


def unread(text: str) -> str:
    """Refuse a line that names no field (`累计约1880万`), quoting it; cells copied from
    Excel without their header row are told to bring it."""
    if TAB in text:
        return f"“{' '.join(text.split())}”{PASTE_HINT}"
    return f"无法识别“{text}”，请按“字段：内容”填写，如“本月完成：1200万”"


# `更正 物流园`, `补报：物流园`: what the message is, said before the project's name
# (a space or a colon after it: 修正药业 is a name)
SAYS_WHAT_IT_IS = re.compile(r"^(?:更正|修正|修改|补报|重报|重发)(?:\s*[:：]\s*|\s+)(?=\S)")
# a line asking someone something: `请问…`, `…吗？` unnumbered (a problem put as a question
# stays one: `存在问题：用地指标何时下达？`, `2、电力接入何时能完成呢？` are the field's own)
_ASKS = re.compile(
    r"^\s*(?:请问|想问|问一下|咨询一下)|^[^\d①-⑳一二三四五六七八九十(（].*吗\s*[？?]\s*$"
)
TEXT_NAMES = tuple(f"{field}_text" for field in TEXT_FIELDS)
"""A block's text fields, as ReportBlock names them."""


def parse_report_message(text: str, today: date) -> list[ReportBlock]:
    """Parse every `进度` block of a message; prose before the first header is ignored."""
    drafts: list[_Draft] = []
    for line in (part for typed in message_lines(text) for part in spread(typed)):
        if not line.strip() or _RULE.fullmatch(line.strip()):
            if drafts:
                drafts[-1].lines.append(line)
            continue
        item = read_line(line)
        if isinstance(item, Header):
            drafts.append(_Draft(item.ref, today, past_week=item.past_week))
        if drafts:
            drafts[-1].lines.append(line)
            drafts[-1].feed(item)
    blocks = [draft.finish(today) for draft in drafts]
    for above, block in itertools.pairwise(blocks):
        for field_name in TEXT_FIELDS:  # `存在问题：同上` in a later block: the one above's
            name = f"{field_name}_text"
            if is_same(getattr(block, name)) and field_name in above.given:
                setattr(block, name, getattr(above, name))
    return blocks


@dataclass
class _Draft:
    """A block being read: raw values per field, joined before they are converted."""

    ref: str
    today: date  # which year is next: `2027年计划` is 下步计划 in 2026 only
    past_week: str | None = None
    lines: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    last: str | None = None
    years: list[int] = field(default_factory=list)
    months: dict[int, str] = field(default_factory=dict)
    """Months named in keys (`11月累计完成`), with the first key that named each."""
    questions: list[str] = field(default_factory=list)
    restated: list[str] = field(default_factory=list)
    by_year: YearFigures = field(default_factory=YearFigures)
    key_years: dict[str, int | None] = field(default_factory=dict)
    """The year (raw) the key of each field's first value named."""

    def feed(self, item: Line) -> None:
        """Take one classified line."""
        if isinstance(item, Header):
            if not item.ref:
                self.errors.append("“进度”后面缺少项目名称，请写成“进度 项目名称”")
        elif isinstance(item, Field) and ledger_plan(item, self.today):  # `明年计划：5亿`
            self.errors.append(_unknown_key(item.key, ledger_figure(item)))
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
        if item.field in AMOUNT_FIELDS:
            self.by_year.note(len(self.lines) - 1, item)
            self.key_years.setdefault(item.field, item.year)
        if item.field in TEXT_FIELDS or item.field in FLAG_FIELDS:
            # 是否开工：是 + 开工日期：4月10日 read together as one declaration
            self.values[item.field] = "\n".join(part for part in (old, item.value) if part)
        elif old and item.value and old != item.value:
            if item.year != self.key_years.get(item.field):  # `去年累计` beside `今年累计`
                self.by_year.clash(item, old)
            else:
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
        if self.last in AMOUNT_FIELDS and restated(text):
            self.restated.append(text.strip())  # the ledger's plan, said again: noted, not kept
        elif self.last in TEXT_FIELDS and self.values[self.last] and _ASKS.search(text):
            self.questions.append(text.strip())  # not the text's own line: asked of someone
        elif self.last in TEXT_FIELDS:
            self.values[self.last] = "\n".join(p for p in (self.values[self.last], text) if p)
        elif self.last is not None and not self.values[self.last]:
            # "本月完成：" with the figure on the next line
            self.values[self.last] = text
        elif own := self._own_line(text):
            for line in own:  # `物流园本月完成…，累计…` under `进度 物流园`: its figures
                self.feed(read_line(line))
        elif unread_amount(text):
            self.errors.append(unsaid_figure(text))
        else:
            self.errors.append(unread(text))

    def _own_line(self, text: str) -> list[str]:
        """The field lines of a line that opens with the block's own name, its figures after
        it (`物流园本月完成1530万元，累计完成投资4.1亿元`); none for any other line."""
        name = SAYS_WHAT_IT_IS.sub("", self.ref).strip()
        if not name or not text.startswith(name) or len(text) == len(name):
            return []
        lines = spread(f"进度 {name} {text[len(name) :].lstrip('：:，, ')}")
        return lines[1:] if lines[0] == f"进度 {name}" else []

    def finish(self, today: date) -> ReportBlock:
        """Convert the raw values into a ReportBlock, collecting every error."""
        ref = SAYS_WHAT_IT_IS.sub("", self.ref)
        raw = "\n".join(self.lines).strip()
        block = ReportBlock(ref, raw, errors=list(self.errors), past_week=self.past_week)
        block.questions, block.restated = list(self.questions), list(self.restated)
        # 上年累计完成: the year before today's
        block.years = [today.year - 1 if year == LAST_YEAR else year for year in self.years]
        errors, block.apart = self.by_year.errors(self.lines, today)
        block.errors.extend(errors)
        for name, value in self.values.items():
            if value.strip():
                block.given.append(name)
            else:
                block.left_empty.append(name)
            try:
                _convert(block, name, value, self.units.get(name), today)
            except (AmountError, ValueError, ArithmeticError) as exc:
                # Every field's problem stays in its own block: the other blocks still count.
                block.errors.append(f"{self.keys[name]}：{exc}")
        self._month_of_keys(block, today)
        return block

    def _month_of_keys(self, block: ReportBlock, today: date) -> None:
        """`11月累计完成` says the month as `月份：11月` would; the two must agree."""
        if LAST_MONTH in self.months:  # 上月完成: the month before today's
            key = self.months.pop(LAST_MONTH)
            self.months.setdefault((today.month - 2) % 12 + 1, key)
        named = {*self.months, *([block.month[1]] if block.month else [])}
        if len(named) > 1:
            months = "、".join(f"{month}月" for month in sorted(named))
            block.errors.append(f"报告中写了两个月份（{months}），请只写一个")
        elif self.months and block.month is None:
            block.month = (None, next(iter(self.months)))


_FIGURES = {"period": "period_investment_yuan", "ytd": "ytd_investment_yuan"}


def _convert(block: ReportBlock, name: str, value: str, unit: str | None, today: date) -> None:
    """Store one field's value on the block, raising ValueError with a Chinese message."""
    if name in _FIGURES:
        figure, block.notes[name] = read_amount(value, unit)
        setattr(block, _FIGURES[name], figure)
        if unit is None and (number := bare_number(value)):
            block.bare[name] = number  # as typed, for the hint of a 亿 read as 万 (unit_slip)
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
