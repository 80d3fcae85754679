"""Signed dashboard links: the id of a stored link, signed and stamped with its issue time.

Signing is itsdangerous's (HMAC-SHA1 over the payload and a timestamp, URL-safe); a link whose
signature does not verify was tampered with or signed by another key, one older than its days
has expired. Whether the office revoked it is the stored link's business (storage).
"""

from __future__ import annotations

from urllib.parse import urlencode

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from core.settings import Settings

SALT = "diaodu-dashboard-link"
LEADER = "leader"
"""A link's query naming the leader whose projects it opens (the project list's filter)."""


class LinkRefused(Exception):
    """A link that opens nothing; the message says why, in Chinese."""


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def sign(link_id: int, secret: str) -> str:
    """The URL-safe token of stored link `link_id`."""
    return str(_serializer(secret).dumps(link_id))


def unsign(token: str, secret: str, max_age_seconds: int) -> int:
    """The stored link id a token carries; LinkRefused when tampered with or expired."""
    try:
        value = _serializer(secret).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise LinkRefused("链接已过期，请在群里发送“/看板”获取新的链接") from exc
    except BadSignature as exc:
        raise LinkRefused("链接无效（可能被改动过），请在群里发送“/看板”获取新的链接") from exc
    if not isinstance(value, int) or isinstance(value, bool):
        raise LinkRefused("链接无效，请在群里发送“/看板”获取新的链接")
    return value


def signing_key(settings: Settings) -> str | None:
    """The key links are signed with: [dashboard] secret, else the token; None: no links."""
    key = settings.dashboard.secret or settings.dashboard.token
    return None if key is None else key.get_secret_value()


def base_url(settings: Settings) -> str:
    """Where people open the dashboard: [dashboard] base_url, else this server's address."""
    if settings.dashboard.base_url:
        return settings.dashboard.base_url
    host = settings.server.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{settings.server.port}"


def link_url(settings: Settings, link_id: int) -> str | None:
    """The address of stored link `link_id`, signed; None when no key is configured."""
    key = signing_key(settings)
    return None if key is None else f"{base_url(settings)}/dashboard/l/{sign(link_id, key)}"


def leader_url(url: str, name: str) -> str:
    """The link `url` leading on to leader `name`'s projects."""
    return f"{url}?{urlencode({LEADER: name})}"
