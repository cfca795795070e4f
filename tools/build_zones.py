"""Build the nagorno-karabakh-2020 scenario's zones.geojson from shared/data/geo and the gazetteer.

Run from the project root:  .venv/bin/python tools/build_zones.py [GEO_DIR] [--out PATH]
The output is deterministic, so re-running it on the same inputs gives the same file.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import mapping, shape

from ceasefire.domain.zones import Zone, ZoneKind
from ceasefire.gazetteer import Gazetteer, Place
from ceasefire.geo import ZoneIndex

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GEO_DIR = Path("/work/shared/data/geo")
DEFAULT_OUT = ROOT / "src/ceasefire/scenarios/nagorno-karabakh-2020/zones.geojson"
PLACES_CSV = ROOT / "src/ceasefire/data/places.csv"

GRID_DEG = 1e-5
CORRIDOR_HALF_WIDTH_M = 2_500.0

DISTRICTS = ("Aghdam", "Fuzuli", "Jabrayil", "Zangilan", "Qubadli", "Lachin", "Kalbajar")
# District name -> the point of the 10 Nov 2020 statement that returned it and by when.
HANDOVERS = {
    "Aghdam": ("2", "20 November 2020"),
    "Kalbajar": ("6", "15 November 2020, later extended to 25 November"),
    "Lachin": ("6", "1 December 2020"),
}
# Route stops as (name, country code, admin1) so homonyms resolve: five places answer to
# Agarak, two of them in Syunik, and the most populous of those is the one by Meghri.
LACHIN_ROUTE = (
    ("Goris", "AM", "Syunik"),
    ("Lachin", "AZ", "Lachin"),
    ("Stepanakert", "AZ", "Khankendi"),
)
NAKHCHIVAN_ROUTE = (
    ("Minjivan", "AZ", "Zangilan"),
    ("Meghri", "AM", "Syunik"),
    ("Agarak", "AM", "Syunik"),
    ("Ordubad", "AZ", "Ordubad"),
)

NE_10M = "Natural Earth 1:10m admin-1 via shared/data/geo/az_districts.geojson"
NE_50M = "Natural Earth 1:50m breakaway areas via shared/data/geo/nk_region.geojson"
GEONAMES = "GeoNames points via ceasefire/data/places.csv, buffered by tools/build_zones.py"

LACHIN_NOTE = (
    "A 5 km wide band (2.5 km each side, round ends) along straight segments between the "
    "gazetteer points of Goris (Armenia, Syunik), Lachin/Berdzor and Stepanakert/Khankendi, "
    "buffered in metres in a local azimuthal equidistant projection. Point 6 of the 10 Nov "
    "2020 statement set a 5 km wide corridor under Russian peacekeepers, not passing "
    "through Shusha; this band passes {shusha_km:.1f} km from Shusha town. Approximate: the "
    "real road winds and differs from these segments by up to several km, the Armenian "
    "stretch to Goris is included for continuity, and the route was later moved to a new "
    "road bypassing Lachin town (2022)."
)
LINK_NOTE = (
    "An approximate 5 km band (2.5 km each side, round ends) along straight segments between "
    "the gazetteer points of Minjivan (Zangilan), Meghri and Agarak (Armenia, Syunik) and "
    "Ordubad (Nakhchivan AR), roughly the old railway and road along the Araks, buffered in "
    "metres in a local azimuthal equidistant projection. It is not clipped to borders: the "
    "route runs along the Araks, which is the Iranian border, and the generalised Natural "
    "Earth border would cut off Agarak itself, so the band reaches into Iran in places. "
    "Point 9 of the 10 Nov 2020 statement has Armenia guarantee transport links between "
    "western Azerbaijan and Nakhchivan but names no route or width; this is a monitoring "
    "aid, not a boundary."
)

LOC_BORDER_GAP_M = 4_000.0
LOC_NOTE = (
    "The 1994-2020 line of contact, approximated as the part of the Natural Earth 1:50m "
    "'Artsakh' outline (nk-pre-2020) that lies more than 4 km from Azerbaijan's mainland "
    "border and from Armenia, i.e. the edge of the de facto area that faced "
    "Azerbaijani-held ground. Coarse (1:50m, errors of a few km), and it is the line "
    "before the 2020 war, not the post-2020 line along the peacekeepers' area of "
    "responsibility, for which no open geometry is packaged. Distances to the line of "
    "contact on intake are measured to this line."
)
NE_BOTH = "Natural Earth 1:50m breakaway areas and 1:10m admin-1 via shared/data/geo"

Coords = npt.NDArray[np.float64]
Project = Callable[[Coords], Coords]


def read_features(path: Path) -> dict[str, dict[str, Any]]:
    """Features of a GeoJSON FeatureCollection keyed by their `name` property."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["name"]: f for f in collection["features"]}


