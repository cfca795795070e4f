"""Migrations run on both backends; PostgreSQL gets PostGIS geometry columns with GiST indexes."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from ceasefire.config import Settings
from ceasefire.services.database import Database
from ceasefire.services.setup import init_database
from ceasefire.storage.engine import make_engine
from ceasefire.storage.migrate import current_revision, downgrade, head_revision
from ceasefire.storage.schema import metadata


def test_init_is_idempotent(database_url: str) -> None:
    again = init_database(settings=Settings(database_url=database_url))
    assert again.before == again.after == head_revision()
    engine = make_engine(database_url)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= tables
    engine.dispose()


def test_backend_specifics(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        else:
            rows = conn.execute(
                text(
                    "SELECT f_table_name, srid, type FROM geometry_columns"
                    " WHERE f_geometry_column = 'geom' ORDER BY f_table_name"
                )
            ).all()
            assert [(r[0], r[1]) for r in rows] == [
                ("incidents", 4326),
                ("reports", 4326),
                ("zones", 4326),
            ]
            indexes = (
                conn.execute(
                    text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")
                )
                .scalars()
                .all()
            )
            assert {"ix_reports_geom", "ix_incidents_geom", "ix_zones_geom"} <= set(indexes)
    engine.dispose()


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_migrations_match_the_table_definitions(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    # PostGIS's own table and the generated geometry columns are left out of the Core tables.
    unexpected = [d for d in diffs if "geom" not in str(d) and "spatial_ref_sys" not in str(d)]
    assert unexpected == []


def test_sqlite_reader_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ceasefire.db'}"
    init_database(settings=Settings(database_url=url))
    db = Database(Settings(database_url=url))
    with db.transaction() as writer:
        writer.execute(text("INSERT INTO sources VALUES ('s', 'S', 'uav', 'neutral', NULL, 'F')"))
        with db.read() as reader:  # would time out if reads took the write lock
            count = reader.execute(text("SELECT count(*) FROM sources")).scalar_one()
    assert count == 0
    db.dispose()


def test_downgrade_to_first_revision_and_upgrade_again(database_url: str) -> None:
    engine = make_engine(database_url)
    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "imports" not in inspect(engine).get_table_names()
    again = init_database(settings=Settings(database_url=database_url))
    assert (again.before, again.after) == ("0001", head_revision())
    assert "imports" in inspect(engine).get_table_names()
    engine.dispose()
