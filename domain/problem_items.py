"""The separate problems one 存在问题 lists, and whether two problem texts say the same.

`1.临时用地手续未办结；2.施工用电容量不足；3.配套资金未到位` is three problems a leader hands to
three departments and closes one by one, so each is its own issue. A problem restated in other
words (`施工用电容量仍不足` beside the open `施工用电容量不足`) is the open one, not a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from domain.problem_text import Verdict, judge
from domain.still_adverb import STILL_ADVERB

# An item's number: `(1)` `（1）` `①` anywhere; `1.` `1、` `1)` `一、` at the start or after a
# break only (not inside a clause), and not the `1.` of `1.5亿` (a digit follows).
_MARK = re.compile(
    r"[(（]\s*(?P<paren>\d{1,2})\s*[)）]|(?P<circled>[①-⑳])"
    r"|(?:^|(?<=[\s；;。，,]))\s*"
    r"(?:(?P<num>\d{1,2})\s*(?:[、．)）]|\.(?!\d))|(?P<han>[一二三四五六七八九十])\s*[、．.])"
)
_HAN = "一二三四五六七八九十"
_ITEM_TRIM = "；;，,。、 \t\r\n"


def split_problems(text: str) -> list[str]:
    """The separate problems `text` lists: numbered items (`1.…；2.…`, `①②`, `(1)(2)`, one a
    line); `[text]` (stripped) when it is not numbered.

    Unnumbered `；`-parted clauses or lines are one problem: they are as often a problem and
    its cause or effect (`雨季施工受限；工期滞后`) as a list, and a wrong split opens issues
    that each tell the office and count in the leaders' totals."""
    whole = text.strip()
    numbered = _numbered(whole)
    return _once(numbered) if numbered else [whole]


def _once(items: list[str]) -> list[str]:
    """Each problem once (`1.资金不足 2.资金不足。`, a line pasted twice)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if normalize(item) not in seen:
            seen.add(normalize(item))
            kept.append(item)
    return kept


def _numbered(text: str) -> list[str]:
    """The items of a list numbered 1, 2, 3… from its start; empty when it is not one."""
    marks = list(_MARK.finditer(text))
    if len(marks) < 2 or text[: marks[0].start()].strip():
        return []
    numbers = [_number(mark) for mark in marks]
    if numbers != list(range(1, len(marks) + 1)):
        return []  # `3.5米；2、…`: figures, not a list
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    items = [
        text[mark.end() : end].strip(_ITEM_TRIM) for mark, end in zip(marks, ends, strict=True)
    ]
    if not all(normalize(item) for item in items):
        return []
    # `1.资金不足 2.无`: an item saying "none" is no problem of its own
    items = [item for item in items if judge(item) is not Verdict.NONE]
    return items if len(items) > 1 else []


def _number(mark: re.Match[str]) -> int:
    if mark["paren"] or mark["num"]:
        return int(mark["paren"] or mark["num"])
    if mark["circled"]:
        return ord(mark["circled"]) - ord("①") + 1
    return _HAN.index(mark["han"]) + 1


def normalize(text: str) -> str:
    """The text's words alone: `受限,部分` and `受限，部分` (or `受限 部分`, a final `。`) are
    one problem typed on two keyboards. Full-width forms become ASCII (NFKC); every
    punctuation mark and space goes, but a decimal point (`1.5亿` is not `15亿`) and `%`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = [
        char
        for i, char in enumerate(text)
        if not (char.isspace() or _is_mark(char)) or char == "%" or _decimal(text, i)
    ]
    return "".join(kept)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _decimal(text: str, i: int) -> bool:
    """A `.` between two digits."""
    between = text[i - 1 : i + 2] if 0 < i < len(text) - 1 else ""
    return text[i] == "." and len(between) == 3 and between[0].isdigit() and between[2].isdigit()


def same_text(one: str, other: str) -> bool:
    """Whether two problem texts say the same (spaces, punctuation and width aside)."""
    return normalize(one) == normalize(other)


# Words that say how long or how stubborn a problem is, not what it is: `仍`不足, `还`没到位,
# 未`及时`到位. Two texts that differ only by these are one problem (还 and 尚 only as the
# adverb: `工程还款` is not `工程款`).
_STILL = re.compile(
    rf"{STILL_ADVERB}|仍然|仍旧|依然|依旧|仍|一直|始终|迟迟|及时|目前|当前|现阶段|暂时"
)
# `资金没有到位` says `资金未到位`; `保证金被没收` (confiscated) is no `未收`, though
# `没收到` `没收齐` `没收回` are "not received"
_NOT = re.compile(r"没有|没(?!收(?![到齐回全完取]))")


def same_problem(one: str, other: str) -> bool:
    """Whether two texts name one problem: the same words once the words of "still" and
    "in time" are dropped and 没有 is read as 未 (`施工用电容量仍不足` is `施工用电容量不足`;
    `配套资金未及时到位` is `配套资金仍未到位`).

    Deliberately not a similarity ratio: `施工用电容量不足` and `施工用水容量不足` differ by one
    letter (difflib ratio 0.875) yet are two problems for two departments, while the restated
    `配套资金未及时到位` / `配套资金仍未到位` score lower (0.82). A wrong merge hides a problem;
    a duplicate only clutters, so only texts equal but for those words are one."""
    return _core(one) == _core(other) and bool(_core(one))


def _core(text: str) -> str:
    return _NOT.sub("未", _STILL.sub("", normalize(text))).replace("未未", "未")


def open_one(text: str, open_issues: Sequence[tuple[int, str]], *, alike: bool) -> int | None:
    """The number of the open issue `text` states: the same text first, then (`alike`) the
    same problem in other words; None when it is a new problem. A report's 存在问题 and
    `/问题` are checked alike."""
    for number, other in open_issues:
        if same_text(other, text):
            return number
    if alike:
        for number, other in open_issues:
            if same_problem(other, text):
                return number
    return None
