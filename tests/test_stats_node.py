"""A project's 入统 节点 and the 入统 rule say one reason, not two (`domain.stats_rule`): on
the card, in the daily warnings and in the reasons every list and digest takes from the light;
and a 节点 sheet at odds with the project's 入统 date is shown as the date says."""

from __future__ import annotations

from datetime import date

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import update

from bot.keys import DB
from domain.calendar import WorkCalendar
from domain.clock import parse_local_time
from domain.lights import Color, Light, LightThresholds, ProjectFacts, Rule, evaluate
from scheduler.context import JobContext
from scheduler.warnings import lights
from storage.db import Database
from storage.models import LightNotice, Milestone
from storage.repos.milestone_alerts import milestone_alerts
from tests.support.chat import chat
from tests.support.reports import add_report
from tests.support.seed import OWNER, coded

CAL = WorkCalendar.load(None)
LINE = date(2025, 5, 1)  # the 入统 line of a start on 3月1日
STATS_REASON = "开工将满 2 个月（5月1日），尚未入统，还剩 7 天"


def _light(now: str, nodes: list[tuple[str, date | None, date | None]], **changes: object) -> Light:
    at = parse_local_time(now)
    facts = ProjectFacts(
        code="P004",
        category="新建",
        status="在建",
        entered_ledger_on=date(2025, 1, 1),
        started_on=date(2025, 3, 1),
        last_report_at=at,
        milestones=nodes,
    )
    for name, value in changes.items():
        setattr(facts, name, value)
    return evaluate(facts, at, CAL, LightThresholds())


@pytest.mark.parametrize("name", ["入统", "入库纳统", " 纳统 "])
@pytest.mark.parametrize(
    ("now", "color", "text"),
    [
        ("2025-04-16 10:00", Color.YELLOW, "开工将满 2 个月（5月1日），尚未入统，还剩 15 天"),
        ("2025-04-24 10:00", Color.YELLOW, STATS_REASON),
        ("2025-05-01 10:00", Color.YELLOW, "开工将满 2 个月（5月1日），尚未入统，今天到期"),
        ("2025-05-02 10:00", Color.RED, "开工已超 2 个月仍未入统（3月1日 开工）"),
    ],
)
def test_the_stats_node_on_the_line_is_one_reason(
    name: str, now: str, color: Color, text: str
) -> None:
    light = _light(now, [(name, LINE, None)])
    assert light.color is color
    assert [(r.color, r.text) for r in light.reasons] == [(color, text)]


def test_a_node_dated_before_the_line_is_the_reason_once_it_is_graver() -> None:
    nodes = [("入统", date(2025, 4, 20), None)]
    light = _light("2025-04-24 10:00", nodes)
    assert light.color is Color.RED  # the worse of the two, as before
    assert [r.text for r in light.reasons] == ["节点“入统”计划 4月20日 完成，已逾期 4 天"]
    # due first at the same colour: the 节点's date is the one to meet
    early = _light("2025-04-20 10:00", [("入统", date(2025, 4, 24), None)])
    assert [r.text for r in early.reasons] == ["节点“入统”计划 4月24日 完成，还剩 4 天"]


def test_a_node_dated_after_the_line_leaves_the_rule_to_say_it() -> None:
    light = _light("2025-05-02 10:00", [("入统", date(2025, 5, 5), None)])
    assert [(r.rule, r.color) for r in light.reasons] == [(Rule.STATS, Color.RED)]


def test_a_project_in_the_statistics_has_its_node_done() -> None:
    light = _light("2025-05-10 10:00", [("入统", LINE, None)], stats_entered_on=date(2025, 4, 2))
    assert light.color is Color.BLUE and light.reasons == []


def test_a_node_of_a_project_not_started_is_the_nodes_own() -> None:
    light = _light("2025-04-28 10:00", [("入统", LINE, None)], started_on=None, status="前期")
    assert [r.text for r in light.reasons] == ["节点“入统”计划 5月1日 完成，还剩 3 天"]


async def _sewer(
    db: Database,
    *,
    node_done: date | None = None,
    entered: date | None = None,
    due: date = LINE,
    name: str = "入统",
) -> None:
    """污水管网 (P004, 张伟's) started on 3月1日, not 入统, with its 入统 节点; reported on time
    and ahead of 序时, so that 入统 is all its light is about."""
    async with db.write() as session:
        sewer = await coded(session, "P004")
        sewer.started_on, sewer.stats_entered_on = date(2025, 3, 1), entered
        session.add(Milestone(project_id=sewer.id, name=name, due_on=due, done_on=node_done))
    await add_report(db, "P004", OWNER, "2025-04-15 10:00", 300)


def _reasons(card: str) -> list[str]:
    light = card.split("节点：", maxsplit=1)[0]
    return [line.removeprefix("  · ") for line in light.splitlines() if line.startswith("  · ")]


