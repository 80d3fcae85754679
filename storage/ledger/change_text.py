"""How an import's summary names a changed column: with what it was and what it becomes where
a person checks the value (an amount typed in 元 instead of 万元, a status, a date), so a dry
run shows a slip before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from domain.money import format_amount, format_wan
from storage.ledger.load_people import assign_fields

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
    if attr == "active":  # back on the roll, or off it (项目状态 已取消)
        return label if new else "移出台账（项目状态“已取消”：不再催报、亮灯）"
    if attr not in SHOWN:
        return label
    if attr == "unit_id":
        old, new = unit_names.get(old, old), unit_names.get(new, new)
    shown = _value(attr, old), _value(attr, new)
    if attr in AMOUNTS and shown[0] == shown[1] and old and new:  # 4.2亿元→4.2亿元 hides a 10万
        shown = format_wan(old), format_wan(new)
    return f"{label}（{shown[0]}→{shown[1]}）"


def _value(attr: str, value: Any) -> str:
    if value is None or value == "":
        return "空"
    if attr in AMOUNTS:
        return format_amount(value)
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


# How the summary names a changed attribute (is_key follows the annual plan: not named twice)
FIELD_LABELS = {
    "name": "项目名称",
    "unit_id": "责任单位",
    "active": "恢复在册",
    "aliases": "简称",
    "locality": "属地",
    "industry": "行业",
    "total_investment_yuan": "总投资",
    "planned_start": "计划开工日期",
    "planned_completion": "计划竣工日期",
    "monthly_plan_yuan": "月度计划",
    "annual_plan_yuan": "年度计划投资",
    "category": "项目类别",
    "level": "项目级别",
    "key_tags": "重点类别",
    "status": "项目状态",
    "started_on": "开工日期",
    "stats_entered_on": "入统日期",
}


PLAN_ATTRS = frozenset(
    {"annual_plan_yuan", "monthly_plan_yuan", "planned_start", "planned_completion"}
    | {"level", "key_tags"}
)
"""What a plan year (ProjectPlan) holds: one year's, beside the other years'."""


def plan_labels(year: int) -> dict[str, str]:
    """FIELD_LABELS naming the plan year on what is that year's (`2027年度计划投资`), so an
    office loading next year's plan in December sees which year a change touches."""
    labels = dict(FIELD_LABELS)
    for attr in PLAN_ATTRS:
        label = labels[attr]  # 年度计划投资 → 2027年度计划投资, 月度计划 → 2027年月度计划
        labels[attr] = f"{year}{label}" if label.startswith("年度") else f"{year}年{label}"
    return labels


def assigned(
    target: Any,
    values: dict[str, Any],
    unit_names: Mapping[int, str],
    emptied: list[str] | None = None,
    labels: Mapping[str, str] = FIELD_LABELS,
) -> list[str]:
    """Set the attributes that differ; how the summary names each that changed (by `labels`),
    with its old and new value where a person would check them. The labels of those a blank
    cell empties (a value before, none or 0 now) go to `emptied`."""
    before = {attr: getattr(target, attr) for attr in values}
    changed = [attr for attr in assign_fields(target, values) if labels.get(attr)]
    if emptied is not None:
        emptied += [labels[a] for a in changed if before[a] and not values[a]]
    return [
        change_text(labels[attr], attr, before[attr], values[attr], unit_names) for attr in changed
    ]
