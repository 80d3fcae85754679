"""Amounts said in Chinese numerals (`一千八百五十万`, `4亿1千万`, `一点二亿`): read as the same
figure the digits would be; a numeral that names no unit, or no exact figure, is refused."""

from __future__ import annotations

import pytest

from domain.money import AmountError, parse_amount


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        ("一千八百五十万", "1850万"),
        ("4亿1千万", "4.1亿"),
        ("3百万", "300万"),
        ("两千万元", "2000万元"),
        ("4.1个亿", "4.1亿"),
        ("一点二亿", "1.2亿"),
        ("一点二个亿", "1.2亿"),
        ("两个亿", "2亿"),
        ("三亿八千二百万", "3亿8200万"),
        ("1千5百万", "1500万"),
        ("一点九三千万", "1.93千万"),
        ("五十万零三百元", "500300元"),
        ("壹仟捌佰伍拾万元", "1850万元"),  # 大写, as on a voucher
        ("一千二百三十四点五六七八万", "1234.5678万"),
        ("人民币一千万元", "1000万"),
        ("十万元整", "10万"),
    ],
)
def test_an_amount_in_chinese_numerals_reads_as_its_digits(said: str, typed: str) -> None:
    # each was refused with “请用阿拉伯数字”, or not read at all
    assert parse_amount(said) == parse_amount(typed)


@pytest.mark.parametrize(
    ("said", "hint"),
    [
        ("一千二", "没有写单位"),  # 1200万, or 1200元? a numeral says no unit
        ("一期", "没有写单位"),
        ("一千多万", "确切"),
        ("约一千万", "确切"),
        ("三十四五万", "确切"),  # an estimate: 34 or 35万
        ("两三百万", "确切"),
        ("几百万", "确切"),
        ("一亿零二", "没有写单位"),  # 零: no colloquial 一亿二
        ("九千九百九十九万亿", "超过上限"),
    ],
)
def test_a_numeral_that_is_no_exact_amount_is_refused(said: str, hint: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(said)
    assert hint in str(caught.value) and f"金额“{said}”" in str(caught.value)


def test_a_numeral_without_a_unit_takes_no_default_unit() -> None:
    # `累计完成（万元）：一千二` stays refused: digits typed in a column take its unit, words not
    with pytest.raises(AmountError):
        parse_amount("一千二", default_unit="万元")


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        ("零", "0"),  # zero needs no unit: it is none in any
        ("〇", "0"),
        ("零元", "0"),
        ("零万", "0"),
        # a digit after the last unit is the next unit down, as people say it
        ("一亿二", "1.2亿"),
        ("三万五", "3.5万"),
        ("两亿三", "2.3亿"),
        ("二十万五", "20.5万"),
        ("一千二百万", "1200万"),
    ],
)
def test_zero_and_a_digit_after_the_last_unit_read_as_said(said: str, typed: str) -> None:
    # each was refused: “没有写单位” or “无法识别”
    assert parse_amount(said) == parse_amount(typed)


def test_digits_written_one_by_one_are_no_estimate() -> None:
    # `一二零零万` is 1200万 typed digit by digit: not to be told to drop “约”“多”
    with pytest.raises(AmountError) as caught:
        parse_amount("一二零零万")
    assert "确切" not in str(caught.value)
