"""Lights in bulk: evaluate a range of projects, keep today's history, say what changed."""

from __future__ import annotations

import asyncio
import gc
import json
import pickle
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from json.encoder import encode_basestring_ascii as _quote
from typing import NamedTuple

from sqlalchemy import Text, and_, bindparam, case, func, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.light_types import Color, Light, LightRules
from domain.lights import evaluate
from storage.db import Database
from storage.model_base import table_of
from storage.models import LightRecord, Project
from storage.repos.fact_builder import FactBuilder
from storage.repos.light_facts import project_rows, read_facts
from storage.repos.scope import Part, columns, read, scope_params, within

WRITE_CHUNK = 5_000  # rows per write transaction, so chat writes get the lock in between
ReasonRow = tuple[str, str, str]  # colour value, rule, text
_PAIR = re.compile(r'\{"rule": "(\w+)", "color": "(\w+)", "text": ')
Recorded = tuple[int, str, float | None, tuple[ReasonRow, ...]]  # project, colour, ratio, reasons
Before = tuple[str, object]  # colour and reasons (JSON, maybe still text) of the last day


@dataclass(frozen=True, slots=True)
class Change:
    """A project whose light is new or different from its last recorded day."""

    project_id: int
    code: str
    name: str
    unit: str
    color: str
    before: str | None  # the colour last recorded, None for a project with no history
    reasons: tuple[ReasonRow, ...]  # worst first


@dataclass
class PartResult:
    """What one range of projects gives back: its changes and its colour counts per unit."""

    changes: list[Change] = field(default_factory=list)  # at most `keep` per unit, worst first
    changed: dict[str, dict[str, int]] = field(default_factory=dict)  # all changes, per unit
    colors: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # read / evaluate / record


def worker_main() -> None:
    """A worker process: `light_changes` arguments pickled on stdin, its PartResult on stdout."""
    # A short-lived process building a few hundred thousand objects that all live to its end:
    # the cyclic collector would only walk them again and again.
    gc.disable()
    url, now, rules, part, record, keep = pickle.load(sys.stdin.buffer)

    async def run() -> PartResult:
        db = Database(url)
        try:
            return await light_changes(db, now, rules, part, record=record, keep=keep)
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
) -> PartResult:
    """Evaluate the range's projects, record today's lights, return the changes since last time.

    Changes are judged by `Light.signature` against the most recent earlier day on record, so
    running again the same day (or two runs at once) finds the same changes. `record=False`
    (a dry run) leaves the history untouched; `keep` bounds the changes returned per unit
    (the worst ones: nobody reads a 10,000-line message), `changed` still counts them all.
    """
    today = now.date()
    started = time.perf_counter()
    async with db.read() as session:
        rows = await project_rows(session, part)
        facts = await read_facts(session, today, part)
        before = await _previous(session, today, part)
    result = PartResult()
    result.seconds["read"] = time.perf_counter() - started
    records = []
    builder = FactBuilder(today, rules)
    for row in rows:
        found, _, ratio = builder.build(row, facts)
        light = evaluate(found, now, rules.calendar, rules.thresholds, rules.curve)
        counts = result.colors.setdefault(row.unit, {})
        counts[light.color.value] = counts.get(light.color.value, 0) + 1
        reasons = tuple((r.color.value, r.rule, r.text) for r in light.reasons)
        records.append((row.id, light.color.value, ratio, reasons))
        last_color, last_reasons = before.get(row.id, (None, None))
        if _changed(light, last_color, last_reasons):
            change = Change(
                row.id, row.code, row.name, row.unit, light.color.value, last_color, reasons
            )
            result.changes.append(change)
    result.changes = _worst(result, keep)
    result.seconds["evaluate"] = time.perf_counter() - started - result.seconds["read"]
    for start in range(0, len(records) if record else 0, WRITE_CHUNK):
        async with db.write() as session:
            await _upsert(session, today, records[start : start + WRITE_CHUNK])
    result.seconds["record"] = time.perf_counter() - started - sum(result.seconds.values())
    return result


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
    return _recorded_signature(reasons) != now


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
        return set()  # None: a blue day's reasons are not read (see `_UNLESS_BLUE`)
    return {(r["rule"], r["color"]) for r in reasons if r["color"] != "blue"}


async def _upsert(session: AsyncSession, day: date, records: Sequence[Recorded]) -> None:
    """Insert or replace today's rows: two runs at once both succeed, the later one wins."""
    if not records:
        return
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    table = table_of(LightRecord)
    # Core, not the ORM's bulk path: a plain executemany is several times cheaper.
    statement: postgresql.Insert | sqlite.Insert
    encode: Callable[[tuple[ReasonRow, ...]], object]
    if dialect == "postgresql":
        statement, key, encode = postgresql.insert(table), "reasons", _dicts
    else:
        # SQLite keeps JSON as text: bind the very text `json.dumps` gives, built for less.
        statement = sqlite.insert(table).values(reasons=bindparam("reasons_json", type_=Text))
        key, encode = "reasons_json", reasons_json
    rows = [
        {"project_id": pid, "day": day, "color": color, "schedule_ratio": ratio, key: encode(why)}
        for pid, color, ratio, why in records
    ]
    statement = statement.on_conflict_do_update(
        index_elements=[LightRecord.project_id, LightRecord.day],
        set_={
            "color": statement.excluded.color,
            "schedule_ratio": statement.excluded.schedule_ratio,
            "reasons": statement.excluded.reasons,
        },
    )
    connection = await session.connection()
    await connection.execute(statement, rows)


def _dicts(reasons: tuple[ReasonRow, ...]) -> list[dict[str, str]]:
    return [{"rule": rule, "color": c, "text": text} for c, rule, text in reasons]


def reasons_json(reasons: tuple[ReasonRow, ...]) -> str:
    """`json.dumps` of the reasons as light history stores them, without the generic encoder."""
    items = (
        f'{{"rule": {_quote(rule)}, "color": {_quote(c)}, "text": {_quote(text)}}}'
        for c, rule, text in reasons
    )
    return f"[{', '.join(items)}]"


# A blue day's reasons never decide a change (see `_changed`): not worth reading.
_UNLESS_BLUE = case(
    (LightRecord.color == Color.BLUE.value, None), else_=type_coerce(LightRecord.reasons, Text)
)


async def _previous(session: AsyncSession, today: date, part: Part) -> dict[int, Before]:
    """Each project's most recent recorded day before `today`: colour and reasons."""
    earlier = aliased(LightRecord)
    last_day = (
        select(func.max(earlier.day))
        .where(earlier.project_id == Project.id, earlier.day < today)
        .scalar_subquery()
    )
    statement = (
        # Reasons stay text here: most of them are never needed (see `_changed`).
        select(*columns(_Before._fields, LightRecord, reasons=_UNLESS_BLUE))
        .join(Project, and_(Project.id == LightRecord.project_id, LightRecord.day == last_day))
        .where(Project.active.is_(True), *within(Project.id, "range"))
    )
    rows = await read(session, _Before._make, statement, scope_params(part))
    return {row.project_id: (row.color, row.reasons) for row in rows}


class _Before(NamedTuple):
    project_id: int
    color: str
    reasons: str | None