async def test_the_card_shows_one_stats_reason(client: TestClient) -> None:
    await _sewer(client.app[DB])
    card = await chat(client, OWNER, "/项目 污水管网")
    assert "🟡 黄灯\n" in card
    assert _reasons(card) == [STATS_REASON]
    assert "节点：\n  · 入统 计划 5月1日\n" in card


async def test_the_card_of_a_project_in_the_statistics_shows_its_node_done(
    client: TestClient,
) -> None:
    # the ledger's 入统日期 filled in, its 节点 sheet not: no red for a 入统 long done
    await _sewer(client.app[DB], entered=date(2025, 4, 2), due=date(2025, 4, 10))
    card = await chat(client, OWNER, "/项目 污水管网")
    assert "🔵 蓝灯" in card and "逾期" not in card
    assert "  · 入统 ✔ 4月2日 入统\n" in card


async def test_a_node_done_without_a_stats_date_says_the_light_still_waits(
    client: TestClient,
) -> None:
    # the 节点 sheet says done, 入统日期 is empty: the light and the 入库纳统 counts read the date
    await _sewer(client.app[DB], node_done=date(2025, 4, 20))
    card = await chat(client, OWNER, "/项目 污水管网")
    assert _reasons(card) == [STATS_REASON]
    assert "  · 入统 ✔ 4月20日 完成（入统日期未登记，不计入统）\n" in card


async def test_the_daily_warning_tells_the_stats_reason_once(ctx: JobContext) -> None:
    await lights(ctx, parse_local_time("2025-04-14 09:00"))  # the baseline
    await _sewer(ctx.db)
    pushes = {
        p.group.role: p.message.text
        for p in await lights(ctx, parse_local_time("2025-04-24 09:00"))
    }
    line = next(line for line in pushes["owners"].splitlines() if "污水管网" in line)
    assert line == (f"🟡 黄灯 北石店污水管网改造（北石店镇，原为🔴 红灯）：{STATS_REASON} @张伟")
    assert "节点“入统”" not in pushes["owners"]


@pytest.mark.parametrize("name", ["入统\u3000", "\u3000入库纳统", " 纳统\t"])
async def test_a_stats_node_typed_with_a_wide_space_is_no_news_after_the_stats_warning(
    backend_ctx: JobContext, name: str
) -> None:
    # the light read `入统　` (a full-width space) as the 入统 节点, SQL's trim in the daily
    # warnings did not: a week before the line the same task was told again, as a 节点
    await lights(backend_ctx, parse_local_time("2025-04-14 09:00"))
    await _sewer(backend_ctx.db, name=name)
    told = await lights(backend_ctx, parse_local_time("2025-04-16 09:00"))
    assert any("尚未入统，还剩 15 天" in p.message.text for p in told)
    pushes = await lights(backend_ctx, parse_local_time("2025-04-24 09:00"))
    assert not any("污水管网" in p.message.text for p in pushes), pushes
    async with backend_ctx.db.read() as session:
        due = await milestone_alerts(session, date(2025, 4, 24), 7)
    assert [(a.project, a.name) for a in due] == [("北石店工业园区标准化厂房", "施工许可")]


async def test_the_node_coming_due_is_no_news_after_the_stats_warning(ctx: JobContext) -> None:
    await lights(ctx, parse_local_time("2025-04-14 09:00"))
    await _sewer(ctx.db)
    told = await lights(ctx, parse_local_time("2025-04-16 09:00"))
    assert any("尚未入统，还剩 15 天" in p.message.text for p in told)
    # a week before the line the 节点 comes due: the same task, told already
    pushes = await lights(ctx, parse_local_time("2025-04-24 09:00"))
    assert not any("污水管网" in p.message.text for p in pushes)
    async with ctx.db.read() as session:
        due = await milestone_alerts(session, date(2025, 4, 24), 7)
    assert [(a.project, a.name) for a in due] == [("北石店工业园区标准化厂房", "施工许可")]


async def test_a_notice_kept_before_one_reason_is_no_news(ctx: JobContext) -> None:
    # told before the 节点 and the rule said one reason: both kept, the same task, no change
    await lights(ctx, parse_local_time("2025-04-14 09:00"))
    await _sewer(ctx.db)
    await lights(ctx, parse_local_time("2025-04-24 09:00"))
    both = [
        {"rule": "stats", "color": "yellow", "text": STATS_REASON},
        {"rule": "milestone", "color": "yellow", "text": "节点“入统”计划 5月1日 完成，还剩 7 天"},
    ]
    async with ctx.db.write() as session:
        sewer = await coded(session, "P004")
        told = update(LightNotice).where(LightNotice.project_id == sewer.id)
        await session.execute(told.values(reasons=both))
    pushes = await lights(ctx, parse_local_time("2025-04-25 09:00"))
    assert not any("污水管网" in p.message.text for p in pushes)
    # once it turns red it is news again (after the 劳动节 holidays)
    pushes = await lights(ctx, parse_local_time("2025-05-06 09:00"))
    assert any("🔴 红灯 北石店污水管网改造" in p.message.text for p in pushes)
