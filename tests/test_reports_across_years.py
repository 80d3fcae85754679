"""Reports around New Year: each counts for one year and month, and never for the other year."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Issue, Report
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.seed import ADMIN, COLLEAGUE, OWNER, seed

At = Callable[[str], Awaitable[TestClient]]


@pytest.fixture
def at(aiohttp_client: AiohttpClient, tmp_path: Path) -> At:
    """The app with its clock at a given time, over one database kept across calls."""
    seeded: list[bool] = []

    async def client(now: str) -> TestClient:
        app = create_app(app_settings(tmp_path, now=now))
        test_client = await aiohttp_client(app)
        if not seeded:  # the ledger holds each project's 2026 plan, none for 2027 yet
            await seed(app[DB], entered=date(2026, 4, 1))
            seeded.append(True)
        return test_client

    return client


async def _current(client: TestClient) -> list[tuple[str, str, int | None]]:
    """(period, month, 本年累计 in 万) of every report that still counts, oldest first."""
    async with client.app[DB].read() as session:
        statement = (
            select(Report.period, Report.month, Report.ytd_investment_yuan)
            .where(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
            .order_by(Report.id)
        )
        rows = (await session.execute(statement)).all()
    return [(p, m, y // 10_000 if y is not None else None) for p, m, y in rows]


def report(*lines: str) -> str:
    return "\n".join(["进度 物流园", *lines])


async def test_new_year_reports_keep_to_their_own_year(at: At) -> None:
    december = await at("2026-12-30 10:00")
    assert "✅" in await chat(december, OWNER, report("累计完成：5000万"))
    # 2 January is in ISO week 2026-W53, like 30 December, but counts for 2027.
    second = await at("2027-01-02 10:00")
    reply = await chat(second, OWNER, report("累计完成：100万"))
    # the week runs across the year end: the reply names the month it counts for
    assert "✅" in reply and "更正" not in reply and "计入 2027年1月" in reply
    assert await _current(second) == [("2026-W53", "2026-12", 5000), ("2026-W53", "2027-01", 100)]
    # The owner files 2026's final figure late: it corrects December 2026, never January 2027.
    fourth = await at("2027-01-04 10:00")
    reply = await chat(fourth, OWNER, report("2026年累计完成：6000万"))
    assert "计入 2026年12月" in reply and "更正" in reply
    assert await _current(fourth) == [("2026-W53", "2027-01", 100), ("2026-W53", "2026-12", 6000)]
    # 2027's floor is 2027's own figure, not 2026's 6000万.
    fifth = await at("2027-01-05 10:00")
    assert "低于" in await chat(fifth, OWNER, report("累计完成：50万"))
    reply = await chat(fifth, OWNER, report("累计完成：200万"))
    assert "✅" in reply and "计入" not in reply


async def test_a_new_months_figure_in_a_week_reported_on_time_is_not_late(at: At) -> None:
    december = await at("2026-12-29 10:00")
    assert "迟报" not in await chat(december, OWNER, report("累计完成：5000万"))
    # 3 January: week 2026-W53's deadline has passed, but the week was reported on time
    third = await at("2027-01-03 10:00")
    reply = await chat(third, OWNER, report("本月完成：100万", "累计完成：100万"))
    assert "计入 2027年1月" in reply and "迟报" not in reply
    async with third.app[DB].read() as session:
        late = (await session.execute(select(Report.month, Report.is_late))).all()
    assert sorted(late) == [("2026-12", False), ("2027-01", False)]


async def test_a_new_months_figure_in_a_week_never_reported_is_late(at: At) -> None:
    third = await at("2027-01-03 10:00")
    reply = await chat(third, OWNER, report("本月完成：100万", "累计完成：100万"))
    assert "计入 2027年1月" in reply and "记为迟报" in reply


async def test_taking_back_decembers_final_in_january_names_december(at: At) -> None:
    await chat(await at("2026-12-23 10:00"), OWNER, report("累计完成：4500万"))
    december = await at("2026-12-30 10:00")
    await chat(december, OWNER, report("本月完成：500万", "累计完成：5000万"))
    third = await at("2027-01-03 10:00")
    held = await chat(third, OWNER, report("年度：2026", "累计完成：5100万"))
    # December's 500万 kept beside a total that rose 600万 in December: in December's words
    assert (
        "12月完成 500万元 少于12月已增加的：上周（12月21日—27日）所报的2026年累计 4500万元" in held
    )
    assert "本月" not in held and "本年" not in held
    assert "更正" in await chat(third, OWNER, "确认")
    reply = await chat(third, OWNER, "/撤回")
    assert "已撤回您对“城区智慧物流园”的本周填报（计入2026年12月）" in reply
    assert "本周此前的填报重新生效：2026年累计完成 5000万元" in reply
    assert "本年累计" not in reply
    refused = await chat(third, OWNER, report("年度：2026", "累计完成：4000万"))
    assert "2026年累计完成 4000万元 低于" in refused and "本年累计" not in refused


@pytest.mark.parametrize(
    "named",
    [
        "年度：2026\n累计完成：6000万",
        "月份：2026年12月\n累计完成：6000万",
        "月份：12月\n累计：6000万",
        "上年累计完成：6000万",  # was “是不是‘本年累计完成’？”: last year's total as this year's
        "去年累计完成：6000万",
        "上一年度累计完成投资：6000万",
    ],
)
async def test_every_way_of_naming_last_year(at: At, named: str) -> None:
    client = await at("2027-01-06 10:00")
    reply = await chat(client, OWNER, report(*named.split("\n")))
    assert "计入 2026年12月" in reply
    assert await _current(client) == [("2026-W53", "2026-12", 6000)]


async def test_a_correction_on_the_first_stays_in_last_month(at: At) -> None:
    monday = await at("2026-11-30 16:00")  # week 2026-W49 runs 11-30 … 12-06
    await chat(monday, OWNER, report("累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    reply = await chat(first, OWNER, report("累计完成：4100万"))
    assert "更正" in reply and "计入 2026年11月" in reply
    assert "如是12月的进度，请加一行“月份：12月”重发" in reply
    second = await at("2026-12-02 09:00")
    reply = await chat(second, OWNER, report("累计完成：4200万"))
    assert "更正" not in reply and "计入 2026年12月" in reply  # from the 2nd on, December's
    assert await _current(second) == [("2026-W49", "2026-11", 4100), ("2026-W49", "2026-12", 4200)]


@pytest.mark.parametrize(
    ("sent", "november", "december"),
    [
        (["累计完成：4100万"], [400, 4000], [None, 4100]),
        # 本月完成 alone: December's total is November's as first reported plus this month's
        (["本月完成：100万"], [400, 4000], [100, 4100]),
        # 本周完成 alone: the correction stored the total it made (the week before's 3900万
        # and the week's), not the week's amount
        (["本周完成：300万", "形象进度：设备调试"], [400, 4000], [200, 4200]),
    ],
)
async def test_resent_as_this_months_on_the_first_restores_last_month(
    at: At, sent: list[str], november: list[int | None], december: list[int | None]
) -> None:
    week_before = await at("2026-11-24 16:00")
    await chat(week_before, OWNER, report("累计完成：3900万"))
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：400万", "累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    reply = await chat(first, OWNER, report(*sent))
    assert "更正" in reply and "如是12月的进度，请加一行“月份：12月”重发" in reply
    # the owner does as the reply says: November's figures are November's again
    reply = await chat(first, OWNER, report("月份：12月", *sent))
    assert "✅" in reply and "计入 2026年12月" in reply and "11月的进度已恢复为之前所报" in reply
    assert await _figures(first) == {"2026-11": november, "2026-12": december}


async def test_last_year_named_beside_a_declaration_is_not_taken_for_the_reports_year(
    at: At,
) -> None:
    # `去年开工：是` named no figure of last year: it filed the whole report, 100万 and all, there
    client = await at("2026-03-10 10:00")
    reply = await chat(client, OWNER, report("本月完成：100万", "去年开工：是"))
    assert "去年开工" in reply and "2025年" not in reply
    assert await _current(client) == []


async def test_a_refusal_on_the_first_says_it_was_read_as_last_months(at: At) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("累计完成：0", "形象进度：停工待料"))
    first = await at("2026-12-01 09:00")
    # December's first 30万, read as November's beside November's total of 0: refused, and
    # the reply said nothing of the month it was read as, nor how to send it as December's
    reply = await chat(first, OWNER, report("本月完成：30万"))
    assert "❌" in reply and "11月完成 30万元" in reply
    assert "以上按更正11月核对；如是12月的进度，请加一行“月份：12月”重发" in reply
    reply = await chat(first, OWNER, report("月份：12月", "本月完成：30万"))
    assert "✅" in reply and "计入 2026年12月" in reply


async def test_a_refusal_on_the_first_of_a_typed_total_points_to_no_other_month(at: At) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    # 本月 above the 累计 typed beside it is wrong in either month: no way out to point to
    reply = await chat(first, OWNER, report("本月完成：5000万", "累计完成：4100万"))
    assert "❌" in reply and "11月完成 5000万元" in reply and "月份：12月" not in reply


async def _november_then_the_first(at: At) -> TestClient:
    """November reported on the 20th (100万, 3700万) and on the 30th (400万, 4000万), in
    the week that runs into December; the app on 1 December at 09:00."""
    earlier = await at("2026-11-20 16:00")
    await chat(earlier, OWNER, report("本月完成：100万", "累计完成：3700万"))
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：400万", "累计完成：4000万"))
    return await at("2026-12-01 09:00")


async def test_a_month_held_on_the_first_says_it_was_read_as_last_months(at: At) -> None:
    first = await _november_then_the_first(at)
    # December's first 30万, read as November's 本月完成 beside November's 4000万: held
    reply = await chat(first, OWNER, report("本月完成：30万"))
    assert "暂未记录" in reply and "按更正11月处理" in reply
    assert "如是12月的进度，请回复“12月”" in reply
    reply = await chat(first, OWNER, "是12月的")  # as sent again with `月份：12月`
    assert "✅" in reply and "计入 2026年12月" in reply
    assert await _figures(first) == {"2026-11": [400, 4000], "2026-12": [30, 4030]}


async def test_a_total_alone_on_the_months_first_working_day_is_asked_which_month(at: At) -> None:
    week_before = await at("2026-11-24 16:00")
    await chat(week_before, OWNER, report("累计完成：3900万"))
    first = await at("2026-12-01 09:00")
    # most often November's final total: filed as December's without a word, it left the
    # 月报表 of November at the week before's 3900万
    reply = await chat(first, OWNER, report("累计完成：4000万", "形象进度：设备调试"))
    assert "暂未记录" in reply and "今天是12月1日，本年累计完成 4000万元 没写是哪个月的" in reply
    assert "如是11月的进度，请回复“11月”；如是12月的，请回复“确认”或“12月”保存" in reply
    reply = await chat(first, OWNER, "11月")
    assert "✅" in reply and "计入 2026年11月" in reply
    assert await _current(first) == [("2026-W48", "2026-11", 3900), ("2026-W49", "2026-11", 4000)]
    # from the 2nd on, a total alone is this month's, as before
    second = await at("2026-12-02 10:00")
    assert "计入 2026年12月" in await chat(second, OWNER, report("累计完成：4100万"))
    # a correction of December's report of the week is December's: not asked again
    await chat(first, OWNER, "进度 P004\n月份：12月\n累计完成：1000万")
    reply = await chat(first, OWNER, "进度 P004\n累计完成：1010万")
    assert "✅" in reply and "更正" in reply and "没写是哪个月" not in reply, reply


async def test_a_lower_total_on_the_2nd_says_how_to_correct_last_months(at: At) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("累计完成：4000万"))
    second = await at("2026-12-02 10:00")
    reply = await chat(second, OWNER, report("累计完成：3950万"))  # November's, mistyped
    assert "低于11月已报的" in reply and "如是更正11月所报，请加一行“月份：11月”重发" in reply
    assert "联系专班办公室" not in reply
    reply = await chat(second, OWNER, report("月份：11月", "累计完成：3950万"))
    assert "✅" in reply and "更正" in reply
    assert await _current(second) == [("2026-W49", "2026-11", 3950)]


async def test_the_problem_a_misfiled_correction_raised_passes_to_decembers_report(
    at: At,
) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("累计完成：4000万", "存在问题：无"))
    first = await at("2026-12-01 09:00")
    problem = "存在问题：临时用地手续未办结"
    opened = await chat(first, OWNER, report("累计完成：4100万", problem))
    assert "已登记为问题 #1" in opened
    reply = await chat(first, OWNER, report("月份：12月", "累计完成：4100万", problem))
    assert "11月的进度已恢复为之前所报" in reply and "（问题 #1）" in reply
    async with first.app[DB].read() as session:
        issues = (await session.execute(select(Issue.number, Issue.state, Report.month)
                  .join(Report, Report.id == Issue.report_id))).all()  # fmt: skip
    assert issues == [(1, "发现", "2026-12")]  # not taken back, not opened again


async def test_a_correction_someone_else_sent_on_the_first_is_not_taken_back(at: At) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：400万", "累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    assert "更正" in await chat(first, COLLEAGUE, report("累计完成：4100万"))  # on purpose
    reply = await chat(first, OWNER, report("月份：12月", "累计完成：4100万"))
    assert "✅" in reply and "恢复" not in reply
    assert await _figures(first) == {"2026-11": [400, 4100], "2026-12": [None, 4100]}


async def test_restoring_a_text_only_report_derives_december_from_the_total_before(
    at: At,
) -> None:
    await chat(await at("2026-10-20 10:00"), OWNER, report("累计完成：3000万"))
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("形象进度：主体施工"))  # no figure
    first = await at("2026-12-01 09:00")
    assert "更正" in await chat(first, OWNER, report("本月完成：100万"))  # filed as November's
    reply = await chat(first, OWNER, report("月份：12月", "本月完成：100万"))
    assert "✅" in reply and "11月的进度已恢复为之前所报" in reply
    # December: October's 3000万 (the last total before it) and its own 100万
    assert await _figures(first) == {"2026-10": [None, 3000], "2026-11": [None, None],
                                     "2026-12": [100, 3100]}  # fmt: skip


async def test_a_month_back_filled_after_its_week_is_late(at: At) -> None:
    thursday = await at("2026-12-03 10:00")  # week 2026-W49 (11-30 … 12-06), on time
    assert "迟报" not in await chat(thursday, OWNER, report("累计完成：4000万"))
    # November's figure a week later: filed in November's last week, W49, and late
    reply = await chat(
        await at("2026-12-10 10:00"), OWNER, report("月份：11月", "累计完成：3900万")
    )
    assert "计入 2026年11月" in reply and "记为迟报" in reply


async def test_a_refusal_about_last_year_in_january_names_that_year(at: At) -> None:
    reply = await chat(await at("2027-01-04 10:00"), OWNER, report("年度：2026", "累计完成：9亿"))
    assert "2026年累计完成 9亿元 超过了项目总投资" in reply
    assert "今年" not in reply and "本年" not in reply


async def test_a_month_figure_alone_on_the_first_working_day_asks_which_month(at: At) -> None:
    first = await at("2026-12-01 09:30")
    reply = await chat(first, OWNER, report("本月完成：150万", "形象进度：管网铺设"))
    assert "暂未记录" in reply and "今天是12月1日，本月完成 150万元 没写是哪个月的" in reply
    assert "如是11月的进度，请回复“11月”；如是12月的，请回复“确认”或“12月”保存" in reply
    assert "计入 2026年12月" in await chat(first, OWNER, "确认")
    assert await _figures(first) == {"2026-12": [150, 150]}


@pytest.mark.parametrize(
    ("answer", "month"),
    [
        ("11月", "2026-11"),
        ("上月的", "2026-11"),
        ("是11月份的", "2026-11"),
        ("12月的", "2026-12"),
        ("十二月的", "2026-12"),  # as voice input writes it
    ],
)
async def test_the_month_question_is_answered_with_the_month(
    at: At, answer: str, month: str
) -> None:
    first = await at("2026-12-01 09:30")
    assert "暂未记录" in await chat(first, OWNER, report("本月完成：150万"))
    # in the owners' group, said to nobody in particular: the answer to the bot's question
    reply = await chat(first, OWNER, answer)
    assert "✅" in reply and f"计入 {month[:4]}年{int(month[5:])}月" in reply
    assert await _figures(first) == {month: [150, 150]}


async def test_a_month_said_with_nothing_held_stores_nothing(at: At) -> None:
    first = await at("2026-12-01 09:30")
    assert await chat(first, OWNER, "11月的") == ""  # in the group: people's talk
    alone = await chat(first, OWNER, "11月的", chat_id=None)
    assert "您没有待确认的填报。要补报上月的数字，请在填报中加一行“月份：11月”" in alone
    assert "暂未记录" in await chat(first, OWNER, report("本月完成：150万"))
    assert await chat(first, OWNER, "3月份的数据") == ""  # in the group: people's talk
    closed = await chat(first, OWNER, "10月的", chat_id=None)  # not a month it may be for
    assert "填报只能计入11月或12月；“10月”的数字已关账" in closed and "✅" not in closed
    assert await _figures(first) == {}
    assert "计入 2026年12月" in await chat(first, OWNER, "确认")  # still held, as it was


async def test_the_office_may_answer_with_a_closed_month(at: At) -> None:
    # the office corrects closed months: its answer `10月` files the held figure there, where
    # an owner is told the month is closed
    first = await at("2026-12-01 09:30")
    assert "暂未记录" in await chat(first, ADMIN, report("本月完成：150万"))
    reply = await chat(first, ADMIN, "10月")
    assert "计入 2026年10月" in reply and "已关账" not in reply
    assert await _figures(first) == {"2026-10": [150, 150]}


async def test_a_month_said_for_a_held_report_judges_its_figures_in_that_month(at: At) -> None:
    first = await _november_then_the_first(at)
    # held as November's correction (its 30万 below November's rise); said to be December's,
    # it is judged as December's, where 2000万 on November's end is far beyond 30万: asked
    # again, not stored as if the month's answer confirmed its figures
    held = await chat(first, OWNER, report("本月完成：30万", "累计完成：6000万"))
    assert "暂未记录" in held and "按更正11月处理" in held
    reply = await chat(first, OWNER, "12月")
    assert "暂未记录" in reply and "远多于本月完成 30万元" in reply and "✅" not in reply
    assert await _figures(first) == {"2026-11": [400, 4000]}
    assert "计入 2026年12月" in await chat(first, OWNER, "确认")  # the figures confirmed now


async def test_a_month_figure_alone_on_the_first_files_as_last_months_if_named(at: At) -> None:
    first = await at("2026-12-01 09:30")
    assert "暂未记录" in await chat(first, OWNER, report("本月完成：150万"))
    reply = await chat(first, OWNER, report("月份：11月", "本月完成：150万"))
    assert "✅" in reply and "计入 2026年11月" in reply
    assert await _figures(first) == {"2026-11": [150, 150]}


async def test_a_month_figure_alone_before_januarys_first_working_day_asks(at: At) -> None:
    second = await at("2027-01-02 10:00")  # 元旦; 4 January is the first working day
    reply = await chat(second, OWNER, report("本月完成：120万"))
    assert "今天是1月2日，本月完成 120万元 没写是哪个月的" in reply
    assert "如是12月的进度，请回复“12月”" in reply


async def test_the_first_of_months_note_is_said_once_for_several_reports(at: At) -> None:
    monday = await at("2026-11-30 16:00")
    both = "进度 物流园\n累计完成：{a}万\n进度 污水管网\n累计完成：{b}万"
    await chat(monday, OWNER, both.format(a=4000, b=900))
    # both corrected on the 1st: the note on how to file them as December's was said twice
    reply = await chat(await at("2026-12-01 09:30"), OWNER, both.format(a=4100, b=950))
    assert reply.count("✅") == 2 and reply.count("按更正上月处理") == 1


async def test_a_month_figure_after_the_first_working_day_is_this_months(at: At) -> None:
    second = await at("2026-12-02 09:30")
    reply = await chat(second, OWNER, report("本月完成：150万"))
    assert "✅" in reply and "计入 2026年12月" in reply


async def test_a_different_report_of_this_month_on_the_first_leaves_last_month(at: At) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：400万", "累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    await chat(first, OWNER, report("累计完成：4100万"))  # November corrected, on purpose
    reply = await chat(first, OWNER, report("月份：12月", "累计完成：4150万"))
    assert "恢复" not in reply
    assert await _figures(first) == {"2026-11": [400, 4100], "2026-12": [None, 4150]}


async def _figures(client: TestClient) -> dict[str, list[int | None]]:
    """Month → [本月完成, 本年累计] in 万 of the reports that count."""
    async with client.app[DB].read() as session:
        statement = select(
            Report.month, Report.period_investment_yuan, Report.ytd_investment_yuan
        ).where(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
        rows = (await session.execute(statement)).all()
    return {m: [v // 10_000 if v is not None else None for v in (p, y)] for m, p, y in rows}


@pytest.mark.parametrize(
    "lines",
    [
        ["本月完成：100万", "累计完成：4100万"],  # this month's work on top of November's total
        ["本周完成：100万", "累计完成：4100万"],  # the week's work since November's total
        ["月份：12月", "累计完成：4100万"],
    ],
)
async def test_a_new_months_report_on_the_first_is_this_months(at: At, lines: list[str]) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：300万", "累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    reply = await chat(first, OWNER, report(*lines))
    assert "更正" not in reply and "计入 2026年12月" in reply and "月份：12月" not in reply
    assert await _current(first) == [("2026-W49", "2026-11", 4000), ("2026-W49", "2026-12", 4100)]


async def test_a_weeks_amount_resent_with_its_total_on_the_first_corrects_november(
    at: At,
) -> None:
    """Monday's 本周完成 100万 left out of its total (4000万 again after last week's 4000万,
    confirmed), sent again on the 1st with 4100万: it adds up from both figures, and corrects
    November's month-end rather than opening December."""
    await chat(await at("2026-11-26 16:00"), OWNER, report("累计完成：4000万"))  # last week
    monday = await at("2026-11-30 16:00")
    assert "暂未记录" in await chat(monday, OWNER, report("本周完成：100万", "累计完成：4000万"))
    assert "✅" in await chat(monday, OWNER, "确认")
    first = await at("2026-12-01 09:00")
    reply = await chat(first, OWNER, report("本周完成：100万", "累计完成：4100万"))
    assert "更正" in reply and "如是12月的进度" in reply
    expected = [("2026-W48", "2026-11", 4000), ("2026-W49", "2026-11", 4100)]
    assert await _current(first) == expected


