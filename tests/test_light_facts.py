"""The one fact loader: every scope reads the same facts; only reports that count are read."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from core.settings.light_rules import light_rules
from domain.clock import parse_local_time
from domain.light_types import LightRules
from scheduler.context import JobContext
from storage.models import Milestone, Project, Report
from storage.repos.fact_builder import FactBuilder
from storage.repos.light_facts import rows_and_facts
from storage.repos.scope import Scope
from storage.repos.standing import Standing, on_record, standings
from tests.support.reports import add_report
from tests.support.seed import OWNER, WAN

APRIL_24 = parse_local_time("2025-04-24 09:00")


async def _stand(
    ctx: JobContext, at: datetime, ids: list[int] | None = None
) -> dict[str, Standing]:
    async with ctx.db.read() as session:
        rules = light_rules(ctx.settings, ctx.calendar)
        return {s.project.code: s for s in await standings(session, at, rules, project_ids=ids)}


async def _ids(ctx: JobContext) -> dict[str, int]:
    async with ctx.db.read() as session:
        rows = await session.execute(select(Project.code, Project.id))
        return {row.code: row.id for row in rows}


async def test_one_project_a_few_a_range_and_all_read_the_same_facts(
    backend_ctx: JobContext,
) -> None:
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-16 10:00", 2_600)
    await add_report(backend_ctx.db, "P004", OWNER, "2025-04-23 10:00", 200)
    ids = await _ids(backend_ctx)
    every = await _stand(backend_ctx, APRIL_24)
    assert list(every) == ["P001", "P002", "P003", "P004"]  # by project code
    assert [every[code].ytd_done for code in every] == [2_600 * WAN, 0, 0, 200 * WAN]
    for listed in (["P001"], ["P004", "P002"]):
        some = await _stand(backend_ctx, APRIL_24, [ids[code] for code in listed])
        assert sorted(some) == sorted(listed)
        assert all(some[code] == every[code] for code in listed)
    rules = light_rules(backend_ctx.settings, backend_ctx.calendar)
    ranged: dict[str, object] = {}
    for scope in [(ids["P001"], ids["P002"]), (ids["P003"], ids["P004"])]:
        ranged |= await _built(backend_ctx, scope, rules)
    assert (
        ranged
        == await _built(backend_ctx, None, rules)
        == await _built(backend_ctx, list(ids.values()), rules)
    )
    assert len(ranged) == 4


async def _built(ctx: JobContext, scope: Scope, rules: LightRules) -> dict[str, object]:
    """Each project's built facts, 序时 plan and ratio, by code, as the lights job makes them."""
    async with ctx.db.read() as session:
        rows, facts = await rows_and_facts(session, APRIL_24.date(), scope)
    builder = FactBuilder(APRIL_24.date(), rules)
    return {row.code: builder.build(row, facts) for row in rows}


async def test_withdrawn_and_corrected_reports_do_not_count(backend_ctx: JobContext) -> None:
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-10 10:00", 2_000)
    withdrawn = await add_report(backend_ctx.db, "P001", OWNER, "2025-04-17 10:00", 3_000)
    corrected = await add_report(backend_ctx.db, "P003", OWNER, "2025-04-17 10:00", 900)
    correction = await add_report(backend_ctx.db, "P003", OWNER, "2025-04-17 11:00", 90)
    async with backend_ctx.db.write() as session:
        (await session.get_one(Report, withdrawn)).withdrawn_at = parse_local_time(
            "2025-04-17 12:00"
        )
        (await session.get_one(Report, corrected)).superseded_by_id = correction
    stand = await _stand(backend_ctx, APRIL_24)
    assert stand["P001"].ytd_done == 2_000 * WAN
    # 序时 as of 20 April, the end of the last closed week, its figure of 10 April being older
    # (the withdrawn one of 17 April does not count): 12,000万 × (18% + 10% × 20/30) = 2,960万.
    assert stand["P001"].plan_to_date == 2_960 * WAN
    assert stand["P003"].ytd_done == 90 * WAN


async def test_a_new_year_starts_from_nothing(backend_ctx: JobContext) -> None:
    await add_report(backend_ctx.db, "P001", OWNER, "2025-12-18 10:00", 11_500)
    december = await _stand(backend_ctx, parse_local_time("2025-12-31 18:00"))
    assert december["P001"].ytd_done == 11_500 * WAN
    january = await _stand(backend_ctx, parse_local_time("2026-01-06 09:00"))
    assert january["P001"].ytd_done == 0  # last year's cumulative is not this year's
    assert "11500万元" not in " ".join(r.text for r in january["P001"].light.reasons)


async def test_done_and_undated_milestones_light_nothing(backend_ctx: JobContext) -> None:
    ids = await _ids(backend_ctx)
    async with backend_ctx.db.write() as session:
        session.add(Milestone(project_id=ids["P004"], name="竣工验收", due_on=None))
        session.add(
            Milestone(
                project_id=ids["P004"],
                name="管网铺设",
                due_on=date(2025, 4, 20),
                done_on=date(2025, 4, 19),
            )
        )
        session.add(Milestone(project_id=ids["P004"], name="道路恢复", due_on=date(2025, 4, 22)))
    reasons = [r.text for r in (await _stand(backend_ctx, APRIL_24))["P004"].light.reasons]
    assert [text for text in reasons if "节点" in text] == [
        "节点“道路恢复”计划 4月22日 完成，已逾期 2 天"
    ]


async def test_lights_on_record_for_listed_projects_are_those_of_the_whole_ledger(
    backend_ctx: JobContext,
) -> None:
    # /亮灯 for an owner judges only the owner's projects: the same lights, none of the others.
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-16 10:00", 2_600)
    ids = await _ids(backend_ctx)
    rules = light_rules(backend_ctx.settings, backend_ctx.calendar)
    async with backend_ctx.db.read() as session:
        every = {row.code: light for row, light in await on_record(session, APRIL_24, rules)}
        listed = [ids["P004"], ids["P001"]]
        some = await on_record(session, APRIL_24, rules, project_ids=listed)
        assert await on_record(session, APRIL_24, rules, project_ids=[]) == []
    assert [row.code for row, _ in some] == ["P001", "P004"]  # by code, as for all
    assert all(light == every[row.code] for row, light in some)
