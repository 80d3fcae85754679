"""A figure corrected as people say it (`本月完成应该是0.15亿`, `累计改为4.098亿`)."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Report
from tests.support.chat import chat
from tests.support.reports import current_reports
from tests.support.seed import OWNER

REPORT = "进度 物流园\n本月完成：1200万\n累计完成：3500万\n形象进度：设备安装调试"


@pytest.mark.parametrize("chat_id", ["owners", None])
@pytest.mark.parametrize(
    ("said", "figures"),
    [
        # the sentence was stored as the 形象进度, 设备安装调试 lost, and 本月完成 not filled
        ("更正：物流园本月完成应该是1500万，累计3800万", (1500, 3800)),
        ("更正：物流园本月完成应为1500万，累计3800万", (1500, 3800)),
        ("物流园本月完成改成1500万，累计更正为3800万", (1500, 3800)),
        ("进度 物流园\n本月完成：应是1500万\n累计完成：3800万", (1500, 3800)),
        # answered “没看懂”
        ("物流园累计改为3800万", (1200, 3800)),
        ("更正：物流园累计应该是3800万", (1200, 3800)),
    ],
)
async def test_a_figure_said_to_be_what_it_should_is_that_figure(
    client: TestClient, said: str, figures: tuple[int, int], chat_id: str | None
) -> None:
    await chat(client, OWNER, REPORT, chat_id=chat_id)
    reply = await chat(client, OWNER, said, chat_id=chat_id)
    assert "已收到“城区智慧物流园”" in reply, reply
    assert "累计完成：3800万元" in reply, reply
    period, ytd, progress = (await current_reports(client))["P001"]
    assert (period, ytd) == figures
    assert progress == "设备安装调试"  # the real 形象进度 carried, not the sentence


@pytest.mark.parametrize(
    ("said", "unread"),
    [
        ("更正：物流园本月完成应当是1500万，累计3800万", "本月完成应当是1500万"),
        ("更正：物流园累计3800万，本月完成大约是1500万", "本月完成大约是1500万"),
        ("物流园本月其实完成1500万，累计3800万", "本月其实完成1500万"),
        # quoted as `本月完成1500万多`, words never typed
        ("更正：物流园本月完成改为1500万多，累计3800万", "本月完成改为1500万多"),
        ("更正：物流园本月完成应该是一千多万，累计3800万", "本月完成应该是一千多万"),
    ],
)
async def test_a_figure_not_read_never_replaces_the_progress(
    client: TestClient, said: str, unread: str
) -> None:
    # each was stored with the sentence as the 形象进度, and the reply said ✅
    await chat(client, OWNER, REPORT, chat_id="owners")
    reply = await chat(client, OWNER, said, chat_id="owners")
    assert "未记录" in reply and f"无法识别“{unread}”" in reply, reply
    assert (await current_reports(client))["P001"] == (1200, 3500, "设备安装调试")


async def test_a_target_against_the_actual_figure_stays_text(client: TestClient) -> None:
    # `应为` is also what the month should have done: with 实际 after it, no figure
    reply = await chat(client, OWNER, "进度 物流园 累计3800万，本月应为500万，实际完成254万")
    assert "已收到“城区智慧物流园”" in reply, reply
    assert (await current_reports(client))["P001"] == (None, 3800, "本月应为500万，实际完成254万")


async def test_a_problem_said_with_should_be_is_stored_as_typed(client: TestClient) -> None:
    # was stored as `本月完成500万，因资金未到位只完成200万`: its meaning reversed
    problem = "本月完成应为500万，因资金未到位只完成200万"
    reply = await chat(client, OWNER, f"{REPORT}\n存在问题：{problem}", chat_id="owners")
    assert "已收到“城区智慧物流园”" in reply, reply
    async with client.app[DB].read() as session:
        stored = (await session.execute(select(Report.problems_text))).scalar_one()
    assert stored == problem


@pytest.mark.parametrize(
    "said",
    [
        "本月完成应为100万，受雨季影响仅完成80万",
        "本月完成应是300万，但只完成了200万",
        "本月完成应该是300万，只完成200万",
    ],
)
@pytest.mark.parametrize("one_line", [True, False])
async def test_a_target_before_what_was_done_is_no_correction(
    client: TestClient, said: str, one_line: bool
) -> None:
    # what the month should have done, then what it did: it was read as 本月完成100万, or
    # refused quoting `本月完成100万，受雨季影响仅完成80万`, words the owner never typed
    await chat(client, OWNER, REPORT, chat_id="owners")
    message = f"物流园{said}" if one_line else f"进度 物流园\n{said}"
    reply = await chat(client, OWNER, message, chat_id="owners")
    if not one_line:
        assert "未记录" in reply and f"无法识别“{said}”" in reply, reply
    assert (await current_reports(client))["P001"] == (1200, 3500, "设备安装调试")
