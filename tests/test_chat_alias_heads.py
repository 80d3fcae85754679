"""A project named by the head of its short name (泽辰 for 泽辰碳材料) after a `；`, with its
figure: that project's report, never the text of the project reported before it."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Project, Report
from tests.support.chat import chat
from tests.support.seed import OWNER, WAN, add_project

CARBON = "晋城泽辰新材料有限公司年产2万吨高性能碳材料项目"


async def _by_code(client: TestClient) -> dict[str, Report]:
    async with client.app[DB].read() as session:
        rows = await session.execute(
            select(Project.code, Report).join(Project, Project.id == Report.project_id)
        )
        return {code: report for code, report in rows.all()}


async def test_an_alias_head_after_a_semicolon_reports_that_project(client: TestClient) -> None:
    # `泽辰累计50万` was stored as 物流园's 形象进度, and 泽辰's figure was lost unsaid
    db = client.app[DB]
    await add_project(db, "P005", CARBON, beside="P001", alias="泽辰碳材料", owner=OWNER)
    reply = await chat(client, OWNER, "物流园累计3500万；泽辰累计50万")
    assert f"【2/2】✅ 已收到“{CARBON}”" in reply, reply
    reports = await _by_code(client)
    assert reports["P001"].ytd_investment_yuan == 3500 * WAN
    assert "泽辰" not in (reports["P001"].progress_text or "")
    assert reports["P005"].ytd_investment_yuan == 50 * WAN


async def test_a_head_two_projects_share_names_neither(client: TestClient) -> None:
    # `北石`: the head of two aliases; read as neither, the words stay the report's own
    db = client.app[DB]
    await add_project(db, "P005", "北石店冷链仓储", beside="P001", alias="北石冷链", owner=OWNER)
    await add_project(db, "P006", "北石店供热管网", beside="P001", alias="北石供热", owner=OWNER)
    await chat(client, OWNER, "物流园累计3500万；北石累计50万")
    reports = await _by_code(client)
    assert set(reports) == {"P001"} and reports["P001"].ytd_investment_yuan == 3500 * WAN
