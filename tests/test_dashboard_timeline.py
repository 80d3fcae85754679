"""A project page's 亮灯记录 shows the days its light changed: a red light standing on the same
grounds day after day (only its 逾期 N 天 counting up) is one entry, not one a day."""

from __future__ import annotations

from datetime import date

from aiohttp.test_utils import TestClient

from bot.keys import DB
from storage.models import LightRecord
from tests.support.dashboard import OFFICE
from tests.support.seed import coded


def _reasons(color: str, overdue_days: int) -> list[dict[str, str]]:
    return [
        {
            "rule": "milestone",
            "color": color,
            "text": f"节点“开工”计划 4月1日 完成，已逾期 {overdue_days} 天",
        }
    ]


async def _timeline(client: TestClient) -> str:
    page = await (await client.get("/dashboard/projects/P002", headers=OFFICE)).text()
    return page.split('<section id="timeline">')[1].split("</section>")[0]


async def test_a_light_standing_on_the_same_grounds_is_one_entry(client: TestClient) -> None:
    async with client.app[DB].write() as session:
        project = await coded(session, "P002")
        days = [
            (date(2025, 4, 18), "yellow", [{"rule": "report", "color": "yellow", "text": "未报"}]),
            (date(2025, 4, 21), "red", _reasons("red", 20)),
            (date(2025, 4, 22), "red", _reasons("red", 21)),
            (date(2025, 4, 23), "red", _reasons("red", 22)),
        ]
        session.add_all(
            LightRecord(project_id=project.id, day=day, color=color, reasons=reasons)
            for day, color, reasons in days
        )
    timeline = await _timeline(client)
    # newest first: the day it turned red, as it read that day, then the yellow before it
    assert timeline.count('class="step"') == 2, timeline
    assert "4月21日" in timeline and "已逾期 20 天" in timeline
    assert "4月22日" not in timeline and "4月23日" not in timeline
    assert "4月18日" in timeline


async def test_a_new_ground_for_the_same_colour_is_a_new_entry(client: TestClient) -> None:
    async with client.app[DB].write() as session:
        project = await coded(session, "P002")
        issue = {"rule": "issue", "color": "red", "text": "问题 #1 已超期未销号"}
        session.add_all(
            [
                LightRecord(
                    project_id=project.id,
                    day=date(2025, 4, 21),
                    color="red",
                    reasons=_reasons("red", 20),
                ),
                LightRecord(
                    project_id=project.id,
                    day=date(2025, 4, 22),
                    color="red",
                    reasons=[*_reasons("red", 21), issue],
                ),
            ]
        )
    timeline = await _timeline(client)
    assert timeline.count('class="step"') == 2, timeline
    assert "4月22日" in timeline and "问题 #1 已超期未销号" in timeline


async def test_the_timeline_judges_a_change_as_the_warnings_do(client: TestClient) -> None:
    # lights recorded before the 入统 节点 and the 入统 rule said one reason carry both: the
    # warnings tell no news when one is left, and the 亮灯记录 adds no entry either
    node = {"rule": "milestone", "color": "red", "text": "节点“入统”计划 3月1日 完成，已逾期 50 天"}
    rule = {"rule": "stats", "color": "red", "text": "开工已超 2 个月仍未入统（1月5日 开工）"}
    async with client.app[DB].write() as session:
        project = await coded(session, "P002")
        session.add_all(
            [
                LightRecord(project_id=project.id, day=date(2025, 4, 21), color="red",
                            reasons=[node, rule]),
                LightRecord(project_id=project.id, day=date(2025, 4, 22), color="red",
                            reasons=[rule]),
            ]
        )  # fmt: skip
    timeline = await _timeline(client)
    assert timeline.count('class="step"') == 1, timeline
    assert "4月21日" in timeline and "4月22日" not in timeline
