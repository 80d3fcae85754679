"""WeCom dialects of the neutral reply text, and splitting under WeCom's byte limits."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.adapters.text import byte_len, split_lines

TEXT_LIMIT = 2048
"""Group-robot and app `text` content, in UTF-8 bytes (682 CJK characters)."""
MARKDOWN_LIMIT = 4096
"""Group-robot `markdown` content, in UTF-8 bytes."""
STREAM_LIMIT = 20480
"""AI-bot `stream` reply and `response_url` markdown content, in UTF-8 bytes."""

# WeCom markdown has three colours only: info (green), comment (grey), warning (orange-red).
DEFAULT_COLOURS: Mapping[str, str] = {"红灯": "warning", "黄灯": "comment", "蓝灯": "info"}
TRUNCATED = "……（内容过长，其余部分请在调度助手中查询）"

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def to_markdown(text: str, colours: Mapping[str, str] = DEFAULT_COLOURS) -> str:
    """Group-robot markdown: `**bold**` kept, light words wrapped in `<font color=…>`."""
    if not colours or "<font" in text:
        return text
    words = re.compile("|".join(re.escape(word) for word in colours))
    return words.sub(lambda m: f'<font color="{colours[m.group(0)]}">{m.group(0)}</font>', text)


def to_plain(text: str) -> str:
    """Plain text for `text` messages: markdown markers removed, words kept."""
    return _HEADING.sub("", _BOLD.sub(r"\1", text))


def truncate(text: str, limit: int, note: str = TRUNCATED) -> str:
    """The first chunk of `text` under `limit`, with `note` when something was cut."""
    if byte_len(text) <= limit:
        return text
    head = split_lines(text, limit - byte_len(note) - 1)
    return f"{head[0]}\n{note}" if head else note