async def test_a_weeks_work_since_novembers_total_of_the_same_week_is_not_doubted(
    at: At,
) -> None:
    """December's first week counted from November's month-end figure sent on its Monday,
    not from last week's: both are starts a 本周完成 may be counted from."""
    await chat(await at("2026-11-26 16:00"), OWNER, report("累计完成：3900万"))  # last week
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：300万", "累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    reply = await chat(first, OWNER, report("月份：12月", "本周完成：100万", "累计完成：4100万"))
    assert "✅" in reply and "对不上" not in reply and "计入 2026年12月" in reply
    second = await at("2026-12-02 09:00")  # a week's amount off both starts is still doubted
    reply = await chat(second, OWNER, report("月份：12月", "本周完成：50万", "累计完成：4300万"))
    assert "本周完成 50万元 与本年累计完成对不上：上周已报本年累计 3900万元" in reply
    assert await _figures(second) == {"2026-11": [300, 4000], "2026-12": [100, 4100]}


async def test_a_new_months_figures_rounded_otherwise_on_the_first_are_this_months(
    at: At,
) -> None:
    monday = await at("2026-11-30 16:00")
    await chat(monday, OWNER, report("本月完成：300万", "累计完成：4000万"))
    first = await at("2026-12-01 09:00")
    # 4110万 is 100万 on top of 4010万, not of 4000万: rounding, not a correction of November
    reply = await chat(first, OWNER, report("本月完成：100万", "累计完成：4110万"))
    assert "更正" not in reply and "计入 2026年12月" in reply
    assert await _current(first) == [("2026-W49", "2026-11", 4000), ("2026-W49", "2026-12", 4110)]