def polygonal(geometry: Any) -> Any:
    """Snap to the 5-decimal grid, keep only polygon parts, orient rings as RFC 7946 asks."""
    snapped = shapely.set_precision(geometry, GRID_DEG)
    parts = [p for p in shapely.get_parts(snapped) if p.geom_type in {"Polygon", "MultiPolygon"}]
    merged = shapely.union_all(parts)
    if merged.is_empty or not merged.is_valid:
        raise ValueError(f"bad polygon: {shapely.is_valid_reason(merged)}")
    return shapely.orient_polygons(merged, exterior_cw=False)


def rounded(value: Any) -> Any:
    """GeoJSON coordinates (nested tuples) as lists rounded to 5 decimals."""
    if isinstance(value, float | int):
        return round(float(value), 5)
    return [rounded(v) for v in value]


def make_zone(zone_id: str, name: str, kind: ZoneKind, geometry: Any, **extra: Any) -> Zone:
    """A zone with its geometry on the grid; all zones built here are approximate."""
    mapped = mapping(polygonal(geometry))
    geojson = {"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])}
    return Zone(zone_id, name, kind, geojson, approximate=True, **extra)


def outlier_note(index: ZoneIndex, zone_id: str, town: Place) -> str:
    """A sentence on how far the district's main town lies outside its polygon, if it does."""
    gap = index.nearest_distance_m(zone_id, town.lat, town.lon)
    if gap == 0:
        return ""
    return (
        f" The gazetteer point of {town.name} town lies {gap / 1000:.1f} km outside this polygon."
    )


def district_zones(districts: dict[str, dict[str, Any]], gazetteer: Gazetteer) -> list[Zone]:
    """The seven districts around the former NKAO, as Natural Earth draws them."""
    zones = []
    for name in DISTRICTS:
        props = districts[name]["properties"]
        note = (
            f"Azerbaijani rayon {name} ({props['name_local']}, {props['iso_3166_2']}) as drawn by "
            "Natural Earth 1:10m admin-1. Approximate: the boundary is generalised and offset "
            "from GeoNames points by up to a few km, so do not attribute points near it by "
            "this polygon alone."
        )
        zone = make_zone(
            f"district-{name.lower()}",
            f"{name} District",
            ZoneKind.DISTRICT,
            shape(districts[name]["geometry"]),
            note=note,
            source=NE_10M,
        )
        town = gazetteer_place(gazetteer, name, "AZ", name)
        extra = outlier_note(ZoneIndex([zone]), zone.id, town)
        zones.append(dataclasses.replace(zone, note=note + extra))
    return zones


def nk_zone(nk_feature: dict[str, Any]) -> Zone:
    """The area held by Armenian forces before the 2020 war."""
    note = (
        "The de facto Nagorno-Karabakh area before the 2020 war: roughly the former NKAO plus "
        "the surrounding districts inside the 1994 line of contact, from the Natural Earth "
        "1:50m breakaway polygon 'Artsakh' (B38). Approximate and coarse (1:50m). It is "
        "not the former NKAO boundary and not the 10 Nov 2020 ceasefire line."
    )
    return make_zone(
        "nk-pre-2020",
        "Nagorno-Karabakh (de facto area before 2020)",
        ZoneKind.REGION,
        shape(nk_feature["geometry"]),
        note=note,
        source=NE_50M,
    )


def handover_zones(districts: Sequence[Zone], nk: Zone) -> list[Zone]:
    """The part of each district held before 2020 that the 10 Nov 2020 statement returned."""
    by_name = {z.id.removeprefix("district-"): z for z in districts}
    zones = []
    for name, (point, deadline) in HANDOVERS.items():
        area = shape(by_name[name.lower()].geometry).intersection(shape(nk.geometry))
        note = (
            f"The part of {name} District inside nk-pre-2020: held by Armenian forces before "
            f"2020 and returned to Azerbaijan under point {point} of the 10 Nov 2020 statement "
            f"(by {deadline}). Approximate: the intersection of a 1:10m district with the "
            "1:50m pre-2020 area, so its edge is only as good as those generalised lines."
        )
        if name == "Lachin":
            note += " The Lachin corridor (lachin-corridor) overlaps it and is not subtracted."
        zones.append(
            make_zone(
                f"handover-{name.lower()}",
                f"{name} handover area",
                ZoneKind.HANDOVER_AREA,
                area,
                note=note,
                source=f"{NE_10M} intersected with {NE_50M}",
            )
        )
    return zones


def gazetteer_place(gazetteer: Gazetteer, name: str, country: str, admin1: str) -> Place:
    """The most populous place of that name in that country and first-level unit."""
    places = [p for p in gazetteer.lookup(name) if (p.country_code, p.admin1) == (country, admin1)]
    if not places:
        raise LookupError(f"{name} ({country}, {admin1}) is not in the gazetteer")
    return places[0]


def local_projection(lat: float, lon: float) -> tuple[Project, Project]:
    """Forward and back transforms to an azimuthal equidistant projection in metres."""
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    to_local = Transformer.from_crs(CRS.from_epsg(4326), local, always_xy=True)
    to_wgs84 = Transformer.from_crs(local, CRS.from_epsg(4326), always_xy=True)

    def forward(xy: Coords) -> Coords:
        return np.column_stack(to_local.transform(xy[:, 0], xy[:, 1]))

    def back(xy: Coords) -> Coords:
        return np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1]))

    return forward, back


