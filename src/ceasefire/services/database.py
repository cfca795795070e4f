"""The database handle services work through: engine, schema check and transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from ceasefire.config import Settings
from ceasefire.errors import StorageError
from ceasefire.storage.engine import READ_ONLY, make_engine
from ceasefire.storage.migrate import current_revision, head_revision

__all__ = ["Database"]


class Database:
    """One database, opened from settings; hands out read connections and write transactions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self._checked = False

    def ensure_current(self) -> None:
        """Fail with a clear message unless the schema is at the newest migration."""
        if self._checked:
            return
        current = current_revision(self.engine)
        if current != head_revision():
            state = "empty" if current is None else f"at revision {current}"
            raise StorageError(
                f"the database {self.engine.url.render_as_string(hide_password=True)} is {state};"
                " run `ceasefire init` first"
            )
        self._checked = True

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; nothing it does is committed."""
        self.ensure_current()
        with self._errors(), self.engine.connect() as conn:
            yield conn.execution_options(**{READ_ONLY: True})

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A transaction that commits when the block ends and rolls back on any error."""
        self.ensure_current()
        with self._errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if exc.connection_invalidated or "connect" in str(exc.orig).lower():
                message = " ".join(str(exc.orig).split())
                raise StorageError(f"cannot reach the database: {message}") from None
            raise

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()
