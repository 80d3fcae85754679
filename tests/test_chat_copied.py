"""Reports sent the way a phone copies them: under the sender line WeCom or WeChat puts above a
copied or forwarded message (`张伟 12-01 09:30`, `【转发】`), or below a quote typed out as
text (`「张伟：进度 物流园 累计3500万」` over a dashed rule)."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.reports import current_reports
from tests.support.seed import OWNER, OWNER2

HEADERS = ["张伟 2025/4/23 9:30:15", "张伟 04-23 09:30", "【转发】", "[转发]"]
QUOTE = "「张伟：进度 物流园 累计3500万」\n- - - - - - - - - - - - - - -\n"


@pytest.mark.parametrize("chat_id", [None, "owners"])
@pytest.mark.parametrize("header", HEADERS)
async def test_a_report_copied_under_its_sender_line_is_read_as_typed(
    client: TestClient, header: str, chat_id: str | None
) -> None:
    # the name on a line of its own, its `进度` left out: the copy header was read as the name
    reply = await chat(client, OWNER, f"{header}\n物流园\n累计完成：3600万", chat_id=chat_id)
    assert "已收到“城区智慧物流园”" in reply, reply
    assert "转发" not in reply  # the sender's own message
    one_line = await chat(client, OWNER, f"{header}\n物流园 累计3700万", chat_id=chat_id)
    assert "已收到“城区智慧物流园”" in one_line, one_line
    assert (await current_reports(client))["P001"][1] == 3700


async def test_a_forwarded_report_naming_no_project_is_asked_for_its_name(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, "【转发】\n本年累计完成：3600万", chat_id=None)
    assert "这份进度没有写项目名称" in reply and "转发" not in reply, reply


async def test_a_report_forwarded_from_someone_else_is_the_senders_and_says_so(
    client: TestClient,
) -> None:
    text = "李娜 04-23 09:30\n进度 物流园\n累计完成：3600万"
    reply = await chat(client, OWNER, text, chat_id=None)
    assert reply.startswith("（这条是转发的李娜的消息，填报人记为您本人）\n✅ 已收到"), reply
    assert (await current_reports(client))["P001"][1] == 3600
    spoken = await chat(client, OWNER, "李娜 04-23 09:30\n物流园，累计完成3700万", chat_id=None)
    assert spoken.startswith("（这条是转发的李娜的消息，填报人记为您本人）\n✅ 已收到"), spoken
    # 李娜 forwarding 张伟's own report of a project not hers: refused as hers would be
    refused = await chat(client, OWNER2, "张伟 04-23 09:30\n进度 物流园\n累计完成：3900万")
    assert "未记录" in refused and "转发" not in refused, refused


TIME_LINES = ["物流园 4月23日 9:30", "污水管网 04-23 09:30", "周例会 04-23 09:30"]


@pytest.mark.parametrize("line", TIME_LINES)
async def test_a_time_typed_above_a_report_is_no_forward(client: TestClient, line: str) -> None:
    # a project (or anything not on the ledger's people list) and a time above the report: the
    # line is dropped, and the reply says no one's message was forwarded
    reply = await chat(client, OWNER, f"{line}\n进度 物流园 累计3600万", chat_id=None)
    assert reply.startswith("✅ 已收到“城区智慧物流园”") and "转发" not in reply, reply
    assert (await current_reports(client))["P001"][1] == 3600


async def test_a_forward_from_a_person_named_with_their_unit_says_whose(
    client: TestClient,
) -> None:
    text = "李娜(西街街道) 04-23 09:30\n进度 物流园\n累计完成：3600万"
    reply = await chat(client, OWNER, text, chat_id=None)
    assert reply.startswith("（这条是转发的李娜(西街街道)的消息，填报人记为您本人）"), reply


async def test_a_correction_typed_below_a_quoted_report_is_that_projects(
    client: TestClient,
) -> None:
    reply = await chat(client, OWNER, f"{QUOTE}更正：累计3600万", chat_id=None)
    assert "已收到“城区智慧物流园”" in reply, reply
    assert (await current_reports(client))["P001"][1] == 3600
    # a reply naming its own project is that one's, not the quoted report's
    other = await chat(client, OWNER, f"{QUOTE}厂房\n累计完成：600万", chat_id=None)
    assert "“北石店工业园区标准化厂房”" in other and "物流园" not in other, other
    assert (await current_reports(client))["P001"][1] == 3600
    # below a quote, an ok is an ok; a quoted report is not sent again by replying to it
    assert await chat(client, OWNER, f"{QUOTE}收到", chat_id=None) == ""
    # text alone below the quote: answered as typed, no name quoted the owner never wrote
    said = await chat(client, OWNER, f"{QUOTE}存在问题：管网铺设受阻", chat_id=None)
    assert "物流园\n存在问题" not in said and "没看懂“物流园" not in said, said
    # in the group, only the sender's own project: 李娜 quoting 张伟's report is talk
    assert await chat(client, OWNER2, f"{QUOTE}累计要到4000万") == ""
    assert (await current_reports(client))["P001"][1] == 3600
