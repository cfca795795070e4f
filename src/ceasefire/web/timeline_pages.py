"""The timeline page: the scenario's dated events (the service behind `/api/v1/timeline`)
and the incidents the reader may see, on one time axis, grouped by month (by year for
events dated only to the year), within a date range."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ceasefire.api.deps import DbDep, PrincipalDep
from ceasefire.api.schemas.incidents import IncidentOut
from ceasefire.api.schemas.timeline import TimelineEventOut
from ceasefire.domain.incidents import Incident
from ceasefire.domain.timeline import DatePrecision, TimelineEvent
from ceasefire.services import agreements, incidents
from ceasefire.services.incidents import IncidentOrder
from ceasefire.web.listing import read_listing
from ceasefire.web.pages import renderer_of

__all__ = ["Period", "TimelineEntry", "periods", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

INCIDENT_LIMIT = 500
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One mark on the axis: a scenario event or an incident."""

    day: date
    kind: Literal["event", "incident"]
    event: TimelineEventOut | None = None
    incident: IncidentOut | None = None


@dataclass(slots=True)
class Period:
    """A month (or a year, for events known only to the year) of the axis."""

    key: tuple[int, int]
    """(year, month); month 0 for the year itself, which comes before its months."""
    title: str
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def counts(self) -> str:
        """How many events and incidents, in words: "2 events, 14 incidents"."""
        events = sum(e.kind == "event" for e in self.entries)
        found = len(self.entries) - events
        parts = [(events, "event"), (found, "incident")]
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts if n)


@router.get("/timeline")
def timeline_page(request: Request, principal: PrincipalDep, db: DbDep) -> HTMLResponse:
    """Events and incidents from `since` to `until` (UTC days; empty: no bound), oldest
    first; the first INCIDENT_LIMIT incidents of the range, with how many there are."""
    params = request.query_params
    listing = read_listing({name: params.get(name, "") for name in ("since", "until")})
    events = agreements.timeline(db=db, since=listing.since, until=listing.until)
    titles = agreements.source_catalogue(db=db)
    table = incidents.table_of_incidents(
        db=db, viewer=principal.viewer, order=IncidentOrder.TIME, descending=False,
        flt=replace(listing.incident_filter(), limit=INCIDENT_LIMIT),
    )  # fmt: skip
    return renderer_of(request).page(
        request, principal, "timeline.html", listing=listing,
        periods=periods(events, table.items, titles), incident_total=table.total,
        incidents_shown=len(table.items), event_count=len(events),
    )  # fmt: skip


def periods(
    events: list[TimelineEvent], found: list[Incident], titles: dict[str, str]
) -> list[Period]:
    """Events and incidents on one axis, oldest first, grouped into periods."""
    entries = [
        TimelineEntry(e.start, "event", event=TimelineEventOut.of(e, titles)) for e in events
    ]
    keys = {e.id: _key(e) for e in events}
    for incident in found:
        out = IncidentOut.of(incident)
        entries.append(TimelineEntry(out.occurred_start.date(), "incident", incident=out))
    grouped: dict[tuple[int, int], Period] = {}
    for entry in sorted(entries, key=_order):
        key = keys[entry.event.id] if entry.event else (entry.day.year, entry.day.month)
        if key not in grouped:
            grouped[key] = Period(key, _title(key))
        grouped[key].entries.append(entry)
    return [grouped[k] for k in sorted(grouped)]


def _key(event: TimelineEvent) -> tuple[int, int]:
    if event.precision is DatePrecision.YEAR:
        return (event.start.year, 0)
    return (event.start.year, event.start.month)


def _title(key: tuple[int, int]) -> str:
    year, month = key
    return str(year) if month == 0 else f"{MONTHS[month - 1]} {year}"


def _order(entry: TimelineEntry) -> tuple[date, int, str]:
    if entry.incident is not None:
        return (entry.day, 1, entry.incident.occurred_start.isoformat())
    return (entry.day, 0, "")
