"""The fields after a one-line report's name, a line each (handlers.reports.one_line cuts the
line into these segments): a text runs on to the next field, a remark goes with its figure,
text after a figure is the 形象进度 when none was given (`本月1200万，累计5000万，主体施工`), a
figure typed wrong is its field's line for the grammar to refuse, and another project's report
(`累计4.1亿，园区配套累计6060万`) begins a block of its own.
"""

from __future__ import annotations

import re

from domain.money import UNIT_WORD
from domain.numerals import NUMERALS
from handlers.reports.fields import AMOUNT_FIELDS, LABELS, SAID_FILLER, TEXT_FIELDS
from handlers.reports.lines import Field, is_amount, read_line
from handlers.reports.restated import restated, unread_amount
from handlers.reports.values import is_note

# voice input, or a hurried thumb: `东武匠人居环境本月完成80万累计完成1904万形象进度主体封顶`,
# `物流园本月完成了1200万`
_SAID = rf"(?:{SAID_FILLER}){{0,3}}"  # `累计到现在是4.12亿`, `本年累计已经完成`, as said aloud
FIGURE_KEY = (
    rf"(?:(?:本月|本年|本周|上月|这个?月|这一?周){_SAID}(?:完成)?(?:投资)?"
    rf"|(?:本年)?累计{_SAID}(?:完成)?(?:投资)?){_SAID}"
)
NAME_GLUED = re.compile(
    rf"^([^\s，,；;:：]{{2,}}?)(?=(?:{FIGURE_KEY}|\d{{1,2}}月份?(?:完成|累计)(?:投资)?)\d)"
)
"""A name typed straight before its first figure (`物流园累计…`, `物流园11月完成…`)."""
DIGIT = re.compile(r"[0-9０-９]")
MIN_NAME = 3
"""A name after a block's first line shorter than this (`二期`) is a part of its project."""
# `其中二期本月完成500万`, `设备购置本月完成300万`, `二期工程累计…`: a part of the project's figures
_PART_OF = re.compile(r"^(?:其中|含|包括|包含|另|土建|设备|安装|材料|[一二三四五六七八九十\d]+期)")
_FIGURE_WORDS = re.compile(r"完成|累计|本月|本年|本周")
_MISTYPED_FIGURE = re.compile(rf"^({FIGURE_KEY})(?=[\d约-])")
# a name before a figure typed wrong (`污水管网累计-1990万`), after another project's report
_NAME_GLUED_TRIED = re.compile(rf"^([^\s，,；;:：]{{2,}}?)(?=(?:{FIGURE_KEY})[约-])")
_NAME_COLON = re.compile(r"^([^\s，,；;:：]{3,15})[:：]\s*(?=\S)")  # `污水管网：累计1800万`
_CLAUSE_MARKS = ("；", ";", "。")
_MONEY = re.compile(r"万|亿|元|[wW]")
_SAID_IS = re.compile(r"^(?:主要)?就?是(?!否)")  # `存在问题就是资金没到位`, as said aloud
# a figure's key, words, then an amount (`本月完成应当是0.15亿`, `本月其实完成0.15亿`): a figure
# the grammar could not read, never the 形象进度; money the work tells of, and a target or
# a plan (`本月应为500万，实际完成254万`, `本月计划完成500万`), stays text
_FIGURE_IN_WORDS = re.compile(
    rf"^(?:{FIGURE_KEY})[^，,；;。\d]*?"
    # in words too (`本月完成应该是一千多万`); a run of numerals tried from its start only
    rf"(?:\d+(?:\.\d+)?|(?<![{NUMERALS}])[{NUMERALS}][{NUMERALS}多余几]*+)\s*{UNIT_WORD}"
)
_NONE_SAID = re.compile(
    r"^(?:(?:暂|目前|当前|现在|现)?(?:无|没有)(?:其他|其它|明显|任何)?问题|问题[:：]?暂?(?:无|没有)"
    r"|暂?无)[。.！!]?$"
)
"""A segment after the 形象进度 that answers 存在问题 with none (`无问题`, `暂无问题`, `无`)."""
_NOT_THE_FIGURE = re.compile(
    r"合同|产值|签订|支付|拨付|到位|资金|贷款|债|奖补|补助|应为|应是|计划|目标|预计|力争|争取"
)


def field_lines(segments: list[str], separators: list[str]) -> list[str]:
    """The lines of the segments after a one-line report's name: a field a line; a text runs
    on, a remark goes with its figure, and another project's report begins a block."""
    lines: list[str] = []
    last: str | None = None
    given: set[str] = set()
    leftover: int | None = None  # the line of a 形象进度 left after the figures (not keyed)
    for index, (segment, separator) in enumerate(zip(segments, separators, strict=True)):
        if not segment:
            continue
        item = read_line(segment)
        # `物流园累计4.1亿，园区配套累计6060万`: the next project's report, not this one's
        # 形象进度 (its figure was lost, and the text stored as 物流园's)
        begun = None
        if (last in AMOUNT_FIELDS or leftover is not None) and not isinstance(item, Field):
            begun = _next_report(segment, segments[index + 1 : index + 2], given)
        if begun is not None:
            (started, last), leftover = begun, None
            lines.extend(started)
            given = {last} if last else set()
            continue
        if isinstance(item, Field):
            lines.append(segment)
            last = item.field
            given.add(item.field)
            leftover = None
        elif last in AMOUNT_FIELDS and is_note(segment):
            lines[-1] += segment  # `累计1.18亿 （含设备款）`: the figure's remark
        elif keyed := (
            text_key(segment)
            or figure_tried(segment)
            or _none_said(segment, last, given, unkeyed=leftover is not None)
        ):
            last, leftover = keyed[0], None
            lines.append(keyed[1])
            given.add(last)
        elif _left_over(segment, separator, last, leftover):
            # a line of its own after the figures (never in the text): the grammar notes a
            # restated plan, and refuses an amount it cannot read
            lines.insert(len(lines) if leftover is None else leftover, segment)
            leftover = None if leftover is None else leftover + 1
        elif last in TEXT_FIELDS:
            lines[-1] += (separator if separator.strip() else " ") + segment
        elif last in AMOUNT_FIELDS and figure_in_words(segment):
            lines.append(segment)  # a line of its own: the grammar refuses it, quoted
        elif last in AMOUNT_FIELDS and "progress" not in given:
            lines.append(f"{LABELS['progress']}：{segment}")
            last = "progress"
            given.add(last)
            leftover = len(lines) - 1
        else:
            lines.append(segment)
    return lines


