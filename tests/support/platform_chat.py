"""Send a chat message as a platform account (WeCom, DingTalk, Feishu) through the real inbound
path, without the crypto: for the identity rules, which differ from the local simulator's."""

from __future__ import annotations

import itertools

from aiohttp.test_utils import TestClient

from bot.inbound import handle_message
from bot.keys import CLOCK
from core.messages import InboundMessage, PlatformName

_ids = itertools.count(1)


async def as_account(
    client: TestClient,
    user: str,
    text: str,
    *,
    platform: PlatformName = "wecom",
    chat_id: str = "wx-group",
    sender_name: str | None = None,
) -> str:
    """Send `text` as account `user` on `platform`; the replies joined."""
    app = client.app
    msg = InboundMessage(
        platform=platform,
        bot="wx",
        chat_id=chat_id,
        sender_id=user,
        sender_name=sender_name,
        text=text,
        msg_id=f"acct{next(_ids)}",
        received_at=app[CLOCK].now(),
    )
    return "\n".join(answer.text for answer in await handle_message(app, msg))
