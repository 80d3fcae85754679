"""开工/复工/入统/竣工 declared in a report update the project, clear its lights, are echoed
and audited; corrections and withdrawals take them back (#10)."""

from __future__ import annotations

from datetime import date

from aiohttp.test_utils import TestClient
from sqlalchemy import select, update

from bot.keys import DB
from storage.models import Audit, Milestone, Project
from tests.support.chat import chat
from tests.support.reports import add_report
from tests.support.seed import OWNER


async def _project(client: TestClient, code: str) -> Project:
    async with client.app[DB].read() as session:
        statement = select(Project).where(Project.code == code)
        return (await session.execute(statement)).scalar_one()


async def _declared(client: TestClient) -> list[tuple[str, str | None, str]]:
    async with client.app[DB].read() as session:
        rows = (await session.execute(select(Audit.action, Audit.detail).order_by(Audit.id))).all()
    return [
        (action, detail["what"], detail["to"])
        for action, detail in rows
        if action in ("declare", "revert-declare")
    ]


async def test_resumption_of_a_continuing_project_clears_its_red_light(client: TestClient) -> None:
    card = await chat(client, OWNER, "/项目 污水管网")
    assert "至今未复工" in card
    reply = await chat(client, OWNER, "进度 污水管网\n复工：是\n形象进度：管道铺设")
    assert "复工：已登记 2025年4月24日（本年复工）\n" in reply  # a line of its own
    assert "至今未复工" not in reply
    project = await _project(client, "P004")
    assert project.resumed_on == date(2025, 4, 24)
    assert project.started_on == date(2024, 3, 1)  # the first start stays as it was
    assert await _declared(client) == [("declare", "复工", "2025-04-24")]
    assert "至今未复工" not in await chat(client, OWNER, "/项目 污水管网")


async def test_a_routine_yes_of_a_project_at_work_since_march_is_not_a_resumption_today(
    client: TestClient,
) -> None:
    await add_report(client.app[DB], "P004", OWNER, "2025-03-20 10:00", 300)
    reply = await chat(client, OWNER, "进度 污水管网\n累计完成：500万\n开工：是")
    assert "复工：本年3月起已报投资，已计为复工，未改动" in reply
    assert (await _project(client, "P004")).resumed_on is None  # not 4月24日
    assert await _declared(client) == []

    reply = await chat(client, OWNER, "进度 污水管网\n复工：3月2日")  # a day given is kept
    assert "复工：已登记 2025年3月2日（本年复工）" in reply
    assert (await _project(client, "P004")).resumed_on == date(2025, 3, 2)


