"""Which replies file a held report: `确认` stores it as sent, unless its figures cannot be
stored as they are (its hint says 请改正后重新发送, and 确认 only has it refused); a month
(`12月`) only when its question offered a month; `不对` drops every held report at once. Read
by the answers that file them (handlers.reports.answers) and by the note naming the reports
held before that a reply to a report held now applies to (handlers.reports.holding)."""

from __future__ import annotations

from typing import Any

CONFIRM = "confirm"
MONTH = "month"
ALL = "all"
NONE = "none"


def takes_month(item: dict[str, Any]) -> bool:
    """Whether a month (`12月`) files the held `item`."""
    return bool(item.get("months", True))


def takes_confirm(item: dict[str, Any]) -> bool:
    """Whether `确认` files the held `item` (held before this was kept: it did)."""
    return bool(item.get("confirms", True))


def answers(item: dict[str, Any]) -> frozenset[str]:
    """The replies but `不对` that file the held `item`."""
    takes = {CONFIRM: takes_confirm(item), MONTH: takes_month(item)}
    return frozenset(word for word, taken in takes.items() if taken)


def answered_with(
    now: list[dict[str, Any]], earlier: list[dict[str, Any]]
) -> list[tuple[str, list[dict[str, Any]]]] | None:
    """The reports held before (`earlier`) by which of the replies the reports held `now` ask
    for files them too: `all` of them, only `confirm` or only `month`, or `none` (each group
    that has any, in that order); None when the reports held now take no reply (to be sent
    again corrected): nothing then is answered along with them."""
    offered = frozenset().union(*(answers(item) for item in now))
    if not offered:
        return None
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in earlier:
        common = offered & answers(item)
        key = ALL if common == offered else next(iter(common), NONE)
        groups.setdefault(key, []).append(item)
    return [(key, groups[key]) for key in (ALL, CONFIRM, MONTH, NONE) if key in groups]
