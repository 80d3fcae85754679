"""Ways into the dashboard: opening a link (kept in a cookie), the office's token login,
logging out; each answers with a redirect or a page saying why not."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from bot.dashboard import access
from bot.dashboard.forms import UnreadableForm, reading
from bot.dashboard.pages import refusal
from bot.keys import RENDERER, SETTINGS
from core.signed_links import LEADER
from domain.dates import month_start

MAX_NAME = 50  # longer is no one's name: such a link opens the overview


async def enter(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/l/{token}`: open a link, keep it in a cookie, go to the overview (or
    the page its query names: a month's download, a leader's projects)."""
    token = request.match_info["token"]
    try:
        await access.link_viewer(request, token)
    except access.Refused as refused:
        return await refusal(request, refused.status, refused.message)
    target = "/dashboard?screen=1" if request.query.get("screen") == "1" else "/dashboard"
    # `/月报表` sends a link that leads on to the month's download (a month, never a path)
    monthly = month_start(request.query.get("monthly", ""))
    if monthly is not None:
        target = f"/dashboard/monthly?month={monthly:%Y-%m}"
    # the weekly 包联 push links each leader to their projects: the list's own filter, which
    # checks the name (a name, never a path)
    leader = request.query.get(LEADER, "").strip()
    if leader and len(leader) <= MAX_NAME:
        target = f"/dashboard/projects?{urlencode({LEADER: leader})}"
    response = web.HTTPSeeOther(target)
    days = request.app[SETTINGS].dashboard.link_days
    response.set_cookie(
        access.COOKIE, token, max_age=days * 86400, path="/dashboard", httponly=True,
        samesite="Lax",
    )  # fmt: skip
    response.del_cookie(access.OFFICE_COOKIE, path="/dashboard")
    raise response


async def login_form(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/login`: the office types the dashboard token."""
    html = request.app[RENDERER].page("dashboard/login", {"title": "看板登录", "screen": False,
                                                          "problem": None})  # fmt: skip
    return web.Response(text=html, content_type="text/html")


async def login(request: web.Request) -> web.StreamResponse:
    """`POST /dashboard/login`: the right token opens everything for the office."""
    try:
        with reading("dashboard login"):
            form = await request.post()
    except UnreadableForm:
        return _login_page(request, "登录表单无法读取，请刷新页面后重新输入令牌", 400)
    given = str(form.get("token", ""))[:200]
    settings = request.app[SETTINGS]
    cookie = access.office_cookie(settings)
    if cookie is None or not access.token_matches(settings, given):
        return _login_page(request, "令牌不对，请核对后重试", 403)
    response = web.HTTPSeeOther("/dashboard")
    max_age = settings.dashboard.link_days * 86400
    response.set_cookie(
        access.OFFICE_COOKIE, cookie, max_age=max_age, path="/dashboard", httponly=True,
        samesite="Strict",
    )  # fmt: skip
    raise response


def _login_page(request: web.Request, problem: str, status: int) -> web.Response:
    data = {"title": "看板登录", "screen": False, "problem": problem}
    html = request.app[RENDERER].page("dashboard/login", data)
    return web.Response(text=html, status=status, content_type="text/html")


async def logout(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/logout`: forget the link and the office login in this browser."""
    response = web.HTTPSeeOther("/dashboard/login")
    response.del_cookie(access.COOKIE, path="/dashboard")
    response.del_cookie(access.OFFICE_COOKIE, path="/dashboard")
    raise response


async def slash(request: web.Request) -> web.StreamResponse:
    """`GET /dashboard/` (as people type it): the overview."""
    raise web.HTTPMovedPermanently("/dashboard")
