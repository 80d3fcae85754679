"""Who is looking at the dashboard: a signed personal or group link, the office's token, or
nobody. The link's token is kept in a cookie so the pages link to each other plainly.

A page request carries one of: the cookie set when a link was opened (checked again on every
request, so a revoked link stops working at once), a cookie of the office's login with the
dashboard token, or `Authorization: Bearer <dashboard.token>` (scripts).
"""

from __future__ import annotations

import hmac

from aiohttp import web
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import CLOCK, READERS, SETTINGS
from core.settings import Settings
from core.signed_links import LinkRefused, signing_key, unsign
from storage.repos.dashboard_links import OFFICE, Viewer, viewer_of

COOKIE = "diaodu_dashboard"
OFFICE_COOKIE = "diaodu_office"
OFFICE_SALT = "diaodu-dashboard-office"
CLOSED = "看板未开放：专班办公室尚未设置 dashboard.secret 或 dashboard.token"
NO_LINK = "请私聊机器人发送“/看板”，获取您本人的看板链接后打开"


class Refused(Exception):
    """No view: the status and the Chinese sentence the refusal page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def max_age(settings: Settings) -> int:
    """A link's life in seconds."""
    return settings.dashboard.link_days * 86400


async def link_viewer(request: web.Request, token: str) -> Viewer:
    """The view a link token opens, or Refused (403) saying why."""
    settings = request.app[SETTINGS]
    key = signing_key(settings)
    if key is None:
        raise Refused(403, CLOSED)
    try:
        link_id = unsign(token, key, max_age(settings))
    except LinkRefused as exc:
        raise Refused(403, str(exc)) from exc
    now = request.app[CLOCK].now()

    async def query(session: AsyncSession) -> Viewer | str:
        return await viewer_of(session, link_id, now)

    found = await request.app[READERS].run(query)
    if isinstance(found, str):
        raise Refused(403, found)
    return found


async def viewer(request: web.Request) -> Viewer:
    """Who the request is from; Refused (401 with nothing, 403 with a bad credential)."""
    settings = request.app[SETTINGS]
    header = request.headers.get("Authorization", "")
    if header:
        return _bearer(settings, header)
    if (office := request.cookies.get(OFFICE_COOKIE)) is not None:
        return _office(settings, office)
    token = request.cookies.get(COOKIE)
    if token is None:
        raise Refused(401, NO_LINK)
    return await link_viewer(request, token)


def _bearer(settings: Settings, header: str) -> Viewer:
    token = settings.dashboard.token
    scheme, _, given = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise Refused(401, NO_LINK)
    if token is None or not hmac.compare_digest(
        given.strip().encode(), token.get_secret_value().encode()
    ):
        raise Refused(403, "令牌无效")
    return OFFICE


def office_cookie(settings: Settings) -> str | None:
    """The office's login cookie value (signed), None when no key is configured."""
    key = signing_key(settings)
    return None if key is None else str(URLSafeTimedSerializer(key, OFFICE_SALT).dumps("office"))


def _office(settings: Settings, value: str) -> Viewer:
    key = signing_key(settings)
    if key is None:
        raise Refused(403, CLOSED)
    try:
        URLSafeTimedSerializer(key, OFFICE_SALT).loads(value, max_age=max_age(settings))
    except BadSignature as exc:
        raise Refused(403, "登录已失效，请重新输入看板令牌") from exc
    return OFFICE


def token_matches(settings: Settings, given: str) -> bool:
    """Whether `given` is the dashboard token (constant time)."""
    token = settings.dashboard.token
    return token is not None and hmac.compare_digest(
        given.strip().encode(), token.get_secret_value().encode()
    )
