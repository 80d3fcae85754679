"""Whether the server can listen where it is told to, asked before anything starts.

`diaodu demo` spends half a minute building its ledger and `serve` starts the scheduler
before aiohttp binds; on a taken port (8080 often is) both printed where to open the page,
ran the due jobs and only then failed. A bind probe first says it at once.
"""

from __future__ import annotations

import errno
import socket

from bot.cli.errors import VerbError

LISTEN_ERRORS = frozenset({errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES})


def check_can_listen(host: str, port: int) -> None:
    """Raise VerbError with the fix when `host:port` cannot be bound (as asyncio would
    bind it: every passive address of the host, SO_REUSEADDR, IPv6 only on IPv6)."""
    if port == 0:  # any free port: nothing to probe
        return
    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        raise VerbError(cannot_listen(host, port, exc)) from exc
    for family, kind, proto, _, address in addresses:
        try:
            probe = socket.socket(family, kind, proto)
        except OSError:  # a family this machine lacks; asyncio skips it too
            continue
        with probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno in LISTEN_ERRORS:
                    raise VerbError(cannot_listen(host, port, exc)) from exc


def cannot_listen(host: str, port: int, exc: OSError) -> str:
    """Why the server cannot listen, and what to change."""
    where = f"{host}:{port}"
    if isinstance(exc, socket.gaierror):
        return (
            f"无法在 {where} 监听：[server] host「{host}」不是有效的地址（如 127.0.0.1 或 0.0.0.0）"
        )
    if exc.errno == errno.EADDRINUSE:
        # `make run` has no config file to edit: the environment variable is the way there
        return (
            f"无法在 {where} 监听：端口 {port} 已被占用（可能已有一个 diaodu serve 在运行）；"
            "请停掉占用它的程序，或换一个端口：配置 [server] port，"
            "或环境变量，如 DIAODU_SERVER__PORT=8081 make run"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"无法在 {where} 监听：{host} 不是本机的地址；请改 [server] host（如 0.0.0.0）"
    if exc.errno == errno.EACCES:
        return f"无法在 {where} 监听：没有权限使用端口 {port}（1024 以下需要特权）；请换一个端口"
    return f"无法在 {where} 监听：{exc.strerror or exc}"