@pytest.mark.parametrize(
    ("named", "problem"),
    [
        ("年度：2025", "只能补报去年或今年的数据"),
        ("月份：2027年2月", "2027年2月还没到"),
        ("年度：2026\n月份：2027年1月", "写了两个年度（2026、2027）"),
        ("年度：去年", "“去年”不是年份"),
        ("月份：13月", "“13月”不是月份"),
    ],
)
async def test_a_year_or_month_that_cannot_be_is_refused(at: At, named: str, problem: str) -> None:
    client = await at("2027-01-06 10:00")
    reply = await chat(client, OWNER, report(*named.split("\n"), "累计完成：6000万"))
    assert "未记录" in reply and problem in reply
    assert await _current(client) == []


@pytest.mark.parametrize("named", ["年度：2027", "月份：2027年1月", "2027年累计完成：100万"])
async def test_naming_a_year_without_a_plan_is_refused(at: At, named: str) -> None:
    client = await at("2027-01-06 10:00")
    lines = named.split("\n") if "累计" in named else [named, "累计完成：100万"]
    reply = await chat(client, OWNER, report(*lines))
    assert "未记录" in reply and "没有2027年的年度计划，不能按2027年填报" in reply
    assert await _current(client) == []
    # said without a year, it counts for 2027 all the same (the plan may come later)
    assert "✅" in await chat(client, OWNER, report("累计完成：100万"))


