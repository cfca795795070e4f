"""The lean listing (`list_reports_json`) answers exactly what the listing through domain
objects and response models answers: same bytes, JSON and GeoJSON, for every kind of
reader, filter and page, on both backends."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request

from ceasefire.api.schemas.common import Page, encode_cursor
from ceasefire.api.schemas.geojson import page_answer
from ceasefire.api.schemas.reports import ReportOut
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.services import findings, signing_keys
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.report_queries import list_reports, list_reports_json
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.storage.repositories.reports import BBox, ReportQuery
from ceasefire.synthetic import generate_acled
from ceasefire.testing import report_data

T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
TEXT = 'Zeugen: «Granaten» – 3\u00d7 "laut"\tdann\nStille \\ </p> \u2028 Ağdam'

VIEWERS = {
    "analyst": Viewer(Role.ANALYST, name="analyst"),
    "admin": Viewer(Role.ADMIN, name="admin"),
    "monitor.ru": Viewer(Role.MONITOR, name="monitor.ru"),
    "monitor.tr": Viewer(Role.MONITOR, name="monitor.tr"),
    "nobody's monitor": Viewer(Role.MONITOR, name=""),
    "liaison.am": Viewer(Role.PARTY_LIAISON, party_id="AM", name="liaison.am"),
    "public": Viewer(Role.PUBLIC),
}

FILTERS: dict[str, dict[str, Any]] = {
    "everything": {},
    "window": {
        "since": datetime(2020, 11, 16, tzinfo=UTC),
        "until": datetime(2021, 3, 1, tzinfo=UTC),
    },
    "since": {"since": datetime(2021, 6, 1, 12, tzinfo=UTC)},
    "until": {"until": datetime(2020, 12, 31, tzinfo=UTC)},
    "box": {"bbox": BBox(46.3, 39.4, 47.2, 40.2)},
    "antimeridian": {"bbox": BBox(170.0, -20.0, -170.0, 20.0)},
    "zone": {"zone_id": "district-aghdam"},
    "event type": {"event_type": "Explosions/Remote violence"},
    "source": {"source_id": "jmc-op"},
    "imported": {"source_id": "acled"},
    "unverified": {"status": VerificationStatus.UNVERIFIED},
    "verified": {"status": VerificationStatus.VERIFIED},
    "everything at once": {
        "since": datetime(2020, 11, 1, tzinfo=UTC),
        "until": datetime(2023, 12, 31, tzinfo=UTC),
        "bbox": BBox(45.0, 39.0, 48.0, 41.0),
        "zone_id": "nk-pre-2020",
        "event_type": "Explosions/Remote violence",
        "status": VerificationStatus.UNVERIFIED,
    },
}


@dataclass(frozen=True)
class Store:
    """A varied store and the ids of what was filed into it."""

    db: Database
    filed: dict[str, str]


def publish(db: Database, *incident_ids: str) -> None:
    """Publish a finding (signed off by both monitoring nations) about each incident."""
    keys = {"RU": generate_private_key(), "TR": generate_private_key()}
    for nation, private in keys.items():
        signing_keys.add_key(
            db=db, key_id=f"{nation.lower()}-key", holder=f"monitor.{nation.lower()}",
            nation=nation, public_key=public_key_of(private), actor="admin",
            now=T0 - timedelta(days=2),
        )  # fmt: skip
    for incident_id in incident_ids:
        finding = findings.draft_finding(
            db=db, title="Shelling", text="Verified: mortar fire.", actor="analyst",
            incident_id=incident_id,
        )  # fmt: skip
        for nation, private in keys.items():
            findings.sign_finding(
                db=db, finding_id=finding.id, key_id=f"{nation.lower()}-key",
                private_key=private, actor=f"monitor.{nation.lower()}",
            )  # fmt: skip
        findings.publish_finding(db=db, finding_id=finding.id, actor="head")


FILINGS: dict[str, tuple[str, dict[str, Any], bool]] = {
    "tolls": (
        "monitor.ru",
        {
            "occurred_start": "2020-11-16T21:40:00.250+04:00",
            "occurred_end": "2020-11-16T23:10:00+04:00",
            "actors": [
                {"name": "Armed Forces of Armenia", "side": "initiator", "party": "AM"},
                {"name": "Armed Forces of Azerbaijan", "side": "target", "party": "AZ"},
                {"name": "Unknown forces"},
            ],
            "weapons": ["mortar", "artillery", "drone"],
            "observations": {"explosions": 3, "projectiles": 0, "bursts": 12, "shots": 40},
            "casualties": {
                "killed_military": 2,
                "wounded_civilian": {"low": 1, "high": 5},
                "killed_unknown": {"best": 0},
                "military_by_party": [
                    {"party": "AZ", "killed": 2, "wounded": {"low": 1, "best": 2, "high": 3}},
                    {"party": "AM", "wounded": 1},
                ],
            },
            "text": TEXT,
            "place_name": "Ağdam «east»",
            "external_id": "JMC-OP3-1",
        },
        True,
    ),
    "bare": (
        "monitor.ru",
        {
            "occurred_start": "2020-11-18T03:00:00+04:00",
            "latitude": 39.75,
            "actors": [],
            "weapons": [],
            "observations": {},
            "casualties": {},
            "time_precision": "day",
            "geo_precision": "settlement",
            "how_observed": "claimed",
            "text": "",
        },
        True,
    ),
    "queued": ("monitor.tr", {"occurred_start": "2020-11-20T10:00:00+04:00"}, False),
    "tiny": (
        "analyst",
        {"latitude": 0.00005, "longitude": -0.0000123, "place_name": "Null Island"},
        True,
    ),
    "east of 180": ("monitor.tr", {"latitude": 10.0, "longitude": 179.99}, True),
    "west of 180": ("monitor.tr", {"latitude": -10.0, "longitude": -179.99}, False),
    "battle": (
        "monitor.tr",
        {
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "source": "jmc-patrol",
            "occurred_start": "2020-11-17T06:00:00+04:00",
        },
        True,
    ),
}
"""Filed reports: who files it, what it holds beyond `report_data`, linked at once or
left queued for the linking worker."""


@pytest.fixture
def store(db: Database, tmp_path: Path) -> Store:
    """The reference scenario, 120 imported ACLED reports (some linked, some not) and
    filed reports of every shape, some of their incidents published."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    generated = tmp_path / "acled.csv"
    generate_acled(generated, reports=150, seed=11)
    header, *rows = generated.read_text().splitlines(keepends=True)
    for part, (low, high, link) in enumerate(((0, 120, True), (120, 150, False))):
        csv = tmp_path / f"acled-{part}.csv"
        csv.write_text(header + "".join(rows[low:high]))
        import_file(db=db, path=csv, fmt="acled", actor="tester", link=link)
    filed: dict[str, str] = {}
    incidents: dict[str, str] = {}
    for name, (who, fields, link) in FILINGS.items():
        data = report_data(**{"source": "jmc-op", **fields})
        made = file_report(db=db, data=data, actor=who, link=link)
        filed[name] = made.report.id
        if made.incident_id is not None:
            incidents[name] = made.incident_id
    imported = list_reports(
        db=db, viewer=VIEWERS["analyst"], query=ReportQuery(source_id="acled", limit=50)
    )
    linked = [s.incident_id for s in imported.items if s.incident_id is not None]
    publish(db, incidents["tolls"], incidents["tiny"], *linked[:3])
    return Store(db, filed)


