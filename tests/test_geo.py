"""Tests for ceasefire.geo on the regional gazetteer and the generated Nagorno-Karabakh zones."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from pyproj import CRS, Geod, Transformer
from shapely.geometry import shape

from ceasefire.domain.zones import Zone, ZoneKind
from ceasefire.errors import NotFoundError, ValidationError
from ceasefire.gazetteer import Gazetteer, Place
from ceasefire.geo import ZoneIndex, distance_m, distances_m
from ceasefire.testing import REFERENCE_ZONE_IDS

ZONES_FILE = resources.files("ceasefire").joinpath(
    "scenarios", "nagorno-karabakh-2020", "zones.geojson"
)
ZONE_IDS = list(REFERENCE_ZONE_IDS)
# Route stops of each corridor as (name, country, admin1), as tools/build_zones.py uses them.
CORRIDOR_ROUTES = {
    "lachin-corridor": [
        ("Goris", "AM", "Syunik"),
        ("Lachin", "AZ", "Lachin"),
        ("Stepanakert", "AZ", "Khankendi"),
    ],
    "nakhchivan-link": [
        ("Minjivan", "AZ", "Zangilan"),
        ("Meghri", "AM", "Syunik"),
        ("Agarak", "AM", "Syunik"),
        ("Ordubad", "AZ", "Ordubad"),
    ],
}
STEPANAKERT = (39.81770, 46.75280)
SHUSHA = (39.76006, 46.74989)
BAKU = (40.37767, 49.89201)

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(world=False)


@pytest.fixture(scope="module")
def features() -> list[dict[str, Any]]:
    collection = json.loads(ZONES_FILE.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return list(collection["features"])


@pytest.fixture(scope="module")
def zones(features: list[dict[str, Any]]) -> list[Zone]:
    return [
        Zone(
            id=f["properties"]["id"],
            name=f["properties"]["name"],
            kind=ZoneKind(f["properties"]["kind"]),
            geometry=f["geometry"],
            approximate=f["properties"]["approximate"],
            note=f["properties"]["note"],
            source=f["properties"]["source"],
        )
        for f in features
    ]


@pytest.fixture(scope="module")
def index(zones: list[Zone]) -> ZoneIndex:
    return ZoneIndex(zones)


def place(gazetteer: Gazetteer, name: str, country: str, admin1: str | None = None) -> Place:
    """The most populous place called `name` in that country (and admin1, if given)."""
    hits = [
        p
        for p in gazetteer.lookup(name)
        if p.country_code == country and admin1 in (None, p.admin1)
    ]
    assert hits, f"{name} not in the gazetteer"
    return hits[0]


def to_local_m(geometry: Any, lat: float, lon: float) -> Any:
    """Project a WGS84 geometry to an azimuthal equidistant projection at lat, lon."""
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    transformer = Transformer.from_crs(CRS.from_epsg(4326), local, always_xy=True)
    return shapely.transform(
        geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


# Distances


def test_stepanakert_to_shusha_is_about_six_and_a_half_km_in_a_straight_line() -> None:
    # The 10-12 km often quoted is by road; the geodesic is much shorter.
    assert 6_000 < distance_m(*STEPANAKERT, *SHUSHA) < 7_000


def test_distance_matches_pyproj_directly() -> None:
    _, _, expected = Geod(ellps="WGS84").inv(STEPANAKERT[1], STEPANAKERT[0], SHUSHA[1], SHUSHA[0])
    assert distance_m(*STEPANAKERT, *SHUSHA) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("points", "expected_m"),
    [
        # One degree along the equator is a * pi / 180 on any ellipsoid with a = 6378137.
        ((0.0, 0.0, 0.0, 1.0), 111_319.490793),
        # Wellington to Salamanca, the worked example in the GeographicLib documentation.
        ((-41.32, 174.81, 40.96, -5.50), 19_959_679.267),
    ],
)
def test_distance_matches_known_values(
    points: tuple[float, float, float, float], expected_m: float
) -> None:
    assert distance_m(*points) == pytest.approx(expected_m, abs=1e-3)


@given(latitudes, longitudes, latitudes, longitudes)
def test_distance_is_symmetric_and_non_negative(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    there = distance_m(lat1, lon1, lat2, lon2)
    assert there >= 0
    assert distance_m(lat2, lon2, lat1, lon1) == pytest.approx(there, rel=1e-12, abs=1e-6)


@given(latitudes, longitudes)
def test_distance_to_itself_is_zero(lat: float, lon: float) -> None:
    assert distance_m(lat, lon, lat, lon) == 0


@given(st.lists(st.tuples(latitudes, longitudes, latitudes, longitudes), max_size=20))
def test_distances_equal_distance_point_by_point(
    pairs: list[tuple[float, float, float, float]],
) -> None:
    lats1, lons1, lats2, lons2 = np.array(pairs, dtype=np.float64).reshape(-1, 4).T
    expected = [distance_m(*pair) for pair in pairs]
    np.testing.assert_allclose(distances_m(lats1, lons1, lats2, lons2), expected, atol=1e-6)


def test_distances_broadcast_one_point_against_many() -> None:
    result = distances_m(STEPANAKERT[0], STEPANAKERT[1], [SHUSHA[0], BAKU[0]], [SHUSHA[1], BAKU[1]])
    assert result.shape == (2,)
    assert result[0] == pytest.approx(distance_m(*STEPANAKERT, *SHUSHA))
    assert 270_000 < result[1] < 280_000


# Bad coordinates


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: distance_m(91.0, 0.0, 0.0, 0.0), "latitude"),
        (lambda: distance_m(0.0, 0.0, -90.5, 0.0), "latitude"),
        (lambda: distance_m(float("nan"), 0.0, 0.0, 0.0), "latitude"),
        (lambda: distance_m(0.0, 180.5, 0.0, 0.0), "longitude"),
        (lambda: distances_m([0.0, 95.0], [0.0, 0.0], 0.0, 0.0), "latitude[1]"),
        (lambda: distances_m([0.0], [-181.0], 0.0, 0.0), "longitude[0]"),
        (lambda: distances_m(["north"], [0.0], 0.0, 0.0), "latitude"),
    ],
)
def test_bad_coordinates_raise_validation_error_naming_the_field(call: Any, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.field == field


def test_zone_index_rejects_bad_latitude(index: ZoneIndex) -> None:
    with pytest.raises(ValidationError, match="latitude"):
        index.zones_at(100.0, 46.0)
    with pytest.raises(ValidationError, match="latitude"):
        index.locate([39.0, -100.0], [46.0, 46.0])
    with pytest.raises(ValidationError, match="latitude"):
        index.nearest_distance_m("nk-pre-2020", -95.0, 46.0)


# The zones file


def test_zones_file_has_exactly_the_expected_ids(features: list[dict[str, Any]]) -> None:
    assert [f["properties"]["id"] for f in features] == ZONE_IDS


def test_every_zone_is_valid_approximate_and_explained(features: list[dict[str, Any]]) -> None:
    for feature in features:
        props = feature["properties"]
        geometry = shape(feature["geometry"])
        assert geometry.is_valid, props["id"]
        lines = {"LineString"} if props["kind"] == "line_of_contact" else set()
        assert geometry.geom_type in {"Polygon", "MultiPolygon", *lines}
        assert props["kind"] in {k.value for k in ZoneKind}
        assert props["approximate"] is True
        assert "pproximate" in props["note"], props["id"]
        assert props["name"] and props["source"]


def test_zone_kinds(zones: list[Zone]) -> None:
    kinds = {z.id: z.kind for z in zones}
    assert {kinds[i] for i in ZONE_IDS if i.startswith("district-")} == {ZoneKind.DISTRICT}
    assert {kinds[i] for i in ZONE_IDS if i.startswith("handover-")} == {ZoneKind.HANDOVER_AREA}
    assert kinds["nk-pre-2020"] is ZoneKind.REGION
    assert kinds["lachin-corridor"] is kinds["nakhchivan-link"] is ZoneKind.CORRIDOR


def test_coordinates_are_rounded_to_five_decimals(zones: list[Zone]) -> None:
    for zone in zones:
        coords = shapely.get_coordinates(shape(zone.geometry))
        np.testing.assert_array_equal(coords, coords.round(5))


def test_handover_areas_lie_in_their_district_and_the_pre_2020_area(zones: list[Zone]) -> None:
    geometries = {z.id: shape(z.geometry) for z in zones}
    for name in ("aghdam", "kalbajar", "lachin"):
        handover = geometries[f"handover-{name}"]
        for container in (geometries[f"district-{name}"], geometries["nk-pre-2020"]):
            # Snapping to the 5-decimal grid moves edges by under a metre.
            assert handover.difference(container).area < 1e-6 * handover.area


@pytest.mark.parametrize("corridor_id", sorted(CORRIDOR_ROUTES))
def test_corridor_band_is_about_five_km_wide(
    corridor_id: str, zones: list[Zone], gazetteer: Gazetteer
) -> None:
    stops = [place(gazetteer, *stop) for stop in CORRIDOR_ROUTES[corridor_id]]
    route = shapely.LineString([(p.lon, p.lat) for p in stops])
    corridor = next(shape(z.geometry) for z in zones if z.id == corridor_id)
    lat, lon = route.centroid.y, route.centroid.x
    width_km = to_local_m(corridor, lat, lon).area / to_local_m(route, lat, lon).length / 1000
    assert 4.5 < width_km < 5.5


# Which zones a point is in


@pytest.mark.parametrize(
    ("name", "country", "zone_id", "inside"),
    [
        ("Stepanakert", "AZ", "nk-pre-2020", True),
        ("Stepanakert", "AZ", "lachin-corridor", True),
        ("Lachin", "AZ", "lachin-corridor", True),
        ("Lachin", "AZ", "nk-pre-2020", True),
        ("Goris", "AM", "lachin-corridor", True),
        ("Goris", "AM", "nk-pre-2020", False),
        ("Shusha", "AZ", "nk-pre-2020", True),
        ("Shusha", "AZ", "lachin-corridor", False),  # point 6: the corridor avoids Shusha
        ("Barda", "AZ", "nk-pre-2020", False),
        ("Tartar", "AZ", "nk-pre-2020", False),
        ("Horadiz", "AZ", "nk-pre-2020", False),
        ("Aghdam", "AZ", "district-aghdam", True),
        ("Aghdam", "AZ", "handover-aghdam", True),
        ("Kalbajar", "AZ", "handover-kalbajar", True),
        ("Meghri", "AM", "nakhchivan-link", True),
        ("Ordubad", "AZ", "nakhchivan-link", True),
        # Known offsets of the generalised 1:10m polygons (SOURCES.md): the towns of
        # Lachin (~2 km) and Jabrayil (~0.4 km) fall just outside their own districts.
        ("Lachin", "AZ", "district-lachin", False),
        ("Jabrayil", "AZ", "district-jabrayil", False),
    ],
)
def test_towns_in_zones(
    name: str, country: str, zone_id: str, inside: bool, gazetteer: Gazetteer, index: ZoneIndex
) -> None:
    town = place(gazetteer, name, country)
    assert (zone_id in index.zones_at(town.lat, town.lon)) is inside


def test_zones_at_keeps_the_order_zones_were_given(index: ZoneIndex) -> None:
    assert index.zones_at(*STEPANAKERT) == ["nk-pre-2020", "lachin-corridor"]


def test_baku_is_in_no_zone(index: ZoneIndex) -> None:
    assert index.zones_at(*BAKU) == []


def test_locate_equals_zones_at_point_by_point(index: ZoneIndex) -> None:
    rng = np.random.default_rng(20201110)
    lats = rng.uniform(38.7, 40.6, size=400)
    lons = rng.uniform(45.5, 47.6, size=400)
    located = index.locate(lats, lons)
    assert located == [index.zones_at(lat, lon) for lat, lon in zip(lats, lons, strict=True)]
    assert sum(1 for ids in located if ids) > 100
    assert index.locate([], []) == []


def test_line_zones_never_contain_points() -> None:
    line = {"type": "LineString", "coordinates": [[46.0, 39.0], [47.0, 39.0]]}
    index = ZoneIndex([Zone("loc", "Line", ZoneKind.LINE_OF_CONTACT, line)])
    assert index.locate([39.0, 39.5], [46.5, 46.5]) == [[], []]
    assert index.nearest_distance_m("loc", 39.0, 46.5) == 0.0


def test_duplicate_zone_ids_are_rejected(zones: list[Zone]) -> None:
    with pytest.raises(ValidationError, match="unique"):
        ZoneIndex([zones[0], zones[0]])


def test_invalid_zone_geometry_is_rejected() -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(ValidationError, match="valid"):
        ZoneIndex([Zone("bowtie", "Bowtie", ZoneKind.BUFFER_ZONE, bowtie)])


# Distance to a zone


def test_nearest_distance_is_zero_inside(index: ZoneIndex) -> None:
    assert index.nearest_distance_m("nk-pre-2020", *STEPANAKERT) == 0.0


@pytest.mark.parametrize("name", ["Barda", "Tartar", "Horadiz", "Baku", "Goris"])
def test_nearest_distance_agrees_with_utm(
    name: str, zones: list[Zone], index: ZoneIndex, gazetteer: Gazetteer
) -> None:
    town = place(gazetteer, name, "AM" if name == "Goris" else "AZ")
    nk = next(shape(z.geometry) for z in zones if z.id == "nk-pre-2020")
    utm = Transformer.from_crs(4326, 32638, always_xy=True)
    nk_utm = shapely.transform(nk, lambda xy: np.column_stack(utm.transform(xy[:, 0], xy[:, 1])))
    town_utm = shapely.Point(*utm.transform(town.lon, town.lat))
    got = index.nearest_distance_m("nk-pre-2020", town.lat, town.lon)
    assert got > 0
    # UTM 38N distorts scale by well under 1% this close to its central meridian.
    assert got == pytest.approx(nk_utm.distance(town_utm), rel=0.01)


def test_nearest_distance_is_no_more_than_to_the_nearest_vertex(
    zones: list[Zone], index: ZoneIndex
) -> None:
    nk = next(shape(z.geometry) for z in zones if z.id == "nk-pre-2020")
    vertices = shapely.get_coordinates(nk)
    to_vertices = distances_m(BAKU[0], BAKU[1], vertices[:, 1], vertices[:, 0])
    assert index.nearest_distance_m("nk-pre-2020", *BAKU) <= to_vertices.min() + 1e-6


def test_nearest_distance_to_unknown_zone_is_not_found(index: ZoneIndex) -> None:
    with pytest.raises(NotFoundError):
        index.nearest_distance_m("no-such-zone", *STEPANAKERT)
