"""The writer answers chat's ledger lookups from memory: never with a ledger that changed since.

Each test first has a report answered (so the writer holds the ledger in memory), then changes
the ledger, in another connection (as an import from the CLI does) or in the writer itself (a
chat command, a job run there), and checks the next message sees the change.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import DB, WRITER
from storage.models import Person, Project, ProjectOwner, ProjectPlan
from storage.repos import projects
from tests.support.apps import bind
from tests.support.chat import chat
from tests.support.platform_chat import as_account
from tests.support.seed import ADMIN, COLLEAGUE, OWNER, OWNER2, STRANGER

REPORT = "进度 {ref}\n本月完成：100万\n累计完成：{wan}万\n形象进度：按计划推进"
NAMED_YEAR = "进度 {ref}\n年度：2025\n累计完成：{wan}万"
Change = Callable[[AsyncSession], Awaitable[object]]
_figures = itertools.count(3500, 10)


def report(ref: str) -> str:
    """A weekly report on `ref`, its year-to-date figure higher than any before."""
    return REPORT.format(ref=ref, wan=next(_figures))


async def _elsewhere(client: TestClient, change: Change) -> None:
    """Commit `change` through the web process's own connection, not the writer's."""
    async with client.app[DB].write() as session:
        await change(session)


async def _in_writer(client: TestClient, change: Change) -> None:
    """Commit `change` as a job of the writer, on the connection that answers chat."""
    await client.app[WRITER].run(change)


def _named(code: str, name: str) -> Change:
    statement = update(Project).where(Project.code == code).values(name=name)
    return lambda session: session.execute(statement)


def _no_plan(code: str) -> Change:
    project = select(Project.id).where(Project.code == code).scalar_subquery()
    statement = delete(ProjectPlan).where(ProjectPlan.project_id == project)
    return lambda session: session.execute(statement)


async def test_a_person_entered_in_another_connection_may_report_at_once(
    client: TestClient,
) -> None:
    assert "已收到" in await chat(client, OWNER, report("物流园"))
    assert "没有在项目台账的人员名单中登记" in await chat(client, STRANGER, report("物流园"))

    async def enter(session: AsyncSession) -> None:
        person = Person(name="孙丽", mobile=STRANGER)
        session.add(person)
        await session.flush()
        project = (
            await session.execute(select(Project).where(Project.code == "P001"))
        ).scalar_one()
        session.add(ProjectOwner(project_id=project.id, person_id=person.id))

    await _elsewhere(client, enter)
    assert "已收到“城区智慧物流园”" in await chat(client, STRANGER, report("物流园"))


async def test_a_person_made_inactive_in_another_connection_is_a_stranger_at_once(
    client: TestClient,
) -> None:
    assert "已收到" in await chat(client, OWNER, report("物流园"))
    statement = update(Person).where(Person.mobile == OWNER).values(active=False)
    await _elsewhere(client, lambda session: session.execute(statement))
    assert "没有在项目台账的人员名单中登记" in await chat(client, OWNER, report("物流园"))


async def test_a_project_renamed_elsewhere_or_in_the_writer_goes_by_its_new_name(
    client: TestClient,
) -> None:
    for change in (_elsewhere, _in_writer):
        assert "已收到" in await chat(client, OWNER, report("城区智慧物流园"))
        await change(client, _named("P001", "城区智慧物流港"))
        assert "已收到“城区智慧物流港”" in await chat(client, OWNER, report("智慧物流港"))
        assert "已收到" not in await chat(client, OWNER, report("城区智慧物流园"))
        await change(client, _named("P001", "城区智慧物流园"))


async def test_a_plan_removed_elsewhere_or_in_the_writer_is_gone_at_once(
    client: TestClient,
) -> None:
    for change, ref, code in ((_elsewhere, "物流园", "P001"), (_in_writer, "厂房", "P002")):
        assert "已收到" in await chat(client, OWNER, NAMED_YEAR.format(ref=ref, wan=next(_figures)))
        await change(client, _no_plan(code))
        reply = await chat(client, OWNER, NAMED_YEAR.format(ref=ref, wan=next(_figures)))
        assert "没有2025年的年度计划" in reply


async def test_a_change_the_writer_rolled_back_is_never_seen(client: TestClient) -> None:
    assert "已收到" in await chat(client, OWNER, report("城区智慧物流园"))

    async def rename_then_fail(session: AsyncSession) -> None:
        await _named("P001", "城区智慧物流港")(session)
        # this transaction sees its own change (SQL does), and the writer must not keep it
        assert (await projects.resolve(session, "城区智慧物流港")).project is not None
        raise RuntimeError("the job fails after changing the ledger")

    with pytest.raises(RuntimeError):
        await _in_writer(client, rename_then_fail)
    assert "已收到“城区智慧物流园”" in await chat(client, OWNER, report("城区智慧物流园"))
    assert "已收到" not in await chat(client, OWNER, report("城区智慧物流港"))


async def test_a_stand_in_named_by_chat_may_report_at_once(client: TestClient) -> None:
    assert "不能填报" in await chat(client, COLLEAGUE, report("老旧小区"))
    assert "王强" in await chat(client, OWNER2, "/请假 4月24日-4月25日 王强")
    assert "已收到“西街老旧小区改造”" in await chat(client, COLLEAGUE, report("老旧小区"))


async def test_an_account_bound_or_unbound_by_chat_counts_at_once(client: TestClient) -> None:
    assert "/绑定" in await as_account(client, "zw-wecom", report("物流园"))
    assert "张伟" in await as_account(client, "zw-wecom", f"/绑定 {OWNER}")
    assert "已收到“城区智慧物流园”" in await as_account(client, "zw-wecom", report("物流园"))
    await bind(client.app, ADMIN, "admin-wecom", "wecom")
    assert "张伟" in await as_account(client, "admin-wecom", f"/解绑 {OWNER}")
    assert "/绑定" in await as_account(client, "zw-wecom", report("物流园"))
