"""The unit ranking (排名): units by cumulative done against 序时."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from domain.plan import schedule_ratio
from domain.ranks import by_place
from storage.repos.dashboard_rows import Line


@dataclass
class UnitRow:
    """One row of the unit ranking."""

    rank: int
    unit: str
    projects: int
    annual_plan_yuan: int
    ytd_done_yuan: int
    schedule_plan_yuan: int
    schedule_ratio: float | None
    completion_ratio: float | None
    red: int
    yellow: int
    blue: int


class UnitShare(NamedTuple):
    """One project's part in its unit's row: amounts in yuan and its light's colour (a tuple:
    the dashboard makes one per project, 10,000 at a time)."""

    unit: str
    annual: int
    done: int
    plan: int
    color: str | None


def unit_ranking(rows: Iterable[Line]) -> list[UnitRow]:
    """Units ranked by cumulative done against 序时 (best first), from the dashboard's rows
    (`dashboard_rows.lit_lines`: figures summed to the yuan, lights as on record)."""
    return rank_units(UnitShare(r.unit, r.annual, r.done, r.plan, r.color) for r in rows)


def rank_units(shares: Iterable[UnitShare]) -> list[UnitRow]:
    """Projects summed per unit, units ranked by done against 序时 (best first; a unit with
    nothing due yet last), ties by unit name."""
    groups: dict[str, list[UnitShare]] = defaultdict(list)
    for share in shares:
        groups[share.unit].append(share)
    table = []
    for unit, items in groups.items():
        annual = sum(i.annual for i in items)
        done = sum(i.done for i in items)
        plan = sum(i.plan for i in items)
        colors = Counter(i.color for i in items)
        table.append(
            UnitRow(
                0,
                unit,
                len(items),
                annual,
                done,
                plan,
                schedule_ratio(done, plan),
                schedule_ratio(done, annual),
                colors["red"],
                colors["yellow"],
                colors["blue"],
            )
        )
    ordered = by_place(table, lambda r: r.schedule_ratio, lambda r: r.unit)
    for place, unit_row in ordered:
        unit_row.rank = place
    return [unit_row for _, unit_row in ordered]
