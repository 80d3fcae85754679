"""Late in the year (11月28日): past dates typed without a year, and corrections after the
deadline, read the way the person meant them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from domain.dates import parse_near_date, parse_past_date
from storage.models import Report
from tests.support.apps import app_settings
from tests.support.chat import chat, pushes
from tests.support.reports import add_report
from tests.support.seed import ADMIN, OWNER, seed


@pytest.mark.parametrize(
    ("text", "today", "meant"),
    [
        ("3月10日", date(2026, 11, 29), date(2026, 3, 10)),
        ("12月5日", date(2026, 10, 20), date(2025, 12, 5)),
        ("12月5日", date(2026, 11, 29), date(2026, 12, 5)),  # the coming one: refused by callers
        ("12月30日", date(2027, 1, 5), date(2026, 12, 30)),
        ("1月3日", date(2026, 12, 28), date(2027, 1, 3)),  # the coming one, across the year end
        ("1月3日", date(2026, 11, 20), date(2026, 1, 3)),
        ("11月29日", date(2026, 11, 29), date(2026, 11, 29)),
        ("2月29日", date(2027, 2, 20), date(2024, 2, 29)),
        ("2026-12-05", date(2026, 11, 29), date(2026, 12, 5)),  # a typed year is kept
    ],
)
def test_a_date_without_a_year_is_the_latest_past_one_unless_it_is_weeks_away(
    text: str, today: date, meant: date
) -> None:
    assert parse_past_date(text, today) == meant


def test_dates_still_to_come_keep_leaning_forward() -> None:
    # leave and deadlines read the nearest occurrence, as before
    assert parse_near_date("1月8日", date(2026, 11, 29)) == date(2027, 1, 8)


async def _client(
    aiohttp_client: AiohttpClient,
    tmp_path: Path,
    now: str,
    *,
    entered: date | None = None,
    seeded: bool = False,
    **settings: object,
) -> TestClient:
    """The app at `now` over tmp_path's database, seeded unless `seeded` already (the
    projects entering the ledger on `entered`, their plans of its year); `settings` beside."""
    app = create_app(app_settings(tmp_path, now=now, **settings))
    client = await aiohttp_client(app)
    if not seeded:
        await (seed(app[DB], entered=entered) if entered else seed(app[DB]))
    return client


async def _after_november(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, *, on: str = "11-20"
) -> TestClient:
    """The app at `now` after 污水管网's cumulative of 900万 was reported on 2026-`on`."""
    client = await _client(aiohttp_client, tmp_path, f"2026-{on} 10:00", entered=date(2026, 1, 5))
    await chat(client, OWNER, "进度 污水管网\n本年累计完成：900万")
    await client.close()
    return await _client(aiohttp_client, tmp_path, now, seeded=True)


