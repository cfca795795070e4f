"""Create or upgrade a database to the latest schema with the packaged Alembic migrations."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from ceasefire.errors import StorageError

__all__ = ["current_revision", "downgrade", "head_revision", "upgrade"]


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    location = resources.files("ceasefire.storage") / "migrations"
    config.set_main_option("script_location", str(location))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of ceasefire."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise StorageError(f"cannot open the database: {_one_line(exc.orig)}") from None


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Upgrade to the newest schema; returns (revision before, revision after)."""
    before = current_revision(engine)
    try:
        with engine.begin() as conn:
            command.upgrade(_config(conn), "head")
    except OperationalError as exc:
        raise StorageError(f"migration failed: {_one_line(exc.orig)}") from None
    return before, head_revision()


def _one_line(error: object) -> str:
    """Driver messages span lines; the CLI promises one."""
    return " ".join(str(error).split())


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` (for operators undoing an upgrade, and for tests)."""
    with engine.begin() as conn:
        command.downgrade(_config(conn), revision)
