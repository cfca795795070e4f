"""Accept extracted events: each becomes a report (filed and linked like any other) with
the text it came from attached as evidence."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.evidence import EvidenceEntity
from ceasefire.domain.sources import SourceKind
from ceasefire.errors import ValidationError
from ceasefire.extraction.model import Extraction
from ceasefire.extraction.proposals import missing_fields, report_data
from ceasefire.services.database import Database
from ceasefire.services.evidence import add_evidence
from ceasefire.services.reports import FiledReport, file_report
from ceasefire.storage.repositories import sources

__all__ = ["AcceptedEvent", "accept_extraction", "speaker_of_source"]


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
    """File every event of an extraction as a report and attach the text to each.

    Every event is checked first (a date and a place on the map), so a text with one
    incomplete event files none. Each report then goes through `file_report` (stored,
    audited and linked into an incident in its transaction) and gets the text as an
    evidence file, attached as `viewer` (default: an analyst named `actor`, the CLI's
    case); accepting the same text again files nothing new (same external ids).
    """
    if not extraction.events:
        raise ValidationError("text", file_name, "mentions no event to accept")
    for number, event in enumerate(extraction.events, 1):
        missing = missing_fields(event)
        if missing:
            raise ValidationError(
                f"event {number}",
                event.span.text[:60],
                f"lacks {' and '.join(missing)}; file it with `reports add`",
            )
    attaching = viewer or Viewer(Role.ANALYST, name=actor)
    body = extraction.text.encode("utf-8")
    accepted = []
    for number, event in enumerate(extraction.events, 1):
        data = report_data(event, source=source, text=extraction.text, number=number)
        filed = file_report(db=db, data=data, actor=actor, now=now)
        if not filed.duplicate:
            add_evidence(
                db=db, settings=settings, source=io.BytesIO(body), entity=EvidenceEntity.REPORT,
                entity_id=filed.report.id, viewer=attaching, actor=actor, file_name=file_name,
                description="The text this report was extracted from", now=now,
            )  # fmt: skip
        accepted.append(AcceptedEvent(number, filed, evidence_attached=not filed.duplicate))
    return accepted
