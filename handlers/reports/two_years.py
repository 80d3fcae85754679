"""One block giving a figure for two years (`去年累计完成` and `今年累计完成`, as January's
reports do): one report counts for one year and month, so the block is answered with the two
reports to send instead, each ready to copy, and nothing of it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from handlers.reports.fields import LAST_YEAR
from handlers.reports.lines import Field
from handlers.reports.values import bare_number


@dataclass(frozen=True)
class _Figure:
    """An amount line as read: where it stood, and the year its key named (raw)."""

    line: int
    item: Field

    def year(self, today: date) -> int:
        """The year the key names: `去年` the year before today's, none today's."""
        if self.item.year == LAST_YEAR:
            return today.year - 1
        return self.item.year or today.year

    @property
    def written(self) -> str:
        """The figure as one `key：value` line (for a line that held other figures too)."""
        unit = self.item.unit if self.item.unit and bare_number(self.item.value) else ""
        return f"{self.item.key}：{self.item.value}{unit}"


@dataclass
class YearFigures:
    """A block's amount lines by the year their keys name, to tell a figure given twice
    (`本年累计` twice) from one given for two years (`去年累计` and `今年累计`)."""

    figures: list[_Figure] = field(default_factory=list)
    clashes: list[tuple[Field, str]] = field(default_factory=list)
    """Figures given again under another year's key, with the value given first."""

    def note(self, line: int, item: Field) -> None:
        """Take an amount line, read from the block's `line`-th line."""
        self.figures.append(_Figure(line, item))

    def clash(self, item: Field, first: str) -> None:
        """`item` gives again a figure given first as `first`, under a key naming another
        year: judged once the block's day is known."""
        self.clashes.append((item, first))

    def errors(self, lines: list[str], today: date) -> tuple[list[str], list[str]]:
        """The block's errors for its clashes, and the two reports to send instead when a
        figure was given for two years (empty otherwise)."""
        errors: list[str] = []
        years: set[int] = set()
        for item, first in self.clashes:
            named = {f.year(today) for f in self.figures if f.item.field == item.field}
            if len(named) < 2:  # `2026年累计` and `去年累计` in 2027: the same year twice
                errors.append(f"“{item.key}”填了两次（“{first}”和“{item.value}”），请只保留一个")
                continue
            years |= named
            keys = "”和“".join(f.item.key for f in self.figures if f.item.field == item.field)
            shown = "年和".join(map(str, sorted(named)))
            errors.append(
                f"“{keys}”分属{shown}年，一条填报只能计入一个年度，请复制下面两段分两条发送"
            )
        if not years:
            return errors, []
        return errors, self._apart(lines, min(years), today)

    def _apart(self, lines: list[str], earlier: int, today: date) -> list[str]:
        """The earlier year's figures alone, then the rest of the block as typed."""
        before = [f for f in self.figures if f.year(today) == earlier]
        after = [f for f in self.figures if f.year(today) != earlier]
        first: list[str] = []
        rest: list[str] = []
        for n, line in enumerate(lines):
            owned = [f for f in before if f.line == n]
            others = [f for f in after if f.line == n]
            if not owned:
                rest.append(line.strip())
                continue
            # a line holding both years' figures (`物流园去年累计4.3亿，今年累计800万`) is
            # written out figure by figure
            first.extend([f.written for f in owned] if others else [line.strip()])
            rest.extend(f.written for f in others)
        header = lines[0].strip()
        return [
            "\n".join([header, *first]),
            "\n".join(line for line in rest if line),
        ]
