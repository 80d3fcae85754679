"""三色亮灯: each rule of SPEC §5, its boundaries, worst-wins and several reasons at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from core.settings import LightSettings
from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI, parse_local_time
from domain.lights import (
    Color,
    Light,
    LightThresholds,
    ProjectFacts,
    Reason,
    Rule,
    evaluate,
    summarize,
)

CAL = WorkCalendar.load(None)
WAN = 10_000
# 30 Apr 2025 is a month end: 序时 of a 1亿 plan is exactly 28% = 2800万.
APRIL_END = parse_local_time("2025-04-30 10:00")


def facts(now: datetime = APRIL_END, **changes: Any) -> ProjectFacts:
    """A 续建 project in good standing at `now`; tests change only what they are about."""
    base = ProjectFacts(
        code="P001",
        category="续建",
        status="在建",
        entered_ledger_on=date(2024, 12, 1),
        ytd_done_yuan=1,
        last_report_at=now,
    )
    return replace(base, **changes)


def light(now: datetime = APRIL_END, th: LightThresholds | None = None, **changes: Any) -> Light:
    return evaluate(facts(now, **changes), now, CAL, th or LightThresholds())


def only(result: Light, rule: str) -> list[Reason]:
    return [r for r in result.reasons if r.rule == rule]


# --- investment vs 序时 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_wan", "color"),
    [
        (2800, Color.BLUE),
        (3000, Color.BLUE),
        (2799.99, Color.YELLOW),
        (2240, Color.YELLOW),
        (2239.99, Color.RED),
        (0, Color.RED),
    ],
)
def test_schedule_thresholds_at_exact_boundaries(done_wan: float, color: Color) -> None:
    result = light(annual_plan_yuan=10_000 * WAN, ytd_done_yuan=round(done_wan * WAN))
    assert result.color is color
    assert [r.color for r in only(result, Rule.SCHEDULE)] == [color]


def test_a_project_entering_the_ledger_next_year_is_not_judged_this_year() -> None:
    # loaded in December with next year's plan: red for not resuming by 3月31日 of this year
    december = parse_local_time("2026-12-07 10:00")
    future = light(december, entered_ledger_on=date(2027, 1, 1), ytd_done_yuan=None)
    assert future.color is Color.BLUE and future.reasons == []
    present = light(december, entered_ledger_on=date(2026, 1, 1), ytd_done_yuan=None)
    assert present.color is Color.RED  # the same facts, in the ledger this year


@pytest.mark.parametrize(
    "finished", [{"status": "已竣工"}, {"status": "已投产"}, {"completed_on": date(2025, 3, 20)}]
)
def test_a_finished_project_is_not_behind_a_plan_still_counting_up(
    finished: dict[str, Any],
) -> None:
    # it owes no more reports: a stale plan (next year's, kept in the sheet) made it red for good
    ends = {(2025, 3): 0.5, (2025, 2): 0.5}  # behind at two month ends: 作检讨
    result = light(
        annual_plan_yuan=10_000 * WAN, ytd_done_yuan=0, month_end_ratios=ends, **finished
    )
    assert only(result, Rule.SCHEDULE) == only(result, Rule.REVIEW) == []
    assert only(light(annual_plan_yuan=10_000 * WAN, month_end_ratios=ends), Rule.REVIEW)
    assert only(light(annual_plan_yuan=10_000 * WAN, ytd_done_yuan=0), Rule.SCHEDULE)


def test_schedule_reason_quotes_done_plan_and_share() -> None:
    result = light(annual_plan_yuan=10_000 * WAN, ytd_done_yuan=2240 * WAN)
    [reason] = only(result, Rule.SCHEDULE)
    assert reason.text == "累计完成 2240万元，为序时进度 2800万元 的 80%"


def test_just_below_yellow_line_never_reads_as_80_percent() -> None:
    result = light(annual_plan_yuan=10_000 * WAN, ytd_done_yuan=22_399_999)
    assert "79.9%" in only(result, Rule.SCHEDULE)[0].text


def test_schedule_is_compared_on_the_day_the_figure_was_reported() -> None:
    # Reported on 4月23日 exactly on that day's 序时 (18% + 10% × 23/30 = 2566.67万 of 1亿):
    # a week later it is not "behind" for the days since; missing reports are another rule.
    on_plan = 25_666_667
    result = light(
        annual_plan_yuan=10_000 * WAN, ytd_done_yuan=on_plan, ytd_as_of=date(2025, 4, 23)
    )
    [reason] = only(result, Rule.SCHEDULE)
    assert reason.color is Color.BLUE
    assert reason.text == "截至4月23日累计完成 2566.67万元，为同期序时进度 2566.67万元 的 100%"
    assert light(annual_plan_yuan=10_000 * WAN, ytd_done_yuan=on_plan).color is Color.YELLOW


def test_a_figure_not_sent_that_day_says_when_it_was() -> None:
    # reported on 4月10日, judged to the end of the last closed week: not “as of 4月23日” alone,
    # which reads as if someone reported then
    sent = datetime(2025, 4, 10, 10, 0, tzinfo=SHANGHAI)
    result = light(
        annual_plan_yuan=10_000 * WAN,
        ytd_done_yuan=2000 * WAN,
        ytd_as_of=date(2025, 4, 23),
        last_report_at=sent,
    )
    [reason] = only(result, Rule.SCHEDULE)
    assert reason.text.startswith("截至4月23日（最近填报4月10日）累计完成 2000万元，为同期序时进度")


def test_own_monthly_plan_replaces_the_curve() -> None:
    monthly = [0, 0, 0, 1000 * WAN, 0, 0, 0, 0, 0, 0, 0, 0]
    result = light(annual_plan_yuan=10_000 * WAN, monthly_plan=monthly, ytd_done_yuan=1000 * WAN)
    assert only(result, Rule.SCHEDULE)[0].color is Color.BLUE


def test_january_without_a_figure_of_the_new_year_is_not_behind_yet() -> None:
    new_year = datetime(2027, 1, 8, 9, 0, tzinfo=SHANGHAI)
    plan = {"annual_plan_yuan": 10_000 * WAN, "entered_ledger_on": date(2026, 3, 1)}
    assert only(light(new_year, ytd_done_yuan=None, ytd_as_of=None, **plan), Rule.SCHEDULE) == []
    # a winter's honest 0 in the first two weeks is not behind either (silence is not)
    early = light(new_year, ytd_done_yuan=0, ytd_as_of=date(2027, 1, 7), **plan)
    assert only(early, Rule.SCHEDULE) == []
    # from the 15th the year's 序时 applies: 0 of 3% × 19/31 of 1亿 is red
    later = datetime(2027, 1, 20, 9, 0, tzinfo=SHANGHAI)
    late = light(later, ytd_done_yuan=0, ytd_as_of=date(2027, 1, 19), **plan)
    assert [r.color for r in only(late, Rule.SCHEDULE)] == [Color.RED]
    february = datetime(2027, 2, 3, 9, 0, tzinfo=SHANGHAI)
    unreported = light(february, ytd_done_yuan=None, ytd_as_of=None, **plan)
    assert [r.color for r in only(unreported, Rule.SCHEDULE)] == [Color.RED]


def test_configured_ratios_move_the_lines() -> None:
    th = LightThresholds(blue_ratio=0.9, yellow_ratio=0.5)
    result = light(th=th, annual_plan_yuan=10_000 * WAN, ytd_done_yuan=2520 * WAN)
    assert result.color is Color.BLUE


def test_preliminary_project_is_judged_on_schedule_only_with_money_planned() -> None:
    assert light(category="前期", annual_plan_yuan=0, ytd_done_yuan=None).reasons == []
    assert light(category="前期", annual_plan_yuan=1000 * WAN, ytd_done_yuan=0).color is Color.RED


# --- 连续未达序时 ------------------------------------------------------------------------


def test_two_month_ends_below_schedule_is_red_and_flagged_for_review() -> None:
    ratios = {(2025, 3): 0.7, (2025, 4): 0.95}
    result = light(parse_local_time("2025-05-14 10:00"), month_end_ratios=ratios)
    [reason] = only(result, Rule.REVIEW)
    assert result.color is Color.RED and result.needs_review
    assert reason.text == "连续2个月未达序时进度（3月末 70%、4月末 95%），需作检讨"


@pytest.mark.parametrize(
    "ratios",
    [{(2025, 3): 0.7, (2025, 4): 1.0}, {(2025, 4): 0.5}, {(2025, 3): None, (2025, 4): 0.5}],
)
def test_one_month_end_on_schedule_or_unknown_is_not_flagged(
    ratios: dict[tuple[int, int], float | None],
) -> None:
    result = light(parse_local_time("2025-05-14 10:00"), month_end_ratios=ratios)
    assert not result.needs_review


def test_review_looks_across_the_new_year() -> None:
    ratios = {(2024, 11): 0.6, (2024, 12): 0.7}
    assert light(parse_local_time("2025-01-10 10:00"), month_end_ratios=ratios).needs_review


# --- milestones -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "color", "tail"),
    [
        (date(2025, 5, 7), Color.YELLOW, "还剩 7 天"),
        (date(2025, 4, 30), Color.YELLOW, "今天到期"),
        (date(2025, 4, 27), Color.RED, "已逾期 3 天"),
    ],
)
def test_open_milestone_due_soon_is_yellow_and_overdue_is_red(
    due: date, color: Color, tail: str
) -> None:
    result = light(milestones=[("施工许可", due, None)])
    [reason] = only(result, Rule.MILESTONE)
    assert result.color is color
    assert reason.text == f"节点“施工许可”计划 {due.month}月{due.day}日 完成，{tail}"


def test_milestone_far_away_done_or_undated_says_nothing() -> None:
    ms = [("环评", date(2025, 5, 8), None), ("用地", date(2025, 4, 1), date(2025, 4, 2))]
    result = light(milestones=[*ms, ("能评", None, None)])
    assert result.color is Color.BLUE and result.reasons == []


def test_a_completion_node_on_the_planned_completion_is_said_once() -> None:
    planned = date(2025, 4, 20)
    result = light(milestones=[("竣工", planned, None)], planned_completion=planned)
    assert [r.text for r in result.reasons if "竣工" in r.text] == [
        "计划 4月20日 竣工，已逾期 10 天仍未竣工"
    ]
    other = light(milestones=[("竣工", planned, None)], planned_completion=date(2025, 6, 1))
    assert only(other, Rule.MILESTONE)  # a node of another date is the node's own
    done = light(milestones=[("竣工", planned, None)], completed_on=date(2025, 4, 18))
    assert not only(done, Rule.MILESTONE)  # 竣工 declared: the node is not overdue


# --- start ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "color"),
    [
        (date(2025, 5, 15), Color.YELLOW),
        (date(2025, 4, 30), Color.YELLOW),
        (date(2025, 5, 16), Color.BLUE),
        (date(2025, 4, 29), Color.RED),
    ],
)
def test_new_project_start(planned: date, color: Color) -> None:
    result = light(category="新建", status="前期", planned_start=planned)
    assert result.color is color


def test_new_project_not_started_reason() -> None:
    result = light(category="新建", status="前期", planned_start=date(2025, 4, 1))
    assert only(result, Rule.START)[0].text == "新建项目计划 4月1日 开工，至今未开工"


def test_a_new_project_before_its_start_owes_what_its_monthly_plan_puts_before_it() -> None:
    # planned to start 5月16日: on the curve nothing is owed yet; the ledger's own months
    # putting 1000万 in March are owed, start or not
    before = {"category": "新建", "status": "前期", "planned_start": date(2025, 5, 16)}
    assert light(**before, ytd_done_yuan=0).color is Color.BLUE
    monthly = [0, 0, 1000 * WAN, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    owed = light(**before, ytd_done_yuan=0, annual_plan_yuan=10_000 * WAN, monthly_plan=monthly)
    assert owed.color is Color.RED
    assert "为序时进度 1000万元 的 0%" in only(owed, Rule.SCHEDULE)[0].text


def test_a_new_project_owes_none_of_its_start_months_plan_before_its_start_day() -> None:
    # 序时 is spread over May by day: on 5月12日 part of May's 2000万 would be due of a project
    # that cannot start before 5月16日; before that day in May the start rule alone judges it
    monthly = [0, 0, 0, 0, 2000 * WAN, 0, 0, 0, 0, 0, 0, 0]
    project = {
        "category": "新建",
        "status": "前期",
        "planned_start": date(2025, 5, 16),
        "ytd_done_yuan": 0,
        "annual_plan_yuan": 2000 * WAN,
        "monthly_plan": monthly,
    }
    waiting = light(parse_local_time("2025-05-12 10:00"), **project)
    assert waiting.color is Color.YELLOW
    assert [r.text for r in waiting.reasons] == [
        "新建项目计划 5月16日 开工，还剩 4 天，尚未开工",
        "新建项目计划 5月16日 开工，开工前不考核序时进度",
    ]
    due = light(parse_local_time("2025-05-16 10:00"), **project)  # its day: 序时 is due
    assert due.color is Color.RED
    assert "累计完成 0万元，为序时进度 1032.26万元 的 0%" in only(due, Rule.SCHEDULE)[0].text


@pytest.mark.parametrize(
    "changes", [{"started_on": date(2025, 4, 2)}, {"status": "在建"}, {"category": "前期"}]
)
def test_started_or_preliminary_project_has_no_start_warning(changes: dict[str, Any]) -> None:
    base = {"category": "新建", "status": "前期", "planned_start": date(2025, 4, 1)}
    assert only(light(**{**base, **changes}), Rule.START) == []


def test_continuing_project_must_resume_by_end_of_march() -> None:
    idle = {
        "ytd_done_yuan": None,
        "started_on": date(2023, 6, 1),
        "stats_entered_on": date(2023, 7, 1),
    }
    assert only(light(parse_local_time("2025-03-31 18:00"), **idle), Rule.START) == []
    result = light(parse_local_time("2025-04-01 09:00"), **idle)
    assert result.color is Color.RED
    assert [r.text for r in result.reasons] == [
        "续建项目应于 3月31日 前复工，至今未复工（本年未报完成投资）"
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"ytd_done_yuan": 5 * WAN},
        {"resumed_on": date(2025, 3, 20)},
        {"status": "已竣工"},
        {"has_plan": False},  # not in the year's 开复工 at all
    ],
)
def test_resumed_continuing_project_is_fine(changes: dict[str, Any]) -> None:
    result = light(**{"ytd_done_yuan": None, **changes})
    assert only(result, Rule.START) == []


# --- 入统 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "color"),
    [
        ("2025-04-12 10:00", None),
        ("2025-04-13 10:00", Color.YELLOW),
        ("2025-04-28 10:00", Color.YELLOW),
        ("2025-04-29 10:00", Color.RED),
    ],
)
def test_statistics_two_months_after_start(now: str, color: Color | None) -> None:
    at = parse_local_time(now)
    result = light(at, category="新建", started_on=date(2025, 2, 28))
    assert [r.color for r in only(result, Rule.STATS)] == ([color] if color else [])


def test_statistics_reason_and_entered_project() -> None:
    result = light(started_on=date(2025, 2, 1))
    assert only(result, Rule.STATS)[0].text == "开工已超 2 个月仍未入统（2月1日 开工）"
    entered = light(started_on=date(2025, 2, 1), stats_entered_on=date(2025, 4, 1))
    assert only(entered, Rule.STATS) == []


# --- issues -----------------------------------------------------------------------------


def test_open_issue_past_its_deadline_is_red_on_the_day_after() -> None:
    issues = [(12, date(2025, 4, 29)), (13, date(2025, 4, 30)), (14, None)]
    [reason] = light(open_issue_deadlines=issues).reasons
    assert reason.color is Color.RED
    assert reason.text == "问题 #12 已超期未销号（期限 4月29日，逾期 1 天）"


# --- combining --------------------------------------------------------------------------


def test_worst_wins_and_every_reason_is_kept_worst_first() -> None:
    result = light(
        annual_plan_yuan=10_000 * WAN,
        ytd_done_yuan=2500 * WAN,
        milestones=[("施工许可", date(2025, 5, 3), None)],
        open_issue_deadlines=[(12, date(2025, 4, 1))],
        last_report_at=parse_local_time("2025-04-01 10:00"),
    )
    assert result.color is Color.RED
    assert [r.rule for r in result.reasons] == [
        Rule.REPORT,
        Rule.ISSUE,
        Rule.SCHEDULE,
        Rule.MILESTONE,
    ]
    assert [r.color for r in result.reasons] == [Color.RED, Color.RED, Color.YELLOW, Color.YELLOW]


def test_reserve_project_without_plan_is_blue_with_nothing_to_say() -> None:
    result = light(category="储备", status="前期", ytd_done_yuan=None, last_report_at=None)
    assert (result.color, result.reasons) == (Color.BLUE, [])
    assert summarize(result) == "蓝灯"


def test_summary_lists_problems_and_uses_configured_labels() -> None:
    result = light(
        annual_plan_yuan=10_000 * WAN,
        ytd_done_yuan=2500 * WAN,
        open_issue_deadlines=[(12, date(2025, 4, 1))],
    )
    assert summarize(result) == (
        "红灯：问题 #12 已超期未销号（期限 4月1日，逾期 29 天）；"
        "累计完成 2500万元，为序时进度 2800万元 的 89.3%"
    )
    th = LightThresholds(red_label="红色预警")
    assert summarize(result, th).startswith("红色预警：")
    fine = light(annual_plan_yuan=10_000 * WAN, ytd_done_yuan=3000 * WAN)
    assert summarize(fine) == "蓝灯：累计完成 3000万元，为序时进度 2800万元 的 107.1%"


def test_signature_ignores_changing_figures() -> None:
    plan = {"annual_plan_yuan": 10_000 * WAN}
    assert (
        light(ytd_done_yuan=2300 * WAN, **plan).signature
        == light(ytd_done_yuan=2400 * WAN, **plan).signature
    )
    assert (
        light(ytd_done_yuan=2300 * WAN, **plan).signature
        != light(ytd_done_yuan=100 * WAN, **plan).signature
    )


def test_colours_order_worst_last_with_default_labels() -> None:
    assert max([Color.BLUE, Color.RED, Color.YELLOW]) is Color.RED
    assert sorted([Color.RED, Color.BLUE, Color.YELLOW]) == [Color.BLUE, Color.YELLOW, Color.RED]
    assert [c.default_label for c in Color] == ["蓝灯", "黄灯", "红灯"]


def test_settings_map_onto_thresholds() -> None:
    section = LightSettings().model_dump()
    assert LightThresholds(**section) == LightThresholds()


def test_completion_is_yellow_near_the_planned_day_and_red_after() -> None:
    """竣工投产 倒排工期: 30 days before the planned 竣工 yellow, after it red, until declared."""
    from domain.light_rules import completion

    th = LightThresholds()
    facts = ProjectFacts(
        code="C", category="续建", entered_ledger_on=date(2026, 1, 5),
        planned_completion=date(2026, 5, 10),
    )  # fmt: skip
    assert completion(facts, date(2026, 4, 9), th) == []
    [near] = completion(facts, date(2026, 4, 15), th)
    assert (near.color, near.text) == (Color.YELLOW, "计划 5月10日 竣工，还剩 25 天，请倒排工期")
    [late] = completion(facts, date(2026, 5, 12), th)
    assert (late.color, late.text) == (Color.RED, "计划 5月10日 竣工，已逾期 2 天仍未竣工")
    facts.completed_on = date(2026, 5, 11)
    assert completion(facts, date(2026, 5, 12), th) == []
