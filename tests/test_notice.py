"""Reading the State Council notice: the published 2025 and 2026 texts, and every bad shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chinese_calendar
import pytest

from domain.notice import NoticeError, parse_notice

NOTICES = Path(__file__).parent / "data" / "notices"


def _package(year: int) -> tuple[set[date], set[date]]:
    """The package's own data for `year`: named days off (weekends included) and 调休 days."""
    holidays = {d for d in chinese_calendar.holidays if d.year == year}
    workdays = {d for d in chinese_calendar.workdays if d.year == year}
    return holidays, workdays


@pytest.mark.parametrize("year", [2025, 2026])
def test_published_notices_give_exactly_the_packages_data(year: int) -> None:
    notice = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    assert notice.year == year
    holidays = {day for holiday in notice.holidays for day in holiday.days}
    assert (holidays, {w.day for w in notice.workdays}) == _package(year)


def test_what_the_2025_notice_says_line_by_line() -> None:
    notice = parse_notice((NOTICES / "2025.txt").read_text(encoding="utf-8"))
    assert [(h.name, h.first.isoformat(), len(h.days)) for h in notice.holidays] == [
        ("元旦", "2025-01-01", 1),
        ("春节", "2025-01-28", 8),
        ("清明节", "2025-04-04", 3),
        ("劳动节", "2025-05-01", 5),
        ("端午节", "2025-05-31", 3),
        ("国庆节、中秋节", "2025-10-01", 8),
    ]
    assert [(w.day.isoformat(), w.name) for w in notice.workdays][:2] == [
        ("2025-01-26", "春节"),
        ("2025-02-08", "春节"),
    ]


def test_a_new_year_that_starts_in_december_and_older_wording() -> None:
    text = (
        "国务院办公厅关于2019年部分节假日安排的通知\n"
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。\n"
        "二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。\n"
        + REST_OF_2019
    )
    notice = parse_notice(text)
    assert (notice.holidays[0].first, notice.holidays[0].last) == (
        date(2018, 12, 30),
        date(2019, 1, 1),
    )
    assert [w.day for w in notice.workdays][:3] == [
        date(2018, 12, 29),
        date(2019, 2, 2),
        date(2019, 2, 3),
    ]


REST_OF_2019 = (
    "三、清明节：4月5日放假，与周末连休。\n"
    "四、劳动节：5月1日放假。\n"
    "五、端午节：6月7日放假，与周末连休。\n"
    "六、中秋节：9月13日放假，与周末连休。\n"
    "七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。\n"
)


def test_a_notice_cut_short_is_refused_naming_the_festivals_left_out() -> None:
    # A notice pasted into a chat may be cut at the message's length limit: the festivals left
    # out would otherwise be working days for the whole year.
    whole = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    cut = whole[: whole.index("五、")]
    with pytest.raises(NoticeError, match="没有端午节、中秋节、国庆节的放假安排"):
        parse_notice(cut)


GOOD = "国务院办公厅关于2026年部分节假日安排的通知\n"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("一、元旦：2月30日（周一）放假，共1天。", 2, "2026年2月30日 这个日期不存在"),
        ("一、元旦：1月1日（周四）放假，共1天。1月5日（周一）上班。", 2, "是周一，应是周六或周日"),
        (
            "一、春节：2月15日（周日）至23日（周一）放假，共9天。\n二、元旦：2月20日（周五）放假，共1天。",
            3,
            "重叠",
        ),
        ("一、植树节：3月12日（周四）放假，共1天。", 2, "“植树节”不是法定节假日"),
        ("一、元旦：1月1日（周五）放假，共1天。", 2, "通知写的是周五"),  # a 2027 line in 2026
        ("一、元旦：1月1日（周四）至3日（周六）放假，共4天。", 2, "通知写的是共4天"),
        ("一、元旦：1月1日（周四）放假。另行安排补班。", 2, "看不懂“另行安排补班”"),
        ("一、元旦：1月3日（周六）至1日（周四）放假。", 2, "早于开始日期"),
        (
            "现将2027年元旦放假日期的具体安排通知如下。\n一、元旦：1月1日（周四）放假。",
            2,
            "与标题的2026年不一致",
        ),
        ("一、元旦：1月1日（周四）放假。\n另外2月16日也放假。", 3, "看不懂"),
        ("一、元旦：1月1日（周四）放假。1月4日（周日）、上班。", 2, "看不懂"),
    ],
)
def test_bad_notices_are_refused_naming_the_line(body: str, line: int, words: str) -> None:
    with pytest.raises(NoticeError) as info:
        parse_notice(GOOD + body)
    assert info.value.line == line
    assert f"第{line}行" in str(info.value)
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("一、元旦：1月1日（周四）放假。", "找不到通知标题"),
        (GOOD + "经国务院批准，现将有关安排通知如下。", "没有找到任何放假安排"),
    ],
)
def test_a_text_that_is_no_notice(text: str, words: str) -> None:
    with pytest.raises(NoticeError, match=words):
        parse_notice(text)


def test_ascii_brackets_typed_or_pasted_from_a_phone_read_as_the_notices_own() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    assert parse_notice(text.replace("（", "(").replace("）", ")")) == parse_notice(text)


def test_a_holiday_with_make_up_days_cut_off_is_refused() -> None:
    # `……放假调休，共7天。` and the line's `9月26日（周日）、10月9日（周六）上班。` lost on the way
    text = (NOTICES / "2027-test.txt").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "国庆节" in line and "上班" in line)
    cut = text.replace(line, line[: line.index("天。") + 2])
    with pytest.raises(NoticeError, match="写了“放假调休”，却没有写调休上班的日期"):
        parse_notice(cut)
