"""Linking reports of the same event into incidents (pure: arrays in, cluster labels out).

Two reports are *candidates* when their time windows and their places overlap; both widen
with the report's precision (a district and a month are wide, an observation post's fix and
a day narrow). Candidates are found by a grid/sort join: every report is filed under the
grid cells and day buckets its window touches, and only reports sharing a cell and a
bucket are compared, never all pairs.

A candidate pair then gets a score from event type, sub-event type, place name, distance
and time; pairs scoring at least `LinkRules.threshold` are edges. Clusters are built by
taking edges from the strongest down and joining two clusters only when the result stays
coherent: no two reports from the same origin (a ministry reports an event once; two of
its statements are two events), a common time window and a common area for all members.

The result depends only on the set of reports and decisions, not on their order: reports
are put in id order first and ties are broken by id. Clusters are independent between the
connected components of the edge graph, so linking a new report needs only its component.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import numpy.typing as npt

from ceasefire.domain.precision import GeoPrecision, TimePrecision

__all__ = [
    "HALF_WINDOW_DAYS",
    "RADIUS_KM",
    "Decisions",
    "LinkInput",
    "LinkRules",
    "candidate_pairs",
    "cluster",
    "day_number",
    "link",
    "score_pairs",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

HALF_WINDOW_DAYS: dict[str, float] = {
    TimePrecision.MINUTE: 0.0,
    TimePrecision.HOUR: 0.0,
    TimePrecision.DAY: 0.0,
    TimePrecision.WEEK: 3.5,
    TimePrecision.MONTH: 15.5,
    TimePrecision.YEAR: 183.0,
}
"""How far either side of its date the event of a report may lie, by time precision."""

RADIUS_KM: dict[str, float] = {
    GeoPrecision.EXACT: 1.0,
    GeoPrecision.SETTLEMENT: 3.0,
    GeoPrecision.NEAR: 8.0,
    GeoPrecision.DISTRICT: 25.0,
    GeoPrecision.REGION: 100.0,
    GeoPrecision.COUNTRY: 400.0,
}
"""How far from its point the event of a report may lie, by place precision."""

_KM_PER_DEG = 111.32
_EPOCH = date(1970, 1, 1).toordinal()


def day_number(value: datetime | date) -> float:
    """Days since 1970-01-01 (the time of day as a fraction).

    >>> day_number(date(1970, 1, 2)), day_number(datetime(1970, 1, 1, 12))
    (1.0, 0.5)
    """
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return float(value.toordinal() - _EPOCH) + seconds / 86_400
    return float(value.toordinal() - _EPOCH)


@dataclass(frozen=True, slots=True)
class LinkRules:
    """The weights and limits of linking (defaults tuned on generated data, see
    docs/benchmarks.md)."""

    slack_days: float = 1.0
    """Added to every time window: a report dated a day late (a statement about "last
    night") still matches."""
    same_type: float = 2.0
    other_type: float = -4.0
    same_sub_type: float = 1.0
    other_sub_type: float = -5.0
    same_place: float = 1.5
    closeness: float = 0.5
    """Taken off per squared distance, in units of the spread both reports allow."""
    simultaneity: float = 0.5
    """Taken off per squared time gap, in units of the spread both windows allow."""
    threshold: float = 2.0
    cell_km: float = 10.0
    """Grid cell size for candidate generation (the search is exact whatever its value)."""


@dataclass(frozen=True, slots=True)
class LinkInput:
    """Reports as columns. Codes are small integers standing for strings (equal code, equal
    string); a place code of -1 means no place name."""

    ids: Sequence[str]
    day: FloatArray
    half_window: FloatArray
    lat: FloatArray
    lon: FloatArray
    radius_km: FloatArray
    event_type: IntArray
    sub_event_type: IntArray
    place: IntArray
    origin: IntArray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: IntArray) -> LinkInput:
        """The given rows, in that order."""
        return LinkInput(
            ids=[self.ids[int(r)] for r in rows], day=self.day[rows],
            half_window=self.half_window[rows], lat=self.lat[rows], lon=self.lon[rows],
            radius_km=self.radius_km[rows], event_type=self.event_type[rows],
            sub_event_type=self.sub_event_type[rows], place=self.place[rows],
            origin=self.origin[rows],
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decisions:
    """Analysts' decisions the linking must keep: groups of report ids that belong together
    (a merge) and pairs of groups that must stay apart (a split)."""

    together: Sequence[Sequence[str]] = field(default_factory=tuple)
    apart: Sequence[tuple[Sequence[str], Sequence[str]]] = field(default_factory=tuple)


def _distance_km(inp: LinkInput, i: IntArray, j: IntArray) -> FloatArray:
    """Great-circle distance in km (haversine) between reports i and j."""
    lat1, lat2 = np.radians(inp.lat[i]), np.radians(inp.lat[j])
    dlat = lat2 - lat1
    dlon = np.radians(inp.lon[j] - inp.lon[i])
    a = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(a, 1.0))), dtype=np.float64)


