"""Engines for SQLite (WAL, foreign keys, full sync) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

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
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
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
    # Let SQLAlchemy, not the driver, issue BEGIN (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL makes a committed transaction survive power loss, which "durable on return" needs.
    cursor.execute("PRAGMA synchronous=FULL")
    # Up to 64 MiB of page cache (taken only as used), for the indexes of bulk imports.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Writers take the write lock at BEGIN, so two writers never deadlock on an upgrade;
    # readers marked read_only begin deferred and never wait for a writer (WAL).
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
