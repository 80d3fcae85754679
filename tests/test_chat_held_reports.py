"""Reports held for an answer wait through the owner's further reports of the week: on a
month's first morning each project is sent in a message of its own, then `12月` answers all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient
from sqlalchemy import select

from bot.app import create_app
from bot.keys import DB
from storage.models import Project, Report
from tests.support.apps import app_settings
from tests.support.chat import chat
from tests.support.reports import add_report
from tests.support.seed import OWNER, seed

SEWER = "进度 污水管网\n本月完成：60万"
PARK = "进度 物流园\n本月完成：300万"
PLANT = "进度 厂房\n形象进度：场地平整"


async def _at(aiohttp_client: AiohttpClient, tmp_path: Path, now: str) -> TestClient:
    """The app at `now` over tmp_path's database (the ledger seeded on first use)."""
    app = create_app(app_settings(tmp_path, now=now))
    client = await aiohttp_client(app)
    if not (tmp_path / ".seeded").exists():
        await seed(app[DB], entered=date(2026, 1, 5))
        (tmp_path / ".seeded").touch()
    return client


async def _held_then_later(
    aiohttp_client: AiohttpClient, tmp_path: Path, later: str, text: str
) -> tuple[TestClient, str]:
    """物流园's 本月完成 held on 4 January at 09:30; then `text` sent at `later`: the app
    at that time, and the reply."""
    client = await _at(aiohttp_client, tmp_path, "2027-01-04 09:30")
    await chat(client, OWNER, PARK)
    await client.close()
    client = await _at(aiohttp_client, tmp_path, later)
    return client, await chat(client, OWNER, text)


async def _stored(client: TestClient) -> dict[str, tuple[str, bool]]:
    """Each project's current report: its month and whether it was late."""
    statement = (
        select(Project.name, Report.month, Report.is_late)
        .join(Project, Project.id == Report.project_id)
        .where(Report.superseded_by_id.is_(None), Report.withdrawn_at.is_(None))
    )
    async with client.app[DB].read() as session:
        return {row.name: (row.month, row.is_late) for row in await session.execute(statement)}


