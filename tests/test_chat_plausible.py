"""Figures an office can trust: impossible ones refused, unlikely ones held for `确认` (#10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import PendingAnswer, Report
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.reports import add_report
from tests.support.seed import OWNER, OWNER2, WAN, seed

JUMP = "进度 物流园\n本月完成：1200万\n本年累计完成：3.5亿\n形象进度：主体封顶"


async def _earlier_report(client: TestClient, ytd_wan: int) -> None:
    """张伟's report of an earlier week (物流园, annual plan 1.2亿)."""
    await add_report(client.app[DB], "P001", OWNER, "2025-04-17 10:00", ytd_wan)


async def _client_at(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> TestClient:
    """The seeded app with its clock at `now`."""
    app = create_app(app_settings(tmp_path, now=now))
    client = await aiohttp_client(app)
    await seed(app[DB])
    return client


async def _current(client: TestClient) -> list[Report]:
    async with client.app[DB].read() as session:
        statement = select(Report).where(
            Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None)
        )
        return list((await session.execute(statement.order_by(Report.id))).scalars())


async def _held(client: TestClient) -> list[PendingAnswer]:
    async with client.app[DB].read() as session:
        statement = select(PendingAnswer).where(PendingAnswer.kind == "confirm")
        return list((await session.execute(statement)).scalars())