async def test_a_start_moves_the_status_and_is_echoed(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 厂房\n开工：4月20日\n形象进度：场地平整")
    assert "开工：已登记 2025年4月20日，项目状态 前期 → 在建" in reply
    project = await _project(client, "P002")
    assert project.status == "在建"
    assert project.started_on == date(2025, 4, 20)
    assert await _declared(client) == [("declare", "开工", "2025-04-20")]


async def test_a_date_the_ledger_already_holds_is_not_overwritten(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 物流园\n入统：2024-05-01")
    assert "入统：台账中入统日期为 2024年4月1日，未改动" in reply
    assert (await _project(client, "P001")).stats_entered_on == date(2024, 4, 1)
    assert await _declared(client) == []


async def test_completion_closes_its_milestone_and_status(client: TestClient) -> None:
    project = await _project(client, "P004")
    async with client.app[DB].write() as session:
        session.add(Milestone(project_id=project.id, name="竣工", due_on=date(2025, 4, 20)))
    assert "节点“竣工”" in await chat(client, OWNER, "/项目 污水管网")
    reply = await chat(client, OWNER, "进度 污水管网\n已竣工\n竣工日期：4月22日")
    assert "竣工：已登记 2025年4月22日，项目状态 在建 → 已竣工" in reply
    assert "节点“竣工”" not in reply
    project = await _project(client, "P004")
    assert (project.status, project.completed_on) == ("已竣工", date(2025, 4, 22))
    async with client.app[DB].read() as session:
        milestone = (
            await session.execute(select(Milestone).where(Milestone.name == "竣工"))
        ).scalar_one()
    assert milestone.done_on == date(2025, 4, 22)


async def test_a_correction_replaces_and_a_withdrawal_undoes_a_declaration(
    client: TestClient,
) -> None:
    await chat(client, OWNER, "进度 厂房\n开工：4月20日")
    reply = await chat(client, OWNER, "进度 厂房\n开工：4月21日")
    assert "开工：已登记 2025年4月21日" in reply
    project = await _project(client, "P002")
    assert (project.started_on, project.status) == (date(2025, 4, 21), "在建")
    reply = await chat(client, OWNER, "/撤回")
    assert "开工：已登记 2025年4月20日" in reply  # the earlier report counts again
    assert (await _project(client, "P002")).started_on == date(2025, 4, 20)
    await chat(client, OWNER, "/撤回")
    project = await _project(client, "P002")
    assert (project.started_on, project.status) == (None, "前期")
    actions = [(a, w) for a, w, _ in await _declared(client)]
    assert actions == [
        ("declare", "开工"),
        ("revert-declare", "开工"),
        ("declare", "开工"),
        ("revert-declare", "开工"),
        ("declare", "开工"),
        ("revert-declare", "开工"),
    ]


async def test_not_started_changes_nothing(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 厂房\n开工：否，计划5月10日开工")
    assert "已收到" in reply
    assert "已登记" not in reply
    project = await _project(client, "P002")
    assert (project.started_on, project.status) == (None, "前期")
    assert await _declared(client) == []


async def _milestone_done(client: TestClient, code: str, name: str) -> date | None:
    async with client.app[DB].read() as session:
        statement = (
            select(Milestone.done_on)
            .join(Project, Project.id == Milestone.project_id)
            .where(Project.code == code, Milestone.name == name)
        )
        return (await session.execute(statement)).scalar_one()


async def test_a_corrected_start_date_moves_the_start_milestone_with_it(
    client: TestClient,
) -> None:
    project = await _project(client, "P002")  # 厂房, 前期
    async with client.app[DB].write() as session:
        session.add(Milestone(project_id=project.id, name="开工", due_on=date(2025, 5, 1)))
    await chat(client, OWNER, "进度 厂房\n开工：已开工")  # today, 4月24日
    assert await _milestone_done(client, "P002", "开工") == date(2025, 4, 24)
    reply = await chat(client, OWNER, "进度 厂房\n开工：4月20日")
    assert "更正" in reply
    assert (await _project(client, "P002")).started_on == date(2025, 4, 20)
    assert await _milestone_done(client, "P002", "开工") == date(2025, 4, 20)
    await chat(client, OWNER, "/撤回")  # back to the first report: started on the 24th
    assert (await _project(client, "P002")).started_on == date(2025, 4, 24)
    assert await _milestone_done(client, "P002", "开工") == date(2025, 4, 24)


async def test_completion_said_the_way_owners_write_it_is_declared(client: TestClient) -> None:
    reply = await chat(client, OWNER, "进度 污水管网\n形象进度：主体已竣工，附属施工")
    assert "竣工：已登记" not in reply  # a part of it finished, not the project
    assert (await _project(client, "P004")).status == "在建"
    reply = await chat(client, OWNER, "进度 污水管网\n已于4月22日竣工验收")
    assert "竣工：已登记 2025年4月22日，项目状态 在建 → 已竣工" in reply
    project = await _project(client, "P004")
    assert (project.status, project.completed_on) == ("已竣工", date(2025, 4, 22))


async def test_a_progress_of_completed_says_how_to_declare_it(client: TestClient) -> None:
    # the text describes, it does not declare (/模板 brings it back every week)
    reply = await chat(client, OWNER, "进度 污水管网\n本月完成：0\n形象进度：已竣工")
    assert "竣工：已登记" not in reply
    assert "👉 如项目已整体竣工，请加一行“已竣工：实际竣工日期”登记" in reply
    assert (await _project(client, "P004")).status == "在建"
    reply = await chat(client, OWNER, "进度 污水管网\n形象进度：已竣工\n已竣工：4月22日")
    assert "竣工：已登记 2025年4月22日" in reply and "👉" not in reply
    reply = await chat(client, OWNER, "进度 污水管网\n形象进度：已竣工")  # next week's, as sent
    assert "👉" not in reply and "竣工：" not in reply


async def test_a_dated_line_in_a_plan_is_the_plans_text(client: TestClient) -> None:
    text = "进度 污水管网\n下步计划：\n1、完成室外配套\n2、4月30日竣工\n3、12月26日已竣工验收"
    reply = await chat(client, OWNER, text)
    assert "✅" in reply and "竣工：" not in reply
    assert (await _project(client, "P004")).status == "在建"


async def test_a_month_alone_declares_as_the_ledger_reads_one(client: TestClient) -> None:
    # 入统 goes by month: `已入统：2025年3月` was refused in chat while the ledger takes it
    async with client.app[DB].write() as session:
        await session.execute(
            update(Project).where(Project.code == "P002").values(stats_entered_on=None)
        )
    reply = await chat(client, OWNER, "进度 厂房\n开工：3月2日\n已入统：2025年3月")
    assert "入统：已登记 2025年3月31日" in reply, reply  # a month's last day, as imported
    assert (await _project(client, "P002")).stats_entered_on == date(2025, 3, 31)
    # this month: today, its end is still to come
    reply = await chat(client, OWNER, "进度 厂房\n入统：4月份")
    assert (await _project(client, "P002")).stats_entered_on == date(2025, 4, 24), reply
    refused = await chat(client, OWNER, "进度 厂房\n入统：2025年6月")
    assert "“2025年6月”还没到" in refused and "未记录" in refused
    assert (await _project(client, "P002")).stats_entered_on == date(2025, 4, 24)
