"""The incidents table's query string: filters, sort order and page, read from the text a
browser sends (empty fields mean "any"), refused with the field named when a value is
wrong, and written back into the links of the table's headers and pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar
from urllib.parse import urlencode

from ceasefire.domain.event_types import EVENT_TYPES
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.sources import SourceKind
from ceasefire.domain.validation import parse_enum
from ceasefire.errors import ValidationError
from ceasefire.services.incidents import IncidentFilter, IncidentOrder

__all__ = ["PAGE_SIZE", "Listing", "date_param", "read_listing"]

PAGE_SIZE = 50
MAX_PAGE_NUMBER = 100_000
_END_OF_DAY = time(23, 59, 59, 999_999)


@dataclass(frozen=True, slots=True)
class Listing:
    """What the incidents table shows: filters, sort order and the page (from 1)."""

    status: VerificationStatus | None = None
    event_type: str | None = None
    source_kind: SourceKind | None = None
    since: date | None = None
    until: date | None = None
    order: IncidentOrder = IncidentOrder.TIME
    descending: bool = True
    page: int = 1

    def incident_filter(self) -> IncidentFilter:
        """The services' filter for one page of this listing (dates taken in UTC)."""
        return IncidentFilter(
            status=self.status,
            event_type=self.event_type,
            source_kind=self.source_kind,
            since=datetime.combine(self.since, time(0), UTC) if self.since else None,
            until=datetime.combine(self.until, _END_OF_DAY, UTC) if self.until else None,
            limit=PAGE_SIZE,
        )

    @property
    def offset(self) -> int:
        """Incidents before this page."""
        return (self.page - 1) * PAGE_SIZE

    def query(self, **changes: Any) -> str:
        """The query string of this listing with `changes` (e.g. `page=2`), without the
        values that are the defaults."""
        changed = replace(self, **changes)
        pairs = {
            "status": changed.status.value if changed.status else "",
            "event_type": changed.event_type or "",
            "source_kind": changed.source_kind.value if changed.source_kind else "",
            "since": changed.since.isoformat() if changed.since else "",
            "until": changed.until.isoformat() if changed.until else "",
            "sort": "" if changed.order is IncidentOrder.TIME else changed.order.value,
            "dir": "" if changed.descending else "asc",
            "page": "" if changed.page == 1 else str(changed.page),
        }
        return urlencode({k: v for k, v in pairs.items() if v})

    def sorted_by(self, order: IncidentOrder) -> str:
        """The query string sorting by `order`: the other direction if it already is."""
        descending = not self.descending if order is self.order else True
        return self.query(order=order, descending=descending, page=1)


def read_listing(params: Mapping[str, str]) -> Listing:
    """The listing a query string asks for; ValidationError naming the first wrong field."""
    since = date_param(params, "since")
    until = date_param(params, "until")
    if since is not None and until is not None and until < since:
        raise ValidationError("until", until.isoformat(), "is before since")
    return Listing(
        status=_choice(params, "status", VerificationStatus),
        event_type=_event_type(params.get("event_type", "").strip()),
        source_kind=_choice(params, "source_kind", SourceKind),
        since=since,
        until=until,
        order=_choice(params, "sort", IncidentOrder) or IncidentOrder.TIME,
        descending=_direction(params.get("dir", "").strip()),
        page=_page(params.get("page", "").strip()),
    )


E = TypeVar("E", VerificationStatus, IncidentOrder, SourceKind)


def _choice(params: Mapping[str, str], name: str, kind: type[E]) -> E | None:
    text = params.get(name, "").strip()
    return parse_enum(kind, text, name) if text else None


def _event_type(text: str) -> str | None:
    if not text:
        return None
    if text not in EVENT_TYPES:
        raise ValidationError("event_type", text, f"must be one of: {'; '.join(EVENT_TYPES)}")
    return text


def date_param(params: Mapping[str, str], name: str) -> date | None:
    """The date in query parameter `name` (None when absent or blank); ValidationError
    naming it when it is not YYYY-MM-DD."""
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(name, text, "must be a date, YYYY-MM-DD") from None


def _direction(text: str) -> bool:
    if text not in ("", "asc", "desc"):
        raise ValidationError("dir", text, "must be asc or desc")
    return text != "asc"


def _page(text: str) -> int:
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE_NUMBER:
        raise ValidationError("page", text, f"must be a whole number from 1 to {MAX_PAGE_NUMBER}")
    return int(text)
