"""Lights in bulk: evaluate a range of projects, keep today's history, say what changed."""

from __future__ import annotations

import asyncio
import gc
import json
import pickle
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from domain.light_types import Color, Light, LightRules, Rule
from domain.lights import evaluate
from domain.stats_rule import is_stats_reason
from storage.db import Database
from storage.repos.fact_builder import FactBuilder
from storage.repos.light_bookkeeping import ReasonRow, Told, keep_told, last_told, record_day
from storage.repos.light_facts import ProjectRow, entered_by, rows_and_facts
from storage.repos.scope import Part

WRITE_CHUNK = 5_000  # rows per write transaction, so chat writes get the lock in between
_PAIR = re.compile(r'\{"rule": "(\w+)", "color": "(\w+)", "text": ')


@dataclass(frozen=True, slots=True)
class Change:
    """A project whose light differs from what the warnings last told of it."""

    project_id: int
    code: str
    name: str
    unit: str
    color: str
    before: str | None  # the colour last told
    reasons: tuple[ReasonRow, ...]  # what is new since then first, then worst first


@dataclass
class PartResult:
    """What one range of projects gives back: its changes and its colour counts per unit."""

    changes: list[Change] = field(default_factory=list)  # at most `keep` per unit, worst first
    changed: dict[str, dict[str, int]] = field(default_factory=dict)  # all changes, per unit
    colors: dict[str, dict[str, int]] = field(default_factory=dict)
    first: dict[str, dict[str, int]] = field(default_factory=dict)
    """Projects never told about before (new in the ledger, or all after an upgrade), per unit:
    their light is the baseline, recorded without a warning."""
    seconds: dict[str, float] = field(default_factory=dict)  # read / evaluate / record


