"""A project named as owners copy or type it in a hurry: its name in the quotes or brackets of
a notice (`/项目 「城区智慧物流园」`), its ledger code without hyphens or spaced out (`进度
20241405024402011404`), found as the plain name or code is, on SQLite (from the ledger in
memory) and PostgreSQL (SQL)."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from storage.models import Project, Report
from tests.support.chat import chat
from tests.support.seed import OWNER, add_project

CODE = "2024-140502-44-02-011404"
NAME = "城东再生水厂提标改造"
FIGURES = "\n本月完成：100万\n累计完成：1500万\n形象进度：设备安装"
QUOTED = [
    '"城区智慧物流园"',
    "“城区智慧物流园”",
    "「城区智慧物流园」",
    "《城区智慧物流园》",
    "‘物流园’",
]
CODES = [
    "20241405024402011404",
    "2024 140502 44 02 011404",
    "２０２４１４０５０２４４０２０１１４０４",
    "２０２４－１４０５０２－４４－０２－０１１４０４",
    "“20241405024402011404”",
    CODE.replace("-", "–"),
]


async def _reported(client: TestClient) -> list[str]:
    """The names of the projects the stored reports are for, in order."""
    async with client.app[DB].read() as session:
        statement = select(Project.name).join(Report, Report.project_id == Project.id)
        return list((await session.execute(statement.order_by(Report.id))).scalars())


@pytest.fixture
async def coded(backend: TestClient) -> TestClient:
    """The seed ledger and 张伟's project under a real ledger code."""
    await add_project(backend.app[DB], CODE, NAME, beside="P001", owner=OWNER)
    return backend


@pytest.mark.parametrize("ref", QUOTED)
async def test_a_name_in_quotes_or_brackets_is_looked_up_as_the_name(
    backend: TestClient, ref: str
) -> None:
    reply = await chat(backend, OWNER, f"/项目 {ref}")
    assert reply == await chat(backend, OWNER, f"/项目 {ref[1:-1]}")
    assert "城区智慧物流园" in reply


@pytest.mark.parametrize("ref", QUOTED)
async def test_a_name_in_quotes_or_brackets_is_reported_as_the_name(
    backend: TestClient, ref: str
) -> None:
    assert "已收到“城区智慧物流园”" in await chat(backend, OWNER, f"进度 {ref}{FIGURES}")
    assert await _reported(backend) == ["城区智慧物流园"]


@pytest.mark.parametrize("ref", CODES)
async def test_a_code_without_hyphens_or_spaced_is_reported_as_the_code(
    coded: TestClient, ref: str
) -> None:
    assert f"已收到“{NAME}”" in await chat(coded, OWNER, f"进度 {ref}{FIGURES}")
    assert await _reported(coded) == [NAME]


@pytest.mark.parametrize("ref", CODES)
async def test_a_code_without_hyphens_or_spaced_is_looked_up_as_the_code(
    coded: TestClient, ref: str
) -> None:
    reply = await chat(coded, OWNER, f"/项目 {ref}")
    assert reply == await chat(coded, OWNER, f"/项目 {CODE}")
    assert NAME in reply


@pytest.mark.parametrize("ref", ["2024140502440", "20241405024402011405", "2024 140502"])
async def test_a_number_that_is_not_a_whole_code_names_no_project(
    coded: TestClient, ref: str
) -> None:
    reply = await chat(coded, OWNER, f"进度 {ref}{FIGURES}")
    assert f"台账中没有找到“{ref}”" in reply
    assert await _reported(coded) == []


# names with quotes of their own, each beside one that holds it (a quote stripped off either
# end made the full name part of both: 对应多个项目)
QUOTING = [
    ("城区道路“白改黑”", "城区道路“白改黑”", "城区道路“白改黑”二期"),
    ("“四好农村路”示范段", "“四好农村路”示范段", "“四好农村路”示范段二期"),
    ("「城区道路“白改黑”」", "城区道路“白改黑”", "城区道路“白改黑”二期"),
    ("“城区道路“白改黑””", "城区道路“白改黑”", "城区道路“白改黑”二期"),
]


