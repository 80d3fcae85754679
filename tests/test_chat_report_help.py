"""`/进度` with no project asks how to report: it is answered with the report's usage; so is a
`/模板` sent back with nothing filled in."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.keys import DB
from domain.budget import Budget, fits
from storage.models import Project, Report
from tests.support.chat import chat
from tests.support.seed import OWNER, OWNER2, STRANGER, add_project


@pytest.mark.parametrize("text", ["/进度", "进度", "#进度", "/report", "@调度助手 进度"])
async def test_a_bare_report_header_is_answered_with_how_to_report(
    client: TestClient, text: str
) -> None:
    reply = await chat(client, OWNER, text, chat_id=None)
    assert "第一行写“进度 项目名”" in reply
    assert "只报数字时可写在一行，如“进度 城区智慧物流园 本月1200万 累计3.5亿”" in reply
    assert "发送“/模板 项目名”" in reply
    assert "或把月份写进名称，如“10月累计完成：3.2亿”“上月完成：800万”" in reply  # back-filled
    assert "没有“/进度”这个命令" not in reply


async def test_a_bare_slash_report_in_a_group_is_answered(client: TestClient) -> None:
    assert "第一行写“进度 项目名”" in await chat(client, OWNER, "/进度")
    assert "第一行写“进度 项目名”" in await chat(client, STRANGER, "/进度")


async def test_help_on_reporting_still_works(client: TestClient) -> None:
    reply = await chat(client, OWNER, "/帮助 进度")
    assert "第一行写“进度 项目名”" in reply
    assert "后面还没有填报内容" not in reply
    # how to declare a completion, in words the grammar reads (an owner copies them)
    example = reply.split("“已于")[1].split("”")[0]
    declared = await chat(client, OWNER, f"进度 污水管网\n已于{example}")
    assert "竣工：已登记" in declared


async def test_a_bare_report_word_among_people_in_a_group_is_left_alone(client: TestClient) -> None:
    assert await chat(client, OWNER, "进度") == ""


BLANK = (
    "发回的模板是空的：请至少填上“本年累计完成”或“本月完成”（如“本年累计完成：3.5亿”），"
    "或写上“形象进度”，再发送"
)


@pytest.mark.parametrize("chat_id", ["owners", None])
async def test_a_template_sent_back_empty_is_no_report(client: TestClient, chat_id: str) -> None:
    # stored as a report of nothing: the project counted as reported, off /未报
    template = await chat(client, OWNER2, "/模板")
    assert template.startswith("进度 西街老旧小区改造\n本月完成：\n本年累计完成：\n形象进度：\n")
    reply = await chat(client, OWNER2, template, chat_id=chat_id)
    assert reply == f"❌ “西街老旧小区改造”的进度未记录：\n  · {BLANK}", reply
    async with client.app[DB].read() as session:
        assert (await session.execute(select(func.count()).select_from(Report))).scalar() == 0
    assert "· 西街老旧小区改造（李娜）" in await chat(client, OWNER2, "/未报")


async def test_a_template_with_only_its_progress_filled_is_a_report(client: TestClient) -> None:
    template = await chat(client, OWNER2, "/模板")
    reply = await chat(client, OWNER2, template.replace("形象进度：", "形象进度：正在拆除旧管线"))
    assert "✅ 已收到“西街老旧小区改造”" in reply and "形象进度：正在拆除旧管线" in reply, reply
    assert "所有项目都已报送进度" in await chat(client, OWNER2, "/未报")


FOUR = ("城区智慧物流园", "北石店工业园区标准化厂房", "北石店污水管网改造", "城东再生水厂")
ASK = "请至少填上“本年累计完成”或“本月完成”，或写上“形象进度”，再发送"


async def _templates(client: TestClient, *more: str) -> list[str]:
    """张伟's `/模板 全部`, one block a project, with a 4th project (and `more`) of his."""
    for code, name in enumerate(("城东再生水厂", *more), 5):
        await add_project(client.app[DB], f"P00{code}", name, beside="P001", owner=OWNER)
    return (await chat(client, OWNER, "/模板 全部")).split("\n\n")


