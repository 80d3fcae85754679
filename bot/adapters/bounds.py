"""Bounds every inbound parse keeps: body size, JSON nesting, header lengths, timestamps.

Callbacks arrive from anyone on the network before any credential is checked, so each step
that reads them must end in a value or an AdapterError (a 4xx), whatever the bytes are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web

from bot.adapters.errors import AdapterError, PayloadError
from bot.keys import SETTINGS
from bot.too_large import too_large

MAX_BODY = 128 * 1024
"""Largest callback body read; real ones are a few KB (WeCom keeps its own, smaller cap)."""
MAX_JSON_DEPTH = 32
"""Deepest JSON nesting accepted; real payloads nest six levels at most."""
MAX_TIMESTAMP_DIGITS = 16
"""A millisecond timestamp has 13 digits; anything longer is not a time."""
MAX_HEADER = 128
"""Longest signature, nonce or timestamp value accepted (a SHA-256 hex digest is 64)."""

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class BodyTooLargeError(PayloadError):
    """The body is larger than the endpoint accepts; its text is what the client is told."""

    http_status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(too_large(limit))


async def read_body(request: web.Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused with 413 past `limit` bytes (declared or actual)."""
    if request.content_length is not None and request.content_length > limit:
        raise BodyTooLargeError(limit)
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge as exc:  # past the server's limit, lower than ours
        raise BodyTooLargeError(request.app[SETTINGS].server.client_max_size) from exc
    if len(body) > limit:
        raise BodyTooLargeError(limit)
    return body


def check_depth(raw: bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise PayloadError when JSON text nests deeper than `limit` (strings are skipped)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return  # cannot nest deeper than it has brackets: the usual case, decided at once
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        depth += 1 if match.group() in b"[{" else -1
        if depth > limit:
            raise PayloadError(f"JSON nests deeper than {limit} levels")


def json_value(raw: bytes | str, what: str = "body") -> Any:
    """Parse JSON of bounded nesting; PayloadError for anything that is not JSON."""
    data = raw.encode() if isinstance(raw, str) else raw
    check_depth(data)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise PayloadError(f"{what} is not JSON: {one_line(exc)}") from exc


def json_object(raw: bytes | str, what: str = "body") -> dict[str, Any]:
    """Parse a JSON object of bounded nesting; PayloadError otherwise."""
    data = json_value(raw, what)
    if not isinstance(data, dict):
        raise PayloadError(f"{what} is not a JSON object")
    return data


def is_timestamp(value: str, max_digits: int = MAX_TIMESTAMP_DIGITS) -> bool:
    """Whether `value` is 1..max_digits ASCII digits (`²`, `١` and 5,000 digits are not)."""
    return 0 < len(value) <= max_digits and value.isascii() and value.isdigit()


def is_short(value: str, limit: int = MAX_HEADER) -> bool:
    """Whether a header or query value is non-empty and at most `limit` characters."""
    return 0 < len(value) <= limit


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An error as one short log line (pydantic's messages span several)."""
    return " ".join(str(exc).split())[:limit] or type(exc).__name__


@contextmanager
def parsing() -> Iterator[None]:
    """Turn any error a parser did not foresee into a PayloadError (a 400, never a 500)."""
    try:
        yield
    except AdapterError:
        raise
    except Exception as exc:  # whatever the bytes did, the answer is a 400
        raise PayloadError(f"unreadable request ({type(exc).__name__}: {one_line(exc)})") from exc