async def test_a_corrected_total_does_not_keep_a_month_figure_it_no_longer_adds_up_to(
    at: At,
) -> None:
    await chat(await at("2026-11-20 10:00"), OWNER, report("累计完成：12461万"))
    december = await at("2026-12-10 10:00")
    await chat(december, OWNER, report("本月完成：500万", "累计完成：1.3亿"))
    reply = await chat(december, OWNER, report("累计完成：1.32亿"))
    # 12461万 + 500万 is not 1.32亿: December's 500万 went with the old total
    assert "本月完成：500万元" not in reply
    assert (await _figures(december))["2026-12"] == [None, 13200]
    # a total corrected within how it was typed keeps the month's figure
    await chat(december, OWNER, report("本月完成：700万", "累计完成：1.32亿"))
    await chat(december, OWNER, report("累计完成：1.316亿"))
    assert (await _figures(december))["2026-12"] == [700, 13160]


async def test_a_template_sent_back_unchanged_keeps_the_months_figure(at: At) -> None:
    await chat(await at("2026-11-20 10:00"), OWNER, report("累计完成：900万"))
    december = await at("2026-12-10 10:00")
    await chat(december, OWNER, report("本月完成：30万", "累计完成：930万"))
    template = await chat(december, OWNER, "/模板 物流园")
    assert "本月完成：\n" in template and "930万" in template
    reply = await chat(december, OWNER, template.split("-----")[0].strip())
    assert "✅" in reply
    assert (await _figures(december))["2026-12"] == [30, 930]  # 本月 was erased