def _none_said(
    segment: str, last: str | None, given: set[str], *, unkeyed: bool
) -> tuple[str, str] | None:
    """`设备调试 无问题`: after the 形象进度's words (not typed under its key), the owner's
    answer to 存在问题 (it was read as the work's words, and last week's problem carried on)."""
    if last != "progress" or not unkeyed or "problems" in given or not _NONE_SAID.match(segment):
        return None
    return "problems", f"{LABELS['problems']}：{segment}"


def _left_over(segment: str, separator: str, last: str | None, leftover: int | None) -> bool:
    """Whether the segment after the figures is an amount no field reads, or the plan restated:
    never the 形象进度. After a `；` or `。` a name glued to a figure (`管廊累计7150万`) is left
    for handlers.reports.next_named to read as the sender's project's report."""
    if last not in AMOUNT_FIELDS and not (leftover is not None and last == "progress"):
        return False
    if separator.strip() in _CLAUSE_MARKS and _names_another(segment):
        return False
    return restated(segment) or unread_amount(segment)


def _names_another(segment: str) -> bool:
    """Whether a name opens the segment with a figure after it (`污水管网：累计1800万`)."""
    found = NAME_GLUED.match(segment) or _NAME_GLUED_TRIED.match(segment)
    found = found or _NAME_COLON.match(segment)
    return found is not None and not DIGIT.search(found.group(1))


def _next_report(
    segment: str, after: list[str], given: set[str]
) -> tuple[list[str], str | None] | None:
    """Another project's report begun on the line: a name with a figure the block has already
    (a second 累计 can only be another project's): `园区配套累计6060万` glued, or `园区配套`
    before it. Its lines (the header, and the figure glued to the name) and that figure's
    field; None: the segment is this project's (a part of it, `设备购置本月完成300万`, or a
    remark)."""
    if len(segment) < MIN_NAME or _PART_OF.match(segment):
        return None
    glued = (
        NAME_GLUED.match(segment) or _NAME_GLUED_TRIED.match(segment) or _NAME_COLON.match(segment)
    )
    if glued is not None:
        name, rest = glued.group(1), segment[glued.end() :]
        item = read_line(rest)
        # `污水管网：本月完成300万`: a name and a colon before a figure heads a report of its own
        colon = glued.re is _NAME_COLON and is_amount(getattr(item, "value", ""))
        if _named(name) and isinstance(item, Field) and (colon or _repeats(item, given)):
            return [f"进度 {name}", rest], item.field
        mistyped = figure_tried(rest)  # `污水管网累计-1990万`: its own, refused as typed
        if _named(name) and mistyped is not None and mistyped[0] in given:
            return [f"进度 {name}", mistyped[1]], mistyped[0]
        return None
    following = read_line(after[0]) if after and _named(segment) else None
    if isinstance(following, Field) and _repeats(following, given):
        return [f"进度 {segment}"], None
    return None


def _named(name: str) -> bool:
    """Whether `name` may be a project's (`已完成投资` is a figure's words, `二期` too short)."""
    return len(name) >= MIN_NAME and not DIGIT.search(name) and not _FIGURE_WORDS.search(name)


def _repeats(item: Field, given: set[str]) -> bool:
    """Whether `item` is an amount of a figure the block has given already."""
    return item.field in given and is_amount(item.value)


def figure_in_words(text: str) -> bool:
    """Whether `text` opens with a figure's key and says its amount after other words
    (`本月完成应当是0.15亿`): meant as the figure, so never stored as the 形象进度."""
    return _FIGURE_IN_WORDS.match(text.strip()) is not None and not _NOT_THE_FIGURE.search(text)


def figure_key(segment: str) -> tuple[str, str] | None:
    """`累计3。5亿`, `累计约3亿`: a figure typed wrong, written out as its field's line
    (`累计：3。5亿`) for the grammar to refuse with its value quoted, never taken for text."""
    found = _MISTYPED_FIGURE.match(segment)
    if found is None:
        return None
    line = f"{found[1]}：{segment[found.end() :]}"
    item = read_line(line)
    return (item.field, line) if isinstance(item, Field) and item.field in AMOUNT_FIELDS else None


def figure_tried(segment: str) -> tuple[str, str] | None:
    """`figure_key` where the figure names money (`累计约1880万`, `累计-1990万`), not a count
    of work done (`本周完成3层`, `管廊本周完成200米`: group talk, or the 形象进度)."""
    keyed = figure_key(segment)
    return keyed if keyed is not None and _MONEY.search(segment) else None


def text_key(segment: str) -> tuple[str, str] | None:
    """`形象进度设备安装` typed without a colon after a figure: the field, and its line written
    out (`形象进度：设备安装`)."""
    for field in TEXT_FIELDS:
        key = LABELS[field]
        if segment.startswith(key) and len(segment) > len(key):
            text = _SAID_IS.sub("", segment[len(key) :]) or segment[len(key) :]
            return field, f"{key}：{text}"
    return None
