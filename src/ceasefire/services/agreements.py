"""Read agreements, parties, zones and the timeline."""

from __future__ import annotations

from datetime import date

from ceasefire.domain.agreements import Agreement, Party
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.domain.zones import Zone
from ceasefire.services.database import Database
from ceasefire.storage.repositories import scenarios as repo

__all__ = [
    "get_agreement",
    "list_agreements",
    "list_parties",
    "list_zones",
    "source_catalogue",
    "timeline",
]


def list_agreements(*, db: Database) -> list[Agreement]:
    """Every stored agreement with its provisions and amendments."""
    with db.read() as conn:
        return repo.list_agreements(conn)


def get_agreement(*, db: Database, agreement_id: str) -> Agreement:
    """One agreement by id (NotFoundError if absent)."""
    with db.read() as conn:
        return repo.list_agreements(conn, agreement_id)[0]


def list_parties(*, db: Database) -> list[Party]:
    """Every stored party."""
    with db.read() as conn:
        return repo.list_parties(conn)


def list_zones(*, db: Database) -> list[Zone]:
    """Every stored zone."""
    with db.read() as conn:
        return repo.list_zones(conn)


def timeline(
    *, db: Database, since: date | None = None, until: date | None = None
) -> list[TimelineEvent]:
    """Timeline events overlapping the period, in date order."""
    with db.read() as conn:
        return repo.list_events(conn, since=since, until=until)


def source_catalogue(*, db: Database) -> dict[str, str]:
    """Titles of the documents the loaded scenarios cite, by reference id."""
    with db.read() as conn:
        return repo.source_catalogue(conn)