def band(stops: Sequence[Place], half_width_m: float) -> Any:
    """A band of half_width_m either side of straight segments through the stops, in WGS84."""
    route = shapely.LineString([(p.lon, p.lat) for p in stops])
    centre = route.centroid
    forward, back = local_projection(centre.y, centre.x)
    local_band = shapely.transform(route, forward).buffer(half_width_m, quad_segs=16)
    return shapely.transform(local_band, back)


def line_of_contact_zone(geo_dir: Path, nk: Zone) -> Zone:
    """The 1994 line of contact: the de facto area's outline away from the state borders."""
    az = json.loads((geo_dir / "az_districts.geojson").read_text(encoding="utf-8"))["features"]
    am = json.loads((geo_dir / "am_provinces.geojson").read_text(encoding="utf-8"))["features"]
    mainland = shapely.union_all(
        [shape(f["geometry"]) for f in az if not f["properties"].get("nakhchivan_ar")]
    )
    armenia = shapely.union_all([shape(f["geometry"]) for f in am])
    outline = shape(nk.geometry)
    forward, back = local_projection(outline.centroid.y, outline.centroid.x)
    borders = shapely.union(
        shapely.transform(mainland.boundary, forward), shapely.transform(armenia, forward)
    )
    line = shapely.transform(outline.boundary, forward).difference(borders.buffer(LOC_BORDER_GAP_M))
    longest = max(shapely.get_parts(shapely.line_merge(line)), key=lambda part: part.length)
    snapped = shapely.set_precision(shapely.transform(longest, back), GRID_DEG)
    mapped = mapping(snapped)
    geojson = {"type": mapped["type"], "coordinates": rounded(mapped["coordinates"])}
    return Zone(
        "line-of-contact-1994",
        "Line of contact 1994-2020",
        ZoneKind.LINE_OF_CONTACT,
        geojson,
        approximate=True,
        note=LOC_NOTE,
        source=NE_BOTH,
    )


