"""Units a ledger names: the first import creates them; later ones may not invent one by typo.

A 责任单位, 属地 or 人员 单位 that the database does not know is a row error naming the
closest known units, unless the import is told new units are meant (`--new-units`): a typo
such as 区城管局 for 区城市管理局 would otherwise become a unit of its own in every ranking.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

from storage.ledger.parse import Parsed
from storage.ledger.people import Problem
from storage.ledger.rows import PersonRow, ProjectRow

MAX_SUGGESTED = 3
CUTOFF = 0.5


class UnitCheck:
    """Judges the unit names of rows against the units the database holds."""

    def __init__(self, known: Collection[str], *, allow_new: bool) -> None:
        self.known = set(known)
        self.first = not self.known  # an empty database: the file sets up its units
        self.allow_new = allow_new
        self.new: set[str] = set()

    def project(self, parsed: Parsed[ProjectRow]) -> list[Problem]:
        """Problems with a project row's 责任单位 and 属地."""
        row = parsed.data
        found = self._judge("责任单位", row.unit)
        if "属地" in parsed.present:
            found += self._judge("属地", row.locality)
        return found

    def person(self, parsed: Parsed[PersonRow]) -> list[Problem]:
        """Problems with a 人员 row's 单位."""
        return self._judge("单位", parsed.data.unit)

    def _judge(self, column: str, name: str | None) -> list[Problem]:
        if not name or name in self.known or name in self.new:
            return []
        if self.first and not self.allow_new and (twin := _sounds_alike(name, self.new)):
            return [
                (
                    column,
                    f"{column}“{name}”与本台账中的“{twin}”只差一个同音字，可能是错字；"
                    "请统一写法，确是两个单位请加 --new-units 重新导入",
                )
            ]
        if self.first or self.allow_new:
            self.new.add(name)
            return []
        close = difflib.get_close_matches(name, sorted(self.known), MAX_SUGGESTED, CUTOFF)
        hint = f"，最接近的有：{'、'.join(close)}" if close else ""
        return [
            (
                column,
                f"{column}“{name}”不是已有单位{hint}；确是新单位请加 --new-units 重新导入",
            )
        ]


def _sounds_alike(name: str, others: Collection[str]) -> str | None:
    """Another name of the same length but for one character that sounds the same, tone and
    all: a slip of the input method (县能原局, 县能源局). Names a character apart in sound
    (区卫健局, 区住建局; 东街街道, 西街街道; 县税务局, 县水务局) are different units."""
    for other in sorted(others):
        if len(other) != len(name):
            continue
        apart = [(a, b) for a, b in zip(name, other, strict=True) if a != b]
        if len(apart) == 1 and _sound(apart[0][0]) == _sound(apart[0][1]):
            return other
    return None


def _sound(character: str) -> list[str]:
    # pypinyin's dictionaries take half a second to load: only for a name that is not a unit
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(character, style=Style.TONE3)