def candidate_pairs(inp: LinkInput, rules: LinkRules = LinkRules()) -> tuple[IntArray, IntArray]:
    """Every pair (i < j) whose time windows and areas overlap, found by a grid/sort join.

    Each report is filed under every (cell, day bucket) key its own area and window touch;
    two reports whose areas and windows overlap share at least one key (the point between
    them at its reach from one lies in both areas). The keys are sorted and only reports
    filed under the same key are paired, then checked exactly.
    """
    n = len(inp)
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return empty, empty
    cell_deg = rules.cell_km / _KM_PER_DEG
    # Columns at least cell_km wide everywhere in the data: scaled by the widest latitude.
    lon_scale = max(float(np.cos(np.radians(min(np.abs(inp.lat).max(), 85.0)))), 0.05)
    dlat = inp.radius_km / _KM_PER_DEG
    dlon = dlat / np.maximum(np.cos(np.radians(np.minimum(np.abs(inp.lat) + dlat, 85.0))), 0.05)
    bucket_days = 1.0 + 2 * rules.slack_days
    half = inp.half_window + rules.slack_days / 2
    rows = _spans(inp.lat - dlat, inp.lat + dlat, cell_deg)
    cols = _spans((inp.lon - dlon) * lon_scale, (inp.lon + dlon) * lon_scale, cell_deg)
    buckets = _spans(inp.day - half, inp.day + half, bucket_days)
    owner, key = _keys(rows, cols, buckets)
    order = np.lexsort((owner, key))
    owner, key = owner[order], key[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(key)])))
    group_end = np.repeat(starts + sizes, sizes)
    after = group_end - np.arange(len(key)) - 1
    first = np.repeat(np.arange(len(key)), after)
    second = first + 1 + (np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after))
    i, j = owner[first], owner[second]
    pair = np.unique(np.minimum(i, j) * n + np.maximum(i, j))
    i, j = pair // n, pair % n
    in_time = np.abs(inp.day[i] - inp.day[j]) <= (
        inp.half_window[i] + inp.half_window[j] + rules.slack_days
    )
    i, j = i[in_time], j[in_time]
    near = _distance_km(inp, i, j) <= inp.radius_km[i] + inp.radius_km[j]
    return i[near], j[near]


_Span = tuple[IntArray, IntArray]


def _spans(low: FloatArray, high: FloatArray, size: float) -> _Span:
    """The first and last grid index each [low, high] interval touches."""
    return np.floor(low / size).astype(np.int64), np.floor(high / size).astype(np.int64)


