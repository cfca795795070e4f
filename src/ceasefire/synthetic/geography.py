"""Where synthetic incidents happen: points along the line of contact and in the Lachin corridor.

The 1994-2020 line of contact is approximated by the boundary of the scenario's
"nk-pre-2020" zone where it runs inside Azerbaijan: from the Araks (the zone's easternmost
vertex) north and west until the boundary comes near Armenia. Sample points are computed
once per process and paired with the nearest Azerbaijani gazetteer place.
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import shape

from ceasefire.scenarios import load_scenario
from ceasefire.synthetic.catalogue import PARTY_NAMES

__all__ = ["PlaceTable", "Terrain", "latin_variants", "line_of_contact", "terrain"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

_KM_PER_DEG_LAT = 110.57
_KM_PER_DEG_LON_EQUATOR = 111.32
_LINE_STEP_KM = 0.25
_CORRIDOR_STEP_KM = 0.3
# Vertices of the pre-2020 boundary this close to a place in Armenia are on the border,
# not on the line of contact.
_BORDER_KM = 12.0
_MAX_VARIANTS = 16
_NEARBY_DEG = 0.5


@dataclass(frozen=True, slots=True)
class PlaceTable:
    """Gazetteer places as columns, with the spellings reports may use for each."""

    variants: ObjectArray
    variant_count: IntArray
    az_name: ObjectArray
    am_name: ObjectArray
    country: ObjectArray
    admin1: ObjectArray


@dataclass(frozen=True, slots=True)
class Terrain:
    """Sample points (line of contact first, then corridor) and the place nearest each."""

    lat: FloatArray
    lon: FloatArray
    place: IntArray
    line_points: int
    places: PlaceTable


def latin_variants(name: str, alt_names: list[str]) -> tuple[str, ...]:
    """The name and its alternates that a Latin-script outlet would print, name first.

    >>> latin_variants("Khankendi", ["Stepanakert", "Xankəndi", "han ken de", "Ханкенди"])
    ('Khankendi', 'Stepanakert', 'Xankəndi')
    """
    keep = [name]
    for alt in alt_names:
        words = alt.split(" ")
        if (
            alt not in keep
            and alt[:1].isupper()
            and len(words) <= 2
            and "" not in words
            and not alt.isupper()
            and not any(c in alt for c in ',"')
            and all(_is_latin(c) for c in alt if c.isalpha())
        ):
            keep.append(alt)
    return tuple(keep[:_MAX_VARIANTS])


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _read_places() -> list[dict[str, str]]:
    text = resources.files("ceasefire").joinpath("data", "places.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _place_table(rows: list[dict[str, str]]) -> PlaceTable:
    variants = [latin_variants(r["name"], r["alt_names"].split("|")) for r in rows]
    padded = np.empty((len(rows), _MAX_VARIANTS), dtype=object)
    for i, names in enumerate(variants):
        padded[i] = [*names, *[names[0]] * (_MAX_VARIANTS - len(names))]
    party = [PARTY_NAMES.get((r["name"], r["admin1"]), (r["name"], r["name"])) for r in rows]
    return PlaceTable(
        variants=padded,
        variant_count=np.array([len(v) for v in variants], dtype=np.int64),
        az_name=_objects(p[0] for p in party),
        am_name=_objects(p[1] for p in party),
        country=_objects(r["country_code"] for r in rows),
        admin1=_objects(r["admin1"] for r in rows),
    )


def _objects(values: Any) -> ObjectArray:
    items = list(values)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Equirectangular distance in km; accurate enough over tens of km."""
    scale = _KM_PER_DEG_LON_EQUATOR * np.cos(np.radians((lat1 + lat2) / 2))
    return np.asarray(np.hypot((lat1 - lat2) * _KM_PER_DEG_LAT, (lon1 - lon2) * scale))


def line_of_contact(ring: FloatArray, armenia: FloatArray) -> FloatArray:
    """Vertices (lon, lat) of `ring` from its easternmost one, walking north, until Armenia.

    `armenia` holds (lat, lon) of places in Armenia; the walk stops before the first vertex
    within 12 km of one of them.
    """
    vertices = ring[:-1] if np.array_equal(ring[0], ring[-1]) else ring
    n = len(vertices)
    start = int(np.argmax(vertices[:, 0]))
    step = 1 if vertices[(start + 1) % n, 1] > vertices[(start - 1) % n, 1] else -1
    near = [
        bool(np.min(_km(armenia[:, 0], armenia[:, 1], v[1], v[0])) < _BORDER_KM) for v in vertices
    ]
    line = []
    for i in range(n):
        index = (start + step * i) % n
        if near[index]:
            break
        line.append(vertices[index])
    return np.array(line)


def _densify(vertices: FloatArray, step_km: float) -> FloatArray:
    """Points (lon, lat) every `step_km` or so along a polyline."""
    parts = []
    for a, b in itertools.pairwise(vertices):
        steps = max(1, int(np.ceil(float(_km(a[1], a[0], b[1], b[0])) / step_km)))
        parts.append(a + np.outer(np.arange(steps) / steps, b - a))
    parts.append(vertices[-1:])
    return np.concatenate(parts)


def _grid(geometry: Any, step_km: float) -> FloatArray:
    """Grid points (lon, lat) about `step_km` apart inside a polygon."""
    west, south, east, north = geometry.bounds
    dlat = step_km / _KM_PER_DEG_LAT
    dlon = step_km / (_KM_PER_DEG_LON_EQUATOR * np.cos(np.radians((south + north) / 2)))
    lon, lat = np.meshgrid(np.arange(west, east, dlon), np.arange(south, north, dlat))
    inside = shapely.contains_xy(geometry, lon.ravel(), lat.ravel())
    return np.column_stack([lon.ravel()[inside], lat.ravel()[inside]])


def _nearest(points: FloatArray, lat: FloatArray, lon: FloatArray) -> IntArray:
    """Index into (lat, lon) of the place nearest each point (lon, lat)."""
    dist = _km(points[:, 1:2], points[:, 0:1], lat[None, :], lon[None, :])
    return np.asarray(np.argmin(dist, axis=1), dtype=np.int64)


@cache
def terrain() -> Terrain:
    """The sample points of the reference scenario, computed once per process."""
    rows = _read_places()
    lat = np.array([float(r["lat"]) for r in rows])
    lon = np.array([float(r["lon"]) for r in rows])
    scenario = load_scenario("nagorno-karabakh-2020")
    region = shape(scenario.zone("nk-pre-2020").geometry)
    west, south, east, north = region.buffer(_NEARBY_DEG).bounds
    nearby = (lat > south) & (lat < north) & (lon > west) & (lon < east)
    in_az = nearby & np.array([r["country_code"] == "AZ" for r in rows])
    ring = np.asarray(region.exterior.coords)
    armenia = np.column_stack([lat, lon])[nearby & ~in_az]
    line = _densify(line_of_contact(ring, armenia), _LINE_STEP_KM)
    corridor = _grid(shape(scenario.zone("lachin-corridor").geometry), _CORRIDOR_STEP_KM)
    near_index = np.flatnonzero(nearby)
    corridor = corridor[in_az[near_index[_nearest(corridor, lat[nearby], lon[nearby])]]]
    points = np.concatenate([line, corridor])
    az_index = np.flatnonzero(in_az)
    place = az_index[_nearest(points, lat[az_index], lon[az_index])]
    return Terrain(
        lat=np.ascontiguousarray(points[:, 1]),
        lon=np.ascontiguousarray(points[:, 0]),
        place=place,
        line_points=len(line),
        places=_place_table(rows),
    )