async def test_a_month_figure_below_what_the_month_already_reported_is_named(at: At) -> None:
    await chat(await at("2026-11-20 10:00"), OWNER, report("累计完成：900万"))
    await chat(await at("2026-12-03 10:00"), OWNER, report("累计完成：1000万"))
    reply = await chat(await at("2026-12-10 10:00"), OWNER, report("本月完成：50万"))
    # the owner typed no cumulative: what is too small is the month's figure
    assert "本月完成 50万元 少于本月已报的：11月30日—12月6日那周已报本年累计 1000万元" in reply
    assert "只有 950万元" in reply and "年度累计只增不减" not in reply


async def test_a_template_on_a_months_first_working_day_is_for_last_month(at: At) -> None:
    # a 本月完成 naming no month is asked which month up to the first working day: the
    # template names the month whose final figures those days bring, for the owner to keep
    await chat(await at("2026-11-20 10:00"), OWNER, report("累计完成：900万"))
    first = await at("2026-12-01 09:00")
    template = await chat(first, OWNER, "/模板 物流园")
    assert "进度 城区智慧物流园\n月份：11月\n本月完成：\n本年累计完成：900万元\n" in template
    filled = template.replace("本月完成：", "本月完成：100万", 1).replace("900万元", "1000万元")
    reply = await chat(first, OWNER, filled)
    assert "✅" in reply and "11月" in reply, reply
    assert ("2026-W49", "2026-11", 1000) in await _current(first)
    assert "月份" not in await chat(await at("2026-12-02 09:00"), OWNER, "/模板 物流园")


