"""What the pages show, prepared from the services' answers: rows of the incidents table,
its pages, and an incident in full with the grade of each report and its audit history.
Templates only lay these out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ceasefire.api.schemas.incidents import IncidentDetail, IncidentOut
from ceasefire.api.schemas.reports import CasualtiesOut, CasualtyRangeOut
from ceasefire.domain.assessment import Assessment
from ceasefire.domain.audit import AuditEntry
from ceasefire.services.incidents import IncidentTable, IncidentView
from ceasefire.web.listing import PAGE_SIZE, Listing

__all__ = ["AuditLine", "IncidentPage", "Pager", "TablePage", "incident_page", "table_page"]

CASUALTY_LABELS = (
    ("killed_military", "Killed, military"),
    ("killed_civilian", "Killed, civilian"),
    ("killed_unknown", "Killed, unknown"),
    ("wounded_military", "Wounded, military"),
    ("wounded_civilian", "Wounded, civilian"),
    ("wounded_unknown", "Wounded, unknown"),
)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of the table is: its number, how many there are, which rows it shows."""

    page: int
    pages: int
    total: int
    first: int
    last: int
    previous: str | None
    next: str | None


@dataclass(frozen=True, slots=True)
class TablePage:
    """One page of the incidents table."""

    rows: list[IncidentOut]
    pager: Pager


def table_page(table: IncidentTable, listing: Listing) -> TablePage:
    """The rows and the pager of one page of the table."""
    pages = max(1, -(-table.total // PAGE_SIZE))
    shown = len(table.items)
    pager = Pager(
        page=listing.page,
        pages=pages,
        total=table.total,
        first=table.offset + 1 if shown else 0,
        last=table.offset + shown,
        previous=listing.query(page=listing.page - 1) if listing.page > 1 else None,
        next=listing.query(page=listing.page + 1) if listing.page < pages else None,
    )
    return TablePage([IncidentOut.of(i) for i in table.items], pager)


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One audit entry about the incident."""

    at: datetime
    actor: str
    action: str
    reason: str


@dataclass(frozen=True, slots=True)
class IncidentPage:
    """An incident in full, as the detail page shows it."""

    incident: IncidentDetail
    casualties: list[tuple[str, CasualtyRangeOut | None]]
    grades: dict[str, str]
    """report id -> the graded origin the assessment weighed it as, e.g.
    "JMC patrol (B6, seen, neutral monitor)"."""
    history: list[AuditLine] | None
    """None for readers who may not read the audit log."""


def incident_page(view: IncidentView, history: list[AuditEntry] | None) -> IncidentPage:
    """The detail page's content for an incident its reader may see."""
    stored = view.incident.assessment
    grades: dict[str, str] = {}
    if "contributions" in stored:
        for c in Assessment.from_json(stored).contributions:
            for report_id in c.report_ids:
                grades.setdefault(report_id, c.label or c.origin_name)
    detail = IncidentDetail.of_view(view)
    return IncidentPage(
        incident=detail,
        casualties=_casualties(detail.casualties),
        grades=grades,
        history=None if history is None else [_line(e) for e in history],
    )


def _casualties(c: CasualtiesOut) -> list[tuple[str, CasualtyRangeOut | None]]:
    return [(text, getattr(c, name)) for name, text in CASUALTY_LABELS]


def _line(entry: AuditEntry) -> AuditLine:
    after: dict[str, Any] = entry.after or {}
    reason = after.get("reason")
    return AuditLine(entry.at, entry.actor, entry.action, reason if isinstance(reason, str) else "")
