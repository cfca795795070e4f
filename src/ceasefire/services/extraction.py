"""Accept extracted events: each becomes a report (filed and linked like any other) with
the text it came from attached as evidence, all in one transaction."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy import Connection

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.evidence import EvidenceEntity
from ceasefire.domain.reports import Report
from ceasefire.domain.sources import SourceKind
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError
from ceasefire.evidence_store import StoredFile
from ceasefire.extraction.model import Extraction
from ceasefire.extraction.proposals import missing_fields, report_data
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.services.evidence import (
    EvidenceTarget,
    attach_stored,
    discard_unreferenced,
    evidence_store,
    writable_target,
)
from ceasefire.services.linking import link_within
from ceasefire.services.loaded_scenarios import loaded_scenarios
from ceasefire.services.reports import (
    FiledReport,
    filed_entry,
    new_report,
    on_file,
    reference_problem,
)
from ceasefire.storage.repositories import audit, incidents, sources
from ceasefire.storage.repositories import reports as report_repo

__all__ = ["EVIDENCE_DESCRIPTION", "AcceptedEvent", "accept_extraction", "speaker_of_source"]

EVIDENCE_DESCRIPTION = "The text this report was extracted from"


@dataclass(frozen=True, slots=True)
class AcceptedEvent:
    """The report an extracted event became, and whether the text was attached to it now."""

    number: int
    filed: FiledReport
    evidence_attached: bool


def speaker_of_source(*, db: Database, source: str) -> str | None:
    """The party a registered source speaks for when it is a party's statement, else None."""
    with db.read() as conn:
        registered = sources.find(conn, source)
    if registered is None or registered.kind is not SourceKind.PARTY_STATEMENT:
        return None
    return registered.party_id


def accept_extraction(
    *,
    db: Database,
    settings: Settings,
    extraction: Extraction,
    source: str,
    actor: str,
    file_name: str,
    viewer: Viewer | None = None,
    now: datetime | None = None,
) -> list[AcceptedEvent]:
    """File every event of an extraction as a report with the text attached, all or nothing.

    Every event is checked first (a date and a place on the map; a known source and known
    parties), so a text with one incomplete event files none. Then one transaction stores
    every report (audited as `file_report` does), links them into incidents and attaches
    the text to each as an evidence file, as `viewer` (default: an analyst named `actor`,
    the CLI's case): a failure on any event rolls back all of them. Accepting the same
    text again files nothing new (same external ids).
    """
    when = utc_now(now)
    name = PurePath(check_non_empty(file_name, "file_name")).name
    filings = _reports(extraction, source, when)
    with db.read() as conn:
        loaded = loaded_scenarios(conn)
        source_ids = sources.ids(conn)
    for report in filings:
        problem = reference_problem(report, source_ids, loaded.party_ids)
        if problem is not None:
            raise problem
    placed = loaded.enricher.enrich(
        [r.location.latitude for r in filings], [r.location.longitude for r in filings]
    )
    store = evidence_store(settings)
    stored = store.put(io.BytesIO(extraction.text.encode("utf-8")), name)
    attaching = viewer or Viewer(Role.ANALYST, name=actor)
    try:
        with db.transaction() as conn:
            known = on_file(conn, filings)
            new = [
                (report, place)
                for report, place in zip(filings, placed, strict=True)
                if report.external_id not in known
            ]
            for report, place in new:
                report_repo.add(conn, report, place, filed_by=actor)
            audit.append_many(conn, [filed_entry(report, actor) for report, _ in new])
            link_within(conn, [report.id for report, _ in new], actor=actor, now=when)
            for report, _ in new:
                _attach_text(conn, stored, report, attaching, actor, name, when)
            return _accepted(conn, filings, known)
    except BaseException:
        if stored.created:
            discard_unreferenced(db, store, stored.sha256)
        raise


def _reports(extraction: Extraction, source: str, when: datetime) -> list[Report]:
    """The reports of every event, validated; ValidationError naming the first event that
    lacks a date or a place, or whose fields a report refuses."""
    if not extraction.events:
        raise ValidationError("text", extraction.text[:60], "mentions no event to accept")
    for number, event in enumerate(extraction.events, 1):
        missing = missing_fields(event)
        if missing:
            raise ValidationError(
                f"event {number}",
                event.span.text[:60],
                f"lacks {' and '.join(missing)}; file it with `reports add`",
            )
    return [
        new_report(report_data(event, source=source, text=extraction.text, number=number), now=when)
        for number, event in enumerate(extraction.events, 1)
    ]


def _attach_text(
    conn: Connection,
    stored: StoredFile,
    report: Report,
    viewer: Viewer,
    actor: str,
    file_name: str,
    when: datetime,
) -> None:
    target: EvidenceTarget
    target, _ = writable_target(conn, EvidenceEntity.REPORT, report.id, viewer, own_reports=False)
    attach_stored(conn, stored, target, file_name, EVIDENCE_DESCRIPTION, actor, when)


def _accepted(
    conn: Connection, filings: Sequence[Report], stored: dict[str, FiledReport]
) -> list[AcceptedEvent]:
    accepted = []
    for number, report in enumerate(filings, 1):
        known = stored.get(report.external_id or "")
        if known is not None:
            accepted.append(AcceptedEvent(number, known, evidence_attached=False))
            continue
        incident_id = incidents.incident_of_report(conn, report.id)
        filed = FiledReport(report, incident_id, duplicate=False)
        accepted.append(AcceptedEvent(number, filed, evidence_attached=True))
    return accepted
