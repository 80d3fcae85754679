"""A correction keeps what it does not restate.

An owner who corrects one line of this period's report (`进度 物流园` + `存在问题：无`) means
that line: the figures, texts and declarations of the report it replaces that the new message
leaves out are taken over, not dropped (dropping them took the period's 本年累计 back to last
week's). So is a figure the correction leaves out when it gives the other — except a 本年累计
beside a corrected 本月完成, worked out anew from last month's figure where it went with a
本月完成 over it (the 月报表 counts a month as the cumulative's rise, so a kept one would file
another month than the owner said) or was worked out from it;
and a 本月完成 that was the rise of the cumulative a correction restates is dropped with it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from domain.money import ROUNDING_YUAN
from domain.periods import month_before
from handlers.reports.fields import LABELS, TEXT_FIELDS
from handlers.reports.grammar import ReportBlock
from storage.repos.reports import Figure

# a declaration's field as given → the block's flag and date
_DECLARED = {
    "started": ("started", "started_on"),
    "stats": ("stats_entered", "stats_entered_on"),
    "completed": ("completed", "completed_on"),
}
_FIELD_OF_LABEL = {label: name for name, label in LABELS.items()}
# a declaration's field → what `declare.declare` calls it in the reply
_DECLARED_AS = {"started": ("开工", "复工"), "stats": ("入统",), "completed": ("竣工",)}


def carry_over(
    block: ReportBlock, earlier: Figure | None, month_base: Figure | None
) -> tuple[ReportBlock, list[str]]:
    """`block` with what `earlier` (the report it corrects) said and it leaves out; the fields
    taken over (`fields.LABELS` names them), in the order of the report. `month_base`: the
    earlier months' last figure, the 本年累计 a 本月完成 is added to."""
    if earlier is None:
        return block, []
    given = set(block.given)
    changes: dict[str, Any] = {}
    kept: list[str] = []
    figures = {
        "period": ("period_investment_yuan", earlier.period_investment_yuan),
        "ytd": ("ytd_investment_yuan", earlier.ytd_investment_yuan),
    }
    for name, (attribute, value) in figures.items():
        if value is None or name in given or _anew(name, block, earlier, month_base):
            continue
        changes[attribute] = value
        kept.append(name)
    if kept:
        notes = _notes(earlier.figure_notes)
        changes["notes"] = {**{k: v for k, v in notes.items() if k in kept}, **block.notes}
    for name in TEXT_FIELDS:
        value = getattr(earlier, f"{name}_text")
        if name not in given and value is not None:
            changes[f"{name}_text"] = value
            kept.append(name)
    for name, (flag, on) in _DECLARED.items():
        value = getattr(earlier, on)
        if name not in given and value is not None:
            changes.update({flag: True, on: value})
            kept.append(name)
    return (replace(block, **changes), kept) if kept else (block, [])


def _anew(name: str, block: ReportBlock, earlier: Figure, month_base: Figure | None) -> bool:
    """Whether the figure `name` that the correction leaves out is worked out anew from the one
    it gives, not taken over from `earlier`."""
    given = set(block.given)
    if "week" in given:  # both are worked out from the week's amount anew
        return True
    if name == "period":
        # the month's figure went with the old cumulative: it goes with it (a /模板 sent back
        # with the same cumulative and 本月 blank keeps it)
        renewed = block.ytd_investment_yuan != earlier.ytd_investment_yuan
        value = earlier.period_investment_yuan or 0
        return ("ytd" in given and renewed and _worked_out(earlier, month_base)) or (
            _no_longer_adds_up(block, earlier, month_base, value)
        )
    # a corrected 本月完成 alone moves the cumulative with it: the 月报表 counts a month as the
    # rise of the cumulative, so a kept one would file a month the owner did not say
    moved = block.period_investment_yuan != earlier.period_investment_yuan
    if "period" not in given or not moved:
        return False
    # only where the old cumulative went with a 本月完成 over last month's end: one given
    # alone is the owner's, and over an older figure the months between are in it
    last_months = month_base is not None and month_base.month == month_before(earlier.month)
    return _worked_out(earlier, month_base) or (
        earlier.period_investment_yuan is not None and last_months
    )


