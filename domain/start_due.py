"""序时 of a 新建 project is due from its planned start (of a 前期 one, in its start month).

The seeds break each project's 年度投资计划 down by month (分解至月) and judge 开工 against
the planned start: a project due to start on 15 March has nothing to invest before then, so
it is not behind 序时 (nor in a month end's 作检讨) until it starts or its planned day comes;
the start rule (yellow within the warning days, red once the day has passed) judges it till
then.

A ledger that plans the project month by month says itself what is due before the start: a
month it plans before the start month is owed, start or not. Its start month is not: 序时 is
spread over that month by day (`domain.plan`), so a project planned to start on 9 December
with its money in December would owe a day's share on 1 December and be red for 序时 while it
cannot have started. Before its start day in that month only the start rule judges it.

A 前期 project is judged on the money its plan puts in this year (`domain.lights`), and the
ledger gives many a planned start: the demo's 粮食储备库, 前期 with its year's money in December
and a start on 9 December, was announced to the leaders as newly red on 1 December. In its
start month, before the day, it owes no 序时 either (there is no start rule for it to meet:
its 手续 nodes judge it); its months before that are owed as the ledger or the curve says.
"""

from __future__ import annotations

from datetime import date

from domain.light_types import ProjectFacts
from domain.plan import by_month

NEW = "新建"
EARLY = "前期"  # owes no 序时 before its planned start within that month (see above)
STARTED_STATUSES = frozenset({"已开工", "在建", "已竣工", "已投产"})


def awaits_start(facts: ProjectFacts, day: date) -> date | None:
    """The planned start of a 新建 (or, in its start month, 前期) project that on `day` has
    neither started nor reached it (no 序时 is due of it then); None otherwise."""
    planned = facts.planned_start
    waiting = before_start(
        facts.category, planned, facts.started_on, facts.status, day, by_month(facts.monthly_plan)
    )
    return planned if waiting else None


def before_start(
    category: str,
    planned_start: date | None,
    started_on: date | None,
    status: str,
    day: date,
    planned_by_month: bool = False,
) -> bool:
    """Whether on `day` a project is 新建, before its planned start and not started (the SQL
    twin is `storage.repos.start_due.awaiting_start`); one whose ledger plans it month by
    month owes what those months say before its start month, so it counts as before its
    start only within that month, as a 前期 project does."""
    if category not in (NEW, EARLY) or planned_start is None or day >= planned_start:
        return False
    in_start_month = (day.year, day.month) == (planned_start.year, planned_start.month)
    if (planned_by_month or category == EARLY) and not in_start_month:
        return False
    if started_on is not None:
        return started_on > day
    # a started status without a date: started, since when is not known
    return status not in STARTED_STATUSES
