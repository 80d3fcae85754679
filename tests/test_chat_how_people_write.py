"""How people write: relative deadlines, an amount with a remark, one template for all (#10)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Issue, Leave, Report
from tests.support.apps import app_settings, seeded_client
from tests.support.chat import chat
from tests.support.reports import Stored, add_report, current_reports
from tests.support.seed import ADMIN, COLLEAGUE, LEADER, OWNER, OWNER2, WAN, add_project

LAND = "/问题 物流园 临时用地手续未办结"


async def _at(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> TestClient:
    return await seeded_client(aiohttp_client, create_app(app_settings(tmp_path, now=now)))


async def _issue(client: TestClient) -> Issue:
    async with client.app[DB].read() as session:
        return (await session.execute(select(Issue))).scalar_one()


@pytest.mark.parametrize(
    ("now", "said", "due"),
    [
        ("2026-11-28 10:00", "下周五", date(2026, 12, 4)),  # said on a Saturday
        ("2026-11-26 10:00", "本周内", date(2026, 11, 27)),  # the week's last working day
        ("2026-11-28 10:00", "月底前", date(2026, 11, 30)),
        ("2026-12-30 10:00", "月底前", date(2026, 12, 31)),
        ("2026-12-30 10:00", "3天内", date(2027, 1, 4)),  # Saturday 2 January: 顺延
        ("2026-12-15 10:00", "下月10日", date(2027, 1, 10)),
        ("2026-11-28 10:00", "下月10号前", date(2026, 12, 10)),
        ("2025-04-24 10:00", "3个工作日内", date(2025, 4, 28)),  # Sunday 4/27 is worked (调休)
        ("2025-04-30 10:00", "两个工作日", date(2025, 5, 7)),  # across 劳动节 5/1–5/5
        ("2026-11-28 10:00", "周三前", date(2026, 12, 2)),
        ("2026-12-01 10:00", "12月10号", date(2026, 12, 10)),
    ],
)
async def test_relative_deadlines(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, said: str, due: date
) -> None:
    client = await _at(aiohttp_client, tmp_path, now)
    await chat(client, OWNER, LAND)
    reply = await chat(client, ADMIN, f"/交办 #1 北石店镇 {said}", chat_id="office")
    year = "" if due.year == int(now[:4]) else f"{due.year}年"
    assert f"期限 {year}{due.month}月{due.day}日" in reply
    assert (await _issue(client)).deadline == due


@pytest.mark.parametrize(
    ("now", "said", "problem"),
    [
        ("2026-10-15 10:00", "下月31日", "11月没有31日"),
        ("2026-11-28 10:00", "本周五", "已经过去"),
        ("2026-11-28 10:00", "五天半", "无法识别"),
        ("2026-11-28 10:00", "9999天", "太远"),
    ],
)
async def test_impossible_deadlines_store_nothing(
    aiohttp_client: AiohttpClient, tmp_path: Path, now: str, said: str, problem: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, now)
    await chat(client, OWNER, LAND)
    reply = await chat(client, ADMIN, f"/交办 #1 北石店镇 {said}", chat_id="office")
    assert problem in reply
    issue = await _issue(client)
    assert (issue.state, issue.deadline, issue.assigned_unit_id) == ("发现", None, None)


async def test_leave_in_relative_words(aiohttp_client: AiohttpClient, tmp_path: Path) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-28 10:00")
    reply = await chat(client, OWNER, "/请假 下周一至下周五 王强")
    assert "已登记请假 11月30日至12月4日" in reply
    async with client.app[DB].read() as session:
        leave = (await session.execute(select(Leave))).scalar_one()
    assert (leave.start_on, leave.end_on) == (date(2026, 11, 30), date(2026, 12, 4))


async def test_a_months_leave_with_nobody_reporting_says_so(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # three months without a stand-in were taken without a word: the projects went dark
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 09:30")
    reply = await chat(client, OWNER, "/请假 12月8日-2027年3月1日")
    assert "已登记请假" in reply and "请假超过一个月且没有代报人" in reply
    assert "“/请假 12月8日-2027年3月1日 王强”" in reply
    assert "超过一个月" not in await chat(client, OWNER, "/请假 12月8日-2027年3月1日 王强")
    assert "超过一个月" not in await chat(client, OWNER, "/请假 12月8日-12月31日")


async def test_leave_ending_on_a_day_of_the_month_alone_ends_after_its_start(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # `28号-3号` was refused: 结束日期 12月3日 早于开始日期 12月28日
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 09:30")
    assert "已登记请假 12月28日至2027年1月3日" in await chat(client, OWNER, "/请假 28号-3号")
    # from a weekday, a day before it is a slip, not a leave into next month
    assert "早于开始日期" in await chat(client, OWNER, "/请假 下周一-5号")


@pytest.mark.parametrize(
    ("said", "first", "last"),
    [
        ("下周一到周三", date(2026, 12, 7), date(2026, 12, 9)),  # that week's Wednesday
        ("下周三到周一", date(2026, 12, 9), date(2026, 12, 14)),
        ("周二至周四", date(2026, 12, 1), date(2026, 12, 3)),  # said on a Monday: this week
        ("12月3号-12月4号 王强", date(2026, 12, 3), date(2026, 12, 4)),  # 号 as people say it
    ],
)
async def test_leave_ending_on_a_weekday_alone_ends_in_the_start_week_or_after(
    aiohttp_client: AiohttpClient, tmp_path: Path, said: str, first: date, last: date
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 09:30")
    reply = await chat(client, OWNER, f"/请假 {said}")
    assert f"已登记请假 {first.month}月{first.day}日至{last.month}月{last.day}日" in reply


@pytest.mark.parametrize(
    ("said", "registered"),
    [
        ("下周", "已登记请假 12月7日至12月11日。第50周"),  # said on a Monday: its working week
        ("明天 出差", "已登记请假 12月1日。第49周"),  # a reason, not a stand-in called 出差
    ],
)
async def test_leave_said_as_a_week_or_with_a_reason(
    aiohttp_client: AiohttpClient, tmp_path: Path, said: str, registered: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 09:30")
    assert registered in await chat(client, OWNER, f"/请假 {said}")


async def test_leave_says_which_weeks_it_excuses(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-28 10:00")
    reply = await chat(client, OWNER, "/请假 12月3日-12月8日")
    assert "已登记请假 12月3日至12月8日。第49—50周不再催报，也不计为未报。" in reply


async def test_an_amount_keeps_its_remark(client: TestClient) -> None:
    reply = await chat(
        client, OWNER, "进度 物流园\n本月完成：1200万元（含设备款）\n累计完成：3500万"
    )
    assert "本月完成：1200万元（含设备款）" in reply
    async with client.app[DB].read() as session:
        report = (await session.execute(select(Report))).scalar_one()
    assert report.period_investment_yuan == 1200 * WAN
    assert report.figure_notes == "本月完成：含设备款"


async def test_a_remark_without_a_figure_is_refused(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n本月完成：（含设备款）")
    assert "（含设备款）" in reply
    assert "未记录" in reply
    async with client.app[DB].read() as session:
        assert (await session.execute(select(Report))).first() is None


@pytest.mark.parametrize("word", ["全部", "我的"])
async def test_one_template_for_all_of_ones_projects(client: TestClient, word: str) -> None:
    await chat(client, OWNER, "进度 物流园\n累计完成：3500万\n形象进度：主体封顶")
    reply = await chat(client, OWNER, f"/模板 {word}")
    assert reply.count("进度 ") == 3
    assert "进度 城区智慧物流园\n本月完成：\n本年累计完成：3500万元\n形象进度：主体封顶" in reply
    assert "进度 北石店工业园区标准化厂房" in reply
    assert "进度 北石店污水管网改造" in reply
    assert "西街老旧小区改造" not in reply  # 李娜's

    # the message sent back as it is: the one reported already is in, the two left empty are
    # no report, named once
    answer = await chat(client, OWNER, reply)
    assert answer.startswith("❌ 发回的模板中 2 个项目是空的，未记录：“北石店工业园区标准化厂房”")
    assert answer.count("已登记，无需重复发送") == 1 and answer.count("发回的模板") == 1
    # filled in: one report per block left empty
    answer = await chat(client, OWNER, reply.replace("形象进度：\n", "形象进度：施工准备\n"))
    assert answer.count("✅ 已收到") == 2 and "已登记，无需重复发送" in answer, answer


async def test_template_for_all_with_no_projects(client: TestClient) -> None:
    reply = await chat(client, COLLEAGUE, "/模板 全部")
    assert "您名下没有需要填报的项目" in reply
    assert "您名下没有需要填报的项目" in await chat(client, COLLEAGUE, "/模板")


async def test_a_template_asked_for_without_a_project(client: TestClient) -> None:
    # 李娜 reports for one project: hers; 张伟 for three: which, listed, not a usage error
    own = await chat(client, OWNER2, "/模板")
    assert own.startswith("进度 西街老旧小区改造\n本月完成：")
    which = await chat(client, OWNER, "/模板")
    assert "您负责 3 个项目，请写明哪一个，如“/模板 物流园”；“/模板 全部”一次给出全部" in which
    assert "2. 北石店工业园区标准化厂房" in which and "缺少参数" not in which


async def _reports(client: TestClient) -> Stored:
    """Each project's current report, by project code."""
    return await current_reports(client)


