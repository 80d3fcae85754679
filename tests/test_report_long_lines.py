"""A long paragraph pasted into a report (a site's whole progress write-up, a list of
problems copied from a briefing) is read whole, as typed, with the report's figures."""

from __future__ import annotations

from datetime import date

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from handlers.reports.grammar import parse_report_message
from storage.models import Report
from tests.support.chat import chat
from tests.support.seed import OWNER

TODAY = date(2025, 6, 12)
_PROGRESS = "3号楼主体完成12层，4号楼完成8层，累计浇筑混凝土2.6万方，完成投资约1200万元；"
_PROBLEMS = "2号地块临时用地手续未办结，涉及3户约15亩，施工用电容量差400千伏安；"


def _paragraph(sentence: str, length: int) -> str:
    """A paragraph of `length` characters, full of figures, as pasted from a write-up."""
    return (sentence * (length // len(sentence) + 1))[:length]


def test_a_long_pasted_paragraph_is_read_whole() -> None:
    progress, problems = _paragraph(_PROGRESS, 6_000), _paragraph(_PROBLEMS, 20_000)
    text = (
        f"进度 城区智慧物流园\n本月完成：1200万\n累计完成：3.5亿\n"
        f"形象进度：\n{progress}\n存在问题：\n{problems}"
    )
    [block] = parse_report_message(text, TODAY)
    assert block.errors == []
    assert block.period_investment_yuan == 12_000_000
    assert block.ytd_investment_yuan == 350_000_000
    assert block.progress_text == progress
    assert block.problems_text == problems


def test_a_figure_after_a_long_remark_on_its_key_is_still_read() -> None:
    # the key's remark is dropped when the key is read, however long it is
    remark = "含设备购置款、安装工程款及前期费用，" * 12
    [block] = parse_report_message(f"进度 城区智慧物流园\n本月完成（{remark}）1200万", TODAY)
    assert block.errors == []
    assert block.period_investment_yuan == 12_000_000


async def test_a_long_progress_paragraph_is_stored_as_typed(client: TestClient) -> None:
    progress = _paragraph(_PROGRESS, 6_000)
    reply = await chat(
        client, OWNER, f"进度 物流园\n本月完成：300万\n累计完成：3500万\n形象进度：\n{progress}"
    )
    assert "已收到“城区智慧物流园”" in reply, reply
    async with client.app[DB].read() as session:
        [report] = (await session.execute(select(Report))).scalars()
    assert report.progress_text == progress
    assert (report.period_investment_yuan, report.ytd_investment_yuan) == (3_000_000, 35_000_000)
