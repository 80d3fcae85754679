"""The amounts of a 月报表 row, or of a sum of rows (a unit's 小计, the 合计)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.ledger.writer import Wan


@dataclass(frozen=True)
class Figures:
    """One project row or a sum of rows: the amounts the sheets print (yuan)."""

    total: int
    annual: int
    month: int
    ytd: int
    schedule: int

    @property
    def ratio(self) -> float | None:
        """完成序时比例 (None: nothing due yet)."""
        return self.ytd / self.schedule if self.schedule > 0 else None

    def amounts(self) -> list[Wan]:
        """总投资, 年度计划, 本月完成, 年度累计, 序时 in the sheet's order."""
        return [Wan(v) for v in (self.total, self.annual, self.month, self.ytd, self.schedule)]

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.total + other.total,
            self.annual + other.annual,
            self.month + other.month,
            self.ytd + other.ytd,
            self.schedule + other.schedule,
        )


ZERO = Figures(0, 0, 0, 0, 0)