async def test_month_above_the_years_cumulative_is_refused(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：9000万\n累计完成：6500万")
    assert "未记录" in reply
    assert "本月完成 9000万元 大于本年累计完成 6500万元" in reply
    assert await _current(client) == []
    assert await _held(client) == []


async def test_a_jump_far_beyond_the_month_is_held_and_confirmed(client: TestClient) -> None:
    await _earlier_report(client, 5964)
    reply = await chat(client, OWNER, JUMP)
    assert "暂未记录" in reply
    assert (
        "从上周（4月14日—20日）所报的 5964万元 升到 3.5亿元（增加 2.9亿元），"
        "远多于本月完成 1200万元" in reply
    )
    assert "回复“确认”保存" in reply
    assert [r.ytd_investment_yuan for r in await _current(client)] == [5964 * WAN]
    assert "蓝灯" not in reply

    reply = await chat(client, OWNER, "确认")
    assert "已收到“城区智慧物流园”" in reply
    assert "本年累计完成：3.5亿元" in reply
    reports = await _current(client)
    assert [r.ytd_investment_yuan for r in reports] == [5964 * WAN, 35_000 * WAN]
    assert reports[-1].progress_text == "主体封顶"
    assert await _held(client) == []


async def test_a_confirmed_figure_typed_again_with_a_text_correction_is_not_held_again(
    client: TestClient,
) -> None:
    # the owner confirmed 3.5亿 already: a correction of the week's 形象进度 that types the
    # same figures again was held again over the same rise
    await _earlier_report(client, 5964)
    await chat(client, OWNER, JUMP)
    assert "已收到" in await chat(client, OWNER, "确认")
    text = JUMP.replace("主体封顶", "主体封顶，开始砌筑")
    reply = await chat(client, OWNER, text)
    assert "已收到" in reply and "更正" in reply and "暂未记录" not in reply, reply
    assert (await _current(client))[-1].progress_text == "主体封顶，开始砌筑"
    # a figure changed again is judged again
    assert "暂未记录" in await chat(client, OWNER, text.replace("3.5亿", "3.9亿"))


async def test_a_doubt_over_a_months_figure_taken_over_untyped_says_it_was_not_typed_now(
    client: TestClient,
) -> None:
    await _earlier_report(client, 5964)
    await chat(client, OWNER, JUMP)
    assert "已收到" in await chat(client, OWNER, "确认")  # 1200万 beside the rise: the owner's
    # a correction of the cumulative alone keeps 本月完成 1200万, which the owner did not type
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：3.6亿")
    assert (
        "远多于此前所报、本次未重填的本月完成 1200万元（本月完成如已不对，请与本年累计一起" in reply
    )
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1200万\n本年累计完成：3.6亿")
    assert "远多于本月完成 1200万元。" in reply  # typed again: as any doubt


async def test_anything_but_confirm_discards_the_held_report(client: TestClient) -> None:
    await _earlier_report(client, 5964)
    await chat(client, OWNER, JUMP)
    reply = await chat(client, OWNER, "/问题 污水管网 管材未到场")
    assert "此前待确认的“城区智慧物流园”填报未回复“确认”，已放弃，未记录" in reply
    assert "您没有待确认的填报" in await chat(client, OWNER, "确认", chat_id=None)
    assert [r.ytd_investment_yuan for r in await _current(client)] == [5964 * WAN]


async def test_the_projects_report_sent_again_takes_the_held_ones_place(
    client: TestClient,
) -> None:
    await _earlier_report(client, 5964)
    await chat(client, OWNER, JUMP)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：1200万\n本年累计完成：7164万")
    assert "已收到" in reply
    assert "此前待确认的“城区智慧物流园”填报未保存，以本次所报为准" in reply
    assert [r.ytd_investment_yuan for r in await _current(client)] == [5964 * WAN, 7164 * WAN]
    assert "您没有待确认的填报" in await chat(client, OWNER, "确认", chat_id=None)
    assert len(await _current(client)) == 2


async def test_confirm_with_nothing_held(client: TestClient) -> None:
    assert await chat(client, OWNER, "确认") == ""  # in a group: passes quietly
    reply = await chat(client, OWNER, "确认", chat_id=None)
    assert "您没有待确认的填报" in reply
    assert await _current(client) == []


async def test_confirm_by_someone_else_stores_nothing(client: TestClient) -> None:
    await _earlier_report(client, 5964)
    await chat(client, OWNER, JUMP)
    reply = await chat(client, OWNER2, "确认", chat_id=None)
    assert "您没有待确认的填报" in reply
    assert len(await _current(client)) == 1
    assert len(await _held(client)) == 1  # still 张伟's to confirm


async def test_a_rise_of_a_third_of_the_plan_in_a_week_is_held(client: TestClient) -> None:
    await _earlier_report(client, 2000)
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：6000万")
    assert "一次增加就超过年度计划 1.2亿元 的 30%" in reply
    assert len(await _current(client)) == 1
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：3000万")
    assert "已收到" in reply  # a plausible week is stored at once


async def test_a_plausible_rise_is_not_held(client: TestClient) -> None:
    await _earlier_report(client, 2900)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：800万\n本年累计完成：3500万")
    assert "已收到" in reply
    assert "暂未记录" not in reply


async def test_withdraw_of_a_held_report_drops_it_and_nothing_stored(client: TestClient) -> None:
    await chat(client, OWNER, "进度 污水管网\n累计完成：300万")  # stored this week
    await _earlier_report(client, 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP)
    reply = await chat(client, OWNER, "/撤回")  # meaning the held one
    assert "此前待确认的“城区智慧物流园”填报未回复“确认”，已放弃，未记录" in reply
    assert "已撤回" not in reply
    assert await _held(client) == []
    stored = {r.ytd_investment_yuan for r in await _current(client)}
    assert stored == {300 * WAN, 5964 * WAN}  # the sewer report still stands


async def test_confirm_after_the_period_is_over_stores_nothing(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client_at(aiohttp_client, tmp_path, "2025-04-25 16:00")
    await _earlier_report(client, 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP)
    await client.close()
    monday = create_app(app_settings(tmp_path, now="2025-04-28 09:00"))
    client = await aiohttp_client(monday)
    reply = await chat(client, OWNER, "确认")
    assert "跨过填报周期，未记录" in reply
    assert len(await _current(client)) == 1


async def test_a_later_figure_of_an_earlier_week_is_the_offices_to_correct(
    client: TestClient,
) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-04-16 10:00", 3777)  # last week's
    reply = await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：3800万")
    assert "高于2025年第16周（4月14日—4月20日）已报的 3777万元" in reply
    assert "的数填错了，请联系专班办公室更正" in reply and "重新发送本周" not in reply


async def test_a_back_filled_month_above_a_later_months_figure_is_refused(
    client: TestClient,
) -> None:
    # this week's report (2025年第17周, 21–27 April) says 3777万 for the year so far
    await chat(client, OWNER, "进度 物流园\n累计完成：3777万")
    reply = await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：3800万")
    assert "未记录" in reply, reply
    assert "3月本年累计完成 3800万元 高于2025年第17周（4月21日—4月27日）已报的 3777万元" in reply
    # this week's figure is the owner's own to correct: the office is not needed for it
    assert (
        "如2025年第17周（4月21日—4月27日）的数填错了，请直接重新发送本周进度（即作更正）" in reply
    )
    assert [r.ytd_investment_yuan for r in await _current(client)] == [3777 * WAN]
    accepted = await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：3777万")
    assert "未记录" not in accepted, accepted  # as high as April's is still possible
    assert [r.month for r in await _current(client)] == ["2025-04", "2025-03"]


async def test_a_later_figure_is_checked_against_the_latest_month_not_the_last_received(
    client: TestClient,
) -> None:
    await _earlier_report(client, 4100)  # 2025年第16周, April
    back = await chat(client, OWNER, "进度 物流园\n月份：3月\n累计完成：3800万")
    assert "未记录" not in back, back
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：3900万")
    assert "未记录" in reply and "4100万元" in reply, reply  # below April's, March's came later
    assert sorted(r.ytd_investment_yuan for r in await _current(client)) == [
        3800 * WAN,
        4100 * WAN,
    ]


async def test_a_month_above_the_cumulatives_rise_is_held(client: TestClient) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-03-20 10:00", 3000)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：2000万\n本年累计完成：3100万")
    assert "暂未记录" in reply
    assert (
        "本月完成 2000万元 与本年累计完成对不上：3月已报本年累计 3000万元，本次 3100万元，"
        "本月只增加 100万元" in reply
    )
    assert [r.ytd_investment_yuan for r in await _current(client)] == [3000 * WAN]
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, "确认")  # as the owner says
    assert [r.period_investment_yuan for r in await _current(client)][-1] == 2000 * WAN
    # the same month, its figures agreeing to within rounding, is stored at once
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：104万\n本年累计完成：3100万")
    assert "已收到“城区智慧物流园”" in reply
    assert [r.period_investment_yuan for r in await _current(client)][-1] == 104 * WAN


