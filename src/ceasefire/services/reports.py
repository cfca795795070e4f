"""File reports: stored, placed and linked into an incident in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from ceasefire.domain.report_parsing import parse_report
from ceasefire.domain.reports import Report
from ceasefire.enrichment import Enricher
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.linking import link_within
from ceasefire.storage.repositories import audit, incidents, reports, sources
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = ["FiledReport", "file_report"]


@dataclass(frozen=True, slots=True)
class FiledReport:
    """The stored report, its incident, and whether it was already on file (same external id)."""

    report: Report
    incident_id: str
    duplicate: bool


def file_report(
    *, db: Database, data: Mapping[str, Any], actor: str, now: datetime | None = None
) -> FiledReport:
    """Validate and store one report and link it into an incident (a new one, or one of
    the same event already on file), in one transaction."""
    received = now or datetime.now(UTC)
    report = parse_report(data, report_id=str(uuid.uuid4()), received_at=received)
    with db.transaction() as conn:
        if report.external_id is not None:
            existing = reports.find_by_external_id(conn, report.external_id)
            if existing is not None:
                incident_id = incidents.incident_of_report(conn, existing.id)
                return FiledReport(existing, incident_id, duplicate=True)
        _check_references(conn, report)
        loc = report.location
        enricher = Enricher(scenario_repo.list_zones(conn))
        reports.add(
            conn, report, enricher.enrich([loc.latitude], [loc.longitude])[0], filed_by=actor
        )
        audit.append(
            conn,
            actor=actor,
            action="report.file",
            entity="report",
            entity_id=report.id,
            after=report,
            at=received,
        )
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
