"""The database handle services work through: engine, schema check and transactions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from ceasefire.config import Settings
from ceasefire.errors import StorageError
from ceasefire.storage.engine import READ_ONLY, make_engine
from ceasefire.storage.migrate import current_revision, head_revision

__all__ = ["Database", "FirstWrite", "aside", "on_first_write", "pending_first_write"]


class FirstWrite:
    """A step to run inside the first write transaction of a piece of work, so that it
    commits or rolls back with that write (the API records an Idempotency-Key this way)."""

    def __init__(self, step: Callable[[Connection], None]) -> None:
        self._step = step
        self.fired = False
        self.succeeded = False
        """True once the step ran without raising (its transaction may still roll back)."""

    def run(self, conn: Connection) -> None:
        """Run the step once; later transactions of the same work do not repeat it."""
        if not self.fired:
            self.fired = True
            self._step(conn)
            self.succeeded = True

    def rolled_back(self) -> None:
        """The transaction the step ran in rolled back: run it again in the next one."""
        self.fired = False
        self.succeeded = False


_first_write: ContextVar[FirstWrite | None] = ContextVar("ceasefire_first_write", default=None)


def pending_first_write() -> FirstWrite | None:
    """The step the work in hand must run in its first write transaction, if any (for work
    handed to a thread that does not copy the context, such as `services.filing`)."""
    hook = _first_write.get()
    return None if hook is None or hook.fired else hook


@contextmanager
def on_first_write(step: Callable[[Connection], None]) -> Iterator[FirstWrite]:
    """Within the block (and the threads it hands work to, which copy the context), the
    first `Database.transaction()` runs `step` on its connection before the caller's work."""
    hook = FirstWrite(step)
    token = _first_write.set(hook)
    try:
        yield hook
    finally:
        _first_write.reset(token)


@contextmanager
def aside() -> Iterator[None]:
    """Within the block, transactions are not part of the work in hand (recording that a
    token was used while answering a request): `on_first_write` steps do not run in them."""
    token = _first_write.set(None)
    try:
        yield
    finally:
        _first_write.reset(token)


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
    def read(self, *, one_statement: bool = False) -> Iterator[Connection]:
        """A connection for reading; nothing it does is committed.

        With `one_statement` (a block that runs a single SELECT), PostgreSQL runs it
        outside a transaction. At READ COMMITTED a statement sees the same snapshot either
        way, and BEGIN and ROLLBACK cost two round trips to the server. For the filtered
        report listing at 100,000 reports that was about a third of the service's time
        (docs/benchmarks.md). SQLite is unchanged."""
        self.ensure_current()
        with self._errors(), self.engine.connect() as conn:
            if one_statement and conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn.execution_options(**{READ_ONLY: True})

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A transaction that commits when the block ends and rolls back on any error."""
        self.ensure_current()
        with self._errors(), self.engine.begin() as conn:
            hook = _first_write.get()
            if hook is not None:
                hook.run(conn)
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
