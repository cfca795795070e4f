"""Register and list the sources reports come from.

A list of sources reveals the mission's network, so only the mission (its staff and
monitors) reads it, and only an admin registers a source."""

from __future__ import annotations

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.sources import Source
from ceasefire.errors import AccessDeniedError, ConflictError, ValidationError
from ceasefire.services.accounts import require_admin
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit, sources
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = ["add_source", "list_sources"]

_ADMIN = Viewer(Role.ADMIN)
"""The local operator of the CLI, who holds the database itself."""


def add_source(*, db: Database, source: Source, actor: str, viewer: Viewer = _ADMIN) -> Source:
    """Register a new source (admins); its party, if any, must be a known party."""
    require_admin(viewer, "register a source")
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


def list_sources(*, db: Database, viewer: Viewer = _ADMIN) -> list[Source]:
    """Every registered source (the mission's staff and monitors only)."""
    if not (viewer.is_staff or viewer.role is Role.MONITOR):
        raise AccessDeniedError(
            "role", viewer.role.value, "only the mission's staff and monitors read the sources"
        )
    with db.read() as conn:
        return sources.list_all(conn)