def _keys(
    rows: tuple[IntArray, IntArray],
    cols: tuple[IntArray, IntArray],
    buckets: tuple[IntArray, IntArray],
) -> tuple[IntArray, IntArray]:
    """(report, key) for every cell and bucket each report touches, keys as one integer."""
    nr, nc, nb = (hi - lo + 1 for lo, hi in (rows, cols, buckets))
    per = nr * nc * nb
    owner = np.repeat(np.arange(len(per)), per)
    k = np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per)
    b = k % nb[owner]
    c = (k // nb[owner]) % nc[owner]
    r = k // (nb[owner] * nc[owner])
    row, col, bucket = rows[0][owner] + r, cols[0][owner] + c, buckets[0][owner] + b
    row, col, bucket = row - row.min(), col - col.min(), bucket - bucket.min()
    width, depth = int(col.max()) + 1, int(bucket.max()) + 1
    return owner, (row * width + col) * depth + bucket


def score_pairs(
    inp: LinkInput, i: IntArray, j: IntArray, rules: LinkRules = LinkRules()
) -> FloatArray:
    """How strongly each candidate pair looks like one event (higher is more alike)."""
    same_type = inp.event_type[i] == inp.event_type[j]
    same_sub = inp.sub_event_type[i] == inp.sub_event_type[j]
    same_place = (inp.place[i] == inp.place[j]) & (inp.place[i] >= 0)
    # Distance and time gap in units of the spread both reports allow together.
    spread_km = np.sqrt((inp.radius_km[i] / 2) ** 2 + (inp.radius_km[j] / 2) ** 2)
    spread_days = np.sqrt(
        (inp.half_window[i] + rules.slack_days) ** 2 + (inp.half_window[j] + rules.slack_days) ** 2
    )
    far = _distance_km(inp, i, j) / spread_km
    late = np.abs(inp.day[i] - inp.day[j]) / spread_days
    return np.asarray(
        np.where(same_type, rules.same_type, rules.other_type)
        + np.where(same_sub, rules.same_sub_type, rules.other_sub_type)
        + np.where(same_place, rules.same_place, 0.0)
        - rules.closeness * far**2
        - rules.simultaneity * late**2,
        dtype=np.float64,
    )


class _Clusters:
    """Union-find over reports, each cluster knowing its origins, its common time window
    and the common box of its members' areas."""

    def __init__(self, inp: LinkInput, rules: LinkRules) -> None:
        n = len(inp)
        self.parent = list(range(n))
        self.origins: list[set[int]] = [{int(o)} for o in inp.origin]
        half = inp.half_window + rules.slack_days / 2
        self.start = (inp.day - half).tolist()
        self.end = (inp.day + half).tolist()
        dlat = inp.radius_km / _KM_PER_DEG
        dlon = dlat / np.maximum(np.cos(np.radians(inp.lat)), 0.05)
        self.south = (inp.lat - dlat).tolist()
        self.north = (inp.lat + dlat).tolist()
        self.west = (inp.lon - dlon).tolist()
        self.east = (inp.lon + dlon).tolist()

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def coherent(self, a: int, b: int) -> bool:
        """Whether clusters a and b (roots) may become one."""
        if self.origins[a] & self.origins[b]:
            return False
        if max(self.start[a], self.start[b]) > min(self.end[a], self.end[b]):
            return False
        if max(self.south[a], self.south[b]) > min(self.north[a], self.north[b]):
            return False
        return bool(max(self.west[a], self.west[b]) <= min(self.east[a], self.east[b]))

    def union(self, a: int, b: int) -> None:
        """Join roots a and b (the smaller index stays the root)."""
        keep, gone = (a, b) if a < b else (b, a)
        self.parent[gone] = keep
        self.origins[keep] |= self.origins[gone]
        self.start[keep] = max(self.start[keep], self.start[gone])
        self.end[keep] = min(self.end[keep], self.end[gone])
        self.south[keep] = max(self.south[keep], self.south[gone])
        self.north[keep] = min(self.north[keep], self.north[gone])
        self.west[keep] = max(self.west[keep], self.west[gone])
        self.east[keep] = min(self.east[keep], self.east[gone])


def cluster(
    inp: LinkInput,
    i: IntArray,
    j: IntArray,
    scores: FloatArray,
    rules: LinkRules = LinkRules(),
    decisions: Decisions = Decisions(),
) -> IntArray:
    """A cluster label per report (the smallest index in its cluster), joining along edges
    from the strongest down while clusters stay coherent. Analysts' merges are applied
    first and never undone; their splits are never joined again."""
    clusters = _Clusters(inp, rules)
    position = {report_id: k for k, report_id in enumerate(inp.ids)}
    for group in decisions.together:
        members = [position[r] for r in group if r in position]
        for other in members[1:]:
            a, b = clusters.find(members[0]), clusters.find(other)
            if a != b:
                clusters.union(a, b)
    apart = _apart_pairs(decisions, position)
    strong = scores >= rules.threshold
    order = np.lexsort((j[strong], i[strong], -scores[strong]))
    for first, second in zip(i[strong][order].tolist(), j[strong][order].tolist(), strict=True):
        a, b = clusters.find(first), clusters.find(second)
        if a == b or not clusters.coherent(a, b):
            continue
        if apart and _kept_apart(clusters, apart, a, b):
            continue
        clusters.union(a, b)
    return np.array([clusters.find(k) for k in range(len(inp))], dtype=np.int64)


def _apart_pairs(
    decisions: Decisions, position: dict[str, int]
) -> list[tuple[list[int], list[int]]]:
    pairs = []
    for left, right in decisions.apart:
        a = [position[r] for r in left if r in position]
        b = [position[r] for r in right if r in position]
        if a and b:
            pairs.append((a, b))
    return pairs


def _kept_apart(
    clusters: _Clusters, apart: Iterable[tuple[list[int], list[int]]], a: int, b: int
) -> bool:
    """Whether joining roots a and b would put both sides of an analyst's split together."""
    for left, right in apart:
        left_roots = {clusters.find(x) for x in left}
        right_roots = {clusters.find(x) for x in right}
        if (a in left_roots and b in right_roots) or (b in left_roots and a in right_roots):
            return True
    return False


def link(
    inp: LinkInput, rules: LinkRules = LinkRules(), decisions: Decisions = Decisions()
) -> list[list[str]]:
    """The reports' ids grouped into incidents, each group and the list in id order;
    independent of the order of the input."""
    canonical = np.array(sorted(range(len(inp)), key=lambda k: inp.ids[k]), dtype=np.int64)
    ordered = inp.take(canonical)
    i, j = candidate_pairs(ordered, rules)
    labels = cluster(ordered, i, j, score_pairs(ordered, i, j, rules), rules, decisions)
    groups: dict[int, list[str]] = {}
    for k, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(ordered.ids[k])
    return sorted(groups.values())
