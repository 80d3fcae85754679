"""项目级别: the documents' key-project levels and the words ledgers use for them."""

from __future__ import annotations

KEY_LEVELS = ("省重点", "市重点", "区县重点")
LEVEL_WORDS = {s: s for s in (*KEY_LEVELS, "一般")} | {
    "省级重点": "省重点",
    "市级重点": "市重点",
    "区重点": "区县重点",
    "县重点": "区县重点",
    "区级重点": "区县重点",
    "县级重点": "区县重点",
    # as people say them in chat (`/重点 省级`) and some ledgers write them
    "省级": "省重点",
    "市级": "市重点",
    "区级": "区县重点",
    "县级": "区县重点",
    "区县级": "区县重点",
}
LEVEL_WORDS |= {f"{word}项目": level for word, level in LEVEL_WORDS.items()}  # 区级重点项目 …


def key_level(text: str | None) -> str | None:
    """The key level a word names (区重点 → 区县重点); None for 一般 or an unknown word."""
    level = LEVEL_WORDS.get((text or "").strip())
    return level if level in KEY_LEVELS else None
