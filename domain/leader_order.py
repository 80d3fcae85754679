"""The order 包联 leaders are listed in, wherever a push lists them: most red first.

One rule for the weekly 包联 push and the 调度会 digest, so a leader stands in the same place
in both: most red projects, then (where the push tells changes) most lights changed, then the
ledger's order of people.
"""

from __future__ import annotations


def most_red_first(reds: int, person_id: int, changed: int = 0) -> tuple[int, int, int]:
    """The sort key of one leader: `reds` red projects, `changed` lights changed."""
    return (-reds, -changed, person_id)
