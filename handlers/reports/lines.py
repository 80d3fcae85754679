"""One line of a progress report: a `进度` header, a field, an unknown key, or prose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from domain.money import parse_amount
from handlers.reports.fields import (
    AMOUNT_FIELDS,
    PREFIXES,
    SAID_FILLER,
    SYNONYMS,
    TEXT_FIELDS,
    fold_width,
    key_reach,
    read_key,
    strip_bullet,
)
from handlers.reports.past_week import LAST_WEEK_WORDS, said_around_name
from handlers.reports.values import without_note
from storage.project_refs import unwrapped

# on width-folded text, so ＃／： are covered too; a bare 进度 needs a space or colon after it,
# or last week's said in brackets (`进度（补报上周）物流园`, `进度（补报上周）`: read apart in
# reports.past_week)
_KEYWORD = (
    r"(?:[#/]\s*进度(?:填报|汇报|上报)?#?|【进度】|\[进度\]"
    r"|进度(?:填报|汇报|上报)?(?=[\s:]|$|[(\[【]\s*" + LAST_WEEK_WORDS + r"\s*[)\]】])"
    r"|/report(?=[\s:]|$))"
)
HEADER = re.compile(_KEYWORD + r"\s*:?\s*", re.IGNORECASE)
HEADER_AHEAD = re.compile(r"(?=" + _KEYWORD + ")", re.IGNORECASE)
_NEGATED = re.compile(
    r"(?:未|尚未|暂未|还未|没有|还没有?)(开工|复工|入统|纳统|竣工|完工|投产)[。.!！]?"
)
# a start or completion said to have happened (`已于12月26日竣工验收`, `12月26日已竣工`,
# `已全面完工`); without 已 it may be a plan (`12月31日竣工` in a 下步计划), so 已 is required
_EVENT = re.compile(
    r"(?:本?项目|工程)?(?P<done>已经?于?)?\s*(?P<on>(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}[日号])?"
    r"\s*(?P<again>已经?)?(?:正式|全面|顺利|全部)?(?P<what>开工|复工|竣工|完工|投产)"
    r"(?:验收|并投产|投产)?(?:完成|完毕)?[。.!！]?"
)
FULL_KEY = 4
# what sets a header's name off besides quotes and brackets (`进度：物流园，`, `进度 <物流园>`)
_AROUND = " \t<>:：,，。"
# emoji and WeChat's typed emoticons around a header (`✅进度 农村供水🙏`, `[抱拳]`): no
# project's name has them, so they are dropped there (in a field's text they are kept)
_DECORATION = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]"
    r"|\[(?:抱拳|强|握手|OK|ok|微笑|玫瑰|胜利|加油|奋斗|愉快|呲牙|耶|鼓掌|爱心|拳头|合十|祈祷|赞|庆祝)\]"
)
_LEADING_DECORATION = re.compile(rf"^(?:{_DECORATION.pattern}|\s)+")
_NAME_ENDS = re.compile(r"[\s，,：:；;]")  # what follows a project's name on its header line
_MAX_KEY = 12
_OPENING = re.compile(r"[(\[【]")
_SAID = re.compile(rf"^\s*(?:{SAID_FILLER})+\s*(?=[\d一二三四五六七八九十两零])")
# `一千二百万`, `1千5百万`: figures partly or wholly in words (read by domain.money, or refused
# with its message: `一千多万`)
_NUMERAL = "零一二两三四五六七八九十百千点"
_CHINESE_AMOUNT = re.compile(
    rf"\s*[\d.{_NUMERAL}万亿]*[{_NUMERAL}][\d.{_NUMERAL}万亿]*\s*(?:个?亿元?|万元?|元)"
)
# where a figure's digits may begin: not inside a number (`11` of `11月`, `2026` of `2026年`)
_FIGURE_START = re.compile(r"(?<=[^\d.\-~～至到])\d|(?<=达到)\d")


@dataclass(frozen=True)
class Header:
    """A `进度 <项目>` line; `ref` is empty when the project was left out."""

    ref: str
    past_week: str | None = None
    """Words after the name saying the report is last week's (`物流园 补报上周`), as typed."""


