"""Sizes and splitting of message text under the platforms' byte limits."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from core.messages import Mention, OutboundMessage

_MARKUP = re.compile(r"^[#>\s*-]+|[*`]+")
_LINE_START = re.compile(r"(^|\n)([ \t]*)(\S)")


def full_width(char: str) -> str:
    """The full-width form of a printable ASCII character (`<` → `＜`)."""
    return chr(ord(char) + 0xFEE0)


def inert(text: str, inline: str, line_start: str = "") -> str:
    """`text` with the characters that make markup in a dialect written in full width.

    The platforms' markdown has no escape syntax of its own (WeCom's, DingTalk's) or one that
    only some message types honour (Feishu cards), while a full-width `＜` or `［` reads the
    same to a person, is what a Chinese keyboard types anyway, and no renderer takes for markup.
    `inline` characters are replaced anywhere, `line_start` ones only where a line begins.
    """
    text = text.translate({ord(c): full_width(c) for c in inline})
    if not line_start:
        return text

    def first(match: re.Match[str]) -> str:
        char = match.group(3)
        return match.group(1) + match.group(2) + (full_width(char) if char in line_start else char)

    return _LINE_START.sub(first, text)


def byte_len(text: str) -> int:
    """Length in UTF-8 bytes."""
    return len(text.encode())


def json_size(text: str) -> int:
    """Bytes `text` takes inside a JSON string of a body made by `dumps`."""
    return len(json.dumps(text, ensure_ascii=False).encode()) - 2


def dumps(body: object) -> bytes:
    """A request body as sent: UTF-8 JSON (not \\u-escaped, so bytes are counted right)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def split_lines(
    text: str,
    limit: int,
    *,
    size: Callable[[str], int] = byte_len,
    separator: int = 1,
    per_line: int = 0,
) -> list[str]:
    """Cut `text` at line ends into pieces that fit `limit`.

    A piece of n lines costs the sum of `size(line) + per_line` plus `separator` for each of the
    n - 1 line breaks. Only a line longer than the limit by itself is cut mid-line, and never
    inside a character. Blank lines at a piece's edge are dropped: they would arrive as
    empty-looking messages.
    """
    pieces: list[list[str]] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        for part in _hard_split(line, limit - per_line, size):
            cost = size(part) + per_line + (separator if current else 0)
            if current and used + cost > limit:
                pieces.append(current)
                current, cost = [], size(part) + per_line
                used = 0
            current.append(part)
            used += cost
    pieces.append(current)
    joined = ("\n".join(piece).strip("\n") for piece in pieces)
    return [piece for piece in joined if piece.strip()] or [""]


def _hard_split(line: str, limit: int, size: Callable[[str], int]) -> list[str]:
    if size(line) <= limit:
        return [line]
    parts: list[str] = []
    start, used = 0, 0
    for index, char in enumerate(line):
        width = size(char)
        if used + width > limit:
            parts.append(line[start:index])
            start, used = index, 0
        used += width
    parts.append(line[start:])
    return parts


def split_json_lines(text: str, budget: int, line_overhead: int) -> list[str]:
    """Cut `text` at line ends into pieces whose JSON size (plus per-line overhead) fits."""
    return split_lines(text, budget, size=json_size, separator=0, per_line=line_overhead)


def title_of(message: OutboundMessage) -> str:
    """A short title for notification previews: the given one or the first line, unmarked."""
    first = next((line for line in message.text.splitlines() if line.strip()), "")
    return (message.title or _MARKUP.sub("", first).strip() or "调度助手")[:30]


def inline_mentions(
    text: str, mentions: tuple[Mention, ...], form: Callable[[Mention], str]
) -> tuple[str, tuple[Mention, ...]]:
    """Each `@name` a template wrote for a mention, in the platform's `form`; the rest returned.

    Templates write mentions where they belong (`北石店镇 18 个：@张伟 @申晋`); a mention whose
    name is not written stays for the adapter to add at the end, as before.
    """
    left = []
    for mention in mentions:
        pattern = mention.written()
        if pattern.search(text):
            text = pattern.sub(form(mention).replace("\\", "\\\\"), text, count=1)
        else:
            left.append(mention)
    return text, tuple(left)


def written(text: str, mention: Mention) -> bool:
    """Whether `text` names `mention` as `@name`."""
    return mention.written_in(text)
