"""The units' completion charts (dashboard, meeting screen, digest picture): the dashed 100%
line never runs through a bar's value, which on a phone read as its first digit struck out."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dashboard.charts import ranking_chart
from scheduler.chart import unit_figure
from storage.repos.ranking import UnitRow

# the demo's units on 2 December, best first, and a few more to cover the range
PERCENTS = [108.5, 104.9, 102.3, 100.0, 99.8, 97.4, 95.9, 94.9, 94.7, 92.8, 82.4, 78.2, 68.8,
            52.6, 50.0, 49.9, 31.0, 0.5]  # fmt: skip
# ECharts on a phone, as measured on the overview: 100% is ~102px wide at 320px, ~145px at
# 390px, ~100px on a 1280px meeting screen; a 12px value ~7px a character, 5px off the bar
PX_PER_PERCENT = (0.95, 1.0, 1.45, 2.0, 4.0)
CHAR_PX, DISTANCE = 7, 5


def _rows(percents: list[float]) -> list[UnitRow]:
    return [
        UnitRow(i + 1, f"单位{i + 1}", 1, 100, 100, 100, p / 100, None, 0, 0, 0)
        for i, p in enumerate(percents)
    ]


def _box(bar: dict[str, Any], default: str, scale: float) -> tuple[float, float, str]:
    """Where a bar's value is drawn (px from the axis), as ECharts places it."""
    width = CHAR_PX * len(f"{bar['value']:g}%")  # the label's formatter, "{c}%"
    end = bar["value"] * scale
    position = bar.get("label", {}).get("position", default)
    if position == "right":
        return end + DISTANCE, end + DISTANCE + width, position
    assert position == "insideRight", position
    return end - DISTANCE - width, end - DISTANCE, position


@pytest.mark.parametrize("scale", PX_PER_PERCENT)
def test_no_value_on_the_dashboard_chart_crosses_the_100_line(scale: float) -> None:
    chart = ranking_chart(_rows(PERCENTS), blue=1.0, yellow=0.8)
    series = chart["series"][0]
    [line] = series["markLine"]["data"]
    line_x = line["xAxis"] * scale
    default = series["label"]["position"]
    for bar in series["data"]:
        left, right, position = _box(bar, default, scale)
        # 区商务局 92.8%, 区教育局 94.9%, 北石店镇 82.4%: the dash ran through the first digit
        assert not left <= line_x <= right, (bar["value"], position, scale)
        if position == "insideRight":
            assert left >= 0, (bar["value"], scale)  # the bar holds its value
            assert bar["label"]["color"] != bar["itemStyle"]["color"]  # and it can be read
    shown = {bar["value"]: bar.get("label", {}).get("position", default) for bar in series["data"]}
    assert shown[92.8] == "insideRight" and shown[108.5] == "right" and shown[31.0] == "right"


def test_no_value_on_the_digest_picture_crosses_the_line() -> None:
    rows = [(f"单位{i}", p / 100) for i, p in enumerate(PERCENTS)]
    figure = unit_figure(rows, "各单位完成序时进度（截至12月2日）")
    if figure is None:
        pytest.skip("matplotlib or the CJK font package is not installed")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()
    [axes] = figure.axes
    line_x = axes.transData.transform((100, 0))[0]
    zero_x = axes.transData.transform((0, 0))[0]
    labels = [t for t in axes.texts if t.get_text().endswith("%")]
    assert len(labels) == len(PERCENTS)
    for text in labels:
        box = text.get_window_extent(renderer)
        assert not box.x0 <= line_x <= box.x1, text.get_text()
        assert box.x0 >= zero_x, text.get_text()
