"""The digest's picture: each unit's completion against 序时, as a phone-sized PNG."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from functools import cache
from typing import Any

from domain.money import format_percent

log = logging.getLogger(__name__)

MAX_BARS = 30  # beyond this the picture shows the first and last 15 units
COLORS = {"blue": "#2f6fdf", "yellow": "#f2b630", "red": "#d9443a"}
# a value written after a bar ending just short of the dashed line ran across it, the dash
# striking its first digit through; from half the line on the bar holds it (as the dashboard)
INK = {COLORS["blue"]: "white", COLORS["red"]: "white", COLORS["yellow"]: "#202124"}
MAX_BYTES = 2 * 1024 * 1024  # WeCom robots take images up to 2 MB


@cache
def _font() -> Any:
    """Noto Sans SC from the `pylopdf-fonts-zh-cn` package; None when it is not installed."""
    try:
        from matplotlib import font_manager
        from pylopdf_fonts_zh_cn import sans_path
    except ImportError:
        log.warning("未安装 matplotlib 或中文字体包 pylopdf-fonts-zh-cn，调度会简报不附图")
        return None
    path = str(sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path)


def _shown(rows: Sequence[tuple[str, float | None]]) -> list[tuple[str, float | None]]:
    if len(rows) <= MAX_BARS:
        return list(rows)
    half = MAX_BARS // 2
    return [*rows[:half], ("……", None), *rows[-half:]]


def _color(ratio: float | None, blue: float, yellow: float) -> str:
    if ratio is None:
        return "#bbbbbb"
    return COLORS["blue" if ratio >= blue else "yellow" if ratio >= yellow else "red"]


def unit_figure(
    rows: Sequence[tuple[str, float | None]], title: str, blue: float = 1.0, yellow: float = 0.8
) -> Any:
    """`unit_chart`'s picture as a matplotlib Figure, not yet drawn; None without a CJK font."""
    font = _font()
    if font is None or not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    shown = _shown(rows)
    height = 1.2 + 0.3 * len(shown)
    figure = Figure(figsize=(6.4, height), dpi=110)
    axes = figure.add_subplot()
    names = [name for name, _ in shown]
    values = [100 * (ratio or 0) for _, ratio in shown]
    positions = list(range(len(shown)))[::-1]
    axes.barh(positions, values, color=[_color(r, blue, yellow) for _, r in shown], height=0.7)
    line = 100 * blue
    axes.axvline(line, color="#333333", linewidth=1, linestyle="--")
    axes.text(line, len(shown) - 0.4, " 序时", fontproperties=font, fontsize=8)
    for y, (_, ratio), value in zip(positions, shown, values, strict=True):
        if ratio is not None:
            # the digest's own rounding, so the picture and the text agree
            label = format_percent(ratio)
            if line / 2 <= value < line:
                color = _color(ratio, blue, yellow)
                axes.text(value - 1, y, label, va="center", ha="right", fontsize=7,
                          fontproperties=font, color=INK.get(color, "#202124"))  # fmt: skip
            else:
                axes.text(value + 1, y, label, va="center", fontsize=7, fontproperties=font)
    axes.set_yticks(positions, names, fontproperties=font, fontsize=8)
    axes.set_xlim(0, max([100 * blue, *values]) * 1.15)
    axes.set_xlabel("累计完成 / 序时进度（%）", fontproperties=font, fontsize=8)
    axes.set_title(title, fontproperties=font, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    # fixed margins: tight_layout would draw the whole figure twice
    figure.subplots_adjust(left=0.27, right=0.96, top=1 - 0.55 / height, bottom=0.6 / height)
    return figure


def unit_chart(
    rows: Sequence[tuple[str, float | None]], title: str, blue: float = 1.0, yellow: float = 0.8
) -> bytes | None:
    """Horizontal bars of done/序时 per unit, best on top; None when no CJK font is available."""
    figure = unit_figure(rows, title, blue, yellow)
    if figure is None:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = buffer.getvalue()
    if len(data) > MAX_BYTES:
        log.warning("调度会简报图 %d 字节，超过平台限制，不附图", len(data))
        return None
    return data
