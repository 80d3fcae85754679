"""/问题清单 without a filter, asked by an owner, lists the issues handed to their unit too."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.support.chat import chat
from tests.support.seed import ADMIN, OWNER, OWNER2


async def test_an_issue_handed_to_the_askers_unit_is_listed(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")  # 北石店镇's project
    await chat(client, ADMIN, "/交办 #1 西街街道 4月30日", chat_id="office")
    listed = await chat(client, OWNER2, "/问题清单")  # 李娜, 西街街道: owns another project
    assert "#1 城区智慧物流园：临时用地手续未办结（已交办，西街街道，期限 4月30日）" in listed


async def test_an_issue_handed_to_a_named_colleague_is_theirs_alone(client: TestClient) -> None:
    await chat(client, OWNER, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/交办 #1 王强 4月30日", chat_id="office")  # 王强, 北石店镇
    await chat(client, OWNER2, "/问题 老旧小区 施工许可未办")  # 李娜's own
    listed = await chat(client, OWNER2, "/问题清单")
    assert "#2 西街老旧小区改造" in listed
    assert "#1" not in listed
