"""Dates of the demo ledger: planned and actual starts, 入统, completion, milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from domain.stats_due import stats_due_on
from storage.demo.names import Entry

DEFAULT_CURVE_STEPS = (3, 5, 10, 10, 11, 11, 10, 10, 10, 7, 7, 6)
# 新建 planned starts by month, Jan-Sep: the plan's 40% in Q1, 80% by June, all by September.
START_MONTH_WEIGHTS = (4, 8, 26, 16, 16, 12, 8, 6, 4)
PREPARATION = ("赋码", "土地预审", "可研批复", "环评批复", "用能审查", "施工许可")
# Fixed 新建 starts (month, day) that give the featured owner a yellow and a red start light.
FIXED_NEW_STARTS = {"厂房二期": (5, 6), "泽辰碳材料": (3, 18)}
# [lights] stats_grace_months as the demo config leaves it: the 入统 节点 falls on the light's line
STATS_GRACE_MONTHS = 2
SETTLED_DAYS = 60  # what was due this long ago is mostly done, whatever the demo day


@dataclass
class Schedule:
    """A project's dates and status as the ledger states them on the demo day."""

    planned_start: date
    planned_completion: date
    status: str = "前期"
    started: date | None = None
    stats: date | None = None
    finished: date | None = None


def schedule(rng: Random, entry: Entry, category: str, year: int, today: date) -> Schedule:
    """Dates for one project, consistent with its category and the demo day."""
    if category == "续建":
        return _continuing(rng, entry, year, today)
    if category == "新建":
        return _new(rng, entry, year, today)
    # 前期: preparation this year, to start in its last months (its plan counts from then)
    start = _day_between(rng, date(year, 9, 1), date(year, 12, 10))
    plan = Schedule(start, start + timedelta(days=rng.randint(400, 1100)))
    return _starting(rng, plan, year, today, rng.random() < _start_share(today, start))


def _day_between(rng: Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _continuing(rng: Random, entry: Entry, year: int, today: date) -> Schedule:
    roll = rng.random()
    finishing = roll < 0.15 and not entry.key
    start_year = year - (rng.choice((2, 3)) if finishing else rng.choices((1, 2, 3), (6, 3, 1))[0])
    started = _day_between(rng, date(start_year, 3, 1), date(start_year, 11, 30))
    plan = Schedule(
        planned_start=started - timedelta(days=rng.randint(0, 30)),
        # not before three weeks from the demo day: an unfinished project overdue is the
        # exception (below), not what a day late in the year makes of every one
        planned_completion=_day_between(
            rng, max(date(year, 6, 30), today + timedelta(days=21)), date(year + 2, 12, 31)
        ),
        status="在建",
        started=started,
        stats=started + timedelta(days=rng.randint(20, 55)),
    )
    if finishing:
        plan.planned_completion = _day_between(rng, date(year, 1, 20), today - timedelta(days=10))
        plan.finished = min(plan.planned_completion + timedelta(rng.randint(-5, 5)), today)
        plan.status = "已投产" if entry.industry == "二产" else "已竣工"
    elif 0.15 <= roll < 0.2:  # due this spring and not finished: an overdue 竣工 milestone
        first = max(date(year, 3, 1), today - timedelta(days=SETTLED_DAYS))
        plan.planned_completion = _day_between(rng, first, today - timedelta(days=3))
    return plan


def _new(rng: Random, entry: Entry, year: int, today: date) -> Schedule:
    if entry.alias in FIXED_NEW_STARTS:
        month, day = FIXED_NEW_STARTS[entry.alias]
        start, starts = date(year, month, day), False
    else:
        month = rng.choices(range(1, 10), START_MONTH_WEIGHTS)[0]
        start = date(year, month, rng.randint(1, 28))
        starts = rng.random() < _start_share(today, start)
    plan = Schedule(start, start + timedelta(days=rng.randint(300, 900)))
    return _starting(rng, plan, year, today, starts)


def _start_share(today: date, start: date) -> float:
    """Most start around their planned day; months later, nearly all have."""
    return 0.78 if (today - start).days < SETTLED_DAYS else 0.93


def _starting(rng: Random, plan: Schedule, year: int, today: date, starts: bool) -> Schedule:
    """`plan`, started (with its status and 入统) when due by `today` and `starts`."""
    start = plan.planned_start
    if start > today or not starts:
        return plan
    started = start + timedelta(days=rng.randint(-7, 25))
    plan.started = max(date(year, 1, 3), min(started, today - timedelta(days=1)))
    running = (today - plan.started).days
    plan.status = "在建" if running > 30 else "已开工"
    settled = running > 2 * SETTLED_DAYS and rng.random() < 0.9  # long since: nearly all
    if settled or (running > 60 and rng.random() < 0.6) or (running > 25 and rng.random() < 0.5):
        plan.stats = plan.started + timedelta(days=rng.randint(15, min(55, running - 1)))
    return plan


def monthly_weights(rng: Random, category: str, when: Schedule, year: int) -> list[float]:
    """Relative monthly plan: the default curve's steps, shaped by start and completion."""
    weights = [step * rng.uniform(0.6, 1.4) for step in DEFAULT_CURVE_STEPS]
    if when.finished is not None:
        last = when.planned_completion.month
        return [w if m <= last else 0.0 for m, w in enumerate(weights, 1)]
    if category in ("新建", "前期") and when.planned_start.year == year:
        first = when.planned_start.month
        return [
            w * min(1.0, (m - first + 1) / 3) if m >= first else 0.0
            for m, w in enumerate(weights, 1)
        ]
    return weights


def milestones(
    rng: Random, entry: Entry, when: Schedule, today: date
) -> list[tuple[str, date, date | None]]:
    """2-5 milestones in time order, with done dates for most of those already due."""
    steps: list[tuple[str, date, date | None]] = []
    if when.started is not None and when.planned_start.year < today.year:
        steps.append(("开工", when.planned_start, when.started))
        steps.append(("入统", stats_due_on(when.started, STATS_GRACE_MONTHS), when.stats))
        if rng.random() < 0.4:
            steps.pop(rng.randrange(2))
        steps.append(("竣工", when.planned_completion, when.finished))
        return steps
    pool = [s for s in PREPARATION if s != "用能审查" or entry.industry == "二产"]
    count = rng.randint(2, 4) if when.started is None else rng.randint(1, 3)
    names = sorted(rng.sample(pool, count), key=PREPARATION.index)
    due = when.planned_start - timedelta(days=rng.randint(5, 20))
    dues: list[date] = []
    for _ in names:
        dues.insert(0, due)
        due -= timedelta(days=rng.randint(15, 50))
    for name, due in zip(names, dues, strict=True):
        steps.append((name, due, _done(rng, due, when.started, today)))
    if when.planned_start.year == today.year:
        steps.append(("开工", when.planned_start, when.started))
        if when.started is not None and len(steps) < 5:
            steps.append(("入统", stats_due_on(when.started, STATS_GRACE_MONTHS), when.stats))
    return steps


def _done(rng: Random, due: date, started: date | None, today: date) -> date | None:
    """When a preparation step was done: always before a start, mostly on time otherwise."""
    if started is not None:
        return min(due + timedelta(days=rng.randint(-15, 3)), started - timedelta(days=1))
    if due < today:
        late = rng.random() < 0.2 and (today - due).days < SETTLED_DAYS
        return None if late else min(due + timedelta(days=rng.randint(-15, 5)), today)
    if rng.random() < 0.15:
        return today - timedelta(days=rng.randint(0, 20))
    return None
