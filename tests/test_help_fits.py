"""Every help reply fits a phone message (SPEC §8: ≤ 30 lines, ≤ 900 characters without
@mentions, counted as /work/shared/tools/push-sizes counts), and `/帮助 全部` still names every
command the asker may run."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import DB
from handlers.commands import may_run
from handlers.router import build_router
from storage.models import Person
from tests.support.chat import chat
from tests.support.seed import ADMIN, COLLEAGUE, LEADER, OWNER, STRANGER

ROLES = {"owner": OWNER, "member": COLLEAGUE, "leader": LEADER, "admin": ADMIN}
ROLES_AND_STRANGER = {**ROLES, "stranger": STRANGER}


def _size(text: str) -> tuple[int, int]:
    """Non-empty lines and characters without whitespace or @mentions, as push-sizes counts."""
    bare = re.sub(r"@\S+", "", text)
    lines = sum(1 for line in bare.splitlines() if line.strip())
    return lines, len(re.sub(r"\s+", "", bare))


def _named(text: str, name: str) -> bool:
    """`/name` as a word: /问题 is not named by /问题清单."""
    return re.search(rf"/{re.escape(name)}(?![\w])", text) is not None


async def _person(client: TestClient, mobile: str) -> Person | None:
    async with client.app[DB].read() as session:
        return await session.scalar(select(Person).where(Person.mobile == mobile))


@pytest.mark.parametrize("role", list(ROLES_AND_STRANGER))
async def test_help_all_fits_a_phone_and_names_every_command_one_may_run(
    client: TestClient, role: str
) -> None:
    mobile = ROLES_AND_STRANGER[role]
    text = await chat(client, mobile, "/帮助 全部")
    lines, chars = _size(text)
    assert lines <= 30 and chars <= 900, (role, lines, chars, text)
    person = await _person(client, mobile)
    commands = list({c.name: c for c in build_router().commands.values()}.values())
    for command in commands:
        assert _named(text, command.name) is may_run(command, person), (role, command.name)


@pytest.mark.parametrize("role", list(ROLES_AND_STRANGER))
async def test_every_help_reply_fits_a_phone(client: TestClient, role: str) -> None:
    mobile = ROLES_AND_STRANGER[role]
    names = sorted({c.name for c in build_router().commands.values()})
    for ask in ["/帮助", "/帮助 进度", "/帮助 没有的命令", *(f"/帮助 {n}" for n in names)]:
        lines, chars = _size(await chat(client, mobile, ask))
        assert lines <= 30 and chars <= 900, (role, ask, lines, chars)


async def test_help_all_groups_commands_by_what_they_are_for(client: TestClient) -> None:
    # a hurried reader finds the issue commands together, one short line each, no usage
    # patterns or examples (/帮助 交办 gives those)
    admin = await chat(client, ADMIN, "/帮助 全部")
    issues = admin.split("**问题**")[1].split("**")[0]
    for name in ("问题", "问题清单", "交办", "督办", "进展", "销号", "驳回", "重开"):
        assert _named(issues, name), name
    assert "<#号>" not in admin and "如“" not in admin
    assert "· /交办  把问题交办给单位或个人" in admin
    assert "“/帮助 命令名”看用法和例子" in admin
    # an owner reports: how to comes first, before what he may look up
    owner = await chat(client, OWNER, "/帮助 全部")
    assert owner.index("**填报**") < owner.index("**查看**")
    assert "进度 项目名" in owner and "· /模板" in owner
    assert (await chat(client, LEADER, "/帮助 全部")).index("**查看**") < admin.index("**填报**")


async def test_help_all_says_a_report_is_more_than_figures(client: TestClient) -> None:
    # `下面逐行写数字` left out the 形象进度 and the 存在问题 an owner writes in words
    owner = await chat(client, OWNER, "/帮助 全部")
    line = next(line for line in owner.splitlines() if "进度 项目名" in line)
    assert "形象进度" in line and "存在问题" in line and "数字" not in line
