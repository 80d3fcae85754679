"""The issues .xlsx as the office reads it: 承办 as the pushes say it, the header kept in
sight while scrolling."""

from __future__ import annotations

from io import BytesIO

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from tests.support.chat import chat, pushes
from tests.support.dashboard import OFFICE
from tests.support.seed import ADMIN


async def test_the_issues_download_names_the_handlers_unit_and_freezes_its_header(
    client: TestClient,
) -> None:
    await chat(client, ADMIN, "/问题 物流园 临时用地手续未办结")
    await chat(client, ADMIN, "/问题 厂房 施工许可未批")
    await chat(client, ADMIN, "/交办 #1 张伟 5个工作日", chat_id="office")
    await chat(client, ADMIN, "/交办 #2 北石店镇 5个工作日", chat_id="office")
    assert "承办：张伟（北石店镇）" in "".join(await pushes(client, "town"))
    response = await client.get("/dashboard/issues?format=xlsx", headers=OFFICE)
    sheet = load_workbook(BytesIO(await response.read())).active
    assert sheet is not None
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    held = {row[0]: row[header.index("承办")] for row in rows}
    assert held == {1: "张伟（北石店镇）", 2: "北石店镇"}  # as the pushes name them
    assert sheet.freeze_panes == "A2"  # the header row stays on screen
