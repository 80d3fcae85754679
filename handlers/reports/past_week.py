"""`补报上周` above a report: the owner means last week's, which no report can be filed for.

A report counts for the week it is sent in (or, naming a month, that month's last week): no
report names a past week, and the year's cumulative sent now covers last week's work too. A
line above the report saying it is last week's (`补报上周`, `补报：上周`, `上周的`) was read
as talk, and the reply said this week with nothing on it; it now says so plainly. Said after
the project's name on the header line (`进度 物流园 补报上周`, `进度 物流园（上周的）`), it
was read as part of the name, and no project was found; it is now said apart from the name.
So is the same said before the name (`进度 补报上周 物流园`, `进度（补报上周）物流园`), and
said with no name at all (`进度（补报上周）`): it is then a header naming no project."""

from __future__ import annotations

import re

from handlers.reports.fields import fold_width

LAST_WEEK_WORDS = r"(?:补报|补)?\s*[:：]?\s*上一?周(?:的)?(?:进度|数据|数字|周报)?(?:补报)?"
"""The words saying a report is last week's (`补报上周`, `补报：上周`, `上周的`), as a pattern."""
_LAST_WEEK = re.compile(LAST_WEEK_WORDS + r"\s*[:：。.!！]?")
_HEADER = re.compile(r"^\s*[/／]?进度")
# where words after a project's name may begin (on width-folded text): after a space or in
# brackets; glued to the name they may be part of it (`上周村` is a village)
_AFTER_NAME = re.compile(r"\s+[(\[【]?|[(\[【]")
# the same words before the name (on width-folded text, whose header may have lost its opening
# 【): a space, a colon or a closing bracket between them and the name, as after it
_ALONE = re.compile(rf"[(\[【]?\s*(?P<said>{LAST_WEEK_WORDS})\s*[)\]】]?")
_BEFORE_NAME = re.compile(
    rf"[(\[【]?\s*(?P<said>{LAST_WEEK_WORDS})(?:\s*[)\]】]\s*:?|\s*:|\s)\s*(?=\S)"
)


def past_week_said(text: str) -> str | None:
    """The line above the message's first `进度` that says its report is last week's, as
    typed; None when there is none."""
    for line in text.splitlines():
        if _HEADER.match(line):
            return None
        said = line.strip()
        if said and _LAST_WEEK.fullmatch(fold_width(said)):
            return said
    return None


def said_around_name(ref: str) -> tuple[str, str | None]:
    """A header's project reference without the words before or after the name saying the
    report is last week's (`补报上周 物流园`, `物流园 补报上周`), and those words as typed (or
    None); with nothing but those words (`（补报上周）`), the name is empty."""
    if alone := _ALONE.fullmatch(fold_width(ref).strip()):
        return "", ref.strip()[alone.start("said") : alone.end("said")]
    before = _BEFORE_NAME.match(fold_width(ref))
    if before is None:
        return said_after_name(ref)
    name, after = said_after_name(ref[before.end() :])
    return name, ref[before.start("said") : before.end("said")] or after


def said_after_name(ref: str) -> tuple[str, str | None]:
    """A header's project reference without the words after the name saying the report is
    last week's (`物流园 补报上周`, `物流园（上周的）`), and those words as typed (or None)."""
    folded = fold_width(ref)
    for cut in _AFTER_NAME.finditer(folded):
        said = ref[cut.end() :].rstrip(")）]】 ").strip()
        if cut.start() > 0 and _LAST_WEEK.fullmatch(fold_width(said)):
            return ref[: cut.start()].strip(), said
    return ref, None
