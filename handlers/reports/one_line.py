"""A report typed on one line (`进度 物流园 累计4.3亿`), spread over the lines of a block.

A hurried owner puts the figures after the project's name, separated by spaces or commas. The
header is cut where the first segment that is a filled-in field begins (a figure, a declaration,
a `key：value`); a segment naming no field is never taken from the project's name. Each later
field starts a line of its own (handlers.reports.segments: a text runs on, text after a figure
is the 形象进度, another project's report begins a block).
"""

from __future__ import annotations

import itertools
import re

from domain.money import UNIT_WORD
from handlers.reports.fields import AMOUNT_FIELDS, LABELS, SYNONYMS, TEXT_FIELDS
from handlers.reports.lines import Field, is_amount, read_header, read_line
from handlers.reports.segments import (
    DIGIT,
    FIGURE_KEY,
    NAME_GLUED,
    field_lines,
    figure_tried,
    text_key,
)

# A comma after a digit is a thousands separator, not a break, when what follows reads as the
# rest of an amount (`1,200万`, `3,500` then a break); `累计3500，500米管网完工` breaks before
# 500米, and `1,2345万` stays whole, to be refused as typed rather than read as 1万.
_REST_OF_AMOUNT = (
    rf"(?:\d+(?:[,，]\d+)*(?:\.\d+)?\s*{UNIT_WORD}"
    r"|\d{3}(?:[,，]\d{3})*(?:\.\d+)?(?=$|[\s，,；;、]))"
)
# `累计 0.35 亿`: a phone keyboard puts spaces around a figure; its unit is not a field of its own
_UNIT_AFTER_SPACE = re.compile(rf"(\d)\s+({UNIT_WORD})")
_DIGIT_GAP = re.compile(r"[\d亿]\s")
_WAN_AFTER_YI = re.compile(r"(\d亿)\s+(\d+(?:\.\d+)?万)")  # `3亿 8200万` is one figure
# 。 parts fields (`1.1亿元。形象进度：…`), but not between digits: `3。5亿` is 3.5亿 mistyped
_SEPARATORS = re.compile(
    r"((?<!\d)[，,]|[，,](?!" + _REST_OF_AMOUNT + r")|[；;、]|(?<!\d)。|。(?!\d)|\s+)"
)


_CLAUSES = re.compile(r"[；;]")
_COLON = re.compile(r"[:：]")
_TEXT_KEYS = "|".join(LABELS[field] for field in TEXT_FIELDS)
# after a comma or a full stop; the key's colon may be a comma, as voice input writes it
_TEXT_KEY_AFTER_COMMA = re.compile(rf"[，,。]\s*(?=(?:{_TEXT_KEYS})\s*[:：，,])")


def spread(line: str) -> list[str]:
    """The header line alone, then one line per field, if `line` carries fields after the
    project's name; a body line of several `key：value` clauses (`本月完成:1200万;累计完成:3.8亿`)
    one line per clause; otherwise `[line]`."""
    header = read_header(line)
    if header is None:
        return [part for piece in _text_keys_apart(line) for part in _clauses(piece)]
    if not header.ref:
        return [line]
    ref = _unglued(_name_colon(header.ref))
    if _DIGIT_GAP.search(ref):  # rare: most figures are typed without a space in them
        ref = _WAN_AFTER_YI.sub(r"\1\2", _UNIT_AFTER_SPACE.sub(r"\1\2", ref))
    parts = _SEPARATORS.split(ref)
    segments, separators = _joined(parts[0::2], ["", *parts[1::2]])
    start = _first_field(segments)
    if start is None:
        return [line]
    # the header's ref may have lost a closing 。 or quote: cut the keyword where the ref begins
    at = line.strip().find(header.ref)
    keyword = line.strip()[:at].rstrip() if at >= 0 else "进度"  # (an emoji dropped from it)
    name = "".join(s + t for s, t in zip(separators[1:start], segments[1:start], strict=True))
    return [
        f"{keyword} {segments[0]}{name}".strip(),
        *field_lines(segments[start:], separators[start:]),
    ]


# voice input, or a hurried thumb: `东武匠人居环境本月完成80万累计完成1904万形象进度主体封顶`
_KEY_AFTER_FIGURE = re.compile(
    rf"(\d(?:\.\d+)?\s*{UNIT_WORD})(?=(?:{FIGURE_KEY}|形象进度|存在问题|下步计划))"
)
_BREAK = re.compile(r"[\s，,；;:：]")
_TEXT_KEY_GLUED = re.compile(r"(?<=[\u4e00-\u9fff])(?=(?:存在问题|下步计划)\S)")


def name_apart(text: str) -> str:
    """`物流园本月完成1200万…`: a space between the name and its first figure."""
    return NAME_GLUED.sub(r"\1 ", text, count=1)


def _unglued(ref: str) -> str:
    """A one-line report typed without a break: the name apart from its first figure, a figure
    apart from the key after it, and, with no break anywhere, the text keys apart."""
    if not DIGIT.search(ref):
        return ref
    spaced = _KEY_AFTER_FIGURE.sub(r"\1 ", ref)
    if not _BREAK.search(ref):  # no break anywhere: the name ends where the first figure begins
        spaced = _TEXT_KEY_GLUED.sub(" ", NAME_GLUED.sub(r"\1 ", spaced, count=1))
    return spaced


def _name_colon(ref: str) -> str:
    """`物流园：本月完成1200万；…`: a colon after the project's name, where a field follows it,
    parts the two as a space would."""
    colon = _COLON.search(ref)
    # only a colon in the name's own segment: `物流园 下步计划：本月完成500万` is a plan
    if colon is None or colon.start() == 0 or _SEPARATORS.search(ref, 0, colon.start()):
        return ref
    rest = ref[colon.end() :]
    item = read_line(_SEPARATORS.split(rest.strip(), maxsplit=1)[0])
    if isinstance(item, Field) and item.value.strip():
        return f"{ref[: colon.start()]} {rest}"
    return ref


