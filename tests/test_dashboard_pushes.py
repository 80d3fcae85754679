"""The leaders' pushes end with a dashboard link that opens the whole ledger."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from sqlalchemy import func, select

from core.signed_links import unsign
from domain.budget import fits
from scheduler.context import JobContext
from scheduler.runner import compute
from storage.models import DashboardLink
from storage.repos.dashboard_links import viewer_of
from tests.support.digest_ledger import at
from tests.test_jobs_digest import DIGEST_DAY, JOB

KEY = "secret-token-0123456789"
BASE = "https://kanban.example.gov.cn"


async def _links(ctx: JobContext) -> int:
    async with ctx.db.read() as session:
        return int((await session.execute(select(func.count(DashboardLink.id)))).scalar_one())


def _reachable(ctx: JobContext) -> JobContext:
    """The context with [dashboard] base_url set, as a deployment whose pushes link to it."""
    dashboard = ctx.settings.dashboard.model_copy(update={"base_url": BASE})
    return replace(ctx, settings=ctx.settings.model_copy(update={"dashboard": dashboard}))


async def test_no_link_without_an_address_people_reach(digest_ctx: JobContext) -> None:
    pushes = await compute(digest_ctx, JOB, at(DIGEST_DAY))
    assert all("详见看板" not in push.message.text for push in pushes)


async def test_the_digest_ends_with_a_link_to_everything(digest_ctx: JobContext) -> None:
    digest_ctx = _reachable(digest_ctx)
    pushes = await compute(digest_ctx, JOB, at(DIGEST_DAY))
    leaders = [push for push in pushes if push.group.role == "leaders"]
    assert leaders
    last = leaders[0].message.text.splitlines()[-1]
    assert last.startswith(f"详见看板：{BASE}/dashboard/l/")
    assert fits(leaders[0].message.text, digest_ctx.budget("leaders"))
    async with digest_ctx.db.read() as session:
        viewer = await viewer_of(session, _link_id(last), at(DIGEST_DAY))
    assert not isinstance(viewer, str) and viewer.sees_all
    again = await compute(digest_ctx, JOB, at(DIGEST_DAY))
    assert _link_id(again[0].message.text.splitlines()[-1]) == _link_id(last)  # reused
    assert await _links(digest_ctx) == 1


def _link_id(line: str) -> int:
    token = urlsplit(line.removeprefix("详见看板：")).path.rsplit("/", 1)[-1]
    return unsign(token, KEY, 86400)


async def test_a_dry_run_writes_no_link(digest_ctx: JobContext) -> None:
    dry = replace(_reachable(digest_ctx), dry_run=True)
    pushes = await compute(dry, JOB, at(DIGEST_DAY))
    leaders = [push for push in pushes if push.group.role == "leaders"]
    assert leaders[0].message.text.endswith("详见看板：（正式发送时附上看板链接）")
    assert await _links(digest_ctx) == 0
