"""Drive the real app through the local adapter, the way the simulator does."""

from __future__ import annotations

import itertools
from typing import Any

from aiohttp.test_utils import TestClient

_ids = itertools.count(1)


async def send(
    client: TestClient,
    user: str,
    text: str,
    *,
    chat_id: str | None = "owners",
    msg_id: str | None = None,
) -> dict[str, Any]:
    """POST one message to /callback/local and return the JSON answer."""
    body = {"msg_id": msg_id or f"m{next(_ids)}", "chat_id": chat_id, "user_id": user, "text": text}
    response = await client.post("/callback/local", json=body)
    assert response.status == 200, await response.text()
    return await response.json()


async def chat(client: TestClient, user: str, text: str, **kwargs: Any) -> str:
    """Send `text` as `user` (a ledger mobile) and return the bot's replies joined."""
    answer = await send(client, user, text, **kwargs)
    return "\n".join(reply["text"] for reply in answer["replies"])


async def pushes(client: TestClient, chat_id: str) -> list[str]:
    """Texts pushed to a local chat so far."""
    response = await client.get("/local/messages", params={"chat_id": chat_id})
    assert response.status == 200
    return [item["text"] for item in (await response.json())["messages"]]