async def test_a_cumulative_below_an_earlier_months_in_the_same_week_is_refused(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # W14 runs from Monday 31 March to 6 April: March's figure of Monday is no earlier period
    client = await _client_at(aiohttp_client, tmp_path, "2025-04-01 10:00")
    await add_report(client.app[DB], "P001", OWNER, "2025-03-31 10:00", 3000)
    text = "进度 物流园\n月份：4月\n本月完成：100万\n本年累计完成：2900万"
    reply = await chat(client, OWNER, text)
    assert "本年累计完成 2900万元 低于3月已报的 3000万元；年度累计只增不减" in reply
    assert "确认" not in reply
    assert [r.ytd_investment_yuan for r in await _current(client)] == [3000 * WAN]


async def test_no_to_a_held_report_in_the_group_drops_it_at_once(client: TestClient) -> None:
    await _earlier_report(client, 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP, chat_id="owners")
    assert await chat(client, OWNER2, "不对", chat_id="owners") == ""  # someone else's talk
    assert len(await _held(client)) == 1
    reply = await chat(client, OWNER, "不对", chat_id="owners")  # it went unanswered
    assert "待确认的“城区智慧物流园”填报已放弃，未记录。请直接发送改正后的进度" in reply
    assert await _held(client) == []
    assert len(await _current(client)) == 1  # the earlier report alone
    assert await chat(client, OWNER, "算了", chat_id="owners") == ""  # nothing held: talk
    assert await chat(client, "13000000000", "不对", chat_id="owners") == ""  # a stranger's


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("不要了", "填报已放弃，未记录"),
        ("不报了", "填报已放弃，未记录"),
        ("作废！", "填报已放弃，未记录"),
        ("不用了", "填报已放弃，未记录"),
        ("不需要了。", "填报已放弃，未记录"),
        ("不是", "数字无误请回复“确认”保存"),  # a 否 to the doubt: the report still waits
    ],
)
async def test_every_way_of_saying_no_to_a_held_report_is_answered(
    client: TestClient, word: str, said: str
) -> None:
    await _earlier_report(client, 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP, chat_id="owners")
    assert said in await chat(client, OWNER, word, chat_id="owners")


