"""Sources of reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ceasefire.domain.sources import Affiliation, Reliability, Source, SourceKind
from ceasefire.errors import NotFoundError
from ceasefire.storage.schema import sources

__all__ = ["add", "find", "get", "ids", "list_all", "source_from_row"]


def add(conn: Connection, source: Source) -> None:
    """Insert a new source."""
    conn.execute(
        sources.insert().values(
            id=source.id,
            name=source.name,
            kind=source.kind.value,
            affiliation=source.affiliation.value,
            party_id=source.party_id,
            reliability=source.reliability.value,
        )
    )


def find(conn: Connection, source_id: str) -> Source | None:
    """The source with this id, or None."""
    row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
    return None if row is None else source_from_row(row._mapping)


def get(conn: Connection, source_id: str) -> Source:
    """The source with this id, or NotFoundError."""
    found = find(conn, source_id)
    if found is None:
        raise NotFoundError("source", source_id)
    return found


def ids(conn: Connection) -> list[str]:
    """Every source id, in order."""
    return list(conn.execute(select(sources.c.id).order_by(sources.c.id)).scalars())


def list_all(conn: Connection) -> list[Source]:
    """Every source, by id."""
    return [
        source_from_row(r._mapping) for r in conn.execute(select(sources).order_by(sources.c.id))
    ]


def source_from_row(row: Any) -> Source:
    """A Source from a row of the sources table."""
    return Source(
        id=row["id"],
        name=row["name"],
        kind=SourceKind(row["kind"]),
        affiliation=Affiliation(row["affiliation"]),
        party_id=row["party_id"],
        reliability=Reliability(row["reliability"]),
    )
