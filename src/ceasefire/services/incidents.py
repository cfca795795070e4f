"""Read incidents."""

from __future__ import annotations

from ceasefire.domain.incidents import Incident
from ceasefire.services.database import Database
from ceasefire.storage.repositories import incidents
from ceasefire.storage.repositories.incidents import IncidentFilter

__all__ = ["IncidentFilter", "get_incident", "list_incidents"]


def list_incidents(*, db: Database, flt: IncidentFilter | None = None) -> list[Incident]:
    """Incidents matching the filter, newest first."""
    with db.read() as conn:
        return incidents.list_incidents(conn, flt or IncidentFilter())


def get_incident(*, db: Database, incident_id: str) -> Incident:
    """One incident by id."""
    with db.read() as conn:
        return incidents.get(conn, incident_id)
