"""`/callback/{platform}/{bot}`: find the configured bot and hand over to its adapter."""

from __future__ import annotations

from aiohttp import web

from bot.adapters.base import Callback
from bot.keys import SETTINGS
from core.settings import BotSettings


def view_for(bot: BotSettings) -> Callback | None:
    """The adapter view serving this bot's callbacks (None for a platform without one)."""
    if bot.mode != "callback":
        return None
    if bot.platform == "wecom":
        from bot.adapters import wecom

        return wecom.CALLBACKS.get(bot.kind)
    if bot.platform == "dingtalk":
        from bot.adapters import dingtalk

        return dingtalk.CALLBACK
    if bot.platform == "feishu":
        from bot.adapters import feishu

        return feishu.CALLBACK
    return None


async def callback(request: web.Request) -> web.StreamResponse:
    """Route a platform callback to the bot of that platform and name; unknown bot → 404."""
    platform, name = request.match_info["platform"], request.match_info["bot"]
    settings = request.app[SETTINGS]
    bot = next((b for b in settings.bots if b.platform == platform and b.name == name), None)
    view = view_for(bot) if bot is not None else None
    if bot is None or view is None:
        return web.json_response({"error": f"没有名为 {platform}/{name} 的机器人"}, status=404)
    return await view(request, bot)


def add_routes(app: web.Application) -> None:
    """Register the platform callback route (GET for URL verification, POST for messages)."""
    app.router.add_route("*", "/callback/{platform}/{bot}", callback)
