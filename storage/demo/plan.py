"""Generates the demo ledger's projects: amounts, codes, levels, dates (see demo_ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random

from storage.demo.names import TOWNS, Entry, catalogue
from storage.demo.people import assign_people
from storage.demo.rows import KEY_LINE_WAN, Person, Project
from storage.demo.schedule import milestones, monthly_weights, schedule

PLAN_TOTAL_WAN = 1_052_000
KEY_TOTAL_WAN = 935_000


@dataclass
class DemoLedger:
    """The generated ledger: projects (with owners and leaders) and the 人员 sheet."""

    year: int
    today: date
    projects: list[Project]
    people: list[Person]


def demo_today(year: int) -> date:
    """The date the demo data is written for (the demo clock's day)."""
    return date(year, 4, 24)


def generate_demo_ledger(year: int, seed: int = 2025, today: date | None = None) -> DemoLedger:
    """Build the whole demo ledger from one `random.Random(seed)` stream, as it stands on
    `today` (default `demo_today(year)`; from March of `year` on, any day of it)."""
    rng = Random(seed)
    today = today or demo_today(year)
    entries = catalogue(year)
    # Departments' projects are dealt round the 镇/街道 so every 属地 has its share.
    deal: list[str] = []
    while len(deal) < len(entries):
        deal += rng.sample(TOWNS, len(TOWNS))
    entries = [entry._replace(locality=entry.locality or deal.pop()) for entry in entries]
    categories = [entry.category or _category(rng, entry.key) for entry in entries]
    annuals = _annual_plans(rng, entries, categories)
    projects = [
        Project(entry, category, annual * 100, schedule(rng, entry, category, year, today))
        for entry, category, annual in zip(entries, categories, annuals, strict=True)
    ]
    codes: set[str] = set()
    for project in projects:
        _fill_total(rng, project)
        project.code = _code(rng, project, year, codes)
        project.milestones = milestones(rng, project.entry, project.when, today)
    _monthly_plans(rng, projects, year)
    _levels(rng, projects)
    people = assign_people(rng, projects)
    return DemoLedger(year, today, projects, people)


def _category(rng: Random, key: bool) -> str:
    if key:
        return rng.choices(("续建", "新建"), (6, 4))[0]
    return rng.choices(("续建", "新建", "前期"), (40, 38, 22))[0]


def _annual_plans(rng: Random, entries: list[Entry], categories: list[str]) -> list[int]:
    """Annual plans in 万元: key ones ≥ 5000 summing to KEY_TOTAL_WAN, the rest below 5000."""
    plans = [entry.annual_wan or 0 for entry in entries]
    fixed_key = sum(p for p, e in zip(plans, entries, strict=True) if e.key)
    key = [i for i, e in enumerate(entries) if e.key and not e.annual_wan]
    other = [i for i, e in enumerate(entries) if not e.key]
    key_plans = _spread(
        rng, [1.0] * len(key), KEY_TOTAL_WAN - fixed_key, KEY_LINE_WAN, 80_000, 10, 0.9
    )
    weights = [0.3 if categories[i] == "前期" else 1.0 for i in other]
    rest = PLAN_TOTAL_WAN - KEY_TOTAL_WAN
    other_plans = _spread(rng, weights, rest, 80, KEY_LINE_WAN - 10, 1, 0.6)
    for index, value in zip([*key, *other], [*key_plans, *other_plans], strict=True):
        plans[index] = value
    return plans


def _spread(
    rng: Random, weights: list[float], total: int, low: int, high: int, step: int, sigma: float
) -> list[int]:
    """Random values in [low, high], multiples of `step` above `low`, summing exactly to total."""
    raw = [w * rng.lognormvariate(0, sigma) for w in weights]
    room = total - low * len(raw)
    excess = [0.0] * len(raw)
    free = set(range(len(raw)))
    while free:  # scale the unclamped ones until nothing exceeds the ceiling
        budget = room - sum(excess[i] for i in range(len(raw)) if i not in free)
        scale = budget / sum(raw[i] for i in free)
        over = {i for i in free if raw[i] * scale > high - low}
        for i in free:
            excess[i] = min(raw[i] * scale, high - low)
        if not over:
            break
        free -= over
    for i in range(len(raw)):  # a pile of plans exactly at the ceiling would look made up
        if i not in free:
            shave = rng.uniform(0.02, 0.2) * (high - low)
            excess[i] -= shave
            excess[min(free, key=lambda j: excess[j])] += shave
    values = [low + round(e / step) * step for e in excess]
    residual = total - sum(values)
    for i in sorted(range(len(values)), key=lambda i: values[i] if residual > 0 else -values[i]):
        move = max(min(residual, high - values[i]), low - values[i])
        values[i] += move
        residual -= move
        if not residual:
            break
    return values


def _fill_total(rng: Random, project: Project) -> None:
    """Total investment: the annual plan is a share of it that fits the category."""
    when, category = project.when, project.category
    if when.finished is not None:
        share = rng.uniform(0.05, 0.2)
    elif category == "前期":
        share = rng.uniform(0.01, 0.08)
    elif category == "新建" and not project.entry.key and rng.random() < 0.1:
        share = 1.0  # a small project built within the year
    else:
        share = rng.uniform(0.12, 0.6)
    total = round(project.annual / share / 1000) * 1000
    if rng.random() < 0.15:
        total += rng.randrange(1, 100_00)
    project.total = max(total, project.annual)


def _monthly_plans(rng: Random, projects: list[Project], year: int) -> None:
    """Monthly plans for about half: all that the default curve would misjudge, then others."""
    needed = [
        p
        for p in projects
        if p.category == "前期"
        or p.when.finished is not None
        or (p.category == "新建" and p.when.planned_start.month >= 4)
    ]
    others = [p for p in projects if p not in needed]
    chosen = needed + rng.sample(others, max(0, len(projects) // 2 - len(needed)))
    for project in projects:
        if project in chosen:
            weights = monthly_weights(rng, project.category, project.when, year)
            project.monthly = _allocate(project.annual, weights)


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` over 12 months by weight, in whole 万 when the total allows it."""
    step = 100 if total % 100 == 0 else 1
    units = total // step
    shares = [units * w / sum(weights) for w in weights]
    parts = [int(s) for s in shares]
    by_fraction = sorted(range(12), key=lambda m: (parts[m] - shares[m], m))
    for month in by_fraction[: units - sum(parts)]:
        parts[month] += 1
    return [p * step for p in parts]


def _code(rng: Random, project: Project, year: int, taken: set[str]) -> str:
    """A 项目代码 like 2025-140502-48-01-000123 (年份-城区区划-行业-类型-流水号)."""
    entry, when = project.entry, project.when
    code_year = year if project.category == "前期" else when.planned_start.year
    code_year = min(code_year, year) - rng.choice((0, 0, 1))
    if entry.industry in ("民生", "基础设施"):
        kind = "01"  # 审批: government investment
    else:
        kind = "02" if entry.trade_code in ("44", "45") else "03"
    while True:
        code = f"{code_year}-140502-{entry.trade_code}-{kind}-{rng.randrange(1, 30_000):06d}"
        if code not in taken:
            taken.add(code)
            return code


def _levels(rng: Random, projects: list[Project]) -> None:
    """省重点 / 市重点 / 区重点 for the key projects by size; most others 一般."""
    key = sorted((p for p in projects if p.is_key), key=lambda p: -p.annual)
    for rank, project in enumerate(key):
        project.level = "省重点" if rank < 6 else "市重点" if rank < 28 else "区重点"
    for project in projects:
        if not project.is_key and rng.random() < 0.1:
            project.level = "区重点"
