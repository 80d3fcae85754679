"""Reading a form a browser posted: whatever malformed bytes make aiohttp's form and multipart
parsers raise (broken UTF-8, a missing or wrong boundary, a body cut short, a bad part header)
is one error the page answers with 400, never a 500 with a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from bot.adapters.bounds import one_line

log = logging.getLogger(__name__)


class UnreadableForm(Exception):
    """The body is not the form its Content-Type says it is."""


@contextmanager
def reading(what: str, *passing: type[Exception]) -> Iterator[None]:
    """Turn a parse error of the form `what` into UnreadableForm. OSError (the client gone, a
    full disk), an HTTP error aiohttp raises (413) and the caller's own `passing` errors pass."""
    kept: tuple[type[Exception], ...] = (OSError, web.HTTPException, *passing)
    try:
        yield
    except kept:
        raise
    except Exception as exc:  # the parsers raise half a dozen kinds for bytes they cannot read
        log.warning("%s: unreadable form (%s)", what, one_line(exc))
        raise UnreadableForm(one_line(exc)) from exc
