"""The last guard on the logs: every configured secret is written as *** whatever logs it.

Code names failures without their URLs and headers (bot.failures); this filter catches what
slips through anyway (a library's message, a traceback): tokens and keys of the settings, the
robots' webhook keys, the passwords of the proxy and the database, and the proxy's
Proxy-Authorization value.
"""

from __future__ import annotations

import base64
import logging
import re
from urllib.parse import parse_qsl, quote_plus, unquote, urlsplit

from pydantic import BaseModel, SecretStr
from sqlalchemy.engine import make_url

from core.settings import Settings

MASK = "***"
SHORTEST = 6
"""Shorter values (a port, a word) would mask innocent text; real secrets are far longer."""


def secrets_of(settings: Settings) -> set[str]:
    """Every value in `settings` that must not reach a log, in the forms it could appear in."""
    found: set[str] = set()
    _walk(settings, found)
    for group in settings.groups:
        found |= _webhook_keys(group.webhook or "")
    if settings.server.proxy:
        found |= _credentials(settings.server.proxy)
    found |= _credentials_of_database(settings.database.url)
    found |= {quote_plus(value) for value in found}
    return {value for value in found if len(value) >= SHORTEST}


def _walk(value: object, found: set[str]) -> None:
    if isinstance(value, SecretStr):
        found.add(value.get_secret_value())
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk(getattr(value, name), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, found)


def _webhook_keys(webhook: str) -> set[str]:
    parts = urlsplit(webhook)
    if not parts.scheme:
        return {webhook}  # a bare key or token
    keys = {value for name, value in parse_qsl(parts.query) if name in ("key", "access_token")}
    if "/hook/" in parts.path:  # Feishu: the hook id is the path's last part
        keys.add(parts.path.rsplit("/", 1)[-1])
    return keys


def _credentials(url: str) -> set[str]:
    parts = urlsplit(url)
    if not parts.password:
        return set()
    user, password = unquote(parts.username or ""), unquote(parts.password)
    basic = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {password, parts.password, basic}


def _credentials_of_database(url: str) -> set[str]:
    try:
        password = make_url(url).password
    except ValueError:
        return set()
    return {str(password)} if password else set()


class Redact(logging.Filter):
    """Masks the given secrets in a record's message and its traceback."""

    def __init__(self, secrets: set[str]) -> None:
        super().__init__()
        longest_first = sorted(secrets, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, longest_first))) if secrets else None

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record with the secrets masked; never drops it."""
        if self._pattern is None:
            return True
        message = record.getMessage()
        masked = self._pattern.sub(MASK, message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._pattern.sub(MASK, record.exc_text)
        return True


def install(settings: Settings, logger: logging.Logger | None = None) -> None:
    """Put the filter on every handler of `logger` (the root logger by default)."""
    target = logger or logging.getLogger()
    redact = Redact(secrets_of(settings))
    for handler in target.handlers:
        for old in [f for f in handler.filters if isinstance(f, Redact)]:
            handler.removeFilter(old)
        handler.addFilter(redact)
