"""Amounts typed by county staff become exact yuan; yuan show as 万元 / 亿元 the offices read."""

from __future__ import annotations

import pytest

from domain.money import (
    MAX_YUAN,
    AmountError,
    format_amount,
    format_exact,
    format_figures,
    format_percent,
    format_wan,
    format_yi,
    parse_amount,
)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("1200万", 12_000_000),
        ("1200万元", 12_000_000),
        ("1200", 12_000_000),  # a bare number is 万元, the unit the offices use
        ("3.5亿", 350_000_000),
        ("3.5亿元", 350_000_000),
        ("120000元", 120_000),
        ("0.01万", 100),
        ("1200.5万", 12_005_000),
        ("1234.5678万", 12_345_678),
        ("0.123456789亿", 12_345_679),  # rounded to the yuan, half up
        ("1,200万", 12_000_000),
        ("1，200万", 12_000_000),
        ("12,345,678元", 12_345_678),
        ("1,200.5万", 12_005_000),
        ("１２００万", 12_000_000),
        ("３．５亿", 350_000_000),
        ("１，２００万元", 12_000_000),
        ("  1200万  ", 12_000_000),
        ("1200 万元", 12_000_000),
        ("1200万。", 12_000_000),
        ("1200万；", 12_000_000),
        ("1200万;", 12_000_000),
        ("0", 0),
        ("0万", 0),
        ("007万", 70_000),
        ("0.5", 5_000),
        ("1200万元整", 12_000_000),
        ("4.1亿 💰", 410_000_000),
        ("👍1200万", 12_000_000),
        ("1200万✔️", 12_000_000),
        ("3亿8200万", 382_000_000),  # as it is said
        ("1亿5万元", 100_050_000),
        ("¥1530万", 15_300_000),
        ("人民币1725万元", 17_250_000),
        ("RMB 1725万", 17_250_000),
        ("1725萬", 17_250_000),
        ("4.1億元", 410_000_000),
    ],
)
def test_parse_amount(text: str, yuan: int) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize(
    ("text", "unit", "yuan"),
    [("1200", "元", 1200), ("3.5", "亿", 350_000_000), ("3.5", "亿元", 350_000_000)],
)
def test_bare_number_takes_the_default_unit(text: str, unit: str, yuan: int) -> None:
    assert parse_amount(text, default_unit=unit) == yuan


def test_explicit_unit_beats_the_default() -> None:
    assert parse_amount("1200万", default_unit="元") == 12_000_000


def test_unknown_default_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        parse_amount("1", default_unit="千")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("12x万", "无法识别"),
        ("-5万", "负数"),
        ("－5万", "负数"),
        ("约1000万", "确切"),
        ("1000万左右", "确切"),
        ("1000多万", "确切"),
        ("一千二", "没有写单位"),  # in words, a figure names its unit (tests/test_numerals.py)
        ("", "为空"),
        ("   ", "为空"),
        ("万元", "无法识别"),
        ("1200万 1300万", "无法识别"),
        ("1200 1300", "无法识别"),
        ("1e3万", "无法识别"),
        ("1.2e8元", "无法识别"),
        ("1.2.3万", "无法识别"),
        ("12,00万", "无法识别"),
        ("1,2万", "无法识别"),
        (".5亿", "无法识别"),
        ("1200.万", "无法识别"),
        ("3.5亿亿", "无法识别"),
        ("1200美元", "无法识别"),
        ("¥1,530.00", "带货币符号时请写明单位"),  # a voucher's yuan, or a 万元 column's?
        ("￥1530", "带货币符号时请写明单位"),
        ("1200万元（其中设备300万）", "无法识别"),
        ("+1200万", "无法识别"),
    ],
)
def test_bad_amount_is_refused_quoting_it(text: str, hint: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.value == text.strip()
    assert f"金额“{text.strip()}”" in str(caught.value)
    assert hint in str(caught.value)
    assert "1200万" in str(caught.value)  # the message shows how to write it


def test_amount_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="12x"):
        parse_amount("12x万")


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        (12_000_000, "1200万元"),
        (12_345_600, "1234.56万元"),
        (12_345_000, "1234.5万元"),
        (12_345_678, "1234.57万元"),
        (100, "0.01万元"),
        (49, "0万元"),
        (0, "0万元"),
        (350_000_000, "35000万元"),
        (-5_000_000, "-500万元"),
        (None, "—"),
    ],
)
def test_format_wan(yuan: int | None, wan: str) -> None:
    assert format_wan(yuan) == wan


@pytest.mark.parametrize(
    ("yuan", "yi"),
    [
        (350_000_000, "3.5亿元"),
        (100_000_000, "1亿元"),
        (123_456_789, "1.23亿元"),
        (1_000_000_000_000, "10000亿元"),
        (None, "—"),
    ],
)
def test_format_yi(yuan: int | None, yi: str) -> None:
    assert format_yi(yuan) == yi


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (99_999_999, "10000万元"),
        (100_000_000, "1亿元"),
        (350_000_000, "3.5亿元"),
        (12_000_000, "1200万元"),
        (0, "0万元"),
        (-200_000_000, "-2亿元"),
        (None, "—"),
    ],
)
def test_format_amount_switches_to_yi_from_one_yi(yuan: int | None, shown: str) -> None:
    assert format_amount(yuan) == shown


@pytest.mark.parametrize("yuan", [0, 100, 12_000_000, 12_345_600, 350_000_000, 123_000_000])
def test_formatted_amount_reads_back(yuan: int) -> None:
    # /模板 pre-fills a report with formatted figures; sending it back must keep them
    assert parse_amount(format_amount(yuan)) == yuan


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (0.875, "87.5%"),
        (1.0, "100%"),
        (0.0, "0%"),
        (0.12345, "12.3%"),
        (0.93797, "93.8%"),  # rounded as by hand (Excel's ROUND)
        (0.9375, "93.8%"),
        (0.9996, "99.9%"),  # but never up onto a whole percent: under the blue line, not 100%
        (0.7999, "79.9%"),
        (0.7995, "79.9%"),
        (1.5, "150%"),
        (-0.0001, "0%"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_format_percent(ratio: float | None, shown: str) -> None:
    assert format_percent(ratio) == shown


@pytest.mark.parametrize(
    "text", ["9" * 40 + "亿", "1000000000000001元", "922337203685478", "100000001亿"]
)
def test_amounts_above_the_bound_are_errors_quoting_the_value(text: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "超过上限 1000万亿元" in str(caught.value)
    assert text[:30] in str(caught.value)


def test_the_bound_itself_is_an_amount() -> None:
    assert parse_amount("1000000000000000元") == MAX_YUAN == parse_amount("10000000亿")


def test_two_amounts_that_differ_are_shown_different() -> None:
    assert format_figures(37_030 * 10_000, 37_000 * 10_000) == ("37030万元", "37000万元")
    assert format_figures(38_000 * 10_000, 37_000 * 10_000) == ("3.8亿元", "3.7亿元")


def test_two_figures_compared_are_shown_in_one_unit() -> None:
    # 4.1711亿 does not read back to two decimals: shown to the yuan, and so is its neighbour
    assert format_figures(41_711 * 10_000, 44_100 * 10_000) == ("41711万元", "44100万元")
    assert format_figures(9_000 * 10_000, 44_100 * 10_000) == ("9000万元", "4.41亿元")
    assert format_exact(123_456_780) == "12345.678万元"