@pytest.mark.parametrize(
    "text",
    [
        # a second project on one line under the first's 形象进度 (it was swallowed as text)
        "进度 物流园\n本月完成：120万\n累计完成：2023万\n形象进度：管网铺设\n\n"
        "污水管网 本月完成90万 累计完成1914万",
        # a list of projects, each on its line, numbered or not
        "物流园 本月120万 累计2023万 形象进度管网铺设\n污水管网 本月90万 累计1914万",
        "1、物流园：本月完成120万，累计2023万，形象进度管网铺设\n2、污水管网：本月完成90万，累计1914万",
        # under a title line (the whole message was answered 没看懂)
        "@调度助手 本周进度：\n1、物流园：本月完成120万，累计2023万，形象进度管网铺设\n"
        "2、污水管网：本月完成90万，累计1914万",
        "北石店镇项目进度如下\n1.物流园 本月120万 累计2023万 形象进度管网铺设\n"
        "2.污水管网 本月90万 累计1914万",
        # each name glued to its figures, a line each (all ran on into 物流园's 形象进度)
        "物流园本月120万，累计2023万，管网铺设\n污水管网本月90万，累计1914万",
        # a name alone above figures the block above has given already
        "进度 物流园\n本月完成：120万\n累计完成：2023万\n形象进度：管网铺设\n"
        "污水管网\n本月完成：90万\n累计完成：1914万",
    ],
)
async def test_several_projects_in_one_message_are_each_stored(
    aiohttp_client: AiohttpClient, tmp_path: Path, text: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 10:00")
    reply = await chat(client, OWNER, text)
    assert "城区智慧物流园" in reply and "北石店污水管网改造" in reply, reply
    stored = await _reports(client)
    assert stored["P001"] == (120, 2023, "管网铺设")
    assert stored["P004"][:2] == (90, 1914)


@pytest.mark.parametrize(
    "text",
    [
        "进度 物流园🙏\n累计完成：2023万\n形象进度：管网铺设🚧",
        "✅进度 物流园\n累计完成：2023万\n形象进度：管网铺设🚧",
        "进度 物流园[抱拳]\n累计完成：2023万\n形象进度：管网铺设🚧",
        "进度 物流园🙏 累计完成2023万 形象进度：管网铺设🚧",  # on one line: the text keeps its own
        "【物流园】累计完成2023万 形象进度：管网铺设🚧",  # the name in brackets, 进度 left out
    ],
)
async def test_an_emoji_by_the_name_is_not_part_of_it(
    aiohttp_client: AiohttpClient, tmp_path: Path, text: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 10:00")
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, text)
    assert (await _reports(client))["P001"] == (None, 2023, "管网铺设🚧")  # kept in the text


async def test_an_owner_reporting_by_another_projects_alias_means_their_own(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # the district's 老旧小区改造 is another unit's; 李娜's 西街老旧小区改造 holds the words too
    client = await _at(aiohttp_client, tmp_path, "2026-11-30 10:00")
    db = client.app[DB]
    await add_project(db, "P005", "城区老旧小区改造项目", beside="P003", alias="老旧小区改造")
    reply = await chat(client, OWNER2, "进度 老旧小区改造\n累计完成：987万\n形象进度：室外配套")
    assert "已收到“西街老旧小区改造”" in reply
    assert (await _reports(client))["P003"] == (None, 987, "室外配套")
    # asking about it is not reporting: the project of that name
    assert "城区老旧小区改造项目" in await chat(client, OWNER2, "/项目 老旧小区改造")
    # named in full, it is that project, though a project of hers holds the name (二期)
    await add_project(db, "P008", "城区老旧小区改造项目二期", beside="P003", owner=OWNER2)
    exact = await chat(client, OWNER2, "进度 城区老旧小区改造项目\n累计完成：100万")
    assert "已收到“城区老旧小区改造项目”" in exact


async def _figures_of(client: TestClient) -> list[tuple[str, int | None, int | None]]:
    """(month, 本月完成, 本年累计) in 万 of the reports that count."""
    async with client.app[DB].read() as session:
        statement = select(
            Report.month, Report.period_investment_yuan, Report.ytd_investment_yuan
        ).where(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
        rows = (await session.execute(statement.order_by(Report.id))).all()
    return [(m, p and p // WAN, y and y // WAN) for m, p, y in rows]


@pytest.mark.parametrize(
    "said",
    [
        "污水管网进度：本月完成50万元，形象进度：管网铺设",
        "污水管网的进展情况 本月完成50万元 管网铺设",
        "污水管网进度\n本月完成：50万\n形象进度：管网铺设",
    ],
)
async def test_a_name_followed_by_jindu_is_the_projects_report(
    client: TestClient, said: str
) -> None:
    # `<项目>进度：…` was taken for a project called “污水管网进度”: none such, and in a group
    # (not addressed to the bot) the report went unanswered and unstored
    reply = await chat(client, OWNER, said)
    assert "已收到“北石店污水管网改造”" in reply, reply
    assert await _figures_of(client) == [("2025-04", 50, 50)]


async def test_a_months_figure_spaced_from_its_key_on_one_line(client: TestClient) -> None:
    # `11月完成 40万` was read into the project's name: “台账中没有找到“污水管网 11月完成 40万””
    reply = await chat(client, OWNER, "进度 污水管网 3月完成 40万，累计1718万，管网铺设完成80%")
    assert "已收到“北石店污水管网改造”" in reply, reply
    assert await _figures_of(client) == [("2025-03", 40, 1718)]


@pytest.mark.parametrize(
    ("said", "unread"),
    [
        ("进度 物流园 4.17亿 设备调试", "4.17亿 设备调试"),
        ("进度 北石店污水管网改造 本周无进展", "本周无进展"),
    ],
)
async def test_a_one_line_report_whose_figures_are_unread_is_answered(
    client: TestClient, said: str, unread: str
) -> None:
    # the whole line was taken for the project's name; none found, in a group nothing was said
    # and the owner believed it reported
    reply = await chat(client, OWNER, said)
    assert "的进度未记录" in reply and f"无法识别“{unread}”" in reply, reply
    assert await _figures_of(client) == []
    assert await chat(client, OWNER, "进度：各项目要抓紧") == ""  # talk naming no project
    assert await chat(client, LEADER, "进度 物流园 请抓紧") == ""  # talk naming one


@pytest.mark.parametrize(
    ("said", "figures"),
    [
        ("进度 污水管网 这个月完成了50万 累计到现在是1520万，管网铺设", (50, 1520)),
        ("进度 污水管网 累计到目前为止1520万，管网铺设", (None, 1520)),
        ("污水管网，本月已完成50万，累计达到1520万", (50, 1520)),
        ("进度 污水管网\n这个月完成：50万\n截止目前累计已完成：1520万", (50, 1520)),
    ],
)
async def test_figures_as_said_aloud_are_read(
    client: TestClient, said: str, figures: tuple[int | None, int]
) -> None:
    # voice input writes what was said: `累计到现在是1520万` was refused as “无法识别”, or, with
    # a 存在问题 after it, stored as the 形象进度 while the total stayed as it was
    problem = "\n存在问题：资金没到位" if "\n" in said else "，存在问题就是资金没到位"
    reply = await chat(client, OWNER, said + problem)
    assert "已收到“北石店污水管网改造”" in reply, reply
    assert await _figures_of(client) == [("2025-04", *figures)]
    assert "存在问题：资金没到位" in reply  # not “就是资金没到位”


async def test_a_total_said_with_words_before_it_is_stored(client: TestClient) -> None:
    # `到现在是` between the key and the amount: the message was answered “没看懂”
    reply = await chat(client, OWNER, "物流园累计到现在是4.12亿")
    assert "已收到“城区智慧物流园”" in reply and "本年累计完成：4.12亿元" in reply, reply
    assert await _figures_of(client) == [("2025-04", None, 41200)]


async def test_a_figure_refused_is_quoted_with_the_words_before_it(client: TestClient) -> None:
    # `为` was dropped from what the refusal quoted: “3号楼”, not what the owner typed
    reply = await chat(client, OWNER, "进度 物流园\n累计完成：为3号楼")
    assert "累计完成：金额“为3号楼”无法识别" in reply, reply
    assert await _figures_of(client) == []


@pytest.mark.parametrize(
    "said",
    [
        "更正：污水管网累计1530万",
        "更正 污水管网累计1530万",
        "污水管网累计是1530万",
        "进度 污水管网\n本年累计完成；1530万",  # a 分号 typed for the colon
    ],
)
async def test_a_correction_as_people_write_it_is_stored(client: TestClient, said: str) -> None:
    # each was answered “没看懂” (or “无法识别”), and the wrong total stood
    await chat(client, OWNER, "进度 污水管网\n累计完成：1520万")
    reply = await chat(client, OWNER, said)
    assert "已收到“北石店污水管网改造”" in reply and "更正" in reply, reply
    assert await _figures_of(client) == [("2025-04", None, 1530)]


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u202e", "\u2066"])
async def test_a_direction_mark_pasted_with_the_name_is_not_part_of_it(
    client: TestClient, mark: str
) -> None:
    # unseen on the phone: “台账中没有找到“污水管网\u200f””, or no report at all
    reply = await chat(client, OWNER, f"{mark}进度 污水管网{mark} 累计1530万")
    assert "已收到“北石店污水管网改造”" in reply, reply


@pytest.mark.parametrize(
    ("said", "progress"),
    [
        # what the month should have done is no figure of it
        ("进度 污水管网 累计1530万，本月应为500万，实际完成254万", "本月应为500万，实际完成254万"),
        # money the work tells of is no unread figure
        ("进度 污水管网 设备采购合同800万元已签订，正在安装\n存在问题：无", None),
        # a count of the week's work after a figure is its 形象进度, not a wrong amount
        ("进度 污水管网 累计1530万，这周3层", "这周3层"),
    ],
)
async def test_words_about_money_in_the_work_stay_its_text(
    client: TestClient, said: str, progress: str | None
) -> None:
    reply = await chat(client, OWNER, said)
    assert "已收到“北石店污水管网改造”" in reply, reply
    [stored] = (await _reports(client)).values()
    assert stored[0] is None
    assert progress is None or stored[2] == progress


@pytest.mark.parametrize(
    "said", ["物流园累计约4亿了，年底能完成任务", "物流园本周完成3层", "污水管网本周完成200米"]
)
async def test_talk_with_a_rough_figure_or_a_count_in_the_group_stays_talk(
    client: TestClient, said: str
) -> None:
    assert await chat(client, OWNER, said) == ""  # it was answered as a refused report
    assert await _reports(client) == {}


async def test_template_written_as_it_is_often_spelt(client: TestClient) -> None:
    reply = await chat(client, OWNER, "/模版 污水管网")  # was “没有“/模版”这个命令”
    assert reply.startswith("进度 北石店污水管网改造"), reply


async def test_an_amount_unread_before_fields_read_is_refused_not_kept_as_text(
    client: TestClient,
) -> None:
    # the fields after it were read, so the unread amount was stored as 污水管网's 形象进度 and
    # the reply said ✅ with the old total: the owner believed the figure recorded
    said = "进度 污水管网 一共干了1880万，管网铺设，存在问题：资金没到位"
    reply = await chat(client, OWNER, said)
    assert "“污水管网”的进度未记录" in reply and "无法识别“一共干了1880万，管网铺设”" in reply, (
        reply
    )
    assert await _figures_of(client) == []
    async with client.app[DB].read() as session:
        assert (await session.execute(select(Issue))).first() is None


async def test_a_word_saying_what_the_report_is_is_not_part_of_the_name(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "进度 物流园 更正 累计3800万")
    assert "已收到“城区智慧物流园”" in reply, reply
    assert await _figures_of(client) == [("2025-04", None, 3800)]


async def test_the_office_is_not_sent_to_the_office(client: TestClient) -> None:
    await add_report(client.app[DB], "P001", OWNER, "2025-04-17 10:00", 5000)  # last week
    reply = await chat(client, ADMIN, "进度 物流园\n累计完成：3800万", chat_id="office")
    assert "未记录" in reply and "低于" in reply, reply
    assert "联系专班办公室" not in reply  # she is the office
    assert "可用“/撤回 城区智慧物流园”从最近一次起逐次撤回至那次填报后重报" in reply
    assert "已撤回" in await chat(client, ADMIN, "/撤回 城区智慧物流园", chat_id="office")
    reply = await chat(client, ADMIN, "进度 物流园\n累计完成：3800万", chat_id="office")
    assert "已收到“城区智慧物流园”" in reply, reply


async def test_a_question_under_a_text_is_neither_its_text_nor_a_problem(
    client: TestClient,
) -> None:
    said = (
        "进度 物流园\n累计完成：3800万\n形象进度：主体封顶\n这个项目年度计划能调整吗？"
        "\n存在问题：配套资金还没到位\n请问这个项目红灯要写检讨吗？"
    )
    reply = await chat(client, OWNER, said)
    assert "已收到“城区智慧物流园”" in reply, reply
    assert "“这个项目年度计划能调整吗？”“请问这个项目红灯要写检讨吗？”是提问，未记入填报" in reply
    async with client.app[DB].read() as session:
        report = (await session.execute(select(Report))).scalar_one()
        issue = (await session.execute(select(Issue))).scalar_one()
    assert (report.progress_text, report.problems_text) == ("主体封顶", "配套资金还没到位")
    assert issue.text == "配套资金还没到位"
    # an item of a list of problems put as a question stays a problem
    listed = "进度 物流园\n存在问题：\n1、用地指标未下达\n2、电力接入何时能完成呢？"
    assert "是提问" not in await chat(client, OWNER, listed)


@pytest.mark.parametrize("said", ["竣工时间：计划12月", "开工：拟于7月开工", "入统：预计12月入统"])
async def test_a_planned_month_declares_nothing(client: TestClient, said: str) -> None:
    # a month alone is taken as a date only said to have happened: a plan closed a project
    reply = await chat(client, OWNER, f"进度 厂房\n累计完成：100万\n{said}")
    assert "未记录" in reply and "无法识别" in reply, reply
    assert await _figures_of(client) == []


@pytest.mark.parametrize("mark", ["■", "★", "□", "√", "▶", "➢", "○", "◇", "※"])
async def test_bullets_pasted_from_a_document_are_dropped_before_fields_and_names(
    client: TestClient, mark: str
) -> None:
    lines = f"进度 物流园\n{mark}本月完成：300万\n{mark} 累计完成：3500万"
    reply = await chat(client, OWNER, lines)
    assert "已收到“城区智慧物流园”" in reply and "不认识的字段" not in reply
    reply = await chat(client, OWNER, f"{mark}污水管网：累计600万")
    assert "已收到“北石店污水管网改造”" in reply, reply
    async with client.app[DB].read() as session:
        figures = (await session.execute(select(Report.ytd_investment_yuan))).scalars().all()
    assert sorted(figures) == [600 * WAN, 3500 * WAN]


async def _plan(client: TestClient) -> str | None:
    async with client.app[DB].read() as session:
        return (await session.execute(select(Report.plan_text))).scalar_one()


@pytest.mark.parametrize(
    ("key", "plan"),
    [
        ("明年计划", "二期厂房开工"),
        ("下年计划", "完成主体"),
        ("2027年计划", "二期厂房开工"),
        ("明年度计划", "二期厂房开工"),  # was told 以台账为准, as `2027年度计划` was not
    ],
)
async def test_next_years_work_plan_in_december_is_the_next_steps(
    aiohttp_client: AiohttpClient, tmp_path: Path, key: str, plan: str
) -> None:
    # `年计划` in the key had it told the plan is the ledger's, and the report was refused
    client = await _at(aiohttp_client, tmp_path, "2026-12-02 10:00")
    reply = await chat(client, OWNER, f"进度 物流园\n累计完成：1.1亿\n{key}：{plan}")
    assert f"下步计划：{plan}" in reply and "以台账为准" not in reply, reply
    assert await _plan(client) == plan


@pytest.mark.parametrize(
    "key", ["明年计划投资", "明年计划", "2027年计划", "年度计划", "明年度计划"]
)
async def test_next_years_plan_figure_is_still_the_ledgers(
    aiohttp_client: AiohttpClient, tmp_path: Path, key: str
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-12-02 10:00")
    reply = await chat(client, OWNER, f"进度 物流园\n{key}：5亿\n累计完成：1.1亿")
    assert f"“{key}”以台账为准，不用填报（需调整请联系专班办公室）" in reply, reply
    assert await current_reports(client) == {}