def _worked_out(earlier: Figure, month_base: Figure | None) -> bool:
    """Whether `earlier`'s 本年累计 and 本月完成 agree exactly over the earlier months' figure
    (one worked out from the other, or from 本周完成)."""
    if earlier.period_investment_yuan is None or earlier.ytd_investment_yuan is None:
        return False
    base = (month_base.ytd_investment_yuan or 0) if month_base else 0
    return earlier.ytd_investment_yuan == base + earlier.period_investment_yuan


def _no_longer_adds_up(
    block: ReportBlock, earlier: Figure, month_base: Figure | None, period: int
) -> bool:
    """Whether the corrected 本年累计 leaves behind the 本月完成 it would take over: the two
    added up to the earlier months' figure before, nearly (a month's figure is often rounded),
    and no longer do (a new cumulative 239万 above it, with 500万 kept, would file a 本月 the
    month did not do; 600万 kept beside 4.1亿 reached the 月报表 as 730万). One that never
    added up, confirmed as it was, is the owner's and stays."""
    ytd = block.ytd_investment_yuan
    if ytd is None or earlier.ytd_investment_yuan is None:
        return False
    base = (month_base.ytd_investment_yuan or 0) if month_base else 0
    before = earlier.ytd_investment_yuan
    nearly = abs(before - base - period) <= (before - base) // NEARLY_SHARE
    added_up = _adds_up(before, base, period) or (month_base is not None and nearly)
    return added_up and not _adds_up(ytd, base, period)


TYPED_TO_AT_MOST = 1_000_000
"""A round figure (`2亿`) is read as typed to 100万 at the most: not ±5000万."""


NEARLY_SHARE = 20
"""A 本月完成 within a twentieth of the cumulative's rise went with it (600万 for 581万)."""


def _adds_up(ytd: int, base: int, period: int) -> bool:
    """Whether `ytd` is `base` plus `period`, as nearly as it was typed (1.32亿: to 50万)."""
    typed_to = 1
    while typed_to < TYPED_TO_AT_MOST and ytd % (typed_to * 10) == 0:
        typed_to *= 10
    return abs(ytd - base - period) <= max(ROUNDING_YUAN, typed_to // 2)


def restated(declared: list[dict[str, Any]], kept: list[str]) -> list[dict[str, Any]]:
    """The reply's lines of declarations (`declare.declare`) without those taken over: they
    were news when first sent, not now."""
    old = {what for name in kept for what in _DECLARED_AS.get(name, ())}
    return [line for line in declared if line["what"] not in old]


def _notes(stored: str | None) -> dict[str, str | None]:
    """The figures' remarks as `ReportBlock.figure_notes` stored them, by field."""
    notes: dict[str, str | None] = {}
    for line in (stored or "").splitlines():
        label, _, note = line.partition("：")
        if label in _FIELD_OF_LABEL and note:
            notes[_FIELD_OF_LABEL[label]] = note
    return notes


_SAME = (
    "month",
    "period_investment_yuan",
    "ytd_investment_yuan",
    "progress_text",
    "problems_text",
    "plan_text",
    "figure_notes",
    "started_on",
    "stats_entered_on",
    "completed_on",
)


def correction(earlier: Figure | None, report: Any) -> dict[str, bool]:
    """Whether the stored report corrects an earlier one of its period (`corrected`), or only
    repeats it (`repeated`: the same message sent twice; telling the owner that the earlier
    report was cancelled alarms them for nothing)."""
    if earlier is None:
        return {"corrected": False, "repeated": False}
    same = all(getattr(earlier, name) == getattr(report, name) for name in _SAME)
    return {"corrected": not same, "repeated": same}
