"""Engines for SQLite (WAL, foreign keys, full sync) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ceasefire.errors import StorageError

__all__ = ["READ_ONLY", "is_postgresql", "make_engine"]

READ_ONLY = "ceasefire_read_only"
"""Execution option marking a connection that only reads."""


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL mode and enforced foreign keys."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(f"database URL {url!r} is not a valid URL") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.exists():
                raise StorageError(f"database URL {url!r}: directory {parent} does not exist")
        engine = create_engine(parsed, connect_args={"timeout": 30})
        writers = _WriterTurns()
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", writers.begin)
        event.listen(engine, "commit", writers.end)
        event.listen(engine, "rollback", writers.end)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise StorageError(
        f"database URL {url!r}: backend {parsed.get_backend_name()!r} is not supported;"
        " use sqlite:///FILE or postgresql://USER@HOST/DB"
    )


def is_postgresql(engine: Engine) -> bool:
    """True when the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, issue BEGIN (see _WriterTurns.begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL makes a committed transaction survive power loss, which "durable on return" needs.
    cursor.execute("PRAGMA synchronous=FULL")
    # Up to 64 MiB of page cache (taken only as used), for the indexes of bulk imports.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


class _WriterTurns:
    """Write transactions of one engine take turns on a lock in the process before SQLite's.

    SQLite lets one writer in at a time; the others retry in its busy handler, which sleeps
    1 to 100 ms between tries and serves nobody in order, so under load some writers wait
    for seconds while others pass (measured: p99 of 30 s with 8 writers and the linking
    worker). Here the threads of this process wait on a lock that wakes one of them as soon
    as the writer ahead is done; SQLite's own lock still orders writers of other processes.
    Readers (marked read_only) begin deferred, take no turn and never wait for a writer (WAL).
    """

    _HELD = "ceasefire_writer_turn"
    WAIT = 30.0
    """Seconds to wait for a turn, as long as SQLite's own busy timeout; after that the
    writer tries SQLite's lock anyway (and fails there with "database is locked")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def begin(self, conn: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN; writers take the write lock at BEGIN,
        # so two writers never deadlock on an upgrade.
        if conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN")
            return
        if self._lock.acquire(timeout=self.WAIT):
            conn.info[self._HELD] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.end(conn)
            raise

    def end(self, conn: Any) -> None:
        # Fired just before COMMIT or ROLLBACK: the next writer's BEGIN IMMEDIATE may wait
        # in SQLite's busy handler for the few milliseconds the commit takes.
        if conn.info.pop(self._HELD, False):
            self._lock.release()
