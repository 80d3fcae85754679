"""The 入统 rule of SPEC §5 (新建项目开工后2个月内100%入统), and the 入统 节点 it speaks for.

A ledger's 节点 sheet often carries the same 入统 as a milestone, dated on the rule's line
(`domain.stats_due`): told by both rules, a project's card, the daily warnings (另有 N 项原因)
and the digest read one task as two problems. Once the project has started, this rule judges
the 节点 as well and says one reason for both; the light's colour is the worse of the two.
"""

from __future__ import annotations

import re
from datetime import date

from domain.display import day
from domain.light_rules import node_reason
from domain.light_types import Color, LightThresholds, ProjectFacts, Reason, Rule
from domain.stats_due import is_stats_node, stats_due_on

_OWN, _NODE = 0, 1  # at the same colour and date, this rule's reason says why: it comes first


def stats(facts: ProjectFacts, today: date, th: LightThresholds) -> list[Reason]:
    """Started more than `stats_grace_months` ago and not 入统 → red (yellow shortly before).

    With an open 入统 节点, one reason of the two: the graver; at the same colour, the one due
    first (a ledger may date its 节点 before the rule's line); on the same day, this rule's.
    """
    started = facts.started_on
    if started is None or facts.stats_entered_on is not None:
        return []
    line = stats_due_on(started, th.stats_grace_months)
    found = [(reason, line, _OWN) for reason in _own(started, line, today, th)]
    for name, due, done_on in facts.milestones:
        if due is not None and done_on is None and is_stats_node(name):
            found += [(reason, due, _NODE) for reason in node_reason(name, due, today, th)]
    if not found:
        return []
    reason, _, _ = max(found, key=lambda f: (f[0].color.rank, -f[1].toordinal(), -f[2]))
    return [reason]


def _own(started: date, line: date, today: date, th: LightThresholds) -> list[Reason]:
    left = (line - today).days
    months = th.stats_grace_months
    if left < 0:
        text = f"开工已超 {months} 个月仍未入统（{day(started, today)} 开工）"
        return [Reason(Color.RED, Rule.STATS, text)]
    if left <= th.stats_warn_days:
        tail = "今天到期" if left == 0 else f"还剩 {left} 天"  # as the 节点 warning says it
        text = f"开工将满 {months} 个月（{day(line, today)}），尚未入统，{tail}"
        return [Reason(Color.YELLOW, Rule.STATS, text)]
    return []


_NODE_TEXT = re.compile(r"节点“(.*?)”计划 ")


def is_stats_reason(rule: str, text: str) -> bool:
    """Whether a reason, as recorded, is about 入统: this rule's, or its 入统 节点's (which
    lights recorded before the two said one reason carry beside it)."""
    if rule == Rule.STATS:
        return True
    found = _NODE_TEXT.match(text) if rule == Rule.MILESTONE else None
    return found is not None and is_stats_node(found.group(1))
