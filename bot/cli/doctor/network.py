"""The way out: the proxy outbound calls take, and each platform host reached through it.

Every call goes through the app's own session (`bot.http.open_session`), so the doctor sees
exactly what `serve` will: `[server] proxy`, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
"""

from __future__ import annotations

import asyncio
import urllib.request
from urllib.parse import urlsplit

from aiohttp import ClientConnectorError, ClientError, ClientResponseError, ClientSession
from yarl import URL

from bot.cli.doctor.report import Finding, failed, passed
from core.settings import Settings

CONNECT_SECONDS = 5.0
PROXY_FIX = "请检查 [server] proxy（或环境变量 HTTPS_PROXY）的地址和端口，以及代理是否在运行"


def proxy_for(settings: Settings, origin: str) -> str | None:
    """The proxy a call to `origin` goes through, or None for a direct connection."""
    if settings.server.proxy:
        return settings.server.proxy
    host = urlsplit(origin).hostname or ""
    if urllib.request.proxy_bypass(host):
        return None
    return urllib.request.getproxies().get(urlsplit(origin).scheme)


def shown(proxy: str) -> str:
    """A proxy URL fit to print: any password hidden."""
    url = URL(proxy)
    return str(url.with_password("***")) if url.password else str(url)


async def proxies(settings: Settings, origins: list[str]) -> list[Finding]:
    """One line per proxy in use: whether it accepts connections at all."""
    used = sorted({p for origin in origins if (p := proxy_for(settings, origin))})
    if not used:
        return [passed("出网方式：直连（未设置代理）")] if origins else []
    return [await _proxy_open(proxy) for proxy in used]


async def _proxy_open(proxy: str) -> Finding:
    parts = urlsplit(proxy)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        async with asyncio.timeout(CONNECT_SECONDS):
            _, writer = await asyncio.open_connection(parts.hostname, port)
        writer.close()
    except (OSError, TimeoutError) as exc:
        return failed(f"出网代理 {shown(proxy)} 无法连接（{_why(exc)}）", PROXY_FIX)
    return passed(f"出网代理 {shown(proxy)} 可连接")


async def reachable(http: ClientSession, settings: Settings, origin: str) -> Finding:
    """Whether `origin` answers at all (any HTTP status will do) by the way calls go out."""
    host = urlsplit(origin).netloc
    way = f"经代理 {shown(p)} " if (p := proxy_for(settings, origin)) else "直连"
    try:
        async with http.get(origin + "/", allow_redirects=False) as response:
            await response.read()
    except ClientResponseError as exc:  # the proxy refused to forward (CONNECT answered 4xx/5xx)
        return failed(
            f"平台地址 {host}：代理拒绝转发（HTTP {exc.status}）",
            f"请让网络管理员在代理上放行 {host}",
        )
    except (ClientConnectorError, ClientError, TimeoutError, OSError) as exc:
        fix = PROXY_FIX if p else f"请检查本机能否访问 {host}（防火墙、DNS），或设置 [server] proxy"
        return failed(f"平台地址 {host}：{way}无法访问（{_why(exc)}）", fix)
    return passed(f"平台地址 {host}：{way}可访问")


def _why(exc: BaseException) -> str:
    """A failure named without its URL or headers (they may carry keys and proxy passwords)."""
    if isinstance(exc, TimeoutError):
        return "超时"
    if isinstance(exc, ConnectionRefusedError) or isinstance(
        getattr(exc, "os_error", None), ConnectionRefusedError
    ):
        return "连接被拒绝"
    return type(exc).__name__
