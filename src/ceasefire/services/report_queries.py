"""Reports as a reader may see them: pages of filtered reports (as domain objects, or
written out as the API lists them), one report by id, and filing one on a reader's behalf
(the API's intake)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson

from ceasefire.domain.access import Viewer
from ceasefire.domain.reports import CASUALTY_FIELDS
from ceasefire.domain.validation import check_listing
from ceasefire.errors import ConflictError, NotFoundError, ValidationError
from ceasefire.services.database import Database
from ceasefire.services.filing import ReportFiler
from ceasefire.services.reports import FiledReport, new_report
from ceasefire.storage.repositories import report_pages, reports
from ceasefire.storage.repositories.reports import ReportQuery, StoredReport

__all__ = [
    "ReportListing",
    "ReportPage",
    "ReportQuery",
    "answer_for",
    "get_report",
    "list_reports",
    "list_reports_json",
    "submit_report",
]

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class ReportPage:
    """One page of reports and the position (occurred_start, id) the next page starts
    after; None on the last page."""

    items: list[StoredReport]
    next_after: tuple[datetime, str] | None


def list_reports(*, db: Database, viewer: Viewer, query: ReportQuery) -> ReportPage:
    """The reports `viewer` may read that match `query`, oldest first: staff read every
    report, a monitor the reports they filed, liaisons and the public the reports of
    published incidents. One indexed query per page (one row more than the page tells
    whether another page follows)."""
    _check(query)
    with db.read() as conn:
        rows = reports.page(conn, viewer, replace(query, limit=query.limit + 1))
    items = rows[: query.limit]
    more = len(rows) > query.limit
    last = items[-1].report if items else None
    return ReportPage(items, (last.occurred.start, last.id) if more and last else None)


@dataclass(frozen=True, slots=True)
class ReportListing:
    """One page of reports as GET /reports lists them: each item the values of its JSON
    (or GeoJSON feature), and the position (occurred_start, id) the next page starts
    after; None on the last page."""

    items: list[dict[str, Any]]
    next_after: tuple[datetime, str] | None
    geojson: bool = False

    def to_json(self, next_cursor: str | None) -> bytes:
        """The answer's body: `{"items": [...], "next_cursor": ...}`, or a GeoJSON
        FeatureCollection with `next_cursor` beside its features."""
        if self.geojson:
            collection = {
                "type": "FeatureCollection",
                "features": self.items,
                "next_cursor": next_cursor,
            }
            return orjson.dumps(collection)
        return orjson.dumps({"items": self.items, "next_cursor": next_cursor})


def list_reports_json(
    *, db: Database, viewer: Viewer, query: ReportQuery, geojson: bool = False
) -> ReportListing:
    """The page `list_reports` reads, item for item and value for value as the API's
    ReportOut (or its GeoJSON feature) writes it, but read lean and written straight from
    the rows: no domain objects, no models per report."""
    _check(query)
    with db.read(one_statement=True) as conn:
        rows = report_pages.page_rows(conn, viewer, replace(query, limit=query.limit + 1))
    items = [_listed(row) for row in rows[: query.limit]]
    next_after = None
    if len(rows) > query.limit:
        last = items[-1]
        next_after = (datetime.fromisoformat(last["occurred_start"]), last["id"])
    if geojson:
        items = [_feature(item) for item in items]
    return ReportListing(items, next_after, geojson)


def get_report(*, db: Database, viewer: Viewer, report_id: str) -> StoredReport:
    """One report as stored, or NotFoundError (also when `viewer` may not read it, so ids
    cannot be probed)."""
    with db.read() as conn:
        found = reports.find_stored(conn, report_id, viewer)
    if found is None:
        raise NotFoundError("report", report_id)
    return found


def submit_report(
    *, filer: ReportFiler, data: Mapping[str, Any], actor: str
) -> Future[FiledReport]:
    """Validate `data` (ValidationError naming the field, nothing queued) and queue it for
    filing by `actor` with the reports of concurrent requests (`services.filing`); the
    future holds the report once it is committed, unlinked: the linking worker links it."""
    return filer.submit(new_report(data), actor)


def answer_for(*, db: Database, filed: FiledReport, viewer: Viewer) -> FiledReport:
    """The filing as `viewer` may see it. A report already on file under the same external
    id is returned only to a reader who may read it; anyone else is told the external id
    is taken (409), never shown the other report."""
    if filed.duplicate:
        with db.read() as conn:
            visible = reports.find_stored(conn, filed.report.id, viewer) is not None
        if not visible:
            raise ConflictError(
                f"external_id: {filed.report.external_id!r} is already on file for a report"
                " you cannot read; use the sender's id of this report"
            )
    return filed


def _check(query: ReportQuery) -> None:
    check_listing(
        limit=query.limit, max_limit=MAX_PAGE, since=query.since, until=query.until,
        event_type=query.event_type,
    )  # fmt: skip
    box = query.bbox
    if box is not None and box.min_lat > box.max_lat:
        raise ValidationError("bbox", box, "min_lat is above max_lat")


def _listed(row: Any) -> dict[str, Any]:
    """A row of `report_pages.page_rows` as ReportOut writes it (same keys, same order)."""
    (
        report_id, source, received_at, start, end, time_precision, latitude, longitude,
        geo_precision, place_name, event_type, sub_event_type, actors, weapons, explosions,
        projectiles, bursts, shots, casualties, how_observed, credibility, text, external_id,
        incident_id, zone_ids, district, distance, dataset,
    ) = row  # fmt: skip
    return {
        "id": report_id,
        "source": source,
        "received_at": _utc_text(received_at),
        "occurred_start": _utc_text(start),
        "occurred_end": None if end is None else _utc_text(end),
        "time_precision": time_precision,
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo_precision,
        "place_name": place_name,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actors": _actors(actors),
        "weapons": _document(weapons),
        "observations": {
            "explosions": explosions,
            "projectiles": projectiles,
            "bursts": bursts,
            "shots": shots,
        },
        "casualties": _casualties(casualties),
        "how_observed": how_observed,
        "credibility": credibility,
        "text": text,
        "external_id": external_id,
        "incident_id": incident_id,
        "zone_ids": [] if zone_ids is None else _document(zone_ids),
        "district": district,
        "distance_to_line_of_contact_m": distance,
        "dataset": dataset,
    }


def _utc_text(stored: str) -> str:
    """A time of `report_pages.page_rows` as pydantic writes a UTC datetime:
    "2020-11-16 17:40:00.000000" -> "2020-11-16T17:40:00Z", the fraction only if not zero.

    >>> _utc_text("2020-11-16 17:40:00.250000"), _utc_text("2020-11-16 17:40:00.000000")
    ('2020-11-16T17:40:00.250000Z', '2020-11-16T17:40:00Z')
    """
    if len(stored) == 26 and stored[10] == " " and stored[19] == ".":
        if stored.endswith("000000"):
            return f"{stored[:10]}T{stored[11:19]}Z"
        return f"{stored[:10]}T{stored[11:]}Z"
    # Any other form SQLite may hold (written by hand): parse it like SQLAlchemy would.
    when = datetime.fromisoformat(stored)
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.replace(tzinfo=None).isoformat() + "Z"


# Reports repeat a few actors, weapons, zones and casualty figures over and over: each
# document text is decoded once, and the values (shared by every report with that text)
# are only ever written out, never changed.
@lru_cache(maxsize=4096)
def _document(document: str) -> Any:
    return orjson.loads(document)


@lru_cache(maxsize=4096)
def _actors(document: str) -> list[dict[str, Any]]:
    """An actors document as ActorOut writes them."""
    return [
        {"name": a["name"], "side": a["side"], "party": a["party_id"]}
        for a in orjson.loads(document)
    ]


@lru_cache(maxsize=4096)
def _casualties(document: str) -> dict[str, Any]:
    """A casualties document as CasualtiesOut writes it: every category, None where not
    known, then the tolls by party."""
    doc = orjson.loads(document)
    listed: dict[str, Any] = {name: _casualty_range(doc.get(name)) for name in CASUALTY_FIELDS}
    listed["military_by_party"] = [
        {
            "party": toll["party_id"],
            "killed": _casualty_range(toll["killed"]),
            "wounded": _casualty_range(toll["wounded"]),
        }
        for toll in doc.get("military_by_party", ())
    ]
    return listed


def _casualty_range(figures: dict[str, int | None] | None) -> dict[str, int | None] | None:
    if not figures:
        return None
    low, best, high = figures.get("low"), figures.get("best"), figures.get("high")
    if low is None and best is None and high is None:
        return None
    return {"low": low, "best": best, "high": high}


def _feature(item: dict[str, Any]) -> dict[str, Any]:
    """A listed report as a GeoJSON Feature, its numbers written as the json module
    writes them (the GeoJSON answer's encoder before orjson)."""
    numbers = ("latitude", "longitude", "distance_to_line_of_contact_m")
    if any(_tiny(item[name]) for name in numbers):
        item = {**item, **{name: _as_json_module(item[name]) for name in numbers}}
    return {
        "type": "Feature",
        "id": item["id"],
        "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]},
        "properties": item,
    }


def _tiny(number: float | None) -> bool:
    # orjson and pydantic write numbers under 1e-4 as 0.00001 and 1e-7 where the json
    # module writes 1e-05 and 1e-07; all other floats they write alike.
    return number is not None and 0 < abs(number) < 1e-4


def _as_json_module(number: float | None) -> Any:
    return orjson.Fragment(repr(number)) if _tiny(number) else number
