"""How an import's summary names a changed column: with what it was and what it becomes where
a person checks the value (an amount typed in 元 instead of 万元, a status, a date), so a dry
run shows a slip before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from domain.money import format_amount

AMOUNTS = frozenset({"total_investment_yuan", "annual_plan_yuan"})
SHOWN = AMOUNTS | {
    "name",
    "unit_id",
    "locality",
    "industry",
    "planned_start",
    "planned_completion",
    "category",
    "level",
    "status",
    "started_on",
    "stats_entered_on",
}


def change_text(label: str, attr: str, old: Any, new: Any, unit_names: Mapping[int, str]) -> str:
    """`年度计划投资（600万元→800万元）`; the label alone where values would not help (a
    monthly plan's twelve figures, the 简称 list)."""
    if attr not in SHOWN:
        return label
    if attr == "unit_id":
        old, new = unit_names.get(old, old), unit_names.get(new, new)
    return f"{label}（{_value(attr, old)}→{_value(attr, new)}）"


def _value(attr: str, value: Any) -> str:
    if value is None or value == "":
        return "空"
    if attr in AMOUNTS:
        return format_amount(value)
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
