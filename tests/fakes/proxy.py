"""A tiny forward HTTP proxy on 127.0.0.1: absolute-form requests and CONNECT tunnels.

It records every target it was asked for, so a test can tell a call went through it; each
connection carries one request (the proxy asks for `Connection: close` upstream), and
upgrades (WebSocket) pass through as a plain byte pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

from aiohttp import web


class ForwardProxy:
    """Forwards to whatever host a request names; `targets` lists them as (method, host:port)."""

    def __init__(self) -> None:
        self.targets: list[tuple[str, str]] = []
        self.url = ""
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> ForwardProxy:
        """Listen on 127.0.0.1, port chosen by the system."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        host, port = self._server.sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        """Stop listening and cut every open tunnel."""
        if self._server is not None:
            self._server.close()
            for task in list(self._pipes):
                task.cancel()
            await asyncio.gather(*self._pipes, return_exceptions=True)
            await self._server.wait_closed()

    def hosts(self) -> set[str]:
        """Every host:port a request was forwarded to."""
        return {target for _, target in self.targets}

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._pipes.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, _, rest = head.partition(b"\r\n")
            method, target, version = request_line.decode().split(" ", 2)
            if method == "CONNECT":
                await self._tunnel(target, reader, writer)
            else:
                await self._forward(method, target, version, rest, reader, writer)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._pipes.discard(task)
            writer.close()

    async def _tunnel(
        self, target: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.targets.append(("CONNECT", target))
        host, _, port = target.rpartition(":")
        up_reader, up_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await _pipe_both(reader, writer, up_reader, up_writer)

    async def _forward(
        self,
        method: str,
        target: str,
        version: str,
        rest: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        url = urlsplit(target)
        netloc = f"{url.hostname}:{url.port or 80}"
        self.targets.append((method, netloc))
        path = url.path or "/"
        if url.query:
            path += "?" + url.query
        headers = [
            line
            for line in rest.split(b"\r\n")
            if line and not line.lower().startswith((b"proxy-", b"connection:"))
        ]
        upgrade = any(line.lower().startswith(b"upgrade:") for line in headers)
        headers.append(b"Connection: upgrade" if upgrade else b"Connection: close")
        up_reader, up_writer = await asyncio.open_connection(url.hostname, url.port or 80)
        up_writer.write(f"{method} {path} {version}\r\n".encode() + b"\r\n".join(headers))
        up_writer.write(b"\r\n\r\n")
        await _pipe_both(reader, writer, up_reader, up_writer)


async def _pipe_both(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader,
    up_writer: asyncio.StreamWriter,
) -> None:
    try:
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
    finally:
        up_writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError):
        writer.write_eof()


class RefusingProxy:
    """A proxy that wants credentials it never accepts: 407 to every request it is sent."""

    def __init__(self) -> None:
        self.requests = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> RefusingProxy:
        """Listen on 127.0.0.1, port chosen by the system."""
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._refuse)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _refuse(self, request: web.Request) -> web.Response:
        self.requests += 1
        return web.Response(
            status=407,
            text="proxy authentication required",
            headers={"Proxy-Authenticate": 'Basic realm="gov"'},
        )
