"""The lights job's shortcuts (caches, cheap formatting) answer exactly as the plain way does."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.light_text import amount, percent, ratio_percent
from domain.lights import ProjectFacts, Reason, Rule, evaluate
from domain.money import format_amount, format_percent
from domain.plan import DEFAULT_CURVE, schedule_plan_to_date
from storage.repos.light_bookkeeping import reasons_json
from storage.repos.light_changes import _recorded_signature

CAL = WorkCalendar.load(None)
WED_W17 = parse_local_time("2025-04-23 10:00")


def reporting(now: datetime = WED_W17, **changes: Any) -> list[Reason]:
    """The reporting reasons of a 续建 project that last reported on 4 April."""
    base: dict[str, Any] = {
        "code": "P001",
        "category": "续建",
        "entered_ledger_on": date(2024, 12, 1),
        "ytd_done_yuan": 1,
        "last_report_at": parse_local_time("2025-04-04 09:00"),
    }
    facts = ProjectFacts(**{**base, **changes})
    return [r for r in evaluate(facts, now, CAL).reasons if r.rule == Rule.REPORT]


def test_projects_sharing_a_run_keep_their_own_ledger_day_and_leave() -> None:
    assert "已连续 2 期" in reporting()[0].text
    # Entered during W16: only W16 counts, so one missing period, not two.
    assert reporting(entered_ledger_on=date(2025, 4, 8))[0].text == "上周（4月14日—20日）未报送进度"
    # On leave in W16: the rule looks through it to W15.
    [excused] = reporting(excused_periods={"2025-W16"})
    assert excused.text == "4月7日—13日那周未报送进度"
    assert "已连续 2 期" in reporting()[0].text  # the project without leave is unchanged


def test_a_later_run_sees_the_periods_closed_since() -> None:
    assert "已连续 2 期" in reporting()[0].text
    assert "已连续 3 期" in reporting(parse_local_time("2025-04-25 18:00"))[0].text


def test_monthly_plan_changed_after_a_call_is_not_served_stale() -> None:
    own = [100] * 12
    assert schedule_plan_to_date(0, own, DEFAULT_CURVE, date(2025, 3, 31)) == 300
    own[0] = 400
    assert schedule_plan_to_date(0, own, DEFAULT_CURVE, date(2025, 3, 31)) == 600


@pytest.mark.parametrize(
    "yuan",
    [
        *(0, 1, 49, 50, 149, 150, 9_999, 10_000, 10_050, 99_994_999, 99_995_000, 99_999_999),
        *(10**8, 10**8 + 499_999, 10**8 + 500_000, 123_456_789_012, -1, -150, -(10**8) - 1),
    ],
)
def test_reason_amounts_read_as_everywhere_else(yuan: int) -> None:
    assert amount(yuan) == format_amount(yuan)


@pytest.mark.parametrize(
    ("done", "plan"),
    [(0, 1), (109, 100), (1090, 1000), (7996, 10000), (8005, 10000), (2, 3), (1, 7), (10, 1)],
)
def test_reason_shares_read_as_the_standing_line_above_them(done: int, plan: int) -> None:
    # `完成序时 109%` above `… 的 109.0%` in one reply read as two figures
    assert percent(done, plan) == format_percent(done / plan)
    assert ratio_percent(done / plan) == format_percent(done / plan)


REASONS = [
    (),
    (("red", "schedule", "累计完成 0万元，为序时进度 118.57万元 的 0.0%"),),
    (
        ("yellow", "milestone", '节点“施工许可” "quoted" \\ back\tslash 😀 {"rule": "x"'),
        ("blue", "report", '{"rule": "fake", "color": "red", "text": "x"}'),
        ("red", "issue", "问题 #12 已超期未销号\n"),
    ),
]


@pytest.mark.parametrize("reasons", REASONS)
def test_history_text_is_what_json_gives(reasons: tuple[tuple[str, str, str], ...]) -> None:
    dicts = [{"rule": rule, "color": color, "text": text} for color, rule, text in reasons]
    assert reasons_json(reasons) == json.dumps(dicts)


@pytest.mark.parametrize("reasons", REASONS)
def test_recorded_signature_matches_a_full_parse(reasons: tuple[tuple[str, str, str], ...]) -> None:
    dicts = [{"rule": rule, "color": color, "text": text} for color, rule, text in reasons]
    expected = {(d["rule"], d["color"]) for d in dicts if d["color"] != "blue"}
    assert _recorded_signature(reasons_json(reasons)) == expected
    # Written some other way (another key order, spacing, PostgreSQL's own JSON): still right.
    assert _recorded_signature(json.dumps(dicts, sort_keys=True, indent=1)) == expected
    assert _recorded_signature(dicts) == expected
