"""File reports: stored, placed and linked into an incident in one transaction, or stored
and queued for linking (the API's intake, see `services.link_queue`)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection

from ceasefire.domain.report_parsing import parse_report
from ceasefire.domain.reports import Report
from ceasefire.domain.zones import Zone
from ceasefire.enrichment import Enricher
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.linking import link_within
from ceasefire.storage.repositories import audit, incidents, linking, reports, sources
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = ["FiledReport", "file_report"]


@dataclass(frozen=True, slots=True)
class FiledReport:
    """The stored report, its incident (None while it waits for linking), and whether it
    was already on file (same external id)."""

    report: Report
    incident_id: str | None
    duplicate: bool

    @property
    def linking(self) -> Literal["linked", "queued"]:
        """ "linked" when the report belongs to an incident, "queued" while it waits."""
        return "queued" if self.incident_id is None else "linked"


def file_report(
    *,
    db: Database,
    data: Mapping[str, Any],
    actor: str,
    now: datetime | None = None,
    link: bool = True,
) -> FiledReport:
    """Validate and store one report and link it into an incident (a new one, or one of
    the same event already on file), in one transaction.

    With `link=False` the report is stored (durably, with its audit entry) but not linked:
    it waits in the linking queue (the reports in no incident yet) for the background
    worker of `services.link_queue`, or `ceasefire link`. Linking a report into a store of
    100,000 takes about 0.1 s, which a request cannot afford; storing one takes about 2 ms.
    """
    received = now or datetime.now(UTC)
    report = parse_report(data, report_id=str(uuid.uuid4()), received_at=received)
    loc = report.location
    # Checked and placed on a read connection, so that the write transaction (one writer
    # at a time on SQLite) holds only the insert, the audit entry and the commit.
    with db.read() as conn:
        _check_references(conn, report)
        enricher = _ENRICHERS.get(scenario_repo.list_zones(conn))
    placed = enricher.enrich([loc.latitude], [loc.longitude])[0]
    with db.transaction() as conn:
        if report.external_id is not None:
            existing = reports.find_by_external_id(conn, report.external_id)
            if existing is not None:
                # None while the report on file still waits in the linking queue.
                incident_id = linking.memberships(conn, [existing.id]).get(existing.id)
                return FiledReport(existing, incident_id, duplicate=True)
        reports.add(conn, report, placed, filed_by=actor)
        audit.append(
            conn,
            actor=actor,
            action="report.file",
            entity="report",
            entity_id=report.id,
            after=report,
            at=received,
        )
        if not link:
            return FiledReport(report, None, duplicate=False)
        link_within(conn, [report.id], actor=actor, now=received)
        incident_id = incidents.incident_of_report(conn, report.id)
    return FiledReport(report, incident_id, duplicate=False)


def _check_references(conn: Connection, report: Report) -> None:
    if sources.find(conn, report.source_id) is None:
        known = (
            ", ".join(s.id for s in sources.list_all(conn))
            or "none yet; add one with `ceasefire sources add`"
        )
        raise ValidationError("source", report.source_id, f"unknown source (known: {known})")
    party_ids = {p.id for p in scenario_repo.list_parties(conn)}
    named = [(f"actors[{i}].party", a.party_id) for i, a in enumerate(report.actors)]
    named += [
        (f"casualties.military_by_party[{i}].party", t.party_id)
        for i, t in enumerate(report.casualties.military_by_party)
    ]
    for field, party_id in named:
        if party_id is not None and party_id not in party_ids:
            known = ", ".join(sorted(party_ids)) or "none; load a scenario first"
            raise ValidationError(field, party_id, f"unknown party (known: {known})")


class _EnricherCache:
    """Enrichers by the zones they were built from: building one (spatial indexes, the
    projected line of contact) costs about 2 ms, comparing a zone list 0.03 ms. Zones change
    only when a scenario is loaded, so a few entries suffice."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._entries: list[tuple[tuple[Zone, ...], Enricher]] = []
        self._lock = threading.Lock()

    def get(self, zones: Sequence[Zone]) -> Enricher:
        """The enricher of exactly these zones, built on first use."""
        key = tuple(zones)
        with self._lock:
            for known, enricher in self._entries:
                if known == key:
                    return enricher
        enricher = Enricher(key)
        with self._lock:
            self._entries = [(key, enricher), *self._entries][: self._size]
        return enricher


_ENRICHERS = _EnricherCache()
