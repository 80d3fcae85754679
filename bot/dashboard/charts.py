"""ECharts options of the dashboard's charts (the page hands them to echarts as JSON)."""

from __future__ import annotations

from typing import Any

from domain.money import percent_value
from storage.repos.ranking import UnitRow

RED, YELLOW, BLUE = "#d93025", "#e8a200", "#1a73e8"
UNJUDGED = "#9aa0a6"
LINE = 100  # the dashed line: 序时 fully done (%)
# A bar ending between half the line and the line carries its value inside its end: written
# after it, the value ran across the line, whose dash struck its first digit through on a
# phone (100% is ~100-150px there, a value ~40px). Halfway is where the bar holds more room
# than the gap to the line, whatever the chart's width; a shorter bar's value stays after it.
INSIDE_FROM = LINE / 2
INK = {RED: "#ffffff", BLUE: "#ffffff", YELLOW: "#202124", UNJUDGED: "#202124"}


def ranking_chart(
    rows: list[UnitRow], blue: float, yellow: float, judged: bool = True
) -> dict[str, Any]:
    """Units by completion against 序时 (%), best at the top, coloured as a project's light
    would be at that ratio (`blue` and `yellow`: the lights' ratio lines); grey while 序时 is
    not yet `judged` (the year's first days: a red bar then would read as a failing unit)."""
    ordered = list(reversed(rows))
    # rounded like every percentage in chat and on the pages (never up onto the 100% line)
    values = [
        None if r.schedule_ratio is None else percent_value(r.schedule_ratio) for r in ordered
    ]
    return {
        "animation": False,
        "grid": {"left": 8, "right": 56, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "valueFormatter": None},
        # every 50%: a phone's width ran the 20%-step labels together (80%100%)
        "xAxis": {
            "type": "value",
            "interval": 50,
            "axisLabel": {"formatter": "{value}%", "hideOverlap": True},
        },
        "yAxis": {"type": "category", "data": [r.unit for r in ordered]},
        "series": [
            {
                "type": "bar",
                "name": "序时完成率",
                # a unit's one bar stays a bar where the chart takes a whole panel (大屏)
                "barMaxWidth": 28,
                "data": [_bar(v, _bar_color(v, blue, yellow, judged)) for v in values],
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
                "markLine": {"symbol": "none", "data": [{"xAxis": LINE}], "label": {"show": False}},
            }
        ],
    }


def _bar(value: float | None, color: str) -> dict[str, Any]:
    bar: dict[str, Any] = {"value": value, "itemStyle": {"color": color}}
    if value is not None and INSIDE_FROM <= value < LINE:
        # ink chosen against the bar (no outline: ECharts' default one blurs it on a phone)
        bar["label"] = {"position": "insideRight", "color": INK[color], "textBorderWidth": 0}
    return bar


def _bar_color(percent: float | None, blue: float, yellow: float, judged: bool) -> str:
    if not judged:
        return UNJUDGED
    shown = (percent or 0) / 100
    return BLUE if shown >= blue else YELLOW if shown >= yellow else RED


def lights_chart(counts: dict[str, int], labels: dict[str, str]) -> dict[str, Any]:
    """Projects by light, as a ring."""
    colors = {"red": RED, "yellow": YELLOW, "blue": BLUE}
    return {
        "animation": False,
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "pie",
                "radius": ["45%", "70%"],
                "label": {"formatter": "{b}\n{c}", "overflow": "none"},
                "data": [
                    {"name": labels.get(c, c), "value": n, "itemStyle": {"color": colors[c]}}
                    for c, n in counts.items()
                ],
            }
        ],
    }


def plan_chart(months: list[str], plan: list[float], done: list[float | None]) -> dict[str, Any]:
    """A project's month-end plan curve against the reported cumulative (万元)."""
    return {
        "animation": False,
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "legend": {"data": ["计划累计", "实际累计"], "top": 0},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            {"type": "line", "name": "计划累计", "data": plan, "lineStyle": {"type": "dashed"},
             "itemStyle": {"color": "#888"}},
            {"type": "line", "name": "实际累计", "data": done, "connectNulls": True,
             "itemStyle": {"color": RED}},
        ],
    }  # fmt: skip
