"""How each platform escapes user text, for the renderer: only our templates make markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.adapters.dingtalk.outbound import escape_text as dingtalk
from bot.adapters.feishu.outbound import escape_text as feishu
from bot.adapters.wecom.render import escape_text as wecom

ESCAPES: Mapping[str, Callable[[str], str]] = {
    "wecom": wecom,
    "dingtalk": dingtalk,
    "feishu": feishu,
}
"""Escaping per platform; the local chat shows text as typed (its page escapes HTML)."""
