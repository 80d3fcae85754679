"""Cells and headers as offices type them: dates, amounts, names, and headers in many shapes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from storage.ledger.cells import CellError, day, mobiles, names, yuan
from storage.ledger.headers import detect

WAN = Decimal(10_000)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2025, 3, 1), date(2025, 3, 1)),
        (datetime(2025, 3, 1, 0, 0), date(2025, 3, 1)),  # noqa: DTZ001 - Excel cells are naive
        (45717, date(2025, 3, 1)),  # an Excel serial number
        ("2025.3.1", date(2025, 3, 1)),
        ("2025年3月1日", date(2025, 3, 1)),
        ("２０２５／３／１", date(2025, 3, 1)),
        ("20250301", date(2025, 3, 1)),
        ("2025-03-01 00:00:00", date(2025, 3, 1)),
        ("2025年2月", date(2025, 2, 28)),  # a month alone means by its end
        ("—", None),
        ("", None),
    ],
)
def test_dates_are_read_in_the_forms_offices_use(cell: Any, expected: date | None) -> None:
    assert day(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2025-02-29", "不存在"),
        ("2025.13.1", "不存在"),
        ("1900-01-01", "年份"),
        (2025.3, "无法识别"),
    ],
)
def test_impossible_dates_are_refused_quoting_the_cell(cell: Any, message: str) -> None:
    with pytest.raises(CellError, match=message):
        day(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1200.5, 12_005_000),
        (100, 1_000_000),
        ("1,200.50", 12_005_000),
        ("1，200.5", 12_005_000),
        ("１２００", 12_000_000),
        ("3.5亿", 350_000_000),
        ("800元", 800),
        (0.00015, 2),  # rounded half up to whole yuan
        ("/", None),
    ],
)
def test_amounts_in_wan_become_yuan(cell: Any, expected: int | None) -> None:
    assert yuan(cell, WAN) == expected


@pytest.mark.parametrize(
    ("cell", "message"), [("-5", "负数"), ("约100", "不是数字"), (True, "金额")]
)
def test_bad_amounts_are_refused(cell: Any, message: str) -> None:
    with pytest.raises(CellError, match=message):
        yuan(cell, WAN)


def test_names_and_mobiles_split_in_the_same_order() -> None:
    assert names("王　伟、李娜，张三/赵四") == ["王伟", "李娜", "张三", "赵四"]
    assert mobiles("139 0000 0011、+8613900000012;13900000013") == [
        "13900000011",
        "13900000012",
        "13900000013",
    ]
    assert mobiles(13900000011.0) == ["13900000011"]


def test_a_header_is_found_below_title_rows_by_its_synonyms() -> None:
    rows: list[list[Any]] = [
        ["某县2025年重大项目台账", "", "", ""],
        ["", "", "", "单位：亿元"],
        ["序号", "项目编码", "项目名称", "牵头单位", "计划总投资", "2025年投资计划", "项目负责人"],
        [1, "X1", "项目", "城关镇", 1, 0.5, "李娜"],
    ]

    layout = detect(rows)

    assert layout is not None
    assert layout.data_start == 3
    columns = layout.columns
    assert [columns[c].index for c in ("项目代码", "项目名称", "责任单位")] == [1, 2, 3]
    assert columns["总投资"].scale == Decimal(100_000_000)  # the units row says 亿元
    assert columns["年度计划投资"].header == "2025年投资计划"
    assert columns["责任人"].index == 6


def test_a_sheet_without_a_header_has_no_layout() -> None:
    assert detect([["会议纪要"], ["一、项目推进情况"]]) is None
