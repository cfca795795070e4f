"""Geodesy and zone lookup: WGS84 distances and point-in-zone queries."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import shape

from ceasefire.domain.validation import check_latitude, check_longitude
from ceasefire.domain.zones import Zone
from ceasefire.errors import NotFoundError, ValidationError

__all__ = [
    "ZoneIndex",
    "distance_m",
    "distances_m",
]

_GEOD = Geod(ellps="WGS84")
_WGS84 = CRS.from_epsg(4326)
# Densify zone edges to about 1 km before projecting, so straight edges in the local
# projection stay close to the geodesic edges they stand for.
_SEGMENT_DEG = 0.01
_LINEAR_TYPES = frozenset({"LineString", "MultiLineString"})


def _as_coords(values: npt.ArrayLike, field: str, limit: float) -> npt.NDArray[np.float64]:
    """Turn numbers into a float array, failing on anything outside -limit..limit or NaN."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(field, values, "must be numbers") from None
    bad = ~(np.abs(array) <= limit)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = float(array.flat[i])
        raise ValidationError(f"{field}[{i}]", value, f"must be between -{limit:g} and {limit:g}")
    return array


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres between two points on the WGS84 ellipsoid.

    >>> round(distance_m(0.0, 0.0, 0.0, 1.0), 3)  # one degree along the equator
    111319.491
    """
    lat1, lat2 = check_latitude(lat1), check_latitude(lat2)
    lon1, lon2 = check_longitude(lon1), check_longitude(lon2)
    _, _, dist = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(dist)


def distances_m(
    lats1: npt.ArrayLike, lons1: npt.ArrayLike, lats2: npt.ArrayLike, lons2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Geodesic distances in metres, element by element, for arrays that broadcast together.

    >>> distances_m([0.0, 0.0], [0.0, 0.0], [0.0, 1.0], [1.0, 0.0]).round(1).tolist()
    [111319.5, 110574.4]
    """
    la1, la2 = _as_coords(lats1, "latitude", 90), _as_coords(lats2, "latitude", 90)
    lo1, lo2 = _as_coords(lons1, "longitude", 180), _as_coords(lons2, "longitude", 180)
    la1, lo1, la2, lo2 = np.broadcast_arrays(la1, lo1, la2, lo2)
    _, _, dist = _GEOD.inv(lo1.ravel(), la1.ravel(), lo2.ravel(), la2.ravel())
    return np.asarray(dist, dtype=np.float64).reshape(la1.shape)


def _local_projection(geometry: Any, lat: float, lon: float) -> Any:
    """Project a WGS84 geometry to metres in an azimuthal equidistant projection at lat, lon."""
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    transformer = Transformer.from_crs(_WGS84, local, always_xy=True)

    def forward(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, forward)


def _zone_geometry(zone: Zone) -> Any:
    """Turn a zone's GeoJSON geometry into a valid shapely geometry."""
    field = f"zones[{zone.id}].geometry"
    try:
        geometry = shape(zone.geometry)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            field, zone.geometry.get("type"), f"is not valid GeoJSON: {exc}"
        ) from exc
    if geometry.is_empty or not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        raise ValidationError(field, zone.geometry.get("type"), f"is not a valid shape: {reason}")
    return geometry