async def test_a_template_after_this_months_report_is_for_this_month(at: At) -> None:
    await chat(await at("2026-11-20 10:00"), OWNER, report("累计完成：900万"))
    first = await at("2026-12-01 09:00")
    await chat(first, OWNER, report("月份：11月", "累计完成：1000万"))
    await chat(first, OWNER, report("月份：12月", "累计完成：1060万"))
    # it said `月份：11月` beside December's 1060万: sent back, it overwrote November with it
    template = await chat(first, OWNER, "/模板 物流园")
    assert "月份" not in template and "本年累计完成：1060万元" in template, template
    await chat(first, OWNER, template.replace("本月完成：", "本月完成：60万", 1))
    assert ("2026-W49", "2026-11", 1000) in await _current(first)


async def test_a_template_after_this_months_report_and_last_months_correction(at: At) -> None:
    await chat(await at("2026-11-20 10:00"), OWNER, report("累计完成：900万"))
    first = await at("2026-12-01 09:00")
    await chat(first, OWNER, report("月份：12月", "累计完成：1060万"))
    # November's final figure sent after December's: the template is December's all the same
    await chat(first, OWNER, report("月份：11月", "累计完成：1000万"))
    template = await chat(first, OWNER, "/模板 物流园")
    assert "月份" not in template and "本年累计完成：1060万元" in template, template
    # sent back unchanged: already in, November's 1000万 stays (it overwrote it with 1060万)
    reply = await chat(first, OWNER, template)
    assert "与 09:00 所报相同，已登记" in reply, reply
    current = await _current(first)
    assert ("2026-W49", "2026-11", 1000) in current and ("2026-W49", "2026-12", 1060) in current
    assert len(current) == 3