async def test_a_held_last_months_figure_confirmed_next_month_stays_last_months(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client_at(aiohttp_client, tmp_path, "2025-04-30 10:00")
    await add_report(client.app[DB], "P001", OWNER, "2025-03-20 10:00", 1000)
    reply = await chat(client, OWNER, "进度 物流园\n上月完成：100万\n本年累计完成：5000万")
    assert "暂未记录" in reply  # 上月 on 30 April: March
    await client.close()
    client = await aiohttp_client(create_app(app_settings(tmp_path, now="2025-05-01 09:00")))
    assert "已收到" in await chat(client, OWNER, "确认")  # the same week, in May
    months = {r.month for r in await _current(client) if r.ytd_investment_yuan == 5000 * WAN}
    assert months == {"2025-03"}  # not April, the month before the day of the 确认


async def test_a_cumulative_in_yi_typed_without_its_unit_is_said_to_be_read_in_wan(
    client: TestClient,
) -> None:
    await _earlier_report(client, 38_200)
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：3.85")
    assert "低于" in reply and "没写单位的数字按万元计，如是亿元请写“3.85亿”" in reply
    for typed in ("3.8亿", "380万", "0"):  # a unit written, or nothing done: no such slip
        assert "如是亿元" not in await chat(client, OWNER, f"进度 物流园\n累计完成：{typed}")


async def test_a_held_report_confirmed_in_the_new_year_stays_in_the_old_one(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client_at(aiohttp_client, tmp_path, "2025-12-31 10:00")
    await add_report(client.app[DB], "P001", OWNER, "2025-12-24 10:00", 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP)
    await client.close()
    client = await aiohttp_client(create_app(app_settings(tmp_path, now="2026-01-01 09:00")))
    reply = await chat(client, OWNER, "确认")  # the same reporting week, 元旦
    assert "已收到" in reply and "迟报" not in reply  # sent on time, before the deadline
    [held] = [r for r in await _current(client) if r.ytd_investment_yuan == 35_000 * WAN]
    assert held.month == "2025-12"  # 2025's total, not 2026's January


async def test_a_week_beside_the_cumulatives_rise_is_held(client: TestClient) -> None:
    await _earlier_report(client, 961)  # last week's
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：30万\n本年累计完成：1091万")
    assert "暂未记录" in reply
    assert (
        "本周完成 30万元 与本年累计完成对不上：上周已报本年累计 961万元，本次 1091万元，"
        "本周增加 130万元" in reply
    )
    assert [r.ytd_investment_yuan for r in await _current(client)] == [961 * WAN]
    await chat(client, OWNER, "确认")
    assert [r.ytd_investment_yuan for r in await _current(client)][-1] == 1091 * WAN


async def test_a_week_that_agrees_with_the_cumulative_is_stored(client: TestClient) -> None:
    await _earlier_report(client, 961)
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：30万\n本年累计完成：991万")
    assert "已收到" in reply and "暂未记录" not in reply
    assert [r.ytd_investment_yuan for r in await _current(client)][-1] == 991 * WAN


async def test_a_week_that_would_lower_the_total_just_reported_is_held(
    client: TestClient,
) -> None:
    await _earlier_report(client, 961)  # last week's
    assert "已收到" in await chat(client, OWNER, "进度 物流园\n本年累计完成：1100万")
    # the week's amount on top of last week's total lowers the 1100万 just reported: held
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：30万\n形象进度：设备调试")
    assert "暂未记录" in reply
    assert (
        "按本周完成 30万元 推算的本年累计完成 991万元 低于本周已报的 1100万元；如30万元是在"
        " 1100万元 之外新增的，请写“本年累计完成：1130万元”重发" in reply
    )
    assert [r.ytd_investment_yuan for r in await _current(client)][-1] == 1100 * WAN
    await chat(client, OWNER, "确认")  # it was the week's whole amount after all
    assert [r.ytd_investment_yuan for r in await _current(client)][-1] == 991 * WAN
    # the week's amount corrected: the total worked out from it again is lower, as meant
    reply = await chat(client, OWNER, "进度 物流园\n本周完成：20万")
    assert "已收到" in reply and "981万元" in reply


async def test_last_months_figures_sent_late_are_told_how_to_file(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _client_at(aiohttp_client, tmp_path, "2025-07-01 10:00")
    await add_report(client.app[DB], "P001", OWNER, "2025-06-20 10:00", 444)
    # June's figures, sent on 1 July without saying so: 本月 cannot be July's
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：200万\n累计完成：470万")
    assert "暂未记录" in reply
    assert "本月只增加 26万元；如是6月的数字，请回复“6月”" in reply
    reply = await chat(client, OWNER, "6月")  # was “请按此前的提示回复”: a resend was wanted
    assert "已收到" in reply and "计入 2025年6月" in reply
    assert [(r.month, r.ytd_investment_yuan) for r in await _current(client)][-1] == (
        "2025-06",
        470 * WAN,
    )


async def test_the_hint_holds_for_a_month_begun_at_a_weekend(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # 1 November 2026 is a Sunday: the week of 2–8 November is where October's come late
    client = await _client_at(aiohttp_client, tmp_path, "2026-11-03 10:00")
    await add_report(client.app[DB], "P001", OWNER, "2026-10-20 10:00", 444)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：200万\n累计完成：470万")
    assert "如是10月的数字，请回复“10月”" in reply


async def test_a_month_below_what_the_month_has_risen_is_held(client: TestClient) -> None:
    await _earlier_report(client, 3000)  # 17 April: 3000万 already this month
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：100万\n本年累计完成：3500万")
    assert "暂未记录" in reply
    assert "本月完成 100万元 少于本月已增加的" in reply and "本月至少完成 500万元" in reply
    ok = await chat(client, OWNER, "进度 物流园\n本月完成：600万\n本年累计完成：3500万")
    assert "已收到" in ok  # at least what it rose: the month's own amount


async def test_a_month_well_below_its_rise_since_last_months_end_is_held(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # the month's first report (4.1亿) already held most of December: against it, 500万 was
    # the month's rise, and a week's amount was filed as December's
    client = await _client_at(aiohttp_client, tmp_path, "2026-12-07 10:00")
    await add_report(client.app[DB], "P001", OWNER, "2026-11-27 10:00", 39_480)
    await add_report(client.app[DB], "P001", OWNER, "2026-12-02 10:00", 41_000)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：500万\n本年累计完成：4.15亿")
    assert "本月完成 500万元 少于上月末以来增加的" in reply and "本月至少完成 2020万元" in reply
    ok = await chat(client, OWNER, "进度 物流园\n本月完成：1800万\n本年累计完成：4.15亿")
    assert "已收到" in ok  # within a fifth: November's last figure may have come a day early


async def test_the_figures_a_hold_sets_apart_read_to_their_difference(client: TestClient) -> None:
    # 3.703亿 then 4.1亿 read “3.7亿元 … 4.1亿元 … 增加 3970万元”: 4.1 − 3.7 is not 0.397;
    # and both in one unit, so the digits compare (not 37030万元 beside 4.1亿元)
    await _earlier_report(client, 37_030)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：100万\n本年累计完成：4.1亿")
    assert "所报的 37030万元 升到 41000万元（增加 3970万元）" in reply


async def test_a_template_sent_back_with_its_old_cumulative_says_what_it_would_be(
    client: TestClient,
) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-03-20 10:00", 3000)
    await add_report(client.app[DB], "P001", OWNER, "2025-04-17 10:00", 3100)
    template = await chat(client, OWNER, "/模板 物流园")
    assert "本年累计完成：3100万元" in template, template
    # the owner fills in this month's figure and leaves the cumulative as pre-filled
    reply = await chat(client, OWNER, template.replace("本月完成：", "本月完成：250万", 1))
    assert "暂未记录" in reply
    assert "本次本年累计与上次所报的相同" in reply
    assert "按本月完成应为 3250万元" in reply, reply
    # sent again with the figure the hint gives, it is stored
    resent = template.replace("3100万元", "3250万元").replace("本月完成：", "本月完成：250万", 1)
    stored = await chat(client, OWNER, resent)
    assert "已收到“城区智慧物流园”" in stored, stored
    assert [r.ytd_investment_yuan for r in await _current(client)][-1] == 3250 * WAN


async def test_a_cumulative_that_moved_gets_no_template_hint(client: TestClient) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-03-20 10:00", 3000)
    await add_report(client.app[DB], "P001", OWNER, "2025-04-17 10:00", 3100)
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：2000万\n本年累计完成：3150万")
    assert "本月只增加 150万元" in reply
    assert "模板" not in reply


@pytest.mark.parametrize("look", ["/项目 物流园", "/我的", "/模板 物流园"])
async def test_looking_the_figures_up_keeps_the_held_report(client: TestClient, look: str) -> None:
    # an owner checks the project before answering 确认: that dropped the held report
    await _earlier_report(client, 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP)
    reply = await chat(client, OWNER, look, chat_id=None)  # in a 1:1 chat, as often
    assert "此前“城区智慧物流园”的进度仍暂未记录，请按此前的提示回复" in reply, reply
    assert "已放弃" not in reply
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, "确认")
    assert [r.ytd_investment_yuan for r in await _current(client)][-1] == 35_000 * WAN


async def test_an_ok_to_a_held_report_is_told_the_word_and_keeps_it(client: TestClient) -> None:
    await _earlier_report(client, 5964)
    assert "暂未记录" in await chat(client, OWNER, JUMP)
    for said in ("好的", "收到"):  # in the group, no @: said to the bot's question
        assert "数字无误请回复“确认”保存" in await chat(client, OWNER, said)
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, "数字无误")
    # nothing waiting: an ok is no question, in the group or alone with the bot
    assert await chat(client, OWNER, "好的") == ""
    assert await chat(client, OWNER, "谢谢", chat_id=None) == ""


async def test_a_month_in_yi_typed_without_its_unit_is_held_saying_it_is_read_in_wan(
    client: TestClient,
) -> None:
    # March's cumulative 3000万: 本月完成 0.15 alone is 1500元, a hundredth of it and less
    await add_report(client.app[DB], "P001", OWNER, "2025-03-27 10:00", 3000, month="2025-03")
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：0.15")
    assert "暂未记录" in reply and "本月完成 0.15万元" in reply, reply
    assert "没写单位的数字按万元计，如是亿元请写“0.15亿”" in reply, reply
    assert [r.month for r in await _current(client)] == ["2025-03"]  # nothing stored yet
    assert "已收到" in await chat(client, OWNER, "确认")  # as typed, if so meant
    assert (await _current(client))[-1].period_investment_yuan == 1500
    # a unit written, or a month's figure (25: 25万, a slow month beside 3000万): stored
    for typed in ("0.15亿", "15万", "25", "1200"):
        reply = await chat(client, OWNER, f"进度 物流园\n本月完成：{typed}")
        assert "已收到" in reply and "如是亿元" not in reply, reply
