"""Zones as GeoJSON over HTTP, with who controls each from when."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from tests.api.conftest import WHO, World

from ceasefire.domain.agreements import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    PartyRole,
    Provision,
    ProvisionKind,
)
from ceasefire.domain.timeline import EffectOutcome, ProvisionEffect, SourceRef, TimelineEvent
from ceasefire.services.zones import control_by_zone
from ceasefire.storage.schema import reports, zones

API = "/api/v1"
GEOJSON = "application/geo+json"


def _count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_everyone_reads_the_zones_as_a_feature_collection(world: World) -> None:
    answers = [world.client.get(f"{API}/zones", headers=world.auth(who)) for who in WHO]
    assert {r.status_code for r in answers} == {200}
    assert {r.headers["content-type"] for r in answers} == {GEOJSON}
    body = answers[0].json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == _count(world, zones)
    for feature in body["features"]:
        assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["id"]
        assert feature["geometry"]["type"] in {"Polygon", "LineString"}
        assert {"id", "name", "kind", "control", "approximate", "note"} <= set(
            feature["properties"]
        )
    kinds = {f["properties"]["kind"] for f in body["features"]}
    assert {"district", "corridor", "handover_area", "line_of_contact"} <= kinds


def test_control_follows_the_handovers_and_the_corridors(world: World) -> None:
    features = {f["id"]: f for f in world.client.get(f"{API}/zones").json()["features"]}
    (kelbajar,) = features["handover-kalbajar"]["properties"]["control"]
    assert kelbajar == {
        "party": "AZ",
        "since": "2020-11-25",
        "until": None,
        "provision_id": "tri2020-6-kelbajar",
        "basis": "handover",
        "status": "met",
    }
    (corridor,) = features["lachin-corridor"]["properties"]["control"]
    assert (corridor["party"], corridor["since"], corridor["basis"]) == (
        "RU",
        "2020-11-10",
        "corridor_control",
    )
    assert features["district-fuzuli"]["properties"]["control"] == []


def test_one_zone_is_a_feature(world: World) -> None:
    r = world.client.get(f"{API}/zones/handover-kalbajar")
    assert r.status_code == 200 and r.headers["content-type"] == GEOJSON
    body = r.json()
    assert (body["type"], body["id"], body["properties"]["approximate"]) == (
        "Feature",
        "handover-kalbajar",
        True,
    )
    assert body["geometry"]["coordinates"][0][0] == body["geometry"]["coordinates"][0][-1]


def test_unknown_or_hostile_zone_ids_are_refused(world: World) -> None:
    before = _count(world, zones), _count(world, reports)
    for zone_id, status in [
        ("no-such-zone", 404),
        ("x'); DROP TABLE reports;--", 422),
        ("a%00b", 422),
        ("%3Cscript%3Ealert(1)%3C", 422),
    ]:
        r = world.client.get(f"{API}/zones/{zone_id}", headers=world.auth("liaison.am"))
        assert r.status_code == status, zone_id
        assert r.headers["content-type"] == "application/problem+json"
    assert (_count(world, zones), _count(world, reports)) == before


def _event(event_id: str, day: date, provision_id: str, outcome: EffectOutcome) -> TimelineEvent:
    return TimelineEvent(
        id=event_id,
        title=event_id,
        start=day,
        sources=(SourceRef("public record"),),
        effects=(ProvisionEffect(provision_id, outcome),),
    )


def test_control_ends_when_the_provision_ends() -> None:
    corridor = Provision(
        id="c", agreement_id="a", number="1", kind=ProvisionKind.CORRIDOR_CONTROL,
        title="Corridor", text="", obligated=("RU",), zone_ids=("z-corridor",),
    )  # fmt: skip
    handover = Provision(
        id="h", agreement_id="a", number="2", kind=ProvisionKind.HANDOVER,
        title="Handover", text="", obligated=("AM",), zone_ids=("z-area",),
        deadline=date(2020, 12, 1),
    )  # fmt: skip
    agreement = Agreement(
        id="a", title="A", status=AgreementStatus.SIGNED, signed_on=date(2020, 11, 9),
        in_force_at=datetime(2020, 11, 9, 21, tzinfo=UTC), utc_offset_hours=4,
        parties=(
            AgreementParty("AZ", (PartyRole.PARTY,)),
            AgreementParty("AM", (PartyRole.PARTY,)),
            AgreementParty("RU", (PartyRole.MEDIATOR, PartyRole.GUARANTOR)),
        ),
        provisions=(corridor, handover),
    )  # fmt: skip
    events = [
        _event("ended", date(2023, 4, 23), "c", EffectOutcome.ENDED),
        _event("handed", date(2020, 11, 30), "h", EffectOutcome.MET),
    ]
    early = control_by_zone([agreement], events, datetime(2020, 11, 20, tzinfo=UTC))
    assert [c.party_id for c in early["z-corridor"]] == ["RU"] and "z-area" not in early
    late = control_by_zone([agreement], events, datetime(2024, 1, 1, tzinfo=UTC))
    (ended,) = late["z-corridor"]
    assert (ended.since, ended.until, ended.status.value) == (
        date(2020, 11, 10),
        date(2023, 4, 23),
        "expired",
    )
    (area,) = late["z-area"]
    assert (area.party_id, area.since, area.until) == ("AZ", date(2020, 11, 30), None)
    unsigned = control_by_zone(
        [replace(agreement, status=AgreementStatus.PROPOSAL)],
        events,
        datetime(2024, 1, 1, tzinfo=UTC),
    )
    assert unsigned == {}
