"""The access log as an office reads it: one line per request, whatever arrives on the socket —
a request line aiohttp refuses (raw UTF-8 bytes in it) is answered 400 and logged as one line,
never as an `Unhandled exception` with a traceback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage

from bot.access_log import PathAccessLogger
from bot.app import create_app
from bot.dashboard.ledger_upload import uploads
from tests.fakes import feishu_peer, wecom_peer
from tests.support.apps import app_settings


@pytest.fixture
async def port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[int]:
    """The real app served as `diaodu serve` serves it, with its access logger (and a WeCom
    and a Feishu bot), in its own data folder."""
    monkeypatch.chdir(tmp_path)
    wecom = {"platform": "wecom", "token": wecom_peer.TOKEN, "encoding_aes_key": wecom_peer.AES_KEY}
    bots = [
        {"name": "wx", "kind": "aibot", **wecom},
        {"name": "fs", **feishu_peer.APP, "verification_token": feishu_peer.TOKEN},
    ]
    app = create_app(app_settings(tmp_path, bots=bots))
    runner = web.AppRunner(app, access_log_class=PathAccessLogger)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server  # the bound port of port 0 is only on the asyncio server
    assert isinstance(server, asyncio.Server)
    yield int(server.sockets[0].getsockname()[1])
    await runner.cleanup()


async def raw_request(port: int, request_line: bytes) -> bytes:
    """Send bytes as they are (no client escapes them) and read the status line; the server
    closes the connection after it has logged the request."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    await writer.drain()
    status = await reader.readline()
    await reader.read()
    writer.close()
    await writer.wait_closed()
    return status


async def test_a_raw_utf8_request_line_is_one_log_line(
    port: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        status = await raw_request(port, "GET /api/projects?unit=北石店镇 HTTP/1.1".encode())
    assert status.split()[1:2] == [b"400"], status
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert [r for r in caplog.records if r.exc_info] == []
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(access) == 1 and '" 400 ' in access[0], access


async def test_a_dashboard_link_token_is_masked(
    port: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        status = await raw_request(port, b"GET /dashboard/l/personal-token-77 HTTP/1.1")
    assert status.startswith(b"HTTP/1.1 "), status
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(access) == 1 and "/dashboard/l/***" in access[0], access
    assert "personal-token-77" not in caplog.text


async def test_a_parse_error_inside_a_handler_is_never_hidden(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The filter drops aiohttp's record of a request line it refused (400), not the same error
    raised by a handler reading a body (a 500 must always show in the log)."""

    async def handler(request: web.Request) -> web.Response:
        raise BadHttpMessage("a part header no parser could read")

    app = web.Application()
    app.router.add_post("/upload", handler)
    runner = web.AppRunner(app, access_log_class=PathAccessLogger)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert isinstance(server, asyncio.Server)
    try:
        with caplog.at_level(logging.INFO):
            status = await raw_request(
                int(server.sockets[0].getsockname()[1]), b"POST /upload HTTP/1.1"
            )
    finally:
        await runner.cleanup()
    assert status.split()[1:2] == [b"500"], status
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and isinstance(errors[0].exc_info[1], BadHttpMessage)  # type: ignore[index]


@pytest.mark.parametrize(
    ("escaped", "shown"),
    [("%0A", "\\n"), ("%0D", "\\r"), ("%09", "\\t"), ("%1B", "\\x1b"), ("%00", "\\x00")],
)
async def test_control_characters_in_a_path_cannot_forge_a_log_line(
    port: int, caplog: pytest.LogCaptureFixture, escaped: str, shown: str
) -> None:
    forged = f"/healthz{escaped}2026-12-01%2006:00:00,000%20ERROR%20forged"
    with caplog.at_level(logging.INFO):
        status = await raw_request(port, f"GET {forged} HTTP/1.1".encode())
    assert status.startswith(b"HTTP/1.1 4"), status
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(access) == 1 and f"/healthz{shown}2026-12-01 06:00:00,000 ERROR forged" in access[0]
    for record in caplog.records:  # the request guard's warning (NUL) as well
        assert record.getMessage().isprintable(), record.getMessage()


BODIES = {
    "/callback/local": "application/json",
    "/callback/feishu/fs": "application/json",
    "/callback/wecom/wx?msg_signature=a&timestamp=1&nonce=1": "application/json",
    "/dashboard/login": "application/x-www-form-urlencoded",
    "/dashboard/import": "multipart/form-data; boundary=XyZ",
}


@pytest.mark.parametrize("target", BODIES, ids=list(BODIES))
async def test_a_client_gone_mid_body_is_one_warning(
    port: int, caplog: pytest.LogCaptureFixture, target: str
) -> None:
    """A client that hangs up before its body has arrived: nobody to answer, so one warning
    and the access line, never an ERROR with a traceback or a 500; no upload is kept."""
    head = (
        f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {BODIES[target]}\r\n"
        "Authorization: Bearer secret-token-0123456789\r\nContent-Length: 1000\r\n\r\n"
    )
    start = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK'
    with caplog.at_level(logging.INFO):
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head.encode() + (start if "import" in target else b'{"a":'))
        await writer.drain()
        await asyncio.sleep(0.2)  # the handler is reading the body now
        writer.close()
        await writer.wait_closed()
        for _ in range(100):
            if any(r.name == "aiohttp.access" for r in caplog.records):
                break
            await asyncio.sleep(0.02)
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(access) == 1 and '" 500 ' not in access[0], access
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "closed the connection" in warnings[0], warnings
    assert [p.name for p in uploads().iterdir() if not p.name.startswith(".")] == []
