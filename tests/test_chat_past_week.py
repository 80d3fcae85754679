"""`补报上周` said before the project's name on a report's header line, and the notes a report
held for 确认, or asked which project, carries to the reply that stores it (the past-week note,
the forwarded one)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Report
from tests.support.chat import chat
from tests.support.reports import add_report
from tests.support.seed import OWNER, WAN

FORWARDED = "（这条是转发的李娜的消息，填报人记为您本人）"
NOTE = "（您写了“{}”：进度只能按本周填报，以下按本周处理；以前各周的不能补报"


async def _reports(client: TestClient) -> list[Report]:
    async with client.app[DB].read() as session:
        return list((await session.execute(select(Report).order_by(Report.id))).scalars())


async def test_last_week_said_before_the_project_name_is_no_part_of_it(client: TestClient) -> None:
    # before the name it was read as part of it, and no project was found
    headers = (
        ("进度 补报上周 物流园", "补报上周"),
        ("进度 上周的 城区智慧物流园", "上周的"),
        ("进度：补报上周 物流园", "补报上周"),
        ("进度（补报上周）物流园", "补报上周"),
        ("进度 【补报上周】物流园", "补报上周"),
    )
    for wan, (header, said) in enumerate(headers, 3500):
        reply = await chat(client, OWNER, f"{header}\n本年累计完成：{wan}万")
        assert reply.startswith(NOTE.format(said)), reply
        assert "已收到“城区智慧物流园”2025年第17周" in reply, reply
    stored = await _reports(client)
    assert {(r.project_id, r.period) for r in stored} == {(stored[0].project_id, "2025-W17")}
    assert stored[-1].ytd_investment_yuan == 3504 * WAN
    # the figures on the header line too
    one_line = await chat(client, OWNER, "进度 补报上周 物流园 累计3600万")
    assert one_line.startswith(NOTE.format("补报上周")) and "✅" in one_line, one_line
    # a name that opens with 上周 stays whole: no note, the ledger has no such project
    village = await chat(client, OWNER, "进度 上周村道路\n本年累计完成：100万", chat_id=None)
    assert "补报" not in village and "上周村道路" in village, village


async def test_last_week_said_before_the_name_is_told_when_held(client: TestClient) -> None:
    # held for 确认 (本月完成 0.15 alone: 0.15亿 meant?): told before it is stored
    await add_report(client.app[DB], "P001", OWNER, "2025-03-27 10:00", 3000, month="2025-03")
    held = await chat(client, OWNER, "进度 补报上周 物流园\n本月完成：0.15")
    assert held.startswith(NOTE.format("补报上周")) and "⏸" in held, held


async def test_a_held_reports_notes_are_said_again_when_it_is_confirmed(
    client: TestClient,
) -> None:
    # the reply storing it on 确认 said neither 补报上周's note nor whose message it forwarded
    await add_report(client.app[DB], "P001", OWNER, "2025-03-27 10:00", 3000, month="2025-03")
    headers = ("补报上周\n进度 物流园", "进度 补报上周 物流园", "进度 物流园（补报上周）")
    for wan, header in zip((0.11, 0.12, 0.13), headers, strict=True):
        held = await chat(client, OWNER, f"{header}\n本月完成：{wan}")
        assert held.startswith(NOTE.format("补报上周")) and "⏸" in held, held
        stored = await chat(client, OWNER, "确认")
        assert stored.startswith(NOTE.format("补报上周")) and "✅ 已收到" in stored, stored
    forwarded = "（这条是转发的李娜的消息，填报人记为您本人）"
    held = await chat(client, OWNER, "李娜 04-23 09:30\n进度 物流园\n本月完成：0.16")
    assert "⏸" in held and "转发" not in held, held  # told once stored, as at once it is
    stored = await chat(client, OWNER, "确认")
    assert stored.startswith(f"{forwarded}\n✅ 已收到") and "补报" not in stored, stored
    assert (await _reports(client))[-1].period_investment_yuan == 1600
    # one held without either: stored without them
    await chat(client, OWNER, "进度 物流园\n本月完成：0.17")
    plain = await chat(client, OWNER, "确认")
    assert plain.startswith("✅ 已收到") and "转发" not in plain, plain


async def test_a_report_asked_which_project_keeps_its_notes_for_the_answer(
    client: TestClient,
) -> None:
    # `北石店` is 厂房 (1) or 污水管网 (2): the reply storing it on `1` said neither note
    headers = ("补报上周\n进度 北石店", "进度 补报上周 北石店", "进度 北石店（补报上周）")
    for wan, header in zip((600, 610, 620), headers, strict=True):
        asked = await chat(client, OWNER, f"{header}\n累计完成：{wan}万", chat_id=None)
        assert asked.startswith("“北石店”对应多个项目，是哪一个？"), asked  # told once stored
        stored = await chat(client, OWNER, "1", chat_id=None)
        assert stored.startswith(NOTE.format("补报上周")), stored
        assert "已收到“北石店工业园区标准化厂房”2025年第17周" in stored, stored
    forwarded = "（这条是转发的李娜的消息，填报人记为您本人）"
    copied = "李娜 04-23 09:30\n进度 北石店\n累计完成：630万"
    asked = await chat(client, OWNER, copied, chat_id=None)
    assert "是哪一个？" in asked and "转发" not in asked, asked
    stored = await chat(client, OWNER, "2", chat_id=None)
    assert stored.startswith(f"{forwarded}\n✅ 已收到“北石店污水管网改造”"), stored
    assert "补报" not in stored, stored
    assert (await _reports(client))[-1].ytd_investment_yuan == 630 * WAN
    # one asked without either: stored without them
    await chat(client, OWNER, "进度 北石店\n累计完成：640万", chat_id=None)
    plain = await chat(client, OWNER, "1", chat_id=None)
    assert plain.startswith("✅ 已收到") and "转发" not in plain, plain


async def test_a_forwarded_report_held_again_on_its_answer_says_so_when_stored(
    client: TestClient,
) -> None:
    # chosen by number, then held for 确认 (本月完成 0.15 alone: 0.15亿 meant?): the answer
    # `1` was read for whose message it forwards, and the reply storing it on 确认 said nobody
    await add_report(client.app[DB], "P002", OWNER, "2025-03-27 10:00", 3000, month="2025-03")
    asked = await chat(client, OWNER, "李娜 04-23 09:30\n进度 北石店\n本月完成：0.15", chat_id=None)
    assert "是哪一个？" in asked, asked
    held = await chat(client, OWNER, "1", chat_id=None)
    assert "⏸" in held and "转发" not in held, held
    stored = await chat(client, OWNER, "确认", chat_id=None)
    assert stored.startswith(f"{FORWARDED}\n✅ 已收到“北石店工业园区标准化厂房”"), stored
    assert (await _reports(client))[-1].period_investment_yuan == 1500


async def test_last_week_said_with_no_project_name_asks_for_the_name(client: TestClient) -> None:
    # `进度（补报上周）` above the figures was looked up as a project named `（补报上周）`
    # (or, glued to 进度, not read as a report at all); it names no project, as `进度` alone
    nameless = "❌ 这份进度没有写项目名称，未记录。请在第一行写“进度 项目名称”"
    note = "（您写了“{}”：进度只能按本周填报；以前各周的不能补报，本年累计填截至目前的即可）"
    for header in ("进度（补报上周）", "进度 （补报上周）", "进度 补报上周", "进度：【上周的】"):
        said = header.removeprefix("进度").strip(" ：（）【】")
        reply = await chat(client, OWNER, f"{header}\n本年累计完成：3500万")
        assert reply.startswith(f"{note.format(said)}\n{nameless}"), reply
        assert "台账中没有找到" not in reply, reply
    assert await _reports(client) == []
    # with no note to make, the reply is as before
    plain = await chat(client, OWNER, "进度\n本年累计完成：3500万")
    assert plain.startswith(nameless), plain