@pytest.fixture
async def quoting(backend: TestClient) -> TestClient:
    """The seed ledger and 张伟's projects whose names hold quotes, P011 beside P012."""
    for code, name in (("P011", "城区道路“白改黑”"), ("P012", "城区道路“白改黑”二期")):
        await add_project(backend.app[DB], code, name, beside="P001", owner=OWNER)
    for code, name in (("P013", "“四好农村路”示范段"), ("P014", "“四好农村路”示范段二期")):
        await add_project(backend.app[DB], code, name, beside="P001", owner=OWNER)
    return backend


@pytest.mark.parametrize(("ref", "name", "beside"), QUOTING)
async def test_a_name_with_quotes_of_its_own_is_that_project(
    quoting: TestClient, ref: str, name: str, beside: str
) -> None:
    card = await chat(quoting, OWNER, f"/项目 {ref}")
    assert card.startswith(f"**{name}**（") and "对应多个项目" not in card
    assert f"已收到“{name}”" in await chat(quoting, OWNER, f"进度 {ref}{FIGURES}")
    assert await _reported(quoting) == [name]


# a quote or bracket typed at one end only, by mistake: the name without it
STRAY = ["物流园」", "「物流园", "物流园’", "“物流园", "物流园》", "【物流园", '物流园"']


@pytest.mark.parametrize("ref", STRAY)
async def test_a_stray_quote_at_one_end_is_left_out(backend: TestClient, ref: str) -> None:
    assert await chat(backend, OWNER, f"/项目 {ref}") == await chat(backend, OWNER, "/项目 物流园")
    assert "已收到“城区智慧物流园”" in await chat(backend, OWNER, f"进度 {ref}{FIGURES}")
    assert await _reported(backend) == ["城区智慧物流园"]


# quotes typed twice at each end, as some phone keyboards pair them: the name inside
DOUBLED = ['""物流园""', "''物流园''", '""城区智慧物流园""', "＂＂物流园＂＂", '"""物流园"""']


@pytest.mark.parametrize("ref", DOUBLED)
async def test_a_name_in_doubled_quotes_is_looked_up_as_the_name(
    backend: TestClient, ref: str
) -> None:
    # they were read as part of the name: 台账中没有找到“""物流园""”
    reply = await chat(backend, OWNER, f"/项目 {ref}")
    assert reply.startswith("**城区智慧物流园**（P001）"), reply
    assert "已收到“城区智慧物流园”" in await chat(backend, OWNER, f"进度 {ref}{FIGURES}")
    assert await _reported(backend) == ["城区智慧物流园"]


@pytest.mark.parametrize("ref", ["「火星产业园」", "《火星产业园》", "“火星产业园"])
async def test_a_name_not_found_is_quoted_without_its_brackets(
    backend: TestClient, ref: str
) -> None:
    for typed in (f"/项目 {ref}", f"进度 {ref}{FIGURES}"):
        reply = await chat(backend, OWNER, typed)
        assert "台账中没有找到“火星产业园”" in reply, reply
    assert await _reported(backend) == []


async def test_a_card_chosen_by_a_quoted_short_name_tells_the_others_holding_it(
    backend: TestClient,
) -> None:
    await add_project(backend.app[DB], "P006", "城区智慧物流园二期", beside="P001")
    card = await chat(backend, OWNER, "/项目 「物流园」")
    assert card.startswith("**城区智慧物流园**（P001）")
    assert "名称含“物流园”的还有：城区智慧物流园二期；查看请发送全称。" in card


# a ledger code written with another dash than `-`, and the ways it is typed
DASHED = [CODE.replace("-", dash) for dash in ("—", "－", "–", "‐")]
TYPED = [CODE, "20241405024402011404", "2024 140502 44 02 011404", CODE.replace("-", "–")]


@pytest.mark.parametrize("stored", DASHED)
@pytest.mark.parametrize("ref", TYPED)
async def test_a_code_stored_with_any_dash_is_found_however_typed(
    backend: TestClient, stored: str, ref: str
) -> None:
    await add_project(backend.app[DB], stored, NAME, beside="P001", owner=OWNER)
    card = await chat(backend, OWNER, f"/项目 {ref}")
    assert card.startswith(f"**{NAME}**（{stored}）")
    assert f"已收到“{NAME}”" in await chat(backend, OWNER, f"进度 {ref}{FIGURES}")
    assert await _reported(backend) == [NAME]
