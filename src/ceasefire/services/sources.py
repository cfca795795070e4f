"""Register and list the sources reports come from."""

from __future__ import annotations

from ceasefire.domain.sources import Source
from ceasefire.errors import ConflictError, ValidationError
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit, sources
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = ["add_source", "list_sources"]


def add_source(*, db: Database, source: Source, actor: str) -> Source:
    """Register a new source; its party, if any, must be a known party."""
    with db.transaction() as conn:
        if sources.find(conn, source.id) is not None:
            raise ConflictError(f"source {source.id!r} already exists")
        if source.party_id is not None:
            known = {p.id for p in scenario_repo.list_parties(conn)}
            if source.party_id not in known:
                raise ValidationError(
                    "party",
                    source.party_id,
                    f"unknown party (known: {', '.join(sorted(known)) or 'none'})",
                )
        sources.add(conn, source)
        audit.append(
            conn,
            actor=actor,
            action="source.add",
            entity="source",
            entity_id=source.id,
            after=source,
        )
    return source


def list_sources(*, db: Database) -> list[Source]:
    """Every registered source."""
    with db.read() as conn:
        return sources.list_all(conn)
