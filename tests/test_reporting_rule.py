"""The reporting rule: missing weekly reports turn a project yellow, then red."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.lights import Color, LightThresholds, ProjectFacts, Reason, Rule, evaluate
from domain.periods import DueTime

CAL = WorkCalendar.load(None)
WED_W17 = parse_local_time("2025-04-23 10:00")  # last closed period: W16 (14–20 Apr)


def reporting(
    now: datetime = WED_W17, th: LightThresholds | None = None, **changes: Any
) -> list[Reason]:
    """The reporting reasons of a 续建 project entered last year, with `changes` applied."""
    base: dict[str, Any] = {
        "code": "P001",
        "category": "续建",
        "status": "在建",
        "entered_ledger_on": date(2024, 12, 1),
        "ytd_done_yuan": 1,
    }
    facts = ProjectFacts(**{**base, **changes})
    result = evaluate(facts, now, CAL, th or LightThresholds())
    return [r for r in result.reasons if r.rule == Rule.REPORT]


def test_report_in_last_closed_period_is_fine() -> None:
    assert reporting(last_report_at=parse_local_time("2025-04-15 09:00")) == []


def test_nothing_since_last_period_began_is_yellow() -> None:
    [reason] = reporting(last_report_at=parse_local_time("2025-04-13 20:00"))
    assert reason.color is Color.YELLOW
    assert reason.text == "上周（4月14日—20日）未报送进度"


def test_two_empty_periods_are_red() -> None:
    [reason] = reporting(last_report_at=parse_local_time("2025-04-04 09:00"))
    assert reason.color is Color.RED
    assert "已连续 2 期未报送进度（4月7日起）" in reason.text


def test_report_in_current_period_clears_it() -> None:
    assert reporting(last_report_at=parse_local_time("2025-04-22 09:00")) == []


def test_after_friday_deadline_the_current_week_counts() -> None:
    now = parse_local_time("2025-04-25 18:00")
    [reason] = reporting(now, last_report_at=parse_local_time("2025-04-18 09:00"))
    assert reason.text == "本周（4月21日—27日）尚未报送进度，已过截止时间"


def test_first_period_in_the_ledger_does_not_count() -> None:
    assert reporting(entered_ledger_on=date(2025, 4, 16), last_report_at=None) == []
    [reason] = reporting(entered_ledger_on=date(2025, 4, 9), last_report_at=None)
    assert reason.color is Color.YELLOW


def test_excused_period_is_skipped() -> None:
    excused = {"2025-W16"}
    assert reporting(excused_periods=excused, last_report_at=parse_local_time("2025-04-08")) == []
    [reason] = reporting(excused_periods=excused, last_report_at=parse_local_time("2025-04-01"))
    assert (reason.color, reason.text) == (Color.YELLOW, "4月7日—13日那周未报送进度")


def test_week_without_working_day_is_skipped() -> None:
    now = parse_local_time("2026-02-25 10:00")  # W09; W08 was all 春节
    assert reporting(now, last_report_at=parse_local_time("2026-02-10 10:00")) == []
    [reason] = reporting(now, last_report_at=parse_local_time("2026-02-06 10:00"))
    assert (reason.color, reason.text) == (Color.YELLOW, "2月9日—15日那周未报送进度")
    [reason] = reporting(now, last_report_at=parse_local_time("2026-01-30 10:00"))
    assert reason.color is Color.RED


def test_reserve_projects_are_not_asked_to_report() -> None:
    assert reporting(category="储备", last_report_at=None) == []


def test_configured_deadline_moves_the_closing() -> None:
    th = LightThresholds(report_due=DueTime.parse("tue 17:00"))
    [reason] = reporting(th=th, last_report_at=parse_local_time("2025-04-20 10:00"))
    assert reason.text == "本周（4月21日—27日）尚未报送进度，已过截止时间"


def test_late_report_counts_from_when_it_arrives() -> None:
    # W16's report came on Monday of W17, after its deadline: W16 is no longer empty.
    assert reporting(last_report_at=parse_local_time("2025-04-21 08:00")) == []


def test_never_reported_counts_every_period_since_entering_the_ledger() -> None:
    [reason] = reporting(entered_ledger_on=date(2025, 3, 26), last_report_at=None)
    assert reason.color is Color.RED
    assert reason.text == "已连续 3 期未报送进度（3月31日起），请尽快补报"


def test_a_finished_project_owes_no_more_reports() -> None:
    assert reporting(status="已竣工", last_report_at=None) == []
    assert reporting(status="已投产", last_report_at=None) == []
    assert reporting(completed_on=date(2025, 3, 20), last_report_at=None) == []
    [reason] = reporting(status="在建", last_report_at=None)
    assert reason.color is Color.RED


def test_weeks_are_named_by_their_days_across_the_year_end() -> None:
    # Leaders read the reasons: a week is named by its dates, never by an ISO week number.
    now = parse_local_time("2027-01-06 10:00")  # the week of 12月28日 closed over 元旦
    [reason] = reporting(now, last_report_at=parse_local_time("2026-12-25 16:00"))
    assert reason.text == "上周（12月28日—1月3日）未报送进度"
    [reason] = reporting(now, last_report_at=parse_local_time("2026-12-09 16:00"))
    assert reason.text == "已连续 3 期未报送进度（12月14日起），请尽快补报"
