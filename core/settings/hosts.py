"""The platforms' API hosts: the public ones by default, `api_base` for private deployments.

政务微信, 专有钉钉 / 政务钉钉 and private Feishu deployments serve the same APIs on their own
hosts; an entry's `api_base` replaces the public origin in every call of that bot or robot.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

PUBLIC_API = {
    "wecom": "https://qyapi.weixin.qq.com",
    "dingtalk": "https://oapi.dingtalk.com",
    "feishu": "https://open.feishu.cn",
}
DINGTALK_NEW_API = "https://api.dingtalk.com"
"""DingTalk's newer OpenAPI host (Stream gateway, v1.0 APIs); a private api_base serves both."""
WECOM_LONGCONN = "https://openws.work.weixin.qq.com"
"""The WeCom AI bot's WebSocket gateway, written as the https origin it upgrades from."""
ROBOT_PATHS = {
    "wecom": "/cgi-bin/webhook/send?key={}",
    "dingtalk": "/robot/send?access_token={}",
    "feishu": "/open-apis/bot/v2/hook/{}",
}
"""Where a group robot's bare key or token goes on its platform's host."""
_BARE_KEY = re.compile(r"^[A-Za-z0-9_\-]{4,200}$")


def check_api_base(value: str) -> str:
    """An `api_base` as written, without a trailing slash; ValueError names what is wrong."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"api_base“{value}”须为 http:// 或 https:// 开头的地址，如 https://主机名")
    if parts.query or parts.fragment:
        raise ValueError(f"api_base“{value}”只写协议、主机和路径，不带 ? 或 # 之后的部分")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def check_webhook(value: str) -> str:
    """A robot webhook: a full http(s) URL, or the robot's bare key/token."""
    value = value.strip()
    if _BARE_KEY.match(value):
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("webhook 须为 http(s):// 开头的完整地址，或机器人的 key / access_token")
    return value


def rebase(url: str, api_base: str) -> str:
    """`url` with its scheme, host and port taken from `api_base` (whose path goes first)."""
    base, parts = urlsplit(api_base), urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, base.path + parts.path, parts.query, ""))


def robot_url(platform: str, webhook: str, api_base: str | None) -> str:
    """The URL a group robot is called at: the full webhook, or the key on the platform host."""
    if _BARE_KEY.match(webhook):
        path = ROBOT_PATHS.get(platform, "/{}").format(webhook)
        return (api_base or PUBLIC_API.get(platform, "")) + path
    return rebase(webhook, api_base) if api_base else webhook


def websocket_url(origin: str) -> str:
    """The ws:// or wss:// form of an http(s) origin."""
    return "ws" + origin.removeprefix("http")
