"""What a group message that is neither a report nor a command is: small talk to let pass, or a
question to the bot that deserves guidance.

In a busy group the bot speaks only when spoken to: `收到`, `好的`, `👍` or a thank-you get no
answer, and free text that does not @ the bot is people talking to each other.
"""

from __future__ import annotations

import re
import unicodedata

_ACKS = (
    "收到 好的 好 好滴 好嘞 嗯 嗯嗯 嗯呢 哦 噢 ok okay 知道了 明白 明白了 了解 谢谢 多谢 感谢 "
    "辛苦 辛苦了 大家辛苦了 辛苦辛苦 收到谢谢 收到了 已收到 马上 马上报 稍等 在 在的 对 是 行 "
    "可以 没问题 好的谢谢 谢谢领导 收到领导 赞 厉害 哈哈 哈哈哈 呵呵 早 早上好 晚安 1 111 666"
)
ACKNOWLEDGEMENTS = frozenset(_ACKS.split())
"""Whole messages (punctuation and emoji aside) that acknowledge rather than ask."""
_SPLIT = re.compile(r"[\s,，。.!！~～、;；:：?？…·]+")


def _meaningful(char: str) -> bool:
    """A letter or digit (any script); emoji, punctuation and symbols are not."""
    return unicodedata.category(char)[0] in "LN"


def small_talk(text: str) -> bool:
    """Whether `text` is an acknowledgement, an emoji or punctuation: nothing to answer."""
    folded = unicodedata.normalize("NFKC", text).lower()
    words = ["".join(c for c in part if _meaningful(c)) for part in _SPLIT.split(folded) if part]
    words = [word for word in words if word]
    return all(word in ACKNOWLEDGEMENTS for word in words)


def addressed(raw: str, flagged: bool) -> bool:
    """Whether a group message speaks to the bot: the platform says so or it opens with an @."""
    return flagged or raw.lstrip("\u200b\u200c\u200d\u2060\ufeff \t\n").startswith(("@", "＠"))


# `…请各责任人抓紧`, `本月必须完成1500万`: figures a leader sets, not ones they report
_DIRECTIVE = re.compile(r"抓紧|务必|必须|要求|力争|确保|请各|尽快|加快|督促|争取")


def is_directive(text: str) -> bool:
    """Whether a message with figures urges or sets them rather than reports them."""
    return bool(_DIRECTIVE.search(text))
