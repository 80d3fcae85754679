"""When the in-memory ledger may answer instead of SQL, and never with stale data.

One LedgerCache per Database, on SQLite only, for its write sessions (BEGIN IMMEDIATE: from
there to the end of the transaction no other connection can commit). Its snapshot
(storage.ledger_snapshot) is dropped whenever the ledger may have changed:
- another connection committed: SQLite's `PRAGMA data_version`, read as each transaction
  begins, differs from the one the snapshot was current for (imports from the CLI, the web
  process's own connections, another process). Any commit counts, not only the ledger's: the
  next lookup then reads the ledger again (a few ms for a few hundred projects);
- a statement run on this Database's connections writes a ledger table (an ORM flush, Core
  DML, raw SQL): seen as it runs, whatever the session or connection.
A snapshot answers only while exactly one transaction is under way on the Database (so the
checks above are about the one that asks) and that transaction has written no ledger table
(what it wrote is visible to SQL only, and it may still be rolled back); so a snapshot is
only ever read from committed data. A session with changes not yet flushed flushes first, as
the query it replaces would have (autoflush).

PostgreSQL has no cheap equivalent of `data_version` (other processes commit at any time
under READ COMMITTED), so there the cache is not used and every lookup stays SQL.
"""

from __future__ import annotations

import itertools
import logging
import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.ledger_snapshot import LedgerSnapshot, load
from storage.model_base import table_of
from storage.models import Identity, Leave, Person, Project, ProjectOwner, ProjectPlan

log = logging.getLogger(__name__)
CACHE = "diaodu_ledger_cache"
"""The key of a Database's LedgerCache in its sessions' `info`."""
_CHECKED = "diaodu_ledger_checked"
_TOKEN = "diaodu_ledger_connection"
_TOKENS = itertools.count(1)
_LEDGER = (Person, Identity, Project, ProjectPlan, ProjectOwner, Leave)
_TABLES = re.compile(
    r"\b(?:" + "|".join(sorted(table_of(model).name for model in _LEDGER)) + r")\b", re.I
)
_DML = re.compile(r"\b(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
_READS = frozenset(
    {"SELECT", "PRAGMA", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
)
_KNOWN_STATEMENTS = 2000


def writes_ledger(statement: str) -> bool:
    """Whether a SQL statement may change a ledger table (when unsure: yes)."""
    first = statement.lstrip()[:10].split(None, 1)
    verb = first[0].upper() if first else ""
    if verb in _READS or (verb == "WITH" and not _DML.search(statement)):
        return False
    return _TABLES.search(statement) is not None


class LedgerCache:
    """A Database's ledger snapshot and what tells it is still current."""

    def __init__(self, engine: Engine) -> None:
        self._snapshot: LedgerSnapshot | None = None
        self._current_for: tuple[int, int] | None = None
        """(connection, its data_version) at the start of the last transaction it was valid."""
        self._open: dict[int, bool] = {}
        """Transactions under way, by connection: whether each wrote a ledger table."""
        self._begun = 0
        self._kinds: dict[str, bool] = {}
        event.listen(engine, "begin", self._began)
        event.listen(engine, "commit", self._ended)
        event.listen(engine, "rollback", self._ended)
        event.listen(engine, "before_cursor_execute", self._executing)
        # a connection invalidated mid-transaction ends without commit or rollback
        event.listen(engine, "checkin", self._checked_in)

    async def current(self, session: AsyncSession) -> LedgerSnapshot | None:
        """The snapshot, if it may answer for this session's transaction (None: use SQL)."""
        if session.info.get(_CHECKED) != self._begun or len(self._open) != 1:
            await session.connection()  # its transaction begins (if not yet) and is noted
            if session.info.get(_CHECKED) != self._begun or len(self._open) != 1:
                return None
        if any(self._open.values()):
            return None
        if self._snapshot is None:
            self._snapshot = await session.run_sync(load)
            log.debug("ledger snapshot loaded")
        return self._snapshot

    def joined(self, session: Session, conn: Connection) -> None:
        """A session's transaction began on `conn`: note it if it is the only one under way."""
        if len(self._open) == 1 and _token(conn) in self._open:
            session.info[_CHECKED] = self._begun

    def _began(self, conn: Connection) -> None:
        token = _token(conn)
        self._open[token] = False
        self._begun += 1
        current_for = (token, _data_version(conn))
        if current_for != self._current_for:
            self._snapshot, self._current_for = None, current_for

    def _ended(self, conn: Connection) -> None:
        self._open.pop(_token(conn), None)

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        self._open.pop(record.info.get(_TOKEN), None)

    def _executing(self, conn: Connection, _c: Any, statement: str, *_args: Any) -> None:
        writes = self._kinds.get(statement)
        if writes is None:
            if len(self._kinds) > _KNOWN_STATEMENTS:  # statements with inlined values
                self._kinds.clear()
            writes = self._kinds[statement] = writes_ledger(statement)
        if writes:
            self._snapshot = None
            token = _token(conn)
            if token in self._open:
                self._open[token] = True


class LedgerSession(Session):
    """The sessions of a Database with a ledger cache: each tells it when its transaction began."""


@event.listens_for(LedgerSession, "after_begin")
def _session_began(session: Session, _transaction: Any, conn: Connection) -> None:
    cache = session.info.get(CACHE)
    if isinstance(cache, LedgerCache):
        cache.joined(session, conn)


async def snapshot(session: AsyncSession) -> LedgerSnapshot | None:
    """The ledger snapshot that may answer for `session` now, or None: look it up in SQL."""
    cache = session.info.get(CACHE)
    if not isinstance(cache, LedgerCache):
        return None
    sync = session.sync_session
    if sync.autoflush and (sync.new or sync.dirty or sync.deleted):
        await session.flush()  # as the query it stands for would: the flush may change the ledger
    return await cache.current(session)


def _data_version(conn: Connection) -> int:
    """SQLite's count that changes when another connection commits, read on the DBAPI cursor
    (a tenth of the cost of a statement through SQLAlchemy, once per transaction)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("PRAGMA data_version")
        row = cursor.fetchone()
        # unknown: a number never seen before, so the snapshot is dropped
        return -next(_TOKENS) if row is None else int(row[0])
    finally:
        cursor.close()


def _token(conn: Connection) -> int:
    """A number naming the DBAPI connection for as long as it lives (its pool record's info)."""
    info = conn.info
    token = info.get(_TOKEN)
    if token is None:
        token = info[_TOKEN] = next(_TOKENS)
    return int(token)
