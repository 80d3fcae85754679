"""Statements compiled once and run on the driver directly (sqlite3, psycopg), for statements
built once.

Running a statement SQLAlchemy has compiled already still costs it an execution context,
events and result metadata: about 90 µs a statement through a Connection and 300 µs through
a Session on this machine, against 6 µs for the driver's own `execute`. A chat report runs
about fifteen. Statements the code builds once (at import, or once per kind of scope) and
runs with bound values can skip all of that: here each is compiled once for the dialect and
the values it is given (SQLAlchemy would compile the same string from its cache), and run on
the DBAPI cursor, with the same bound-value and result processing as SQLAlchemy applies.

A statement is run this way only when nothing of SQLAlchemy's execution is missed:
- no value is worked out at execution (Python-side column defaults, RETURNING, a list bound
  per call into an expanding IN): those stay with SQLAlchemy; an INSERT returning only its new
  key (PostgreSQL's way to tell it, where SQLite's driver gives `lastrowid`) is run here;
- it writes no ledger table (storage.ledger_cache watches those statements as they run);
- the engine does not echo its SQL (the log would miss these).
Statements are known by identity, so only those built once may be given here; a statement
built anew per call would fill the table, which is why it stops taking new ones at
MAX_STATEMENTS (they then run through SQLAlchemy, as before).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any

from sqlalchemy import Delete, Insert, Select, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler

from storage.ledger_cache import writes_ledger

log = logging.getLogger(__name__)
MAX_STATEMENTS = 500
Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Prepared:
    """One statement, compiled for one dialect with one set of parameter names."""

    sql: str
    names: tuple[str, ...]
    """The bound parameters in the order of the SQL's placeholders (or, where the
    placeholders are named, as the statement lists them)."""
    binds: tuple[Processor, ...]
    fixed: Mapping[str, Any]
    """Values the statement carries itself (literals, IN lists), processed already."""
    results: tuple[Processor, ...]
    plain: bool
    """Every value is bound as given: no processor, none fixed."""
    keyed: bool = False
    """The placeholders are named (psycopg's `%(name)s`): values go as a mapping."""
    returns_key: bool = False
    """An INSERT whose one result row is its new primary key."""

    def arguments(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        """What the driver's `execute` takes for `params`."""
        values = self.values(params)
        return dict(zip(self.names, values, strict=True)) if self.keyed else values

    def values(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        """The positional values for `params` (names the statement binds at execution)."""
        if self.plain:  # the common case, in one step: this runs for every statement
            return tuple(map(params.__getitem__, self.names))
        return tuple([take(params) for take in self._takes])

    def rows(self, cursor: DBAPICursor) -> Sequence[tuple[Any, ...]]:
        """The cursor's rows, each value as SQLAlchemy would have returned it."""
        rows: Sequence[tuple[Any, ...]] = cursor.fetchall()
        converts = self._converts
        if not converts:
            return rows
        out = []
        for row in rows:
            values = list(row)
            for index, convert in converts:
                if values[index] is not None:
                    values[index] = convert(values[index])
            out.append(tuple(values))
        return out

    @cached_property
    def _takes(self) -> tuple[Callable[[Mapping[str, Any]], Any], ...]:
        """Per placeholder, how its value is taken from the call's parameters."""
        return tuple(
            _fixed(self.fixed[name])
            if name in self.fixed
            else (_bound(name, bind) if bind else itemgetter(name))
            for name, bind in zip(self.names, self.binds, strict=True)
        )

    @cached_property
    def _converts(self) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        """(column index, result processor) of the columns that have one."""
        return tuple((index, fn) for index, fn in enumerate(self.results) if fn is not None)


def _fixed(value: Any) -> Callable[[Mapping[str, Any]], Any]:
    return lambda _params: value


def _bound(name: str, bind: Callable[[Any], Any]) -> Callable[[Mapping[str, Any]], Any]:
    return lambda params: bind(params[name])


_Key = tuple[int, tuple[str, ...], str, str]


class _Table:
    """Every statement seen, by identity, parameter names and driver; None: not runnable here."""

    def __init__(self) -> None:
        self.entries: dict[_Key, tuple[Executable, Prepared | None]] = {}
        self.full_told = False


_TABLE = _Table()


def prepared(statement: Executable, names: Sequence[str], dialect: Dialect) -> Prepared | None:
    """The statement compiled for `dialect` and these parameter names; None: run it through
    SQLAlchemy (it needs what only SQLAlchemy's execution does, or the table is full)."""
    key = (id(statement), tuple(sorted(names)), dialect.name, dialect.driver)
    found = _TABLE.entries.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    if len(_TABLE.entries) >= MAX_STATEMENTS:
        if not _TABLE.full_told:
            _TABLE.full_told = True
            log.warning("%d statements prepared: later ones run through SQLAlchemy", MAX_STATEMENTS)
        return None
    try:
        made = _compile(statement, key[1], dialect)
    except SQLAlchemyError:  # a value missing, say: SQLAlchemy's execution says which
        made = None
    # The statement is kept with its entry, so its id cannot name another one later.
    _TABLE.entries[key] = (statement, made)
    return made


def _compile(statement: Executable, names: tuple[str, ...], dialect: Dialect) -> Prepared | None:
    if not isinstance(statement, Select | Insert | Update | Delete):
        return None
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    if not isinstance(compiled, SQLCompiler) or compiled.escaped_bind_names:
        return None
    per_call = set(names)
    expanding = {bind.key for bind in compiled.binds.values() if bind.expanding}
    returns_key = _returns_key(statement, compiled, dialect)
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or (compiled.effective_returning and not returns_key)
        or compiled.literal_execute_params
        or expanding & per_call
    ):
        return None
    if writes_ledger(compiled.string):
        return None
    sample = {name: None for name in names}
    state = compiled.construct_expanded_state(sample, escape_names=False)
    order = tuple(state.positiontup or ()) if compiled.positional else tuple(state.parameters)
    # a bound value's processor by its name; an expanded IN's by each placeholder's
    processors = {
        name: bind.type.dialect_impl(dialect).bind_processor(dialect)
        for name, bind in compiled.binds.items()
    }
    processors.update(state.processors)
    fixed = {
        name: _processed(processors.get(name), state.parameters[name])
        for name in order
        if name not in per_call
    }
    results: tuple[Processor, ...] = ()
    if isinstance(statement, Select):
        results = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        )
    binds = tuple(processors.get(name) for name in order)
    return Prepared(
        sql=state.statement,
        names=order,
        binds=binds,
        fixed=fixed,
        results=results,
        plain=not fixed and not any(binds),
        keyed=not compiled.positional,
        returns_key=returns_key,
    )


def _returns_key(statement: Executable, compiled: SQLCompiler, dialect: Dialect) -> bool:
    """Whether the statement is an INSERT returning nothing but its new key, as SQLAlchemy
    makes one where the driver has no `lastrowid` (sqlite3 has, and keeps to it)."""
    returning = compiled.effective_returning
    if not returning or not isinstance(statement, Insert) or dialect.name == "sqlite":
        return False
    key = list(statement.table.primary_key.columns)  # type: ignore[attr-defined]
    return len(key) == 1 and list(returning) == key


def _processed(processor: Processor, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)