def worker_main() -> None:
    """A worker process: `light_changes` arguments pickled on stdin, its PartResult on stdout."""
    # A short-lived process building a few hundred thousand objects that all live to its end:
    # the cyclic collector would only walk them again and again.
    gc.disable()
    url, now, rules, part, record, keep, tell = pickle.load(sys.stdin.buffer)

    async def run() -> PartResult:
        db = Database(url)
        try:
            return await light_changes(db, now, rules, part, record=record, keep=keep, tell=tell)
        finally:
            await db.dispose()

    pickle.dump(asyncio.run(run()), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


async def light_changes(
    db: Database,
    now: datetime,
    rules: LightRules,
    part: Part,
    *,
    record: bool = True,
    keep: int | None = None,
    tell: bool = True,
) -> PartResult:
    """Evaluate the range's projects, record today's lights, return the changes since last told.

    Changes are judged by `Light.signature` against the light the warnings last told
    (light_notices, written here for each change), not against the history chat also writes:
    a light that changed and changed back between two runs is no news, and one that changed
    after a report is still told. Running again the same day (or two runs at once) finds the
    same changes, as the notice keeps the day it was told. A project never told about is
    recorded as the baseline without a warning. `record=False` (a dry run) leaves history and
    notices untouched, `tell=False` only the notices (the lights are recorded, nobody is told:
    storage.repos.recorded_lights then has them for chat); `keep` bounds the changes returned per
    unit (the worst ones: nobody reads a 10,000-line message), `changed` still counts them all.
    """
    today = now.date()
    started = time.perf_counter()
    async with db.read() as session:
        rows, facts = await rows_and_facts(session, today, part)
        before = await last_told(session, today, part)
    rows = entered_by(rows, today)
    result = PartResult()
    result.seconds["read"] = time.perf_counter() - started
    records = []
    notices = []
    builder = FactBuilder(today, rules)
    for row in rows:
        found, _, ratio = builder.build(row, facts)
        light = evaluate(found, now, rules.calendar, rules.thresholds, rules.curve)
        counts = result.colors.setdefault(row.unit, {})
        counts[light.color.value] = counts.get(light.color.value, 0) + 1
        reasons = tuple((r.color.value, r.rule, r.text) for r in light.reasons)
        records.append((row.id, light.color.value, ratio, reasons))
        told = before.get(row.id)
        if told is not None and told.day == today:
            # Told earlier today: this is the same run again, so it finds what that one found.
            _again(result, row, told)
        elif told is None:
            _count(result.first, row.unit, light.color.value)
            notices.append(records[-1])
        elif _changed(light, told.color, told.reasons):
            news = _news_first(reasons, told.reasons)
            change = Change(
                row.id, row.code, row.name, row.unit, light.color.value, told.color, news
            )
            result.changes.append(change)
            # kept in the order told, news first: a rerun today tells the same news
            notices.append((row.id, light.color.value, ratio, news))
    result.changes = _worst(result, keep)
    result.seconds["evaluate"] = time.perf_counter() - started - result.seconds["read"]
    for start in range(0, len(records) if record else 0, WRITE_CHUNK):
        async with db.write() as session:
            await record_day(session, today, records[start : start + WRITE_CHUNK], at=now)
    for start in range(0, len(notices) if record and tell else 0, WRITE_CHUNK):
        async with db.write() as session:
            await keep_told(session, today, notices[start : start + WRITE_CHUNK], before)
    result.seconds["record"] = time.perf_counter() - started - sum(result.seconds.values())
    return result


def _count(counts: dict[str, dict[str, int]], unit: str, color: str) -> None:
    into = counts.setdefault(unit, {})
    into[color] = into.get(color, 0) + 1


def _again(result: PartResult, row: ProjectRow, told: Told) -> None:
    """A project told about earlier today, as that run found it."""
    if told.before is None:
        _count(result.first, row.unit, told.color)
        return
    reasons = json.loads(told.reasons) if isinstance(told.reasons, str) else told.reasons
    rows = tuple((r["color"], r["rule"], r["text"]) for r in reasons or [])
    result.changes.append(
        Change(row.id, row.code, row.name, row.unit, told.color, told.before, rows)
    )


def _worst(result: PartResult, keep: int | None) -> list[Change]:
    """Count every change per unit and colour; keep the `keep` worst of each unit."""
    by_unit: dict[str, list[Change]] = {}
    for change in result.changes:
        by_unit.setdefault(change.unit, []).append(change)
        counts = result.changed.setdefault(change.unit, {})
        counts[change.color] = counts.get(change.color, 0) + 1
    kept = []
    for changes in by_unit.values():
        changes.sort(key=lambda c: (-Color(c.color).rank, c.code))
        kept += changes[:keep] if keep is not None else changes
    return kept


def _changed(light: Light, color: str | None, reasons: object) -> bool:
    """Whether `light.signature` differs from the recorded day's (None: no day recorded).

    A signature's worst colour is the light's, so different colours differ without reading
    the recorded reasons; a project first seen blue has nothing to warn about.
    """
    if color is None:
        return light.color is not Color.BLUE
    if color != light.color.value:
        return True
    if light.color is Color.BLUE:
        return False
    # `Light.signature` with colour values: no Color lookup per recorded reason.
    now = {(r.rule, r.color.value) for r in light.reasons if r.color is not Color.BLUE}
    return _differ(now, lambda: [(r.color.value, r.rule, r.text) for r in light.reasons], reasons)


def recorded_change(was: tuple[str, object] | None, color: str, reasons: object) -> bool:
    """Whether a recorded day's light (`color`, `reasons`) is news against `was`, an earlier
    day's (colour, reasons), as the warnings judge it: its colour or its grounds changed (the
    project page's 亮灯记录 keeps these days)."""
    if was is None or was[0] != color:
        return True
    if color == Color.BLUE.value:
        return False
    return _differ(_recorded_signature(reasons), lambda: _recorded_rows(reasons), was[1])


def _differ(
    now: set[tuple[str, str]], rows: Callable[[], list[ReasonRow]], recorded: object
) -> bool:
    """Whether reasons (their signature `now`, read in full by `rows`) differ from recorded
    ones of the same colour, more than in how many days are counted."""
    if _recorded_signature(recorded) == now:
        return False
    # Notices kept before a 入统 节点 and the 入统 rule said one reason carry both: no news.
    return _stats_as_one(rows()) != _stats_as_one(_recorded_rows(recorded))


def _news_first(reasons: tuple[ReasonRow, ...], told: object) -> tuple[ReasonRow, ...]:
    """The reasons, those not told before first (the news a warning leads with)."""
    known = _recorded_signature(told)
    return tuple(sorted(reasons, key=lambda r: (r[1], r[0]) in known))


def _recorded_rows(reasons: object) -> list[ReasonRow]:
    """The recorded reasons, read in full."""
    items = json.loads(reasons) if isinstance(reasons, str) else reasons
    if not isinstance(items, list):
        return []
    return [(r["color"], r["rule"], r["text"]) for r in items]


def _stats_as_one(reasons: Iterable[ReasonRow]) -> set[tuple[str, str]]:
    """The signature with the reasons about 入统 as one, of the worst colour among them."""
    pairs, stats = set(), []
    for color, rule, text in reasons:
        if color == Color.BLUE.value:
            continue
        if is_stats_reason(rule, text):
            stats.append(Color(color))
        else:
            pairs.add((rule, color))
    if stats:
        pairs.add((Rule.STATS, max(stats, key=lambda c: c.rank).value))
    return pairs


def _recorded_signature(reasons: object) -> set[tuple[str, str]]:
    """The (rule, colour value) pairs of recorded reasons that are not blue."""
    if isinstance(reasons, str):
        # As `reasons_json` writes them, every object starts `{"rule": …, "color": …` and `{"`
        # occurs nowhere else (quotes inside strings are escaped): read the pairs, skip parsing.
        pairs = _PAIR.findall(reasons)
        if pairs and len(pairs) == reasons.count('{"'):
            return {(rule, color) for rule, color in pairs if color != "blue"}
        reasons = json.loads(reasons)
    if not isinstance(reasons, list):
        return set()  # None: a blue day's reasons are not read (see `light_bookkeeping.last_told`)
    return {(r["rule"], r["color"]) for r in reasons if r["color"] != "blue"}
