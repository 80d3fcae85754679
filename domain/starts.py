"""开复工 (SPEC §9): 新建 started and 续建 resumed, per unit and overall, with the lists.

应开未开 is a 新建 project whose planned start has passed and that has not started; 应复未复 a
续建 project not resumed this year (as the 复工 light judges it: a figure reported this year, a
复工 or start declared this year, or done).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from domain.targets import QuarterLine, Standing, count_against, due_and_next, share

NEW, CONTINUING = "新建", "续建"


@dataclass(frozen=True)
class StartFact:
    """What 开复工 looks at for one project."""

    code: str
    name: str
    unit: str
    category: str
    planned_start: date | None
    started: bool
    """新建: started (a start date or a started status)."""
    resumed: bool
    """续建: resumed this year."""


def overdue_start(category: str, planned: date | None, started: bool, today: date) -> bool:
    """应开未开: a 新建 project past its planned start that has not started."""
    return category == NEW and planned is not None and planned < today and not started


@dataclass
class StartTally:
    """The 开复工 of a unit (or of everything, unit "合计")."""

    unit: str
    new: int = 0
    new_started: int = 0
    continuing: int = 0
    resumed: int = 0
    overdue_starts: list[StartFact] = field(default_factory=list)
    """应开未开: 新建 past the planned start, not started (by planned start)."""
    not_resumed: list[StartFact] = field(default_factory=list)
    """应复未复: 续建 not resumed this year."""

    @property
    def start_rate(self) -> float | None:
        """新建 开工率."""
        return share(self.new_started, self.new)

    @property
    def resume_rate(self) -> float | None:
        """续建 复工率."""
        return share(self.resumed, self.continuing)

    @property
    def counted(self) -> list[tuple[str, int, int]]:
        """(what, done, of) of the kinds the unit has, as 开复工率 is told: 新建开工 and 续建复工
        (a unit without 新建 is not told "新建开工 0/0"; one with neither, 新建开工 0/0)."""
        kinds = [
            ("新建开工", self.new_started, self.new),
            ("续建复工", self.resumed, self.continuing),
        ]
        return [kind for kind in kinds if kind[2]] or kinds[:1]

    @property
    def rate(self) -> float | None:
        """开复工率: started and resumed of all 新建 and 续建."""
        return share(self.new_started + self.resumed, self.new + self.continuing)

    def add(self, fact: StartFact, today: date) -> None:
        """Count one project in."""
        if fact.category == NEW:
            self.new += 1
            self.new_started += fact.started
            if overdue_start(fact.category, fact.planned_start, fact.started, today):
                self.overdue_starts.append(fact)
        elif fact.category == CONTINUING:
            self.continuing += 1
            self.resumed += fact.resumed
            if not fact.resumed:
                self.not_resumed.append(fact)


def tally(facts: Iterable[StartFact], today: date) -> tuple[StartTally, list[StartTally]]:
    """(overall, per unit by name) 开复工 on `today`."""
    total = StartTally("合计")
    units: dict[str, StartTally] = {}
    for fact in sorted(facts, key=lambda f: (f.planned_start or date.max, f.unit, f.code)):
        total.add(fact, today)
        units.setdefault(fact.unit, StartTally(fact.unit)).add(fact, today)
    return total, [units[name] for name in sorted(units)]


@dataclass(frozen=True)
class StartTargets:
    """A tally against the 新建 line due now and the next one, and the 复工 line."""

    due: Standing | None
    next: Standing | None
    resume: Standing | None
    """续建 复工 against its rate once its day has passed (None before)."""


def against(
    t: StartTally, today: date, new_by_quarter: Sequence[int], resume_rate: int, resume_by: date
) -> StartTargets:
    """Where a tally stands against the configured lines of `resume_by`'s year on `today`."""
    due, ahead = due_and_next(today, new_by_quarter, resume_by.year)
    resume = None
    if today > resume_by:
        line = QuarterLine(1, resume_by, resume_rate)
        resume = count_against(line, t.resumed, t.continuing)
    return StartTargets(
        count_against(due, t.new_started, t.new),
        count_against(ahead, t.new_started, t.new),
        resume,
    )
