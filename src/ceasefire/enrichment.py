"""Geo-enrichment on intake: zones, district and distance to the line of contact, computed
for a whole batch of points at once."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from ceasefire.arrow_text import text
from ceasefire.domain.intake import Enrichment
from ceasefire.domain.zones import Zone, ZoneKind
from ceasefire.geo import ZoneIndex

__all__ = ["EnrichedColumns", "Enricher", "admin_units", "spatial_cell", "spatial_cells"]

# UTM zone 38N covers the region; its scale error there is under 0.1 %, far below the
# accuracy of the approximate line of contact.
_METRIC_CRS = "EPSG:32638"
_ADMIN_FILES = ("az_districts.geojson", "am_provinces.geojson")
CELL_DEG = 0.1
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def spatial_cell(lat: float, lon: float) -> int:
    """An integer id of the 0.1-degree grid cell holding the point (indexed for bbox queries).

    >>> spatial_cell(39.82, 46.75)
    4675067
    """
    row = int((lat + 90.0) / CELL_DEG)
    col = int((lon + 180.0) / CELL_DEG)
    return row * 3600 + col


def spatial_cells(
    lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """`spatial_cell` of many points at once.

    >>> spatial_cells(np.array([39.82]), np.array([46.75])).tolist()
    [4675067]
    """
    rows = np.floor((lats + 90.0) / CELL_DEG).astype(np.int64)
    cols = np.floor((lons + 180.0) / CELL_DEG).astype(np.int64)
    return rows * 3600 + cols


@dataclass(slots=True)
class EnrichedColumns:
    """The enrichment of a batch of points as columns, as stored: the zone ids as JSON
    text, the district's name (null outside every district), the distance to the line of
    contact in metres (null without such a line) and the spatial cell."""

    zone_ids: pa.StringArray
    district: pa.StringArray
    distance_to_loc_m: pa.DoubleArray
    cell: pa.Int64Array


@cache
def admin_units() -> tuple[Zone, ...]:
    """Azerbaijan's districts and Armenia's provinces (Natural Earth, packaged)."""
    units = []
    for filename in _ADMIN_FILES:
        text = resources.files("ceasefire.data").joinpath(filename).read_text(encoding="utf-8")
        for feature in json.loads(text)["features"]:
            props = feature["properties"]
            units.append(
                Zone(
                    id=f"admin:{props.get('iso_3166_2') or props['name']}",
                    name=props["name"],
                    kind=ZoneKind.DISTRICT,
                    geometry=feature["geometry"],
                    approximate=True,
                )
            )
    return tuple(units)


@cache
def _admin_index() -> tuple[ZoneIndex, dict[str, str]]:
    """The packaged districts' index and names, built once per process."""
    units = admin_units()
    return ZoneIndex(units), {u.id: u.name for u in units}


class Enricher:
    """Places batches of points in the scenario's zones and the region's districts."""

    def __init__(self, zones: Sequence[Zone], districts: Sequence[Zone] | None = None) -> None:
        self._zones = ZoneIndex(zones)
        if districts is None:
            self._districts, self._district_names = _admin_index()
        else:
            self._districts = ZoneIndex(districts)
            self._district_names = {u.id: u.name for u in districts}
        # What enrich_columns takes per batch, made once.
        self._zone_literals = pa.array([_dumps(i) for i in self._zones.ids], pa.string())
        self._district_column = pa.array(
            [self._district_names[i] for i in self._districts.ids], pa.string()
        )
        lines = [shape(z.geometry) for z in zones if z.kind is ZoneKind.LINE_OF_CONTACT]
        self._to_metric = Transformer.from_crs("EPSG:4326", _METRIC_CRS, always_xy=True)
        self._line = shapely.transform(shapely.union_all(lines), self._project) if lines else None

    def _project(self, xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x, y = self._to_metric.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    def enrich_columns(
        self, lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64]
    ) -> EnrichedColumns:
        """`enrich` for a whole batch, as columns ready to store (no object per point)."""
        hits, bounds = self._zones.hits(lats, lons)
        lists = pa.ListArray.from_arrays(
            pa.array(bounds, pa.int32()), pc.take(self._zone_literals, pa.array(hits, pa.int64()))
        )
        joined = pc.binary_join(lists, text(","))
        zone_ids = pc.binary_join_element_wise(text("["), joined, text("]"), text(""))
        district_hits, district_bounds = self._districts.hits(lats, lons)
        found = district_bounds[1:] > district_bounds[:-1]
        first = np.zeros(lats.size, dtype=np.int64)
        first[found] = district_hits[district_bounds[:-1][found]]
        district = pc.take(self._district_column, pa.array(first, pa.int64(), mask=~found))
        if self._line is None:
            distance = pa.nulls(lats.size, pa.float64())
        else:
            points = shapely.points(self._project(np.column_stack([lons, lats])))
            distance = pa.array(np.round(shapely.distance(points, self._line), 1), pa.float64())
        cells = pa.array(spatial_cells(lats, lons), pa.int64())
        return EnrichedColumns(zone_ids, district, distance, cells)

    def enrich(self, lats: npt.ArrayLike, lons: npt.ArrayLike) -> list[Enrichment]:
        """Zones, district and distance to the line of contact of every point."""
        lat = np.asarray(lats, dtype=np.float64)
        lon = np.asarray(lons, dtype=np.float64)
        if lat.size == 0:
            return []
        zones = self._zones.locate(lat, lon)
        districts = self._districts.locate(lat, lon)
        distances: list[float | None] = [None] * lat.size
        if self._line is not None:
            points = shapely.points(self._project(np.column_stack([lon, lat])))
            distances = np.round(shapely.distance(points, self._line), 1).tolist()
        return [
            Enrichment(
                zone_ids=tuple(z),
                district=self._district_names[d[0]] if d else None,
                distance_to_line_of_contact_m=m,
            )
            for z, d, m in zip(zones, districts, distances, strict=True)
        ]
