"""The 入统 line (SPEC §5, §9: 新建项目开工后2个月内100%入统), in one place for every caller.

A project started on day D has until D plus `grace_months` calendar months, clamped to the end
of a shorter month (11月3日 → 1月3日; 12月31日 → 2月28日, or 2月29日 in a leap year), to enter
the statistics; it is overdue from the day after. The light rule, the 入库纳统 list, the digest,
the dashboard, the 月报表 and the demo's 入统 节点 all take the line from here, and the SQL
counts take `last_overdue_start` so that `started_on <= it` is the same test.

The 节点 sheet may carry the same 入统 as a milestone (`STATS_NODES`): once the project has
started the 入统 rule judges it, and once the project is 入统 it is done, whatever the sheet says.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.periods import add_months

STATS_NODES = frozenset({"入统", "纳统", "入库纳统", "入库入统", "项目入统"})
"""节点 names that are the project's 入统 itself, as ledgers and reports name it."""


def is_stats_node(name: str) -> bool:
    """Whether a 节点 is the project's 入统 itself (`入统`, `入库纳统` …)."""
    return name.strip() in STATS_NODES


def stats_due_on(started: date, grace_months: int) -> date:
    """The last day a project started on `started` may still enter the statistics."""
    return add_months(started, grace_months)


def stats_overdue(started: date, today: date, grace_months: int) -> bool:
    """Whether a project started on `started` is past its 入统 line on `today`."""
    return stats_due_on(started, grace_months) < today


def last_overdue_start(today: date, grace_months: int) -> date:
    """The latest start day that is past the 入统 line on `today`: `started <= it` is
    `stats_overdue` for SQL. Month ends clamp, so several starts share a line: search."""
    day = add_months(today, -grace_months)
    while stats_overdue(day + timedelta(days=1), today, grace_months):
        day += timedelta(days=1)
    while not stats_overdue(day, today, grace_months):
        day -= timedelta(days=1)
    return day
