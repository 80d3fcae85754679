"""The 入统 line (开工后2个月内入统): two calendar months, clamped to a month's end, the same for
the light, the 入库纳统 list and its SQL counts, and the demo's 入统 节点."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.lights import LightThresholds, ProjectFacts, Rule, evaluate
from domain.stats_due import last_overdue_start, stats_due_on, stats_overdue
from storage.db import Database
from storage.demo.plan import generate_demo_ledger
from storage.models import Project, Unit
from storage.repos.stats_list import stats_counts, stats_report

CAL = WorkCalendar.load(None)
GRACE = 2


def _stats_reasons(started: date, now: str) -> list[tuple[str, str]]:
    """The 入统 reasons of a 新建 project started on `started`, not in the statistics."""
    at = parse_local_time(now)
    facts = ProjectFacts(
        code="P001",
        category="新建",
        status="在建",
        entered_ledger_on=date(2026, 1, 1),
        started_on=started,
        last_report_at=at,
    )
    light = evaluate(facts, at, CAL, LightThresholds())
    return [(r.color.value, r.text) for r in light.reasons if r.rule == Rule.STATS]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2027-01-02 10:00", ("yellow", "开工将满 2 个月（1月3日），尚未入统，还剩 1 天")),
        ("2027-01-03 10:00", ("yellow", "开工将满 2 个月（1月3日），尚未入统，今天到期")),
        ("2027-01-04 10:00", ("red", "开工已超 2 个月仍未入统（2026年11月3日 开工）")),
    ],
)
def test_started_11_03_is_due_in_the_statistics_by_01_03(
    now: str, expected: tuple[str, str]
) -> None:
    assert _stats_reasons(date(2026, 11, 3), now) == [expected]


@pytest.mark.parametrize(
    ("started", "line"),
    [
        (date(2026, 12, 31), date(2027, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),
        (date(2026, 12, 30), date(2027, 2, 28)),
        (date(2026, 11, 3), date(2027, 1, 3)),
    ],
)
def test_the_line_is_two_calendar_months_clamped_to_the_months_end(
    started: date, line: date
) -> None:
    assert stats_due_on(started, GRACE) == line
    on_line = f"{line.isoformat()} 10:00"
    after = f"{(line + timedelta(days=1)).isoformat()} 10:00"
    assert [c for c, _ in _stats_reasons(started, on_line)] == ["yellow"]
    assert [c for c, _ in _stats_reasons(started, after)] == ["red"]


def test_the_demos_stats_milestone_falls_on_the_lights_line() -> None:
    """The demo's 入统 节点 is what the 节点 warning dates (“节点“入统”计划 1月3日 完成”): it
    must not fall due a day or two before the 入统 light says the project is late."""
    ledger = generate_demo_ledger(2026, today=date(2026, 12, 2))
    nodes = [
        (project.when.started, due)
        for project in ledger.projects
        for name, due, _ in project.milestones
        if name == "入统"
    ]
    assert len(nodes) > 10
    for started, due in nodes:
        assert started is not None
        assert due == stats_due_on(started, GRACE), (started, due)


# starts around month ends and the 11-03 of the demo, none in the statistics
STARTS = [
    date(2026, 11, 2),
    date(2026, 11, 3),
    date(2026, 11, 4),
    date(2026, 11, 30),
    date(2026, 12, 1),
    date(2026, 12, 29),
    date(2026, 12, 30),
    date(2026, 12, 31),
    date(2027, 1, 1),
]


async def test_the_sql_counts_hold_to_the_domain_line(db: Database) -> None:
    """The digest's and dashboard's SQL (`started_on <= last_overdue_start`) and the 入库纳统
    list count the same projects late as the light does, every day across the month ends."""
    async with db.write() as s:
        unit = Unit(name="北石店镇")
        s.add(unit)
        await s.flush()
        for n, started in enumerate(STARTS):
            s.add(
                Project(
                    code=f"S{n}",
                    name=f"项目{n}",
                    unit_id=unit.id,
                    category="新建",
                    status="在建",
                    started_on=started,
                    entered_ledger_on=date(2026, 1, 1),
                )
            )
    day = date(2027, 1, 1)
    async with db.read() as s:
        while day <= date(2027, 3, 5):
            late = sum(stats_overdue(started, day, GRACE) for started in STARTS)
            counts = await stats_counts(s, last_overdue_start(day, GRACE))
            total, _ = await stats_report(s, day, GRACE)
            assert (counts.overdue, counts.due, total.overdue, total.due) == (late,) * 4, day
            day += timedelta(days=1)
    assert stats_overdue(date(2026, 11, 3), date(2027, 1, 4), GRACE)
    assert not stats_overdue(date(2026, 11, 3), date(2027, 1, 3), GRACE)
    assert last_overdue_start(date(2027, 3, 1), GRACE) == date(2026, 12, 31)
    assert last_overdue_start(date(2027, 2, 28), GRACE) == date(2026, 12, 27)