def corridor_zones(gazetteer: Gazetteer) -> list[Zone]:
    """The Lachin corridor and the link through Syunik to Nakhchivan, as 5 km bands."""
    lachin_stops = [gazetteer_place(gazetteer, *stop) for stop in LACHIN_ROUTE]
    lachin = make_zone(
        "lachin-corridor",
        "Lachin corridor",
        ZoneKind.CORRIDOR,
        band(lachin_stops, CORRIDOR_HALF_WIDTH_M),
        source=GEONAMES,
    )
    shusha = gazetteer_place(gazetteer, "Shusha", "AZ", "Shusha District")
    shusha_m = ZoneIndex([lachin]).nearest_distance_m(lachin.id, shusha.lat, shusha.lon)
    link_stops = [gazetteer_place(gazetteer, *stop) for stop in NAKHCHIVAN_ROUTE]
    link = make_zone(
        "nakhchivan-link",
        "Transport link to Nakhchivan via Meghri",
        ZoneKind.CORRIDOR,
        band(link_stops, CORRIDOR_HALF_WIDTH_M),
        note=LINK_NOTE,
        source=GEONAMES,
    )
    return [dataclasses.replace(lachin, note=LACHIN_NOTE.format(shusha_km=shusha_m / 1000)), link]


def to_feature(zone: Zone) -> dict[str, Any]:
    """A zone as a GeoJSON feature with the scenario's properties."""
    properties = {
        "id": zone.id,
        "name": zone.name,
        "kind": zone.kind.value,
        "approximate": zone.approximate,
        "note": zone.note,
        "source": zone.source,
    }
    return {"type": "Feature", "properties": properties, "geometry": zone.geometry}


def build(geo_dir: Path, gazetteer: Gazetteer) -> list[Zone]:
    """Every zone of the scenario, in the order they are written."""
    districts = read_features(geo_dir / "az_districts.geojson")
    nk_feature = next(iter(read_features(geo_dir / "nk_region.geojson").values()))
    district_list = district_zones(districts, gazetteer)
    nk = nk_zone(nk_feature)
    return [
        *district_list,
        nk,
        line_of_contact_zone(geo_dir, nk),
        *handover_zones(district_list, nk),
        *corridor_zones(gazetteer),
    ]


def write(zones: Sequence[Zone], out: Path) -> None:
    """Write the zones one feature per line, after checking that each reads back valid."""
    lines = [json.dumps(to_feature(z), ensure_ascii=False, separators=(",", ":")) for z in zones]
    body = ",\n".join(lines)
    text = f'{{"type":"FeatureCollection","features":[\n{body}\n]}}\n'
    for feature in json.loads(text)["features"]:
        geometry = shape(feature["geometry"])
        if not geometry.is_valid:
            raise ValueError(f"{feature['properties']['id']}: {shapely.is_valid_reason(geometry)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments, build the zones and write them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geo_dir", nargs="?", type=Path, default=DEFAULT_GEO_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--places", type=Path, default=PLACES_CSV)
    args = parser.parse_args(argv)
    gazetteer = Gazetteer.from_csv(args.places.read_text(encoding="utf-8"))
    zones = build(args.geo_dir, gazetteer)
    write(zones, args.out)
    print(f"wrote {len(zones)} zones to {args.out}")


if __name__ == "__main__":
    main()