class ZoneIndex:
    """Which zones contain a point, and how far a point is from a zone, over an STRtree.

    Points on a zone's boundary count as inside it. Line zones (a line of contact, say)
    never contain points; they only take part in `nearest_distance_m`.

    >>> from ceasefire.domain.zones import Zone, ZoneKind
    >>> ring = [[46, 39], [47, 39], [47, 40], [46, 40], [46, 39]]
    >>> square = {"type": "Polygon", "coordinates": [ring]}
    >>> index = ZoneIndex([Zone("sq", "Square", ZoneKind.REGION, square)])
    >>> index.zones_at(39.5, 46.5), index.zones_at(40.4, 49.9)
    (['sq'], [])
    """

    def __init__(self, zones: Iterable[Zone]) -> None:
        self._zones = tuple(zones)
        self._ids = [zone.id for zone in self._zones]
        duplicates = sorted(i for i, n in Counter(self._ids).items() if n > 1)
        if duplicates:
            raise ValidationError("zones", duplicates, "zone ids must be unique")
        self._geometries = {zone.id: _zone_geometry(zone) for zone in self._zones}
        areal = [i for i, z in enumerate(self._zones) if z.geometry["type"] not in _LINEAR_TYPES]
        self._areal = np.asarray(areal, dtype=np.intp)
        self._areal_shapes = np.array([self._geometries[self._ids[i]] for i in areal], dtype=object)
        shapely.prepare(self._areal_shapes)
        self._tree = shapely.STRtree(self._areal_shapes)

    def __len__(self) -> int:
        return len(self._zones)

    def __iter__(self) -> Iterator[Zone]:
        return iter(self._zones)

    def zones_at(self, lat: float, lon: float) -> list[str]:
        """Ids of the zones containing the point, in the order the zones were given.

        >>> ZoneIndex([]).zones_at(40.4, 49.9)
        []
        """
        return self.locate([check_latitude(lat)], [check_longitude(lon)])[0]

    def locate(self, lats: npt.ArrayLike, lons: npt.ArrayLike) -> list[list[str]]:
        """Zone ids containing each point, with one bulk tree query for all of them.

        >>> ZoneIndex([]).locate([40.4, 39.8], [49.9, 46.8])
        [[], []]
        """
        zone_hits, bounds = self.hits(lats, lons)
        ids = [self._ids[z] for z in zone_hits]
        return [ids[start:end] for start, end in itertools.pairwise(bounds.tolist())]

    @property
    def ids(self) -> list[str]:
        """The zone ids in the order the zones were given."""
        return list(self._ids)

    def hits(
        self, lats: npt.ArrayLike, lons: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """`locate` as arrays: the positions (in `ids`) of the zones containing each point,
        point after point, and for point i the slice bounds[i]:bounds[i + 1] of them.

        >>> ZoneIndex([]).hits([40.4], [49.9])
        (array([], dtype=int64), array([0, 0]))
        """
        lat_array = _as_coords(lats, "latitude", 90)
        lon_array = _as_coords(lons, "longitude", 180)
        lat_array, lon_array = np.broadcast_arrays(lat_array, lon_array)
        xs, ys = lon_array.ravel(), lat_array.ravel()
        # Bounding boxes from the tree, then the exact test on prepared polygons pair by pair:
        # faster than the tree's own predicate, which prepares the points instead.
        point_hits, tree_hits = self._tree.query(shapely.points(xs, ys))
        inside = shapely.intersects_xy(
            self._areal_shapes[tree_hits], xs[point_hits], ys[point_hits]
        )
        point_hits, tree_hits = point_hits[inside], tree_hits[inside]
        zone_hits = self._areal[tree_hits]
        order = np.lexsort((zone_hits, point_hits))
        bounds = np.searchsorted(point_hits[order], np.arange(xs.size + 1))
        return zone_hits[order].astype(np.intp), bounds.astype(np.intp)

    def nearest_distance_m(self, zone_id: str, lat: float, lon: float) -> float:
        """Distance in metres from a point to a zone's boundary or line, 0 if inside.

        An approximation: the zone, densified to edges of about 1 km, is projected to an
        azimuthal equidistant projection centred on the point, where the distance to every
        vertex is exactly geodesic and only the edges between vertices are straightened.
        Within a few hundred km the error is far below the accuracy of the zones themselves;
        it is not meant for points near the far side of the globe.

        >>> from ceasefire.domain.zones import Zone, ZoneKind
        >>> equator = {"type": "LineString", "coordinates": [[0, 0], [2, 0]]}
        >>> index = ZoneIndex([Zone("eq", "Equator", ZoneKind.LINE_OF_CONTACT, equator)])
        >>> round(index.nearest_distance_m("eq", 0.01, 1.0))
        1106
        """
        if zone_id not in self._geometries:
            raise NotFoundError("zone", zone_id)
        lat, lon = check_latitude(lat), check_longitude(lon)
        geometry = self._geometries[zone_id]
        if geometry.covers(shapely.Point(lon, lat)):
            return 0.0
        local = _local_projection(shapely.segmentize(geometry, _SEGMENT_DEG), lat, lon)
        return float(shapely.distance(local, shapely.Point(0.0, 0.0)))