async def _stored(client: TestClient) -> list[tuple[str, int | None, str | None]]:
    async with client.app[DB].read() as session:
        rows = await session.execute(
            select(Project.name, Report.ytd_investment_yuan, Report.progress_text).join(Report)
        )
        return [tuple(row) for row in rows]


async def test_templates_of_all_projects_sent_back_empty_are_one_line(client: TestClient) -> None:
    # four empty blocks were four paragraphs of the same refusal, a screen on a phone
    blocks = await _templates(client)
    assert [b.splitlines()[0] for b in blocks] == [f"进度 {name}" for name in FOUR]
    reply = await chat(client, OWNER, "\n\n".join(blocks))
    named = "“城区智慧物流园”“北石店工业园区标准化厂房”“北石店污水管网改造”“城东再生水厂”"
    assert reply == f"❌ 发回的模板中 4 个项目都是空的，未记录：{named}；{ASK}", reply
    assert await _stored(client) == []
    assert fits(reply, Budget())


async def test_one_template_filled_and_three_sent_back_empty(client: TestClient) -> None:
    blocks = await _templates(client)
    blocks[0] = blocks[0].replace("本年累计完成：", "本年累计完成：3500万")
    reply = await chat(client, OWNER, "\n\n".join(blocks))
    named = "“北石店工业园区标准化厂房”“北石店污水管网改造”“城东再生水厂”"
    first, _, rest = reply.partition("\n\n")
    assert first == f"❌ 发回的模板中 3 个项目是空的，未记录：{named}；{ASK}", reply
    # the filled one answered as a report of its own: no 【1/4】, no count of four
    assert rest.startswith("✅ 已收到“城区智慧物流园”") and "本年累计完成：3500万元" in rest, reply
    assert "【" not in reply and "共 4 个项目" not in reply and "发回的模板是空的" not in reply
    assert all(reply.count(name) == 1 for name in FOUR), reply
    assert await _stored(client) == [("城区智慧物流园", 35_000_000, None)]
    assert fits(reply, Budget())


async def test_blocks_left_empty_beside_several_filled_keep_the_count_right(
    client: TestClient,
) -> None:
    blocks = await _templates(client, "城北再生水厂")
    blocks[0] = blocks[0].replace("本年累计完成：", "本年累计完成：3500万")
    blocks[1] = blocks[1].replace("本年累计完成：", "本年累计完成：99亿")  # over its total
    blocks[2] = blocks[2].replace("形象进度：", "形象进度：管道开挖")
    reply = await chat(client, OWNER, "\n\n".join(blocks))
    assert reply.startswith(
        f"❌ 发回的模板中 2 个项目是空的，未记录：“城东再生水厂”“城北再生水厂”；{ASK}\n\n"
        "填写的 3 个项目：已记录 2 个，❌ 未记录 1 个（第 2 个）。\n\n"
        "【1/3】✅ 已收到“城区智慧物流园”"
    ), reply
    assert "【2/3】❌ “北石店工业园区标准化厂房”" in reply and "【3/3】✅" in reply
    assert "【4/" not in reply and "发回的模板是空的" not in reply
    assert len(await _stored(client)) == 2


async def test_one_template_sent_back_empty_beside_a_filled_one_keeps_its_answer(
    client: TestClient,
) -> None:
    # one empty block is answered in its place, as a single one is (above)
    blocks = (await chat(client, OWNER, "/模板 全部")).split("\n\n")
    blocks[0] = blocks[0].replace("本年累计完成：", "本年累计完成：3500万")
    blocks[2] = blocks[2].replace("形象进度：", "形象进度：管道开挖")
    reply = await chat(client, OWNER, "\n\n".join(blocks))
    assert f"【2/3】❌ “北石店工业园区标准化厂房”的进度未记录：\n  · {BLANK}" in reply, reply
    assert "发回的模板中" not in reply
