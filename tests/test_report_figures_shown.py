"""A report's own figure, wherever it is shown as that report's (/撤回's reply, the project's
填报记录 in chat and on the dashboard), reads exactly enough that two different reports never
look the same: 10980万 is not shown as 1.1亿元 beside a report of 1.1亿."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.dashboard import OFFICE
from tests.support.seed import OWNER


async def _two_reports(client: TestClient) -> str:
    """1.1亿 reported, then corrected to 1.098亿; the correction's reply."""
    first = await chat(client, OWNER, "进度 物流园\n累计完成：1.1亿")
    assert "本年累计完成：1.1亿元" in first, first
    corrected = await chat(client, OWNER, "进度 物流园\n累计完成：1.098亿")
    assert "本年累计完成：10980万元" in corrected, corrected  # the echo: exact already
    return corrected


async def test_the_project_page_tells_the_two_reports_apart(client: TestClient) -> None:
    await _two_reports(client)
    page = await (await client.get("/dashboard/projects/P001", headers=OFFICE)).text()
    reports = page.split('id="reports"')[1]
    assert '<td class="num" data-label="本年累计完成">10980万元</td>' in reports
    assert '<td class="num" data-label="本年累计完成">1.1亿元</td>' in reports
    card = await chat(client, OWNER, "/项目 物流园")  # its 最近填报: the report in force
    assert "最近填报：\n  · 4月24日（周四）10:00 累计 10980万元" in card, card


async def test_withdrawing_says_which_figure_is_in_force(client: TestClient) -> None:
    await _two_reports(client)
    await chat(client, OWNER, "进度 物流园\n累计完成：1.099亿")
    reply = await chat(client, OWNER, "/撤回")
    assert "本周此前的填报重新生效：本年累计完成 10980万元" in reply, reply