@pytest.mark.parametrize("typed", ["3月10日", "3.10", "3月10号"])
async def test_a_start_in_march_typed_in_november_is_this_march(
    aiohttp_client: AiohttpClient, tmp_path: Path, typed: str
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-28 10:00")
    reply = await chat(client, OWNER, f"进度 厂房\n本年累计完成：2500万\n开工：{typed}")
    assert "还没到" not in reply
    assert "开工：已登记 2025年3月10日" in reply


async def test_a_start_with_a_year_still_to_come_is_refused(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-28 10:00")
    reply = await chat(client, OWNER, "进度 厂房\n开工：2025-12-05")
    assert "日期“2025-12-05”还没到" in reply


async def test_a_start_days_ahead_typed_without_a_year_is_refused_not_stored_a_year_back(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-28 10:00")
    reply = await chat(client, OWNER, "进度 厂房\n本年累计完成：2500万\n开工：12月5日")
    assert "日期“12月5日”还没到：已开工请填实际日期，尚未开工请填“否”" in reply
    assert "如是2024年的日期请写上年份" in reply
    card = await chat(client, OWNER, "/项目 厂房")
    assert "2024年12月5日" not in card
    assert "开工 ✔" not in card


async def test_a_correction_after_the_deadline_keeps_an_on_time_week_on_time(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-28 10:00")  # Friday, before 17:00
    assert "迟报" not in await chat(client, OWNER, "进度 物流园\n本年累计完成：3亿")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2025-11-29 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3.2亿")
    assert "更正" in reply
    assert "迟报" not in reply
    await chat(client, OWNER, "进度 物流园\n本年累计完成：3.3亿")
    assert "迟报" not in await chat(client, OWNER, "/项目 物流园")
    await chat(client, OWNER, "/撤回")
    assert "迟报" not in await chat(client, OWNER, "/项目 物流园")


async def test_a_first_report_after_the_deadline_is_late(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-29 10:00")
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3亿")
    assert "（已过截止时间，记为迟报）" in reply
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3.2亿")
    assert "（更正，之前的填报已作废；已过截止时间，记为迟报）" in reply  # one bracket, not two


async def test_a_cumulative_below_last_week_names_the_week_as_people_read_it(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-20 10:00")
    await chat(client, OWNER, "进度 物流园\n本年累计完成：3.92亿")
    await client.close()
    client = await aiohttp_client(create_app(app_settings(tmp_path, now="2025-11-27 10:00")))
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3.5亿")
    assert "低于2025年第47周（11月17日—11月23日）已报的 3.92亿元" in reply


async def test_mine_says_figures_are_each_projects_latest_when_their_dates_differ(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-24 10:00")
    await chat(client, OWNER, "进度 物流园\n本年累计完成：3亿")
    await client.close()
    client = await aiohttp_client(create_app(app_settings(tmp_path, now="2025-11-28 10:00")))
    await chat(client, OWNER, "进度 厂房\n本年累计完成：2500万")
    mine = await chat(client, OWNER, "/我的")
    assert "张伟 的项目（3 个，按各项目最近填报，未注明的截至11月28日）" in mine
    assert "（截至11月24日）" in mine  # 物流园, reported on Monday


async def test_last_years_total_typed_in_january_is_asked_about(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 物流园: 2027 plan 1.2亿
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2027, 1, 1))
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：600万\n本年累计完成：44700万")
    assert "1月是今年第一个月，本年累计完成 4.47亿元 远多于本月完成 600万元" in reply
    # the week of 元旦 is 2026's last: a late report of it may well be 2026's December; as
    # January's the two figures cannot both be right, so 确认 is not offered, nor takes it
    assert "如是2026年12月的数字，请回复“12月”；如确是今年1月1日以来的，请改正后重新发送" in reply
    refused = await chat(client, OWNER, "确认")
    assert "1月的本年累计就是本月完成，两者应相同" in refused and "未记录" in refused
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：600万\n本年累计完成：44700万")
    # in January the month is the year so far: a cumulative above it is asked about
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：5万\n本年累计完成：60万")
    assert "本年累计完成 60万元 多于本月完成 5万元：是否把去年的累计填成了今年的？" in reply
    # a block naming its month is not offered a month it would then contradict
    reply = await chat(client, OWNER, "进度 物流园\n1月完成：600万\n1月累计完成：44700万")
    assert "是否把去年的累计填成了今年的" in reply and "回复“12月”" not in reply
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：4.47亿")
    assert "本年累计完成 4.47亿元 超过一个月能完成的投资" in reply
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：600万\n本年累计完成：600万")
    assert "已收到“城区智慧物流园”2027年第1周" in reply
    async with client.app[DB].read() as session:
        stored = (await session.execute(select(Report.ytd_investment_yuan))).scalars().all()
    assert stored == [6_000_000]
    ranking = await chat(client, OWNER, "/排名 今年")
    assert "新年度刚开始，序时进度还很小，排名仅供参考；2026年全年排名请发送“/排名 去年”" in ranking


async def test_january_figures_apart_are_refused_after_the_first_week_too(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2027, 1, 1))
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：600万")
    client = await _client(aiohttp_client, tmp_path, "2027-01-13 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：300万\n本年累计完成：900万")
    assert (
        "1月的本年累计就是本月完成，两者应相同，本次本月完成 300万元、本年累计完成 900万元" in reply
    )
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：900万\n本年累计完成：900万")
    assert "已收到“城区智慧物流园”2027年第2周" in reply


async def test_the_office_takes_back_a_wrong_figure_of_an_earlier_week(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    """Last year's total confirmed as January's: a lower, right figure sent a week later is
    refused (the year's total only grows) and sends the owner to the office, which can take the
    wrong report back; the owner's figure is then stored."""
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2027, 1, 1))
    assert "是否把去年的累计填成了今年的" in await chat(
        client, OWNER, "进度 物流园\n本年累计完成：4.47亿"
    )
    assert "已收到" in await chat(client, OWNER, "确认")
    client = await _client(aiohttp_client, tmp_path, "2027-01-13 10:00", seeded=True)
    refused = await chat(client, OWNER, "进度 物流园\n本年累计完成：900万")
    assert "低于2027年第1周（1月4日—1月10日）已报的 4.47亿元" in refused
    assert "请联系专班办公室撤回那次填报后重报" in refused
    assert "没有对“城区智慧物流园”的填报可撤回" in await chat(client, OWNER, "/撤回 物流园")
    taken = await chat(client, ADMIN, "/撤回 物流园", chat_id=None)
    assert taken.startswith("已撤回张伟对“城区智慧物流园”的2027年第1周（1月4日—1月10日）填报"), (
        taken
    )
    assert "本年累计完成 4.47亿元" in taken and "已通知张伟重新报送正确的数字" in taken
    [told] = await pushes(client, "town")  # 张伟's unit's group, with an @ to him
    assert told.startswith("【填报已撤回】专班办公室（赵敏）撤回了“城区智慧物流园”2027年第1周")
    assert "本年累计完成 4.47亿元" in told and "请重新报送正确的数字" in told
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：900万")
    async with client.app[DB].read() as session:
        rows = await session.execute(select(Report.ytd_investment_yuan, Report.withdrawn_at))
    assert sorted((ytd, gone is not None) for ytd, gone in rows) == [
        (9_000_000, False),
        (447_000_000, True),
    ]


async def test_januarys_figures_apart_sent_in_february_are_not_offered_a_confirmation(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2027-02-01 10:00", entered=date(2027, 1, 1))
    late = "进度 物流园\n月份：1月\n本月完成：600万\n本年累计完成：44700万"
    held = await chat(client, OWNER, late)
    assert "是否把去年的累计填成了今年的" in held and "请改正后重新发送" in held
    assert "确认" not in held.split("：")[-1]  # the way on offered: correct it, nothing else
    assert "1月的本年累计就是1月完成，两者应相同" in await chat(client, OWNER, "确认")


async def test_the_office_takes_back_nothing_of_a_closed_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # a closed month the office corrected stays closed to a withdrawal: its 月报表 went up
    client = await _client(aiohttp_client, tmp_path, "2027-01-13 10:00", entered=date(2026, 1, 1))
    closed = "进度 污水管网\n月份：2026年11月\n本年累计完成：900万"
    assert "计入 2026年11月" in await chat(client, ADMIN, closed, chat_id=None)
    refused = await chat(client, ADMIN, "/撤回 污水管网", chat_id=None)
    assert "上月和本月没有可撤回的填报（更早月份的已关账）" in refused
    december = "进度 污水管网\n月份：2026年12月\n本年累计完成：950万"
    assert "计入 2026年12月" in await chat(client, OWNER, december)
    taken = await chat(client, ADMIN, "/撤回 污水管网", chat_id=None)
    assert "已撤回张伟对“北石店污水管网改造”的2026年第53周" in taken
    assert "计入2026年12月" in taken and "加一行“月份：2026年12月”" in taken


async def test_withdraw_takes_back_a_late_report_for_last_year_sent_this_week(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2026, 1, 1))
    assert "已收到" in await chat(
        client, OWNER, "进度 物流园\n本月完成：600万\n本年累计完成：600万"
    )
    late = await chat(client, OWNER, "进度 污水管网\n年度：2026\n本年累计完成：950万")
    assert "2026年计划 1000万元，2026年累计完成 950万元，完成率 95%" in late
    assert "序时" not in late  # this year's standing says nothing of last year's figure
    reply = await chat(client, OWNER, "/撤回")
    assert "已撤回您对“北石店污水管网改造”的补报（计入2026年第53周" in reply
    reply = await chat(client, OWNER, "/撤回")
    assert "已撤回您对“城区智慧物流园”的本周填报" in reply
    assert "没有可撤回的填报" in await chat(client, OWNER, "/撤回")


async def test_a_weeks_amount_in_late_january_needs_the_weeks_before(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # week 3
    client = await _client(aiohttp_client, tmp_path, "2027-01-20 10:00", entered=date(2027, 1, 1))
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：200万")
    assert "本周完成 无法换算为本年累计" in reply


async def test_a_weeks_amount_in_a_week_spanning_two_months_adds_to_the_earlier_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-06-30 10:00")
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：5000万")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2025-07-02 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：100万")
    assert "本年累计完成：5100万元（按此前累计加本周推算）" in reply


async def test_a_weeks_amount_resent_in_a_week_spanning_two_months_is_not_added_twice(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-06-25 10:00")
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：4900万")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2025-06-30 10:00", seeded=True)
    assert "5000万元" in await chat(client, OWNER, "进度 物流园\n本周完成：100万")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2025-07-03 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：300万")  # the week so far
    assert (
        "本月完成：200万元（按累计推算）\n本年累计完成：5200万元（按此前累计加本周推算）" in reply
    )


async def test_last_years_total_typed_on_before_the_new_plan_is_asked_about(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 2026's plans only
    client = await _client(aiohttp_client, tmp_path, "2026-12-18 10:00", entered=date(2026, 1, 1))
    reply = await chat(client, OWNER, "进度 污水管网\n本年累计完成：950万")
    assert "已收到" in reply
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2027-01-08 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 污水管网\n本年累计完成：960万")
    assert "1月是今年第一个月，本年累计完成 960万元 不低于去年所报的累计 950万元" in reply
    reply = await chat(client, OWNER, "进度 污水管网\n本年累计完成：900万")
    assert "本年累计完成 900万元 接近去年所报的累计 950万元" in reply


async def test_decembers_figures_held_in_january_are_filed_in_december_with_one_word(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _after_november(aiohttp_client, tmp_path, "2027-01-04 09:30")
    # December's final figures, sent on the first working day without a year
    held = await chat(client, OWNER, "进度 污水管网 本月完成60万 累计完成960万")
    assert "如是2026年12月的数字，请回复“12月”" in held
    reply = await chat(client, OWNER, "去年12月的")  # a year said with it is understood
    assert "计入 2026年12月" in reply
    async with client.app[DB].read() as session:
        stored = (await session.execute(select(Report.month, Report.ytd_investment_yuan))).all()
    assert ("2026-12", 9_600_000) in stored and not any(m.startswith("2027") for m, _ in stored)


async def test_leave_cancelled_after_the_weeks_deadline_leaves_the_week_excused(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-24 10:00")  # Monday
    await chat(client, OWNER, "/请假 11月24日-12月5日")
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2025-11-29 10:00", seeded=True)  # Sat
    reply = await chat(client, OWNER, "/请假 取消")
    assert reply == "已取消请假：12月1日至12月5日。下周起照常填报、催报。"
    assert "城区智慧物流园" not in await chat(client, OWNER, "/未报")  # this week stays excused


async def test_leave_registered_after_a_missed_deadline_does_not_excuse_that_week(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-12-01 10:00")  # Monday
    reply = await chat(client, OWNER, "/请假 11月24日-12月5日")
    assert reply.startswith("已登记请假 12月1日至12月5日。第49周不再催报，也不计为未报。")
    assert "11月24日至11月30日的填报已截止，不因请假免报。" in reply
    card = await chat(client, OWNER, "/项目 物流园")
    assert "已连续 34 期未报送进度" in card  # last week among them
    assert "城区智慧物流园" not in await chat(client, OWNER, "/未报")  # this week: excused


async def test_leave_only_of_days_whose_deadline_has_passed_is_refused(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-29 10:00")  # Saturday
    reply = await chat(client, OWNER, "/请假 今天")
    assert "本周填报已截止，请假不改变本周的报送情况；请登记 12月1日 及以后的日子" in reply
    assert "已登记" not in reply
    assert "城区智慧物流园" in await chat(client, OWNER, "/未报")


async def test_last_weeks_missing_reports_by_unit_point_to_last_weeks_unit_list(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    small = {"replies": {"lines": 30, "chars": 900, "top": 1}}  # counts by unit, not names
    client = await _client(aiohttp_client, tmp_path, "2025-12-01 10:00", messages=small)
    reply = await chat(client, ADMIN, "/未报 上周")
    assert "2025年第48周（11月24日—11月30日）未报进度 4 个项目**（全部单位）" in reply
    assert "发送“/未报 上周 单位名”查看某单位的未报项目" in reply
    assert "未报进度 1 个项目**（西街街道）" in await chat(client, ADMIN, "/未报 上周西街街道")


async def test_a_rise_in_a_week_across_two_months_is_reckoned_from_its_earlier_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2026-11-25 10:00", entered=date(2026, 1, 5))
    await chat(client, OWNER, "进度 污水管网\n本年累计完成：700万")  # week 48
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2026-11-30 10:00", seeded=True)
    await chat(client, OWNER, "进度 污水管网\n本年累计完成：900万")  # week 49, November's
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2026-12-01 10:00", seeded=True)
    reply = await chat(client, OWNER, "进度 污水管网\n12月完成：30万\n本年累计完成：930万")
    assert "已收到" in reply and "远多于本月完成" not in reply  # not from week 48's 700万


async def test_a_january_report_before_the_new_plan_is_loaded_says_so(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # plans of 2026 only: the reply said "年度计划 0万元 … 序时进度 0万元" where /项目 said
    # the plan was not entered yet
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2026, 1, 1))
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：200万\n本年累计完成：200万")
    assert "本年累计完成：200万元\n2027年计划尚未录入（不考核序时）\n" in reply
    assert "年度计划 0万元" not in reply and "序时进度" not in reply
    card = await chat(client, OWNER, "/项目 物流园")
    assert "2027年计划尚未录入（不考核序时）" in card and "序时进度" not in card


async def test_no_to_the_january_question_says_how_to_go_on(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2027, 1, 1))
    asked = await chat(client, OWNER, "进度 物流园\n本年累计完成：44700万")
    assert "是否把去年的累计填成了今年的" in asked
    reply = await chat(client, OWNER, "不是")  # it got no answer at all
    assert "如是12月的，请回复“12月”；如是1月的，请回复“1月”或“确认”保存" in reply
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, "确认")  # still held


async def test_in_the_years_first_days_a_figure_says_when_schedule_is_judged_from(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 物流园 with its 2027 plan loaded; 4 January: blue, for 序时 waits, and no ratio beside a
    # few days' plan (1500万 against 12000万 × 3% × 4/31 would read 3229.2%)
    client = await _client(aiohttp_client, tmp_path, "2027-01-04 10:00", entered=date(2027, 1, 1))
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：0\n本年累计完成：0")
    assert "序时进度 46.45万元（1月15日起考核序时）\n🔵 蓝灯" in reply
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1500万\n本年累计完成：1500万")
    assert "序时进度 46.45万元（1月15日起考核序时）\n" in reply and "完成序时" not in reply
    card = await chat(client, OWNER, "/项目 物流园")
    assert "序时进度 46.45万元（截至1月4日；1月15日起考核序时）\n" in card
    assert "完成序时" not in card
    mine = await chat(client, OWNER, "/我的")
    assert "；1月15日起考核序时）：" in mine and "完成序时" not in mine
    key = await chat(client, ADMIN, "/重点")
    assert "城区智慧物流园" in key and "；1月15日起考核序时）" in key and "完成序时" not in key
    # a line each (物流园 and 厂房 plan 5000万 or more)
    assert len([line for line in key.splitlines() if "/年度" in line]) == 2
    await client.close()
    client = await _client(aiohttp_client, tmp_path, "2027-01-15 10:00", seeded=True)
    card = await chat(client, OWNER, "/项目 物流园")
    assert "起考核序时" not in card and "完成序时 " in card
    mine = await chat(client, OWNER, "/我的")
    assert "起考核序时" not in mine and "完成序时 " in mine
    key = await chat(client, ADMIN, "/重点")
    assert "完成序时 " in key
    assert len([line for line in key.splitlines() if "/年度" in line]) == 2


async def test_unreported_after_the_deadline_is_not_said_to_be_still_open(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2025-11-29 10:00")  # Saturday
    reply = await chat(client, OWNER, "/未报")
    assert "2025年第48周" in reply and "未报进度" in reply
    assert "尚未到期" not in reply
    assert "本周已于 11月28日（周五）17:00 截止，未报的均已逾期。" in reply
    assert "城区智慧物流园（本周未报）" in await chat(client, OWNER, "/我的")


async def test_last_months_amount_typed_on_the_first_counts_for_last_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2026-12-01 09:30", entered=date(2026, 1, 5))
    reply = await chat(client, OWNER, "进度 物流园\n上月完成：0\n累计完成：3000万")
    assert "计入 2026年11月" in reply  # it was refused, the hint saying 本月完成 (December's)
    assert "11月完成：0万元\n本年累计完成：3000万元" in reply  # not 本月 (December)
    # November's figure is set against 序时 at November's end, as the 11月 月报表 does, not
    # against December 1st's (the reply said 26.5% above a reason saying 11月末 26.6%)
    assert "截至11月30日累计完成 3000万元，为同期序时进度" in reply
    ratio = reply.split("完成序时 ")[1].split("\n")[0]
    assert f"11月末 {ratio}" in reply


async def test_decembers_figures_sent_on_new_years_day_are_named_by_their_month_and_year(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _after_november(aiohttp_client, tmp_path, "2027-01-01 10:00")
    reply = await chat(client, OWNER, "进度 污水管网\n上月完成：50万")
    assert "计入 2026年12月" in reply
    assert "12月完成：50万元\n2026年累计完成：950万元（按此前累计加本月推算）" in reply
    assert "本月完成" not in reply and "本年累计完成：" not in reply


async def test_last_years_late_report_shows_its_year_on_this_years_card(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2027-01-06 10:00", entered=date(2026, 1, 1))
    await chat(client, OWNER, "进度 污水管网\n年度：2026\n本年累计完成：950万")
    card = await chat(client, OWNER, "/项目 污水管网")
    # under 本年累计完成 0万元, a bare “累计 950万元” read as this year's
    assert "1月6日（周三）10:00（计入2026年12月） 累计 950万元" in card


async def test_a_report_in_a_week_across_two_months_names_the_month_it_counts_for(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client(aiohttp_client, tmp_path, "2026-12-02 10:00", entered=date(2026, 1, 5))
    await add_report(client.app[DB], "P001", OWNER, "2026-11-25 10:00", 3000)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：100万\n累计完成：3100万")
    assert "2026年第49周（11月30日—12月6日）进度，计入 2026年12月" in reply


async def test_a_weeks_amount_sent_over_new_year_asks_which_month_it_is(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 元旦: the week of 28 December's working days were all December's
    client = await _after_november(aiohttp_client, tmp_path, "2027-01-02 10:00", on="12-25")
    held = await chat(client, OWNER, "进度 污水管网\n本周完成：30万")
    assert "今天是1月2日，本周完成 30万元 没写是哪个月的" in held
    assert "计入" not in held  # nothing stored yet
    # a year no held report may be for is refused, the report still held
    assert "计入" not in await chat(client, OWNER, "2025年12月")
    assert "计入 2026年12月" in await chat(client, OWNER, "2026年12月")
    async with client.app[DB].read() as session:
        statement = select(Report.month, Report.ytd_investment_yuan).order_by(Report.id)
        stored = [tuple(row) for row in await session.execute(statement)]
    assert stored == [("2026-12", 9_000_000), ("2026-12", 9_300_000)]
