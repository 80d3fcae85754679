"""How values read in every message: lights, dates and times, mentions (amounts: domain.money)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

ICONS: Mapping[str, str] = {"red": "🔴", "yellow": "🟡", "blue": "🔵"}
DEFAULT_LABELS: Mapping[str, str] = {"red": "红灯", "yellow": "黄灯", "blue": "蓝灯"}
WEEKDAYS = "一二三四五六日"
UNJUDGED = "⚪ 未评定"
PLATFORM_NAMES: Mapping[str, str] = {
    "wecom": "企业微信",
    "dingtalk": "钉钉",
    "feishu": "飞书",
    "local": "本地",
}


def color_of(value: object) -> str | None:
    """`red`/`yellow`/`blue` from a colour value or enum (anything else: None)."""
    text = str(getattr(value, "value", value))
    return text if text in ICONS else None


def light(value: object, labels: Mapping[str, str] = DEFAULT_LABELS) -> str:
    """`🔴 红灯`: a light always reads as its icon and its configured label."""
    color = color_of(value)
    if color is None:
        return UNJUDGED
    return f"{ICONS[color]} {labels.get(color, DEFAULT_LABELS[color])}"


def icon(value: object) -> str:
    """`🔴` alone, for a list already headed by its light."""
    color = color_of(value)
    return ICONS[color] if color else "⚪"


def clip(text: str, limit: int = 12) -> str:
    """A text people typed, on one line and cut to `limit` characters, for a line of a push."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def day(d: date, today: date) -> str:
    """`5月10日`, with the year when it is not `today`'s year."""
    if isinstance(d, datetime):
        d = d.date()
    text = f"{d.month}月{d.day}日"
    return text if d.year == today.year else f"{d.year}年{text}"


def span(first: date | None, last: date | None, today: date, joint: str = "至") -> str:
    """`4月1日至9月30日`; one day alone; `—` for a date not known.

    A reader takes a bare end's year from the start, so the end leaves its year out only when
    the start did too: `2023年4月27日至2027年7月21日`, never `2023年4月27日至7月21日`."""
    if first is not None and first == last:
        return day(first, today)
    head = day(first, today) if first is not None else "—"
    if last is None:
        return f"{head}{joint}—"
    bare = first is None or first.year == today.year
    tail = day(last, today) if bare else f"{last.year}年{last.month}月{last.day}日"
    return f"{head}{joint}{tail}"


def weekday(d: date) -> str:
    """`周四`."""
    return f"周{WEEKDAYS[d.weekday()]}"


def day_week(d: date, today: date) -> str:
    """`4月24日（周四）`, with the year when it is not `today`'s."""
    return f"{day(d, today)}（{weekday(d)}）"


def moment(at: datetime, today: date) -> str:
    """`4月25日（周五）17:00`."""
    return f"{day_week(at, today)}{at:%H:%M}"


def ats(names: Iterable[str]) -> str:
    """`@张伟 @申晋`: people named so that each platform turns them into mentions."""
    return " ".join(f"@{name}" for name in names)


CLOSE_ASKED = "已申请销号、待专班办公室确认"
"""An issue whose 销号 was asked for and waits for the office (asked for is not 销号'd): said
in these words by every push, reply and page, which name who must act."""


def asked_among(count: int) -> str:
    """`其中 2 个已申请销号、待专班办公室确认`: the overdue issues counted whose 销号 was asked
    for, said alike in every push, reply and page."""
    return f"其中 {count} 个{CLOSE_ASKED}"