async def test_a_template_on_the_years_first_working_day_is_for_last_december(at: At) -> None:
    await chat(await at("2026-12-24 10:00"), OWNER, report("累计完成：9000万"))
    first = await at("2027-01-04 09:00")  # 1–3 January are 元旦's days off
    template = await chat(first, OWNER, "/模板 物流园")
    # December's cumulative, not this year's (none yet): the month named is last year's
    assert "月份：12月\n本月完成：\n本年累计完成：9000万元\n" in template, template
    filled = template.replace("本月完成：", "本月完成：800万", 1).replace("9000万元", "9800万元")
    assert "✅" in await chat(first, OWNER, filled)
    assert ("2026-W53", "2026-12", 9800) in await _current(first)


@pytest.mark.parametrize(
    ("last", "this"),
    [
        ("去年累计完成", "今年累计完成"),
        ("上年累计", "本年累计"),
        ("2026年累计完成", "今年累计完成"),
        ("去年累计完成", "累计完成"),
    ],
)
async def test_last_years_and_this_years_totals_in_one_block_are_sent_as_two(
    at: At, last: str, this: str
) -> None:
    await chat(await at("2026-12-28 10:00"), OWNER, report("累计完成：4亿"))
    client = await at("2027-01-04 10:00")
    sent = report(f"{last}：4.3亿", f"{this}：800万", "形象进度：设备调试")
    reply = await chat(client, OWNER, sent)
    # was “填了两次（“4.3亿”和“800万”），请只保留一个”: as if one figure were typed twice
    assert "填了两次" not in reply and "未记录" in reply
    assert f"“{last}”和“{this}”分属2026年和2027年" in reply
    first = f"进度 物流园\n{last}：4.3亿"
    second = f"进度 物流园\n{this}：800万\n形象进度：设备调试"
    assert reply.endswith(f"请复制下面两段分两条发送\n\n{first}\n\n{second}")
    assert await _current(client) == [("2026-W53", "2026-12", 40000)]  # nothing half-stored
    # each part sent as it was quoted: December's final corrected, January's first figure
    assert "计入 2026年12月" in await chat(client, OWNER, first)
    assert "已收到“城区智慧物流园”2027年第1周" in await chat(client, OWNER, second)
    assert await _current(client) == [("2026-W53", "2026-12", 43000), ("2027-W01", "2027-01", 800)]
    assert "800万元" in await chat(client, OWNER, "/我的")


async def test_one_years_total_given_twice_in_one_block_is_still_refused(at: At) -> None:
    client = await at("2027-01-04 10:00")
    reply = await chat(client, OWNER, report("2026年累计完成：4.3亿", "去年累计完成：4.4亿"))
    assert "“去年累计完成”填了两次（“4.3亿”和“4.4亿”），请只保留一个" in reply
    assert "分两条" not in reply
    assert await _current(client) == []