def request() -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": []})


def old_answer(store: Store, viewer: Viewer, query: ReportQuery, geojson: bool) -> bytes:
    """The answer of GET /reports before the lean path: domain objects, ReportOut models,
    Page[ReportOut] (FastAPI writes it with pydantic) or the GeoJSON FeatureCollection."""
    found = list_reports(db=store.db, viewer=viewer, query=query)
    items = [ReportOut.of(s) for s in found.items]
    after = found.next_after
    next_cursor = encode_cursor(after[0].isoformat(), after[1]) if after else None
    answer = page_answer(request(), "geojson" if geojson else "json", items, next_cursor)
    if isinstance(answer, Page):
        return answer.model_dump_json().encode()
    return bytes(answer.body)


def walk(store: Store, viewer: Viewer, filters: dict[str, Any], geojson: bool) -> int:
    """Page through the listing with both paths, asserting each page is the same; the
    number of reports listed."""
    after = None
    listed = 0
    while True:
        query = ReportQuery(**filters, after=after, limit=4)
        new = list_reports_json(db=store.db, viewer=viewer, query=query, geojson=geojson)
        next_cursor = encode_cursor(new.next_after[0].isoformat(), new.next_after[1]) if (
            new.next_after
        ) else None  # fmt: skip
        body = new.to_json(next_cursor)
        old = old_answer(store, viewer, query, geojson)
        assert json.loads(body) == json.loads(old)
        assert body == old
        listed += len(new.items)
        if new.next_after is None:
            return listed
        after = new.next_after


@pytest.mark.parametrize("geojson", [False, True], ids=["json", "geojson"])
def test_the_lean_listing_answers_what_the_models_answer(store: Store, geojson: bool) -> None:
    listed: dict[tuple[str, str], int] = {}
    for who, viewer in VIEWERS.items():
        for name, filters in FILTERS.items():
            listed[who, name] = walk(store, viewer, filters, geojson)
    # The cases compared are not empty ones: every kind of reader and filter lists reports.
    assert listed["analyst", "everything"] == 150 + len(FILINGS)
    assert listed["monitor.ru", "everything"] == 2
    assert listed["monitor.tr", "antimeridian"] == 2
    assert listed["nobody's monitor", "everything"] == 0
    assert 2 < listed["public", "everything"] == listed["liaison.am", "everything"] < 20
    assert all(listed["analyst", name] for name in FILTERS)
    assert listed["public", "imported"] > 0 and listed["analyst", "unverified"] > 0


def test_the_lean_listing_writes_the_values_of_the_report(store: Store) -> None:
    query = ReportQuery(source_id="jmc-op", since=datetime(2020, 11, 16, 17, tzinfo=UTC))
    page = list_reports_json(db=store.db, viewer=VIEWERS["admin"], query=query)
    item = next(i for i in page.items if i["id"] == store.filed["tolls"])
    assert item["occurred_start"] == "2020-11-16T17:40:00.250000Z"
    assert item["occurred_end"] == "2020-11-16T19:10:00Z"
    assert item["text"] == TEXT and item["dataset"] is None
    assert item["casualties"]["killed_military"] == {"low": 2, "best": 2, "high": 2}
    assert item["casualties"]["killed_unknown"] == {"low": None, "best": 0, "high": None}
    assert item["casualties"]["killed_civilian"] is None
    assert item["casualties"]["military_by_party"][1] == {
        "party": "AM",
        "killed": None,
        "wounded": {"low": 1, "best": 1, "high": 1},
    }
    assert item["actors"][2] == {"name": "Unknown forces", "side": "other", "party": None}
    geo = list_reports_json(db=store.db, viewer=VIEWERS["admin"], query=query, geojson=True)
    tiny = next(f for f in geo.items if f["id"] == store.filed["tiny"])
    assert b'"coordinates":[-1.23e-05,5e-05]' in geo.to_json(None)
    assert tiny["properties"]["id"] == store.filed["tiny"]
