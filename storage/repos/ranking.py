"""The unit ranking (排名): units by cumulative done against 序时."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from domain.plan import schedule_ratio
from storage.repos.standing import Standing


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


def unit_ranking(rows: Sequence[Standing]) -> list[UnitRow]:
    """Units ranked by cumulative done against 序时 (best first)."""
    groups: dict[str, list[Standing]] = defaultdict(list)
    for row in rows:
        groups[row.unit].append(row)
    table = []
    for unit, items in groups.items():
        annual = sum(i.project.annual_plan_yuan for i in items)
        done = sum(i.ytd_done for i in items)
        plan = sum(i.plan_to_date for i in items)
        colors = [i.light.color.value for i in items]
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
                colors.count("red"),
                colors.count("yellow"),
                colors.count("blue"),
            )
        )
    table.sort(key=lambda r: (r.schedule_ratio is None, -(r.schedule_ratio or 0), r.unit))
    for index, unit_row in enumerate(table, start=1):
        unit_row.rank = index
    return table
