"""Fixtures: a fresh database per test on SQLite and on PostgreSQL (skipped locally without a
server, a failure in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ceasefire.config import Settings
from ceasefire.services.database import Database
from ceasefire.services.setup import init_database
from ceasefire.storage.engine import make_engine
from ceasefire.storage.schema import metadata
from ceasefire.testing import postgres_reachable, temporary_postgres_database

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _require_postgres() -> None:
    if postgres_reachable():
        return
    message = "PostgreSQL is not reachable at 127.0.0.1:5432"
    if IN_CI:
        pytest.fail(f"{message}; in CI every storage test must run on PostgreSQL too")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_migrated_url() -> Iterator[str]:
    """One throwaway PostgreSQL database for the whole run, migrated once."""
    _require_postgres()
    with temporary_postgres_database() as url:
        init_database(settings=Settings(database_url=url))
        yield url


def _truncate_all(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An initialised, empty database: a new SQLite file, or PostgreSQL emptied for the test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ceasefire.db'}"
        init_database(settings=Settings(database_url=url))
        yield url
        return
    url = request.getfixturevalue("postgres_migrated_url")
    _truncate_all(url)
    yield url
    _truncate_all(url)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A Database service handle on the fresh database."""
    database = Database(Settings(database_url=database_url, actor="tester"))
    yield database
    database.dispose()
