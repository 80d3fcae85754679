"""The dashboard in tests: a person's /看板 link, and pages read through it or the office token."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient

from tests.support.chat import chat

OFFICE = {"Authorization": "Bearer secret-token-0123456789"}
LINK = re.compile(r"https?://\S+/dashboard/l/\S+")


async def link_of(client: TestClient, mobile: str) -> str:
    """The path of the link `/看板` answers `mobile` with, asked in a 1:1 chat."""
    reply = await chat(client, mobile, "/看板", chat_id=None)
    found = LINK.search(reply)
    assert found, reply
    return urlsplit(found.group(0)).path


async def open_link(client: TestClient, mobile: str) -> None:
    """Open `mobile`'s link in the client, so its cookie carries their view from now on."""
    response = await client.get(await link_of(client, mobile))
    assert response.status == 200, await response.text()
    assert response.url.path == "/dashboard"
