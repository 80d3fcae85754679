"""The bi-monthly 赛马 score (SPEC §9): a weighted score over 投资完成, 开复工, 入统 and 问题办结.

Each area scores 0–100: investment is done against 序时 (capped at 100%), 开复工 the 开复工率,
入统 the 入统率, 问题办结 the issues closed of those raised this year. An area a unit has
nothing in (no 新建/续建 project, nothing started, no issue) is left out and the weights of
the others count in full, so a unit is neither rewarded nor punished for what it does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

AREAS = ("investment", "starts", "stats", "issues")
AREA_NAMES = {"investment": "投资完成", "starts": "开复工", "stats": "入统", "issues": "问题办结"}


@dataclass(frozen=True)
class RaceScore:
    """A unit's score and the area scores it came from (None: not scored)."""

    unit: str
    score: float | None
    areas: Mapping[str, float | None]


def race_score(
    unit: str, shares: Mapping[str, float | None], weights: Mapping[str, int]
) -> RaceScore:
    """The weighted score of `shares` (each 0–1, None when the unit has nothing in the area)."""
    areas = {area: _points(shares.get(area)) for area in AREAS}
    counted = {area: weights[area] for area in AREAS if areas[area] is not None and weights[area]}
    total = sum(counted.values())
    if not total:
        return RaceScore(unit, None, areas)
    score = sum((areas[area] or 0) * weight for area, weight in counted.items()) / total
    return RaceScore(unit, round(score, 1), areas)


def _points(share: float | None) -> float | None:
    return None if share is None else round(min(max(share, 0.0), 1.0) * 100, 1)


def ranked(scores: list[RaceScore]) -> list[RaceScore]:
    """Best first; units without a score last, by name."""
    return sorted(scores, key=lambda s: (s.score is None, -(s.score or 0), s.unit))
