"""WeCom answers that missed their response: to the AI bot's response_url, once."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.adapters.wecom import replies
from bot.failures import describe
from bot.inbound import Addressee, hand_over
from bot.keys import HTTP
from core.messages import OutboundMessage

log = logging.getLogger(__name__)
APP_LATE = "应用消息超过 5 秒未能答复，企业微信不再接受被动回复（主动发送需配置应用 secret）"


async def deliver_late(
    app: web.Application, who: Addressee, answers: list[OutboundMessage]
) -> None:
    """Post a late AI-bot answer to its response_url; otherwise to the chat's group robot."""
    url = str(who.reply_to.get("response_url") or "")
    if not url.startswith(("https://", "http://")):
        await hand_over(app, who, answers, APP_LATE if who.chat_id is None else "没有 response_url")
        return
    try:
        await replies.post_to_response_url(app[HTTP], url, replies.response_url_body(answers))
    except Exception as exc:  # refused, expired, unreachable: the chat's robot takes it
        log.warning("late answer to %s: response_url failed: %s", who.msg_id, describe(exc))
        await hand_over(app, who, answers, f"response_url 发送失败：{describe(exc)}")