@dataclass(frozen=True)
class Field:
    """A recognised field: the key as typed, its field, a unit from its brackets, the value."""

    key: str
    field: str
    unit: str | None
    value: str
    year: int | None = None
    """A year named in the key (`2026年累计完成`)."""
    month: int | None = None
    """A month named in the key (`11月累计完成`): the month the figure counts for."""


@dataclass(frozen=True)
class Unknown:
    """A `key: value` line whose key names no field."""

    key: str
    text: str


@dataclass(frozen=True)
class Prose:
    """A line with no key: the continuation of a text, or noise."""

    text: str


@dataclass(frozen=True)
class Malformed:
    """A line that meant a field but is written wrongly; `message` says how to fix it."""

    text: str
    message: str


Line = Header | Field | Unknown | Prose | Malformed


def read_header(line: str, folded: str | None = None) -> Header | None:
    """The header this line is, if it is one (`folded`: the line already width-folded)."""
    folded = (folded if folded is not None else fold_width(line)).strip()
    match = HEADER.match(folded)
    if match is None:
        if not _DECORATION.match(folded):
            return None
        return read_header(_LEADING_DECORATION.sub("", line.strip()))
    ref = line.strip()[match.end() :]
    ref = _bare(_undecorated(ref) if _DECORATION.search(ref) else ref)
    return Header(*said_around_name(ref))


def _bare(ref: str) -> str:
    """A header's reference without what sets it off: punctuation, and the quotes or brackets
    `unwrapped` leaves out (those of the name's own stay: `进度 城区道路“白改黑”`)."""
    while (bare := unwrapped(ref.strip(_AROUND))) != ref:
        ref = bare
    return ref


def _undecorated(ref: str) -> str:
    """The ref without the emoji around the project's name (`物流园🙏 累计3.8亿`); those in a
    field's text after it stay (`形象进度：主体封顶✅`)."""
    ref = _LEADING_DECORATION.sub("", ref)
    found = _DECORATION.search(ref)
    if found is None or _NAME_ENDS.search(ref[: found.start()]):
        return ref  # past the name: in a field's text
    end = found.end()
    while (more := _DECORATION.match(ref, end)) is not None:
        end = more.end()
    apart = " " if end < len(ref) and not ref[end].isspace() else ""  # `物流园✅本月完成…`
    return ref[: found.start()] + apart + ref[end:]


@lru_cache(maxsize=4096)  # the same line is read by several steps (its shape, its block)
def read_line(line: str) -> Line:
    """Classify one non-blank line of a report."""
    folded = fold_width(line)
    if header := read_header(line, folded):
        return header
    colon = _colon(folded)
    if colon is not None:
        raw_key, value = line[:colon], line[colon + 1 :].strip()
        key = read_key(raw_key)
        if key.field in AMOUNT_FIELDS:
            value = _said_away(value)
        if key.field is not None:
            return Field(key.name, key.field, key.unit, value, key.year, key.month)
        # a long or punctuated "key" is a sentence that happens to hold a colon
        if (
            0 < len(key.name) <= _MAX_KEY
            and re.search(r"[^\W\d_]", key.name)
            and not re.search(r"[，,。；;]", key.name)
        ):
            return Unknown(key.name, line.strip())
    return _keyed_prose(line) or Prose(line.strip())


def _said_away(value: str) -> str:
    """An amount's value without the words said before it (`到现在是4.12亿`, as said aloud);
    one that is no figure even without them stays as typed, so its refusal quotes the owner's
    own words (`为3号楼`)."""
    plain = _SAID.sub("", value, count=1)
    return plain if plain == value or reads_as_figure(plain) else value


def _colon(folded: str) -> int | None:
    """Position of the first colon outside brackets (`本月完成（单位：万元）：1200`)."""
    first = folded.find(":")
    if first < 0 or not _OPENING.search(folded, 0, first):
        return first if first >= 0 else None
    depth = 0
    for index, char in enumerate(folded):
        if char in "([【":
            depth += 1
        elif char in ")]】":
            depth = max(0, depth - 1)
        elif char == ":" and depth == 0:
            return index
    return None