async def test_reports_sent_one_by_one_on_the_first_morning_are_filed_with_one_answer(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2027-01-04 09:30")
    reply = await chat(client, OWNER, PARK)
    assert "没写是哪个月的" in reply and "；回复“不对”放弃（其间查询不受影响）。" in reply, reply
    reply = await chat(client, OWNER, SEWER)
    assert "“北石店污水管网改造”的进度暂未记录" in reply
    assert "此前“城区智慧物流园”的进度也暂未记录，您的回复将一并适用；回复“不对”则全部放弃" in reply
    assert "已放弃" not in reply
    assert await _stored(client) == {}
    reply = await chat(client, OWNER, "12月")
    assert reply.count("计入 2026年12月") == 2
    stored = await _stored(client)
    assert {name: month for name, (month, _) in stored.items()} == {
        "城区智慧物流园": "2026-12",
        "北石店污水管网改造": "2026-12",
    }


async def test_a_report_to_correct_is_not_said_to_be_answered_with_the_next_ones_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2027-01-04 09:30")
    # January's 本月完成 and 本年累计 apart: no answer files it, it is to be sent again
    apart = "进度 物流园\n月份：1月\n本月完成：120万\n本年累计完成：6466万"
    assert "请改正后重新发送" in await chat(client, OWNER, apart)
    reply = await chat(client, OWNER, SEWER)
    assert "没写是哪个月的" in reply and "一并" not in reply, reply
    note = "此前“城区智慧物流园”的进度仍暂未记录，您的回复对其不适用，请按此前的提示处理；"
    assert f"{note}回复“不对”则全部放弃。" in reply, reply
    reply = await chat(client, OWNER, "12月")
    assert "已收到“北石店污水管网改造”进度，计入 2026年12月" in reply
    assert "此前“城区智慧物流园”的进度仍暂未记录" in reply
    assert {name: month for name, (month, _) in (await _stored(client)).items()} == {
        "北石店污水管网改造": "2026-12"
    }


async def test_a_report_stored_meanwhile_says_which_still_wait_and_talk_drops_them(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2027-01-04 09:30")
    await chat(client, OWNER, PARK)
    reply = await chat(client, OWNER, PLANT)
    assert "已收到“北石店工业园区标准化厂房”" in reply
    assert "此前“城区智慧物流园”的进度仍暂未记录，请按此前的提示回复；回复“不对”放弃。" in reply
    # looking the figures up keeps it waiting, and says so; anything else drops it
    reply = await chat(client, OWNER, "/我的")
    assert "此前“城区智慧物流园”的进度仍暂未记录，请按此前的提示回复" in reply
    reply = await chat(client, OWNER, "@调度助手 物流园的数我再核一下")
    assert "此前待确认的“城区智慧物流园”填报未回复“确认”，已放弃，未记录" in reply
    assert "城区智慧物流园" not in await _stored(client)


async def test_each_held_report_is_stored_as_when_it_was_sent(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-20 10:00")
    await chat(client, OWNER, "进度 物流园\n本年累计完成：6000万")
    await chat(client, OWNER, "进度 污水管网\n本年累计完成：300万")
    await client.close()
    # the week's deadline is Friday 17:00: the first jump is held before it, the second after
    client = await _at(aiohttp_client, tmp_path, "2026-11-27 16:50")
    assert "暂未记录" in await chat(client, OWNER, "进度 物流园\n本年累计完成：11000万")
    await client.close()
    client = await _at(aiohttp_client, tmp_path, "2026-11-27 17:10")
    reply = await chat(client, OWNER, "进度 污水管网\n本年累计完成：700万")
    assert "暂未记录" in reply and "此前“城区智慧物流园”的进度也暂未记录" in reply
    assert "已收到" in await chat(client, OWNER, "确认")
    stored = await _stored(client)
    assert stored["城区智慧物流园"] == ("2026-11", False)
    assert stored["北石店污水管网改造"] == ("2026-11", True)


async def test_a_report_held_last_week_is_dropped_by_this_weeks_report(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    _, reply = await _held_then_later(aiohttp_client, tmp_path, "2027-01-11 09:30", SEWER)
    assert "此前待确认的“城区智慧物流园”填报未回复“确认”，已放弃，未记录" in reply
    assert "此前“城区智慧物流园”的进度" not in reply


async def test_withdraw_after_a_report_stored_since_the_held_one_takes_that_report_back(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, stored = await _held_then_later(aiohttp_client, tmp_path, "2027-01-04 09:35", PLANT)
    assert "已收到" in stored
    reply = await chat(client, OWNER, "/撤回")
    assert "已撤回" in reply and "北石店工业园区标准化厂房" in reply
    assert "此前待确认的“城区智慧物流园”填报未回复“确认”，已放弃，未记录" in reply
    assert await _stored(client) == {}


async def test_withdraw_after_confirming_takes_back_the_report_just_confirmed(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client, _ = await _held_then_later(aiohttp_client, tmp_path, "2027-01-04 09:35", PLANT)
    await client.close()
    client = await _at(aiohttp_client, tmp_path, "2027-01-04 09:40")
    assert "计入 2026年12月" in await chat(client, OWNER, "12月")
    reply = await chat(client, OWNER, "/撤回")
    assert "城区智慧物流园" in reply and "北石店工业园区标准化厂房" not in reply
    assert list(await _stored(client)) == ["北石店工业园区标准化厂房"]


async def test_a_month_answers_only_the_reports_asked_which_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-11-20 10:00")
    await chat(client, OWNER, "进度 物流园\n本年累计完成：6000万")
    await client.close()
    # 1 December, the month's first working day: a jump asked only 确认, then a month unsaid
    client = await _at(aiohttp_client, tmp_path, "2026-12-01 09:30")
    jump = await chat(client, OWNER, "进度 物流园\n本月完成：300万\n本年累计完成：11000万")
    assert "回复“确认”保存" in jump and "回复“11月”" not in jump
    reply = await chat(client, OWNER, SEWER)
    assert "回复“11月”" in reply
    # 确认 files both, 11月 only this one: the note on the first says which
    note = "此前“城区智慧物流园”的进度也暂未记录，仅回复“确认”时一并适用；"
    assert f"{note}回复“不对”则全部放弃" in reply
    reply = await chat(client, OWNER, "11月")
    assert "已收到“北石店污水管网改造”进度，计入 2026年11月" in reply
    assert "此前“城区智慧物流园”的进度仍暂未记录" in reply
    assert (await _stored(client))["城区智慧物流园"][0] == "2026-11"  # still the 20th's
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, "确认")
    statement = select(Report.ytd_investment_yuan).where(Report.superseded_by_id.is_(None))
    async with client.app[DB].read() as session:
        figures = set((await session.execute(statement)).scalars())
    assert 110_000_000 in figures


async def test_the_month_question_is_answered_as_a_hurried_owner_answers_it(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    answers = {"11": "2026-11", "是的，11月": "2026-11", "11月，谢谢": "2026-11"}
    answers |= {"上个月的，对": "2026-11", "12": "2026-12", "１１": "2026-11"}
    for number, (answer, month) in enumerate(answers.items()):
        (tmp_path / str(number)).mkdir()
        client = await _at(aiohttp_client, tmp_path / str(number), "2026-12-01 09:30")
        assert "没写是哪个月的" in await chat(client, OWNER, PARK)
        reply = await chat(client, OWNER, answer)
        assert f"计入 {month[:4]}年{int(month[5:])}月" in reply, (answer, reply)
        assert await _stored(client) == {"城区智慧物流园": (month, False)}, answer
        await client.close()


async def test_a_yes_to_the_month_question_is_asked_which_month_not_for_a_confirm(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-12-01 09:30")
    await chat(client, OWNER, PARK)
    for said in ("对", "嗯", "好的"):  # a 确认 would file it in December
        reply = await chat(client, OWNER, said)
        assert "是哪个月的：如是11月的，请回复“11月”；如是12月的，请回复“12月”或“确认”" in reply
    assert await _stored(client) == {}
    assert await chat(client, OWNER, "3") == ""  # no month asked about: talk, nothing taken
    assert "计入 2026年11月" in await chat(client, OWNER, "11")


async def test_a_long_reply_says_at_its_top_which_reports_wait_for_an_answer(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-12-01 09:30")
    reply = await chat(client, OWNER, f"{PLANT}\n\n{PARK}\n\n{SEWER}")
    assert reply.startswith("共 3 个项目：已记录 1 个，⏸ 待回复 2 个（第 2、3 个，见下）。\n")


async def test_a_number_the_month_question_did_not_offer_is_told_what_to_answer(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-12-01 10:00")
    assert "没写是哪个月的" in await chat(client, OWNER, PARK, chat_id=None)
    wanted = "是哪个月的：如是11月的，请回复“11月”；如是12月的，请回复“12月”或“确认”"
    for said in ("1", "2"):  # an owner answering as to a numbered list: not silence
        assert wanted in await chat(client, OWNER, said, chat_id=None), said
    assert await chat(client, OWNER, "1") == ""  # in the group a bare number is talk
    assert await _stored(client) == {}
    assert "计入 2026年11月" in await chat(client, OWNER, "11", chat_id=None)


async def test_an_ok_to_a_first_day_correction_says_a_confirm_files_it_in_last_month(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    client = await _at(aiohttp_client, tmp_path, "2026-12-01 10:00")
    for at in ("2026-11-23 10:00", "2026-11-30 10:00"):  # last week's, and this week's
        await add_report(client.app[DB], "P001", OWNER, at, ytd_wan=3000)
    reply = await chat(client, OWNER, "进度 物流园\n本年累计完成：9000万", chat_id=None)
    assert "按更正11月处理" in reply, reply
    assert "如数字无误，请回复“确认”保存；如是12月的进度，请回复“12月”；回复“不对”放弃" in reply
    wanted = await chat(client, OWNER, "好的", chat_id=None)
    # a 确认 files it in November: the answer to an ok must not say it is December's word
    assert "如是11月的，请回复“11月”或“确认”保存；如是12月的，请回复“12月”；" in wanted, wanted
    assert "计入 2026年11月" in await chat(client, OWNER, "确认", chat_id=None)


async def test_a_forwarded_report_held_again_on_its_month_says_so_when_stored(
    aiohttp_client: AiohttpClient, tmp_path: Path
) -> None:
    # `12月` judges it anew, and 0.15 alone in December is held for 确认 (0.15亿 meant?): the
    # answer `12月` was read for whose message it forwards, and the reply on 确认 said nobody
    client = await _at(aiohttp_client, tmp_path, "2027-01-04 09:30")
    await add_report(client.app[DB], "P001", OWNER, "2026-11-27 10:00", 3000, month="2026-11")
    asked = await chat(client, OWNER, "李娜 01-04 09:00\n进度 物流园\n本月完成：0.15")
    assert "没写是哪个月的" in asked and "转发" not in asked, asked
    held = await chat(client, OWNER, "12月")
    assert "不到此前2026年累计 3000万元 的百分之一" in held and "转发" not in held, held
    stored = await chat(client, OWNER, "确认")
    forwarded = "（这条是转发的李娜的消息，填报人记为您本人）"
    assert stored.startswith(f"{forwarded}\n✅ 已收到“城区智慧物流园”进度，计入 2026年12月"), stored
