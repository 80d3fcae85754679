"""One way of showing things in every message: lights as icon and label, dates with their year
when it is not this year's, one 序时 date per message."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from aiohttp.test_utils import TestClient

from bot.keys import DB
from storage.models import Milestone, Project
from tests.support.chat import chat
from tests.support.seed import LEADER, OWNER

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LIGHT = re.compile(r"(?<![🔴🟡🔵] )(红灯|黄灯|蓝灯)")


def test_templates_show_lights_and_dates_through_the_filters() -> None:
    for path in [*TEMPLATES.glob("replies/*.j2"), *TEMPLATES.glob("pushes/*.j2")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"strftime\(\"%[mYd]", text), path.name  # `day`, `moment` instead
        assert not re.search(r"\.month }}月", text), path.name
        assert '🔴" if' not in text and "labels." not in text, path.name  # `light`, `icon`


async def test_replies_name_lights_one_way(client: TestClient) -> None:
    for text in ("/亮灯", "/我的", "/项目 物流园", "/排名"):
        reply = await chat(client, LEADER, text)
        bare = [m.group(0) for m in LIGHT.finditer(reply) if "序时" not in reply[m.end() :][:2]]
        assert bare == [], (text, reply)


async def test_a_date_of_another_year_keeps_its_year(client: TestClient) -> None:
    async with client.app[DB].write() as session:
        project = (await session.execute(Project.__table__.select().limit(1))).first()
        session.add(Milestone(project_id=project.id, name="土地预审", due_on=date(2024, 12, 19)))
    card = await chat(client, OWNER, "/项目 物流园")
    assert "土地预审 计划 2024年12月19日（已逾期）" in card
    assert "主体封顶 ✔ 3月30日 完成" in card  # this year's: no year
    assert "节点“土地预审”计划 2024年12月19日 完成，已逾期" in card  # the light's reason too


async def test_one_schedule_date_per_message(client: TestClient) -> None:
    card = await chat(client, OWNER, "/项目 物流园")
    assert "序时进度 3120万元（截至4月24日），完成序时 0%" in card
    mine = await chat(client, OWNER, "/我的")
    assert mine.count("截至") == 1
