"""The phone budget of a message (SPEC §8): lines and characters a busy reader takes in.

Measured as people see it on a phone: lines that show something, characters that are not
spaces, and @mentions not counted (a platform draws them as names the reader skims).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
_MENTION = re.compile(r"@\S+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Budget:
    """At most `lines` lines and `chars` characters; lists show their `top` first items."""

    lines: int = 30
    chars: int = 900
    top: int = 10


@dataclass(frozen=True)
class Size:
    """How big a message is, measured as `measure` does."""

    lines: int
    chars: int

    def within(self, budget: Budget) -> bool:
        """Whether the message fits `budget`."""
        return self.lines <= budget.lines and self.chars <= budget.chars


def measure(text: str) -> Size:
    """Non-empty lines and non-space characters of `text`, @mentions excluded."""
    bare = _MENTION.sub("", text)
    lines = sum(1 for line in bare.splitlines() if line.strip())
    return Size(lines, len(_SPACE.sub("", bare)))


def fits(text: str, budget: Budget) -> bool:
    """Whether `text` is within `budget`."""
    return measure(text).within(budget)


def cut(text: str, budget: Budget, tail: str) -> str:
    """The longest head of `text` (whole lines) that fits `budget` together with `tail`."""
    lines = text.splitlines()
    while lines and not fits("\n".join([*lines, tail]), budget):
        lines.pop()
    return "\n".join([*lines, tail]).strip()


def rest(items: int, budget: Budget) -> int:
    """How many of `items` a list within `budget` leaves out (counted, not shown)."""
    return max(0, items - budget.top)


def room(sizes: Sequence[int], budget: Budget, *, lines: int, chars: int) -> int:
    """How many items, one line of `sizes[i]` characters each, fit `budget` beside `lines`
    lines and `chars` characters of heading and footing."""
    count, used = 0, chars
    for size in sizes:
        if lines + count + 1 > budget.lines or used + size > budget.chars:
            break
        count, used = count + 1, used + size
    return count


def ends(ranked: Sequence[T], shown: int) -> tuple[list[T], int, list[T]]:
    """A ranking within `shown` lines: its first and its last (the laggards are what a 晾晒 or
    a 调度会 looks at as much as the leaders), and how many between are left out."""
    if len(ranked) <= shown:
        return list(ranked), 0, []
    tail = shown // 2
    return list(ranked[: shown - tail]), len(ranked) - shown, list(ranked[len(ranked) - tail :])
