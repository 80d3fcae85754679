"""The dashboard's rows summed by the database agree with the project cards, on each backend."""

from __future__ import annotations

from scheduler.context import JobContext
from scheduler.digest import rules_of
from storage.repos.dashboard_links import Viewer
from storage.repos.dashboard_rows import lines
from storage.repos.dashboard_scope import visible_ids
from storage.repos.digest_queries import unit_figures
from storage.repos.issue_board import board
from storage.repos.standing import standings
from tests.support.digest_ledger import at
from tests.support.reports import add_report
from tests.support.seed import OWNER, WAN

NOW = "2025-04-24 10:00"


async def test_rows_match_the_cards(backend_ctx: JobContext) -> None:
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-22 09:00", 2600)
    now = at(NOW)
    curve = backend_ctx.settings.plan.default_curve
    async with backend_ctx.db.read() as session:
        rows = await lines(session, now.date(), curve, None)
        cards = await standings(session, now, rules_of(backend_ctx), recorded=True)
    assert [row.code for row in rows] == [card.project.code for card in cards]
    for row, card in zip(rows, cards, strict=True):
        assert (row.done, row.plan, row.open_issues) == (
            card.ytd_done,
            card.plan_to_date,
            card.open_issues,
        )
    assert rows[0].done == 2600 * WAN


async def test_a_back_filled_month_is_not_the_latest_figure(backend_ctx: JobContext) -> None:
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-22 09:00", 2600)
    await add_report(backend_ctx.db, "P001", OWNER, "2025-04-23 09:00", 2000, month="2025-03")
    now = at(NOW)
    curve = backend_ctx.settings.plan.default_curve
    async with backend_ctx.db.read() as session:
        rows = await lines(session, now.date(), curve, None)
        cards = await standings(session, now, rules_of(backend_ctx), recorded=True)
        units = await unit_figures(session, now.date(), curve, now.date())
    assert [row.done for row in rows] == [card.ytd_done for card in cards]
    assert [row.plan for row in rows] == [card.plan_to_date for card in cards]
    assert rows[0].done == 2600 * WAN  # April's report, not March's filed after it
    assert next(u for u in units if u.unit == "北石店镇").done == 2600 * WAN


async def test_a_unit_member_sees_their_unit_and_projects(backend_ctx: JobContext) -> None:
    town = Viewer("王强", sees_all=False, person_id=None, unit_id=1, unit="北石店镇")
    curve = backend_ctx.settings.plan.default_curve
    async with backend_ctx.db.read() as session:
        ids = await visible_ids(session, town)
        if ids is None:
            raise AssertionError("a unit member sees only some projects")
        rows = await lines(session, at(NOW).date(), curve, ids)
        issues = await board(session, town, ids, at(NOW).date())
    assert {row.unit for row in rows} == {"北石店镇"}
    assert all(issue.unit == "北石店镇" for issue in issues)


async def test_rows_match_the_cards_with_own_monthly_plans(digest_ctx: JobContext) -> None:
    # the hand-computed ledger: 序时 on each report's day, one project on its own monthly plan
    now = at("2025-04-29 08:30")
    curve = digest_ctx.settings.plan.default_curve
    async with digest_ctx.db.read() as session:
        rows = await lines(session, now.date(), curve, None)
        cards = await standings(session, now, rules_of(digest_ctx), recorded=True)
    assert [(row.code, row.done, row.plan) for row in rows] == [
        (card.project.code, card.ytd_done, card.plan_to_date) for card in cards
    ]
    assert sum(row.plan for row in rows) == 16_110_000
