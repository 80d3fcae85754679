"""WeCom answers that missed their response: to the AI bot's response_url, once."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.adapters.wecom import replies
from bot.inbound import Addressee
from core.messages import OutboundMessage

log = logging.getLogger(__name__)


async def deliver_late(
    app: web.Application, who: Addressee, answers: list[OutboundMessage]
) -> None:
    """Post a late AI-bot answer to its response_url; an app's late answer stays stored."""
    url = str(who.reply_to.get("response_url") or "")
    if not url.startswith(("https://", "http://")):
        log.warning("late answer to %s kept, not delivered: no usable response_url", who.msg_id)
        return
    await replies.post_to_response_url(url, answers)