def _keyed_prose(line: str) -> Field | Malformed | None:
    """A field typed without a colon: `已开工`, `存在问题` alone, `累计 3.5亿`, `本月完成1200万`."""
    stripped = line.strip()
    body = strip_bullet(stripped)
    original = stripped[len(stripped) - len(body) :]
    if said := _declared_or_negated(body, listed=body != stripped):
        return said
    for name in PREFIXES:
        if not body.startswith(name):
            continue
        rest, value = body[len(name) :], original[len(name) :].strip()
        field = SYNONYMS[name]
        if not rest.strip(" 。.!！"):
            return Field(name, field, None, "是" if name.startswith("已") else "")
        if field in AMOUNT_FIELDS:
            # only a real figure: "累计 3 个月未拨付" in a 存在问题 is prose; `本月完成了1200万`
            # as said aloud, and `本月完成一千二百万` as voice input writes it are figures too
            figure = _SAID.sub("", rest.lstrip("；;"), count=1)  # `本月完成；1020万`: a slip
            if reads_as_figure(figure):
                return Field(name, field, None, figure.strip())
        elif rest[0].isspace() or (rest[0] in "，," and _comma_keyed(name, field)):
            return Field(name, field, None, value.lstrip("，, "))
        if rest[0] == "=":
            fixed = f"{name}：{value[1:].strip()}"
            return Malformed(stripped, f"“{stripped}”里的“=”不能代替冒号，请写成“{fixed}”")
    return _dated_figure(body)


def _declared_or_negated(body: str, *, listed: bool) -> Field | None:
    """`未开工` (否), `已于12月26日竣工` (the date): a declaration said in a sentence; an item of
    a numbered list (`listed`: `2、12月26日已竣工验收`) is a line of the text it is in."""
    if negated := _NEGATED.fullmatch(body):
        return Field(body, SYNONYMS[negated.group(1)], None, "否")
    return None if listed else declared_event(body)


def declared_event(text: str) -> Field | None:
    """A start or completion the text says has happened (`已于12月26日竣工验收`, `已竣工`), as
    its field with the date or 是; None for anything else (`计划12月竣工`, `主体已完工`)."""
    found = _EVENT.fullmatch(text.strip())
    if found is None or not (found["done"] or found["again"]):
        return None
    what = found["what"]
    return Field(what, SYNONYMS[what], None, found["on"] or "是")


def _comma_keyed(name: str, field: str) -> bool:
    """`形象进度，室外配套收尾`: voice input writes the pause after a text's key as a comma. Only
    a full key (`形象进度`, `存在问题`): `问题，均已整改` and `困难，协调中` are sentences."""
    return field in TEXT_FIELDS and len(name) >= FULL_KEY


def _dated_figure(body: str) -> Field | None:
    """A figure whose key names its month or year, typed without a colon (`上月完成27万`,
    `11月完成56万`, `2026年累计完成3亿`): the key ends where the figure's digits begin."""
    reach = key_reach(body)
    for start in _FIGURE_START.finditer(body):
        if start.start() > reach:
            break  # the text before is a sentence: read once, not once per digit
        key = read_key(body[: start.start()])  # its fillers too: `累计到现在是`
        if key.field in AMOUNT_FIELDS and reads_as_figure(body[start.start() :]):
            value = body[start.start() :].strip()
            return Field(key.name, key.field, key.unit, value, key.year, key.month)
    return None


def reads_as_figure(text: str) -> bool:
    """An amount, with or without a bracketed remark after it (`3.93亿（含设备款）`); or one
    in words (`一千二百万`, `一千多万`), read as its digits are or refused by its own message."""
    return is_amount(without_note(text)) or bool(_CHINESE_AMOUNT.fullmatch(text))


def is_amount(text: str) -> bool:
    """Whether `text` reads as an amount (`1200万`, `3.5亿`)."""
    try:
        parse_amount(text)
    except ValueError:
        return False
    return True