def _text_keys_apart(line: str) -> list[str]:
    """`形象进度：设备安装，下步计划：月底调试`, `形象进度，收尾。存在问题，道路未通`: a text
    field's key with its colon (or comma) after a comma or full stop starts a line of its own
    (the plan, or the problem, was kept inside the 形象进度)."""
    if not any(mark in line for mark in "，,。"):  # most lines: nothing to part
        return [line]
    cuts = [match.start() for match in _TEXT_KEY_AFTER_COMMA.finditer(line)]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    pieces = [line[start:end] for start, end in itertools.pairwise(bounds)]
    return [piece.lstrip("，,。").strip() for piece in pieces if piece.strip("，,。 ")]


def _clauses(line: str) -> list[str]:
    """The clauses of a body line of figures (`本月完成:1200万;累计完成:3.8亿`), each a filled-in
    field. A 形象进度 runs on to the next figure; 存在问题 and 下步计划 take the rest of the line
    (`存在问题：用地未批；进展：已上报` is one problem), and a line opening with either stays
    whole. Else the line as it is."""
    if ";" not in line and "；" not in line:
        return _figures_apart(line)
    parts = [part.strip() for part in _CLAUSES.split(line)]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return [line]
    out: list[str] = []
    text: str | None = None  # the text field the clauses are running in
    for part in parts:
        item = read_line(part)
        filled = item if isinstance(item, Field) and item.value.strip() else None
        field = filled.field if filled else None
        if text is not None:
            # 形象进度 ends where a figure begins (`形象进度：设备安装；累计完成：1970万`);
            # a problem or a plan keeps its own clauses (`下步计划：…；本月：500万` is a plan)
            if text == "progress" and filled and field in AMOUNT_FIELDS and is_amount(filled.value):
                out.append(part)
                text = None
            else:
                out[-1] += "；" + part
            continue
        if field is None or (field in TEXT_FIELDS and not out and field != "progress"):
            return [line]
        out.append(part)
        text = field if field in TEXT_FIELDS else None
    return out if len(out) > 1 else [line]


def _figures_apart(line: str) -> list[str]:
    """A body line of figures parted by commas or spaces (`本月完成：1200万，累计完成：3.8亿`,
    `本月完成1200万 累计完成3.8亿`), one line per figure: only when the first part is a figure
    and every part a filled-in field, so a text or a remark with a comma in it stays whole."""
    text = line.strip()
    if not DIGIT.search(text):  # two figures have digits
        return [line]
    if _DIGIT_GAP.search(text):
        text = _WAN_AFTER_YI.sub(r"\1\2", _UNIT_AFTER_SPACE.sub(r"\1\2", text))
    parts = _SEPARATORS.split(text)
    # most body lines are one field, or a text: only a line that opens with a figure's key
    # and goes on is read further (this runs on every line of every report)
    if len(parts) < 3 or not _opens_with_figure(parts[0]):
        return [line]
    # an empty head, as a header line has its keyword: `累计 5000万` then joins as it does there
    segments, _ = _joined(["", *parts[0::2]], ["", "", *parts[1::2]])
    segments = [segment for segment in segments[1:] if segment]
    if len(segments) < 2:
        return [line]
    items = [read_line(segment) for segment in segments]
    fields = [item for item in items if isinstance(item, Field) and item.value.strip()]
    if len(fields) < len(items) or fields[0].field not in AMOUNT_FIELDS:
        return [line]
    return segments


def _opens_with_figure(segment: str) -> bool:
    item = read_line(segment)
    return isinstance(item, Field) and item.field in AMOUNT_FIELDS


def _joined(segments: list[str], separators: list[str]) -> tuple[list[str], list[str]]:
    """`累计 5000万` kept as one segment: a bare figure key takes the figure after it, a bare
    text key the text after it."""
    out, seps = [segments[0]], [separators[0]]
    for segment, separator in zip(segments[1:], separators[1:], strict=True):
        if len(out) > 1 and _takes_figure(out[-1], segment):
            out[-1] = f"{out[-1]} {segment}"
            continue
        if len(out) > 1 and SYNONYMS.get(out[-1]) in TEXT_FIELDS:  # `形象进度 招标完成`
            out[-1] = f"{out[-1]}：{segment}"
            continue
        out.append(segment)
        seps.append(separator)
    return out, seps


# `11月完成`, `2026年11月累计`: digits that name the month, not a figure already typed
_MONTH_NAMED = re.compile(r"(?:\d{4}年)?\d{1,2}月份?(?:底|末)?\D*")


def _takes_figure(key: str, segment: str) -> bool:
    """Whether `key` is a figure's key alone (`累计`, `上月完成`: 上月 reads as a key only with
    its amount; `11月完成`) and `segment` the figure after it."""
    if DIGIT.search(key) and not _MONTH_NAMED.fullmatch(key):
        return False
    joined = read_line(f"{key} {segment}")
    return (
        isinstance(joined, Field)
        and joined.field in AMOUNT_FIELDS
        and joined.key == key.strip()
        and bool(joined.value.strip())
    )


def _first_field(segments: list[str]) -> int | None:
    """The first segment after the name that fills a field in; a text's label glued to it
    (`形象进度85%`) or a figure typed wrong begins one there too: no project's name holds
    one."""
    for index, segment in enumerate(segments[1:], start=1):
        item = read_line(segment)
        if (isinstance(item, Field) and item.value.strip()) or text_key(segment):
            return index
        if figure_tried(segment):  # `累计约1880万`: a figure typed wrong, refused as typed
            return index
    return None
