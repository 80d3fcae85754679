"""How each platform escapes user text, for the renderer: only our templates make markup.

The escapes live here, not in the platforms' packages, whose `__init__` loads their callbacks
and with them the chat code: `diaodu jobs` renders pushes and needs these three alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.adapters.text import inert


def wecom(text: str) -> str:
    """User text made inert in WeCom markdown and text: no `<@userid>`, `<font>`, link, bold, @."""
    return inert(text, "<>[]*`@&", "#>")


def dingtalk(text: str) -> str:
    """User text made inert in DingTalk markdown: no tag, link, image, emphasis, heading, @."""
    return inert(text, "<>[]*_`~@&", "#>-+")


def feishu(text: str) -> str:
    """User text made inert in a card's markdown (`<at>`, `<font>`, links, emphasis) and posts."""
    return inert(text, "<>[]*_`~@&", "#>-+")


ESCAPES: Mapping[str, Callable[[str], str]] = {
    "wecom": wecom,
    "dingtalk": dingtalk,
    "feishu": feishu,
}
"""Escaping per platform; the local chat shows text as typed (its page escapes HTML)."""
