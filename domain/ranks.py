"""Places in a ranking as a published list gives them: equal figures share a place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from domain.money import percent_value

T = TypeVar("T")


def shared_places(ratios: Sequence[float | None]) -> list[int]:
    """The places of ratios already sorted best first: those that read the same (the percent
    to one decimal the list shows) share one (1, 2, 2, 4), and so do those with nothing due
    yet (None). Numbered one by one, the year's first weeks (every unit at 0%) ranked units
    by the order of their names."""
    places: list[int] = []
    shown: list[float | None] = [None if r is None else percent_value(r) for r in ratios]
    for index, value in enumerate(shown):
        tied = index > 0 and value == shown[index - 1]
        places.append(places[-1] if tied else index + 1)
    return places


def by_place(
    items: Sequence[T], ratio: Callable[[T], float | None], name: Callable[[T], str]
) -> list[tuple[int, T]]:
    """The items best first (the highest ratio; those with nothing due last; by name where
    equal), each with its place as `shared_places` gives it."""
    ordered = sorted(items, key=lambda item: _best_first(ratio(item), name(item)))
    return list(zip(shared_places([ratio(item) for item in ordered]), ordered, strict=True))


def _best_first(ratio: float | None, name: str) -> tuple[bool, float, str]:
    return ratio is None, -(ratio or 0), name
