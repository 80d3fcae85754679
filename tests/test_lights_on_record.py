"""A light on record stops holding as soon as the project's facts change: /亮灯 and the read API
then judge the project anew, as its card does."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select, update

from bot.keys import CALENDAR, CLOCK, DB, RENDERER, SETTINGS
from core.settings.light_rules import light_rules
from domain.clock import SHANGHAI, parse_local_time
from scheduler.context import JobContext
from scheduler.warnings import lights
from storage.db import Database
from storage.ledger import import_ledger
from storage.models import Issue, LightRecord, Project
from storage.repos.standing import on_record
from tests.support.chat import chat
from tests.support.ledger_files import SheetSpec, write_workbook
from tests.support.seed import ADMIN, OWNER

OVERDUE = "问题 #1 已超期未销号"


async def _reasons(app: web.Application, code: str) -> list[str]:
    """The reasons /亮灯 shows for the project now."""
    rules = light_rules(app[SETTINGS], app[CALENDAR].current)
    async with app[DB].read() as session:
        rows = await on_record(session, app[CLOCK].now(), rules)
    return next([r.text for r in light.reasons] for row, light in rows if row.code == code)


async def _record_lights(app: web.Application, when: str) -> None:
    """The daily lights job, run on the app's database `when`."""
    context = JobContext(app[DB], app[SETTINGS], app[CALENDAR].current, app[RENDERER].render)
    await lights(context, parse_local_time(when))


async def test_closing_an_overdue_issue_clears_it_from_the_lights_at_once(
    client: TestClient,
) -> None:
    app = client.app
    await chat(client, ADMIN, "/问题 污水管网 临时用地未批")
    await chat(client, ADMIN, "/交办 1 北石店镇 4月30日")
    async with app[DB].write() as session:  # its deadline has passed since
        await session.execute(update(Issue).values(deadline=date(2025, 4, 20)))
    await _record_lights(app, "2025-04-24 09:00")  # the clock says 10:00: this light holds
    assert any(OVERDUE in reason for reason in await _reasons(app, "P004"))
    assert "已销号" in await chat(client, ADMIN, "/销号 1 用地已批")
    assert not any(OVERDUE in reason for reason in await _reasons(app, "P004"))


async def test_a_withdrawn_report_clears_the_light_it_changed(client: TestClient) -> None:
    app = client.app
    await chat(client, OWNER, "进度 物流园\n累计完成：5000万")
    await _record_lights(app, "2025-04-24 09:00")
    assert any("累计完成 5000万元" in reason for reason in await _reasons(app, "P001"))
    assert "已撤回" in await chat(client, OWNER, "/撤回")
    assert not any("5000万元" in reason for reason in await _reasons(app, "P001"))
    # leave no longer reaches back over weeks whose deadline has passed (W15, W16)
    assert "已登记请假" in await chat(client, OWNER, "/请假 4月7日至4月25日")
    assert any("已连续 2 期未报送进度" in reason for reason in await _reasons(app, "P002"))


async def test_a_ledger_import_clears_the_lights_judged_today(db: Database, tmp_path: Path) -> None:
    rows = [
        ["项目代码", "项目名称", "责任单位", "年度计划投资（万元）"],
        ["K1", "物流园", "北石店镇", 800],
    ]
    ledger = write_workbook(tmp_path / "台账.xlsx", [SheetSpec("项目", rows)])
    now = datetime.now(SHANGHAI)  # an import is stamped with the real time
    await import_ledger(db, ledger, today=now.date(), year=now.year)
    async with db.write() as session:
        [project_id] = (await session.execute(select(Project.id))).scalars()
        for day in (now.date() - timedelta(days=1), now.date()):
            judged = datetime.combine(day, time(), SHANGHAI)  # at midnight: before any import
            session.add(
                LightRecord(project_id=project_id, day=day, color="blue", recorded_at=judged)
            )
    rows[1][3] = 1200  # the plan changed: today's light no longer holds
    ledger = write_workbook(tmp_path / "台账2.xlsx", [SheetSpec("项目", rows)])
    await import_ledger(db, ledger, today=now.date(), year=now.year)
    async with db.read() as session:
        kept = dict((await session.execute(select(LightRecord.day, LightRecord.recorded_at))).all())
    assert kept[now.date()] is None
    assert kept[now.date() - timedelta(days=1)] is not None  # history keeps when it was judged


async def test_key_projects_show_no_light_of_a_day_that_no_longer_holds(
    client: TestClient,
) -> None:
    # /重点 took the latest light on record whatever its day: on 元旦, before the lights job
    # ran again, last year's reds stood beside the new year's figures (the card said 蓝灯);
    # here yesterday's blues stand where today's facts make every project red
    app = client.app
    now = app[CLOCK].now()
    yesterday = now.date() - timedelta(days=1)
    stale = {"color": "blue", "rule": "schedule", "text": "按序时推进"}
    async with app[DB].write() as session:
        for project_id in (await session.execute(select(Project.id))).scalars():
            judged = datetime.combine(yesterday, time(9), SHANGHAI)
            session.add(
                LightRecord(
                    project_id=project_id,
                    day=yesterday,
                    color="blue",
                    reasons=[stale],
                    recorded_at=judged,
                )
            )
    rules = light_rules(app[SETTINGS], app[CALENDAR].current)
    async with app[DB].read() as session:
        fresh = {row.name: light.color.value for row, light in await on_record(session, now, rules)}
    assert "blue" not in fresh.values()  # else the check below could not tell

    reply = await chat(client, ADMIN, "/重点")

    icons = {"red": "🔴", "yellow": "🟡", "blue": "🔵"}
    listed = [name for name in fresh if name in reply]
    assert listed, reply
    for name in listed:
        line = next(line for line in reply.splitlines() if name in line)
        assert icons[fresh[name]] in line, (name, fresh[name], line)
