"""A figure said in Chinese numerals after a report's key is read as its digits are, on one
line, glued to a name, or after a month; words that say no money (`一期`, `二标段`, `三层封顶`,
`一千米管道`) and a text's own line stay as typed."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.reports.corrected import as_corrected
from handlers.reports.grammar import parse_report_message
from handlers.reports.numerals import LONGEST_LINE, in_digits

WAN = 10_000
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("本月完成三百万", "本月完成300万元"),
        ("11月完成五十六万", "11月完成56万元"),
        ("进度 物流园 累计四点二亿，形象进度主体封顶", "进度 物流园 累计4.2亿元，形象进度主体封顶"),
        (
            "东武匠本月完成八十万累计完成一千四百一十三万形象进度主体封顶",
            "东武匠本月完成80万元累计完成1413万元形象进度主体封顶",
        ),
        ("年度计划四点二亿", "年度计划4.2亿元"),  # the plan restated, noted as 4.2亿 is
    ],
)
def test_a_figure_said_after_its_key_is_written_in_digits(line: str, read: str) -> None:
    assert in_digits(line) == read


@pytest.mark.parametrize(
    "line",
    [
        "进度 标准化厂房一期 累计完成一千米管道",  # a length, not money
        "本周完成三层",
        "二标段三层封顶",
        "累计完成一万方土方",  # 万 of cubic metres
        "形象进度：本月完成一千万元产值的二标段",  # a text's own line is kept as typed
        "存在问题：资金缺口累计两千万元",
        "累计完成一千多万",  # refused as typed, not made exact
    ],
)
def test_numerals_that_say_no_figure_stay_as_typed(line: str) -> None:
    assert in_digits(line) == line


def test_project_names_and_texts_with_numerals_stay_text() -> None:
    [block] = parse_report_message(
        "进度 标准化厂房一期 本月完成三百万，累计完成八千零四十六万，形象进度一期三层封顶，"
        "一千米管道完成\n存在问题：二标段资金缺口两千万元",
        TODAY,
    )
    assert block.errors == []
    assert block.project_ref == "标准化厂房一期"
    assert (block.period_investment_yuan, block.ytd_investment_yuan) == (300 * WAN, 8046 * WAN)
    assert block.progress_text == "一期三层封顶，一千米管道完成"
    assert block.problems_text == "二标段资金缺口两千万元"


def test_a_remark_after_a_figure_in_words_is_kept_as_a_remark() -> None:
    # was “金额“一千八百五十万（含设备款）”…”: a remark was looked for after digits only
    [block] = parse_report_message("进度 物流园\n累计完成：一千八百五十万（含设备款）", TODAY)
    assert block.errors == []
    assert block.ytd_investment_yuan == 1850 * WAN
    assert block.figure_notes == "本年累计完成：含设备款"


def test_a_line_too_long_for_a_report_is_kept_as_typed() -> None:
    # `本月完成` and a run of thousands of numerals took seconds of the server's time to read
    figure = "本月完成三百万，累计完成"
    longest = figure + "一" * (LONGEST_LINE - len(figure))
    assert in_digits(longest).startswith("本月完成300万元，")  # a line up to the limit is read
    too_long = figure + "一万" * 4900
    assert in_digits(too_long) == too_long


def test_a_correction_too_long_for_a_report_is_kept_as_typed() -> None:
    # what follows a target is looked through for an amount: thousands of numerals took seconds
    too_long = "本月完成应为100万" + "一" * 5000
    assert as_corrected(too_long) == too_long
    assert as_corrected("本月完成应为100万") == "本月完成100万"
