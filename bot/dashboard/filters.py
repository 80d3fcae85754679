"""The project list's filters and paging, read from the query string and checked.

A value the list cannot mean (an unknown unit or light, a page of -1, a search longer than
any project name) is refused with a sentence saying what is allowed, never ignored silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from urllib.parse import urlencode

LIGHTS = {"red": "red", "yellow": "yellow", "blue": "blue", "红": "red", "黄": "yellow"}
LIGHTS |= {"蓝": "blue", "红灯": "red", "黄灯": "yellow", "蓝灯": "blue"}
MAX_SEARCH = 50
MAX_PAGE = 100_000
PAGE_SIZE = 50


class BadFilter(ValueError):
    """A filter value the list cannot mean (the message says what is allowed)."""


@dataclass(frozen=True)
class Choices:
    """The values each filter may take, from the projects the viewer sees."""

    units: list[str]
    categories: list[str]
    levels: list[str]
    leaders: list[str]
    tags: list[str]


@dataclass(frozen=True)
class ProjectFilter:
    """What the project list is narrowed to; None: not narrowed."""

    unit: str | None = None
    light: str | None = None
    key: bool | None = None
    level: str | None = None
    tag: str | None = None
    leader: str | None = None
    category: str | None = None
    q: str | None = None

    def query(self, **changes: object) -> str:
        """The query string of these filters (with `changes`), for links and downloads."""
        values: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        values |= changes
        pairs = {k: ("1" if v is True else "0" if v is False else v) for k, v in values.items()}
        return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return any(getattr(self, f.name) is not None for f in fields(self))


def page_number(query: Mapping[str, str]) -> int:
    """`?page=` as a page number from 1."""
    raw = query.get("page", "1").strip() or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise BadFilter(f"页码“{raw[:20]}”无效，应为 1 到 {MAX_PAGE} 的整数")
    return int(raw)


def parse(query: Mapping[str, str], choices: Choices) -> ProjectFilter:
    """The filters of a query string, each checked against what the viewer's list holds."""
    light = _text(query, "light")
    if light is not None and light not in LIGHTS:
        raise BadFilter(f"亮灯“{light[:20]}”无效，可选：红、黄、蓝（或 red、yellow、blue）")
    key = _text(query, "key")
    if key is not None and key not in ("0", "1"):
        raise BadFilter(f"重点项目“{key[:20]}”无效，可选：1（重点）或 0（非重点）")
    q = _text(query, "q")
    if q is not None and len(q) > MAX_SEARCH:
        raise BadFilter(f"搜索词太长（{len(q)} 个字），请不超过 {MAX_SEARCH} 个字")
    return ProjectFilter(
        unit=_one_of(query, "unit", "单位", choices.units),
        light=LIGHTS[light] if light else None,
        key=None if key is None else key == "1",
        level=_one_of(query, "level", "项目级别", choices.levels),
        tag=_one_of(query, "tag", "重点类别", choices.tags),
        leader=_one_of(query, "leader", "包联领导", choices.leaders),
        category=_one_of(query, "category", "项目类别", choices.categories),
        q=q,
    )


def _text(query: Mapping[str, str], name: str) -> str | None:
    value = query.get(name, "").strip()
    return value or None


def _one_of(query: Mapping[str, str], name: str, title: str, allowed: list[str]) -> str | None:
    value = _text(query, name)
    if value is None or value in allowed:
        return value
    shown = "、".join(allowed[:8]) + ("等" if len(allowed) > 8 else "")
    raise BadFilter(f"{title}“{value[:20]}”不在可选范围内（{shown or '无'}）")
