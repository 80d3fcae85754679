"""A project's first report of a new year: last year's running total typed on is asked about
in any month, and a cumulative restarting on New Year's Day counts for January, not December."""

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
from storage.models import Project, Report
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.plans import plan_of
from tests.support.seed import OWNER, WAN, seed

At = Callable[[str], Awaitable[TestClient]]


@pytest.fixture
def at(aiohttp_client: AiohttpClient, tmp_path: Path) -> At:
    """The app with its clock at a given time, over one database kept across calls; the
    ledger holds 2026's plans and 物流园's 2027 plan of 2063万."""
    seeded: list[bool] = []

    async def client(now: str) -> TestClient:
        app = create_app(app_settings(tmp_path, now=now))
        test_client = await aiohttp_client(app)
        if not seeded:
            await seed(app[DB], entered=date(2026, 4, 1))
            async with app[DB].write() as session:
                query = select(Project).where(Project.code == "P001")
                project = (await session.execute(query)).scalar_one()
                session.add(plan_of(project, 2027, 2063 * WAN))
            seeded.append(True)
        return test_client

    return client


async def _current(client: TestClient) -> list[tuple[str, int | None]]:
    """(month, 本年累计 in 万) of every report that still counts, oldest first."""
    async with client.app[DB].read() as session:
        statement = (
            select(Report.month, Report.ytd_investment_yuan)
            .where(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
            .order_by(Report.id)
        )
        rows = (await session.execute(statement)).all()
    return [(m, y // WAN if y is not None else None) for m, y in rows]


def report(*lines: str) -> str:
    return "\n".join(["进度 城区智慧物流园项目", *lines])


@pytest.mark.parametrize(
    ("last_year", "lines", "ytd"),
    [
        ("2064万", ["本年累计完成：2164万", "形象进度：收尾"], "2164万元"),
        ("6366万", ["本月完成：100万", "本年累计完成：6466万"], "6466万元"),
        ("2064万", ["本年累计完成：2064万"], "2064万元"),  # last year's very figure
    ],
)
async def test_last_years_total_typed_on_in_february_is_asked_about(
    at: At, last_year: str, lines: list[str], ytd: str
) -> None:
    december = await at("2026-12-16 10:00")
    assert "✅" in await chat(december, OWNER, report(f"本年累计完成：{last_year}"))
    february = await at("2027-02-02 10:00")
    held = await chat(february, OWNER, report(*lines))
    assert "✅" not in held and "蓝灯" not in held
    assert (
        f"这是今年第一次填报，本年累计完成 {ytd} 不低于去年所报的累计 {last_year}元：是否把去年的"
        "累计填成了今年的？本年累计只算今年1月1日以来完成的投资"
    ) in held
    assert "如数字无误，请回复“确认”保存" in held
    assert await _current(february) == [("2026-12", int(last_year[:-1]))]
    # the right figure a week on is taken, not refused against the one held
    later = await at("2027-02-08 10:00")
    reply = await chat(later, OWNER, report("本年累计完成：300万"))
    assert "✅" in reply and "低于" not in reply
    assert ("2027-02", 300) in await _current(later)


async def test_last_years_total_confirmed_in_february_is_stored(at: At) -> None:
    december = await at("2026-12-16 10:00")
    await chat(december, OWNER, report("本年累计完成：2064万"))
    february = await at("2027-02-02 10:00")
    assert "不低于去年所报的累计" in await chat(february, OWNER, report("本年累计完成：2164万"))
    assert "✅" in await chat(february, OWNER, "确认")
    assert ("2027-02", 2164) in await _current(february)


async def test_a_first_figure_below_last_years_total_in_february_is_taken(at: At) -> None:
    december = await at("2026-12-16 10:00")
    await chat(december, OWNER, report("本年累计完成：2064万"))
    february = await at("2027-02-02 10:00")
    reply = await chat(february, OWNER, report("本月完成：150万", "本年累计完成：300万"))
    assert "✅" in reply and "去年" not in reply


async def test_a_later_report_of_the_year_above_last_years_total_is_not_asked_about(
    at: At,
) -> None:
    december = await at("2026-12-16 10:00")
    await chat(december, OWNER, report("本年累计完成：2064万"))
    january = await at("2027-01-20 10:00")
    january_report = report("本月完成：1000万", "本年累计完成：1000万")
    assert "✅" in await chat(january, OWNER, january_report)
    february = await at("2027-02-02 10:00")
    reply = await chat(february, OWNER, report("本月完成：1100万", "本年累计完成：2100万"))
    assert "✅" in reply and "去年" not in reply


NEW_YEAR = report("本月完成：100万", "本年累计完成：100万", "形象进度：元旦后复工准备")


@pytest.mark.parametrize(
    ("when", "december"),
    [
        ("2026-12-31 10:00", "本年累计完成：41770万"),
        ("2027-01-01 09:00", "月份：12月\n本月完成：1500万\n本年累计完成：41770万"),
    ],
)
async def test_a_new_years_figure_on_new_years_day_counts_for_january(
    at: At, when: str, december: str
) -> None:
    week_49 = await at("2026-12-02 10:00")
    assert "✅" in await chat(week_49, OWNER, report("本年累计完成：40270万"))
    last = await at(when)
    assert "✅" in await chat(last, OWNER, report(december))
    first = await at("2027-01-01 10:00")
    reply = await chat(first, OWNER, NEW_YEAR)
    assert "✅" in reply and "计入 2027年1月" in reply
    assert "低于" not in reply and "2026年累计" not in reply
    assert await _current(first) == [("2026-12", 40270), ("2026-12", 41770), ("2027-01", 100)]


async def test_decembers_correction_on_new_years_day_still_corrects_december(at: At) -> None:
    week_49 = await at("2026-12-02 10:00")
    await chat(week_49, OWNER, report("本年累计完成：40270万"))
    last = await at("2026-12-31 10:00")
    await chat(last, OWNER, report("本年累计完成：41770万"))
    first = await at("2027-01-01 10:00")
    reply = await chat(first, OWNER, report("本年累计完成：41870万"))
    assert "✅" in reply and "更正" in reply
    assert await _current(first) == [("2026-12", 40270), ("2026-12", 41870)]


async def test_a_total_below_decembers_on_new_years_day_is_asked_about_not_refused(at: At) -> None:
    week_49 = await at("2026-12-02 10:00")
    await chat(week_49, OWNER, report("本年累计完成：40270万"))
    last = await at("2026-12-31 10:00")
    await chat(last, OWNER, report("本年累计完成：41770万"))
    first = await at("2027-01-01 10:00")
    held = await chat(first, OWNER, report("本年累计完成：40000万"))
    # not December's (it would be below week 49's): the year's first figure, asked about
    assert "1月是今年第一个月，本年累计完成 4亿元 接近去年所报的累计 4.18亿元" in held
    assert "如是2026年12月的数字，请回复“12月”" in held
    assert "低于" not in held


@pytest.mark.parametrize(
    ("when", "last", "first", "again", "asked"),
    [
        ("2027-02-02 10:00", 800, 1200, 1250, "这是今年第一次填报，本年累计完成 1200万元 不低于"),
        ("2027-01-20 10:00", 400, 500, 520, "1月是今年第一个月，本年累计完成 500万元 不低于"),
    ],
)
async def test_the_years_first_figure_confirmed_is_not_asked_about_again_when_corrected(
    at: At, when: str, last: int, first: int, again: int, asked: str
) -> None:
    # a project that did little last year (开工 in December) does more by the new year's
    # first report: asked once, and a correction of the figure confirmed is taken
    december = await at("2026-12-16 10:00")
    await chat(december, OWNER, report(f"本年累计完成：{last}万"))
    first_report = await at(when)
    assert asked in await chat(first_report, OWNER, report(f"本年累计完成：{first}万"))
    assert "✅" in await chat(first_report, OWNER, "确认")
    reply = await chat(first_report, OWNER, report(f"本年累计完成：{again}万"))
    assert "✅" in reply and "去年" not in reply
    assert await _current(first_report) == [("2026-12", last), (when[:7], again)]
