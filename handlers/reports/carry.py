"""A correction keeps what it does not restate.

An owner who corrects one line of this period's report (`进度 物流园` + `存在问题：无`) means
that line: the figures, texts and declarations of the report it replaces that the new message
leaves out are taken over, not dropped (dropping them took the period's 本年累计 back to last
week's). The figures go together: a correction that gives either one gives the period's
figures anew.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from handlers.reports.fields import AMOUNT_FIELDS, LABELS, TEXT_FIELDS
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


def carry_over(block: ReportBlock, earlier: Figure | None) -> tuple[ReportBlock, list[str]]:
    """`block` with what `earlier` (the report it corrects) said and it leaves out; the fields
    taken over (`fields.LABELS` names them), in the order of the report."""
    if earlier is None:
        return block, []
    given = set(block.given)
    changes: dict[str, Any] = {}
    kept: list[str] = []
    if not given & set(AMOUNT_FIELDS):
        figures = {
            "period": ("period_investment_yuan", earlier.period_investment_yuan),
            "ytd": ("ytd_investment_yuan", earlier.ytd_investment_yuan),
        }
        for name, (attribute, value) in figures.items():
            if value is not None:
                changes[attribute] = value
                kept.append(name)
        if kept:
            changes["notes"] = {**_notes(earlier.figure_notes), **block.notes}
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
