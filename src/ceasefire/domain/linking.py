"""Linking reports of the same event into incidents (pure: arrays in, cluster labels out).

Two reports are *candidates* when their time windows and their places overlap; both widen
with the report's precision (a district and a month are wide, an observation post's fix and
a day narrow). Candidates are found by a grid/sort join: every report is filed under the
grid cells and day buckets its window touches, and only reports sharing a cell and a
bucket are compared, never all pairs. The rules bound the best score a pair can reach, so
the join also skips what can never become an edge: reports too vague to link to anything,
reports of different event types or places when the rules forbid those, and areas beyond
the distance at which the closeness penalty alone takes a pair below the threshold.

A candidate pair then gets a score, roughly the log-odds that both report one event: event
type, sub-event type, place, actor and fatalities agreeing or not, distance and time gap in
units of what both precisions allow, less a cost for vague places and long windows (a
report that could be anywhere in a district during a month matches many events equally).
Pairs scoring at least `LinkRules.threshold` are edges. Clusters are built by taking edges
from the strongest down and joining two clusters only when the result stays coherent: no
two reports from the same origin (a ministry reports an event once; two of its statements
are two events), a common time window and a common area for all members, and no pair of
members scoring below `LinkRules.veto` (one strong link does not outvote clear evidence
that two reports are of different events).

The result depends only on the set of reports and decisions, not on their order: reports
are put in id order first and ties are broken by id. Clusters are independent between the
connected components of the edge graph (`components`), so linking a new report needs only
its component; components of two reports are settled without the greedy loop.
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
    "components",
    "day_number",
    "label_components",
    "link",
    "linkable",
    "score_pairs",
    "strong_edges",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

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
_SCORE_CHUNK = 1 << 21
"""Pairs scored at a time, which bounds the temporary arrays of score_pairs."""
_FEW_SETTLED = 50
"""`_rounds` hands over to the loop in Python once a step settles under 1/50 of the edges."""


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
    """The weights and limits of linking: a score is roughly the log-odds that two reports
    are of one event (defaults fitted on generated data, see docs/benchmarks.md)."""

    slack_days: float = 1.0
    """Added to every time window: a report dated a day late (a statement about "last
    night") still matches."""
    same_type: float = 2.0
    other_type: float = -6.0
    same_sub_type: float = 1.7
    other_sub_type: float = -7.0
    same_place: float = 0.6
    other_place: float = -8.0
    """Both reports name a place and the places differ."""
    closeness: float = 2.4
    """Taken off per squared distance, in units of the spread both reports allow."""
    vagueness: float = 0.9
    """Taken off per natural log of that spread in km: wide areas tell events apart less."""
    lateness: float = 3.0
    """Taken off per day of gap beyond both reports' windows."""
    window_cost: float = 1.1
    """Taken off per natural log of 1 + both half windows in days."""
    same_actor: float = 0.2
    other_actor: float = -8.0
    fatalities_agree: float = 0.7
    """Both give a death toll above zero and the tolls differ by at most one."""
    threshold: float = -1.0
    veto: float = -2.0
    """Two clusters are not joined when any pair across them scores below this."""
    cell_km: float = 10.0
    """Grid cell size for candidate generation (the search is exact whatever its value)."""

    @property
    def best_gain(self) -> float:
        """The most any pair can score above the threshold, before its penalties."""
        agree = [
            max(self.same_type, self.other_type),
            max(self.same_sub_type, self.other_sub_type),
            max(self.same_place, self.other_place, 0.0),
            max(self.same_actor, self.other_actor, 0.0),
            max(self.fatalities_agree, 0.0),
        ]
        return sum(agree) - self.threshold

    @property
    def reach_share(self) -> float:
        """Share of its radius within which a report can find a partner scoring at least
        the threshold (at most 1: the areas must overlap)."""
        if self.closeness <= 0 or self.best_gain <= 0:
            return 1.0
        return float(min(1.0, np.sqrt(self.best_gain / self.closeness) / 2))

    def blocks_on(self, best: float, other: float) -> bool:
        """Whether disagreeing on a feature (best and other weight) rules a pair out."""
        return self.best_gain - max(best, other, 0.0) + other < 0


@dataclass(frozen=True, slots=True)
class LinkInput:
    """Reports as columns. Codes are small integers standing for strings (equal code, equal
    string); a place, actor or fatalities value of -1 means unknown. The optional columns
    (None) are not used."""

    ids: Sequence[str]
    day: FloatArray
    half_window: FloatArray
    lat: FloatArray
    lon: FloatArray
    radius_km: FloatArray
    event_type: IntArray
    sub_event_type: IntArray
    place: IntArray
    """Best the gazetteer place the name resolves to, so that every spelling of a place
    (Stepanakert, Khankendi) has one code."""
    origin: IntArray
    actor: IntArray | None = None
    """The actor a report holds responsible, only where that says which event it is: a
    neutral source's attribution, or a party naming its own side; -1 otherwise."""
    fatalities: IntArray | None = None
    """Deaths the report gives, -1 when it gives none."""

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: IntArray) -> LinkInput:
        """The given rows, in that order."""
        return LinkInput(
            ids=[self.ids[r] for r in rows.tolist()], day=self.day[rows],
            half_window=self.half_window[rows], lat=self.lat[rows], lon=self.lon[rows],
            radius_km=self.radius_km[rows], event_type=self.event_type[rows],
            sub_event_type=self.sub_event_type[rows], place=self.place[rows],
            origin=self.origin[rows],
            actor=None if self.actor is None else self.actor[rows],
            fatalities=None if self.fatalities is None else self.fatalities[rows],
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


def linkable(inp: LinkInput, rules: LinkRules = LinkRules()) -> BoolArray:
    """Whether each report can reach the threshold with any partner at all: a report whose
    place and window are so wide that their costs alone outweigh the best agreement stays
    an incident of its own."""
    spread = np.log(np.maximum(inp.radius_km / 2, 1.0))
    cost = rules.vagueness * spread + rules.window_cost * np.log1p(inp.half_window)
    return np.asarray(cost <= rules.best_gain)


def _blocks(inp: LinkInput, rules: LinkRules) -> IntArray:
    """A code per report such that pairs with different codes can never be edges."""
    block = np.zeros(len(inp), dtype=np.int64)
    if rules.blocks_on(rules.same_type, rules.other_type):
        block = inp.event_type.astype(np.int64)
    if rules.blocks_on(rules.same_sub_type, rules.other_sub_type):
        sub = np.unique(inp.sub_event_type, return_inverse=True)[1].reshape(-1)
        block = block * (int(sub.max(initial=0)) + 1) + sub
    return np.unique(block, return_inverse=True)[1].reshape(-1).astype(np.int64)


def candidate_pairs(
    inp: LinkInput, rules: LinkRules = LinkRules(), fresh: BoolArray | None = None
) -> tuple[IntArray, IntArray]:
    """Every pair (i < j) that can become an edge and whose windows and areas overlap,
    found by a grid/sort join; with `fresh`, only the pairs with at least one fresh report
    (a caller that already holds the pairs among the others adds the new ones).

    Pairs need both reports `linkable`, different origins (an origin never reports one
    event twice), the same block (event type and sub-event type when
    the rules rule disagreement out), the same place when both name one and the rules rule
    different places out, time windows (widened by the slack) that overlap, and a distance
    of at most `reach_share` of the sum of their radii. Each report is filed under every
    (block, cell, day bucket) key its reach and window touch; two such reports share a key.
    """
    rows = np.flatnonzero(linkable(inp, rules))
    if len(rows) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    block = _blocks(inp, rules)[rows]
    place = inp.place[rows]
    if rules.blocks_on(rules.same_place, rules.other_place):
        known = place >= 0
        named = np.flatnonzero(known)
        sub_block = np.unique(np.stack([block[named], place[named]]), axis=1, return_inverse=True)
        starts = None if fresh is None else fresh[rows[named]]
        pair = _join(inp, rows[named], sub_block[1].reshape(-1).astype(np.int64), rules, starts)
        if not known.all():
            # A report naming no place meets every report around it, named or not.
            pair = np.union1d(pair, _join(inp, rows, block, rules, first=~known))
    else:
        pair = _join(inp, rows, block, rules, None if fresh is None else fresh[rows])
    n = len(inp)
    i, j = pair // n, pair % n
    if fresh is not None:
        either = fresh[i] | fresh[j]
        i, j = i[either], j[either]
    in_time = np.abs(inp.day[i] - inp.day[j]) <= (
        inp.half_window[i] + inp.half_window[j] + rules.slack_days
    )
    i, j = i[in_time], j[in_time]
    reach = rules.reach_share * (inp.radius_km[i] + inp.radius_km[j])
    keep = (_distance_km(inp, i, j) <= reach) & (inp.origin[i] != inp.origin[j])
    return i[keep], j[keep]


def _join(
    inp: LinkInput,
    rows: IntArray,
    block: IntArray,
    rules: LinkRules,
    first: BoolArray | None = None,
) -> IntArray:
    """Pairs (as i * n + j, i < j, unique) of `rows` sharing a block, a cell and a bucket.
    With `first`, only pairs with at least one such report."""
    if len(rows) < 2:
        return np.zeros(0, dtype=np.int64)
    n = len(inp)
    lat, lon = inp.lat[rows], inp.lon[rows]
    cell_deg = rules.cell_km / _KM_PER_DEG
    # Columns at least cell_km wide everywhere in the data: scaled by the widest latitude.
    lon_scale = max(float(np.cos(np.radians(min(np.abs(lat).max(), 85.0)))), 0.05)
    dlat = rules.reach_share * inp.radius_km[rows] / _KM_PER_DEG
    dlon = dlat / np.maximum(np.cos(np.radians(np.minimum(np.abs(lat) + dlat, 85.0))), 0.05)
    bucket_days = 1.0 + 2 * rules.slack_days
    half = inp.half_window[rows] + rules.slack_days / 2
    owner, key = _keys(
        _spans(lat - dlat, lat + dlat, cell_deg),
        _spans((lon - dlon) * lon_scale, (lon + dlon) * lon_scale, cell_deg),
        _spans(inp.day[rows] - half, inp.day[rows] + half, bucket_days),
    )
    starter = np.ones(len(rows), dtype=np.bool_) if first is None else first
    origin = inp.origin[rows]
    # Within a key, reports that may start a pair come first, grouped by origin; each pairs
    # with every report after its origin's run (one origin never reports an event twice,
    # so a file of one source at one place and day yields no pairs at all).
    order = np.lexsort((owner, origin[owner], ~starter[owner], key, block[owner]))
    owner, key = owner[order], key[order]
    blocks = block[owner]
    new = (key[1:] != key[:-1]) | (blocks[1:] != blocks[:-1])
    starts = np.flatnonzero(np.concatenate(([True], new)))
    sizes = np.diff(np.concatenate((starts, [len(key)])))
    group_end = np.repeat(starts + sizes, sizes)
    runs = (
        new
        | (origin[owner][1:] != origin[owner][:-1])
        | (starter[owner][1:] != starter[owner][:-1])
    )
    run_starts = np.flatnonzero(np.concatenate(([True], runs)))
    run_sizes = np.diff(np.concatenate((run_starts, [len(key)])))
    run_end = np.repeat(run_starts + run_sizes, run_sizes)
    after = np.where(starter[owner], group_end - run_end, 0)
    first_at = np.repeat(np.arange(len(key)), after)
    second_at = np.repeat(run_end, after) + (
        np.arange(len(first_at)) - np.repeat(np.cumsum(after) - after, after)
    )
    i, j = rows[owner[first_at]], rows[owner[second_at]]
    return np.unique(np.minimum(i, j) * n + np.maximum(i, j))


_Span = tuple[IntArray, IntArray]


def _spans(low: FloatArray, high: FloatArray, size: float) -> _Span:
    """The first and last grid index each [low, high] interval touches."""
    return np.floor(low / size).astype(np.int64), np.floor(high / size).astype(np.int64)


def _keys(rows: _Span, cols: _Span, buckets: _Span) -> tuple[IntArray, IntArray]:
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
    out = np.empty(len(i), dtype=np.float64)
    for low in range(0, len(i), _SCORE_CHUNK):
        part = slice(low, low + _SCORE_CHUNK)
        out[part] = _score(inp, i[part], j[part], rules)
    return out


def _score(inp: LinkInput, i: IntArray, j: IntArray, rules: LinkRules) -> FloatArray:
    score = np.where(inp.event_type[i] == inp.event_type[j], rules.same_type, rules.other_type)
    score += np.where(
        inp.sub_event_type[i] == inp.sub_event_type[j], rules.same_sub_type, rules.other_sub_type
    )
    score += _agreement(inp.place[i], inp.place[j], rules.same_place, rules.other_place)
    if inp.actor is not None:
        score += _agreement(inp.actor[i], inp.actor[j], rules.same_actor, rules.other_actor)
    if inp.fatalities is not None:
        fi, fj = inp.fatalities[i], inp.fatalities[j]
        score += np.where((fi > 0) & (fj > 0) & (np.abs(fi - fj) <= 1), rules.fatalities_agree, 0)
    # Distance in units of the spread both reports allow together.
    spread_km = np.sqrt((inp.radius_km[i] / 2) ** 2 + (inp.radius_km[j] / 2) ** 2)
    score -= rules.closeness * (_distance_km(inp, i, j) / spread_km) ** 2
    score -= rules.vagueness * np.log(np.maximum(spread_km, 1.0))
    windows = inp.half_window[i] + inp.half_window[j]
    score -= rules.lateness * np.maximum(np.abs(inp.day[i] - inp.day[j]) - windows, 0.0)
    score -= rules.window_cost * np.log1p(windows)
    return np.asarray(score, dtype=np.float64)


def _agreement(a: IntArray, b: IntArray, same: float, other: float) -> FloatArray:
    """`same` where both codes are known and equal, `other` where both known and different."""
    known = (a >= 0) & (b >= 0)
    return np.asarray(np.where(known, np.where(a == b, same, other), 0.0), dtype=np.float64)


def label_components(n: int, i: IntArray, j: IntArray) -> IntArray:
    """The smallest index of each node's connected component over edges (i, j)."""
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[i], label[j])
        before = label.copy()
        np.minimum.at(label, i, low)
        np.minimum.at(label, j, low)
        label = label[label]
        while not np.array_equal(label, label[label]):
            label = label[label]
        if np.array_equal(label, before):
            return label


def components(inp: LinkInput, rules: LinkRules = LinkRules()) -> IntArray:
    """A label per report (the smallest index of its component) of the connected components
    over edges scoring at least the threshold. `link` of one component's reports gives the
    groups that `link` of all reports gives for them, so a new report needs only the
    reports of the component it falls into (with analysts' merges joining components)."""
    i, j = strong_edges(inp, rules)
    return label_components(len(inp), i, j)


def strong_edges(
    inp: LinkInput, rules: LinkRules = LinkRules(), fresh: BoolArray | None = None
) -> tuple[IntArray, IntArray]:
    """The candidate pairs scoring at least the threshold (with `fresh`: those with at
    least one fresh report), the edges of `components`."""
    i, j = candidate_pairs(inp, rules, fresh)
    strong = score_pairs(inp, i, j, rules) >= rules.threshold
    return i[strong], j[strong]


class _Clusters:
    """Union-find over some reports (local indexes), each cluster knowing its members,
    origins, common time window and the common box of its members' areas."""

    def __init__(self, inp: LinkInput, rules: LinkRules, veto: set[int]) -> None:
        n = len(inp)
        self.n = n
        self.veto = veto
        self.parent = list(range(n))
        self.members: list[list[int]] = [[k] for k in range(n)]
        self.origins: list[set[int]] = [{int(o)} for o in inp.origin]
        extents = [e.tolist() for e in _extents(inp, rules)]
        self.start, self.end, self.south, self.north, self.west, self.east = extents

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
        if max(self.west[a], self.west[b]) > min(self.east[a], self.east[b]):
            return False
        if self.veto:
            n, veto = self.n, self.veto
            for p in self.members[a]:
                for q in self.members[b]:
                    if (min(p, q) * n + max(p, q)) in veto:
                        return False
        return True

    def union(self, a: int, b: int) -> None:
        """Join roots a and b (the smaller index stays the root)."""
        keep, gone = (a, b) if a < b else (b, a)
        self.parent[gone] = keep
        self.members[keep] += self.members[gone]
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
    first and never undone; their splits are never joined again.

    Components of the edge graph are independent: those touched by decisions go through
    the greedy loop in Python, the others through `_rounds`, which gives the same result
    with whole-array steps."""
    n = len(inp)
    strong = scores >= rules.threshold
    comp = label_components(n, i[strong], j[strong])
    decided = [r for group in decisions.together for r in group]
    decided += [r for pair in decisions.apart for side in pair for r in side]
    position = {report_id: k for k, report_id in enumerate(inp.ids)}
    touched = np.zeros(n, dtype=np.bool_)
    touched[[position[r] for r in decided if r in position]] = True
    slow_comp = np.bincount(comp, weights=touched, minlength=n) > 0
    slow = slow_comp[comp]
    # Pairs across components matter only where a decision joins them: keep those too.
    inside = (comp[i] == comp[j]) | (slow[i] & slow[j])
    i, j, scores = i[inside], j[inside], scores[inside]
    in_slow = slow[i]
    labels = _rounds(inp, i[~in_slow], j[~in_slow], scores[~in_slow], rules)
    rows = np.flatnonzero(slow)
    if len(rows):
        labels[rows] = _greedy(inp, rows, i[in_slow], j[in_slow], scores[in_slow], rules, decisions)
    return labels


def _rounds(
    inp: LinkInput, i: IntArray, j: IntArray, scores: FloatArray, rules: LinkRules
) -> IntArray:
    """The greedy loop's labels, merging many clusters per step: an edge that is the
    strongest left at both its clusters is the next edge the loop would take at either,
    and whether it joins them depends on those two clusters only, so all such edges are
    settled at once. Coherence only ever gets stricter as clusters grow, so a refused edge
    stays refused. When a step settles few edges (long chains of edges each waiting for
    the next), the loop in Python finishes from there."""
    n = len(inp)
    strong = scores >= rules.threshold
    order = np.lexsort((j[strong], i[strong], -scores[strong]))
    ei, ej, es = i[strong][order], j[strong][order], scores[strong][order]
    rank = np.arange(len(ei), dtype=np.int64)
    vetoed = scores < rules.veto
    vi, vj, vs = i[vetoed], j[vetoed], scores[vetoed]
    root = np.arange(n, dtype=np.int64)
    extents = _extents(inp, rules)
    while len(ei):
        u, v = root[ei], root[ej]
        live = u != v
        ei, ej, es, rank, u, v = ei[live], ej[live], es[live], rank[live], u[live], v[live]
        best = np.full(n, len(order), dtype=np.int64)
        np.minimum.at(best, u, rank)
        np.minimum.at(best, v, rank)
        mutual = (best[u] == rank) & (best[v] == rank)
        if np.count_nonzero(mutual) * _FEW_SETTLED < len(ei):
            break
        a, b = np.minimum(u[mutual], v[mutual]), np.maximum(u[mutual], v[mutual])
        ok = _coherent(inp, root, a, b, extents, vi, vj)
        a, b = a[ok], b[ok]
        for k in range(0, len(extents), 2):
            extents[k][a] = np.maximum(extents[k][a], extents[k][b])
            extents[k + 1][a] = np.minimum(extents[k + 1][a], extents[k + 1][b])
        renamed = np.arange(n, dtype=np.int64)
        renamed[b] = a
        root = renamed[root]
        ei, ej, es, rank = ei[~mutual], ej[~mutual], es[~mutual], rank[~mutual]
    if len(ei):
        _finish(inp, root, (ei, ej, es), (vi, vj, vs), rules)
    return root


def _finish(
    inp: LinkInput,
    root: IntArray,
    edges: tuple[IntArray, IntArray, FloatArray],
    vetoing: tuple[IntArray, IntArray, FloatArray],
    rules: LinkRules,
) -> None:
    """Run the loop in Python over the edges left, from the clusters in `root` (in place)."""
    ei, ej, es = edges
    vi, vj, vs = vetoing
    waiting = np.zeros(len(inp), dtype=np.bool_)
    waiting[root[ei]] = True
    waiting[root[ej]] = True
    rows = np.flatnonzero(waiting[root])
    by_root = rows[np.argsort(root[rows], kind="stable")]
    bounds = np.flatnonzero(np.diff(root[by_root])) + 1
    ids = inp.ids
    together = [[ids[k] for k in part.tolist()] for part in np.split(by_root, bounds)]
    near = waiting[root[vi]] & waiting[root[vj]]
    i = np.concatenate([ei, vi[near]])
    j = np.concatenate([ej, vj[near]])
    scores = np.concatenate([es, vs[near]])
    root[rows] = _greedy(inp, rows, i, j, scores, rules, Decisions(together=together))


def _coherent(
    inp: LinkInput,
    root: IntArray,
    a: IntArray,
    b: IntArray,
    extents: list[FloatArray],
    vi: IntArray,
    vj: IntArray,
) -> BoolArray:
    """Whether each pair of clusters (roots a[k], b[k], no root in two pairs) may become
    one: windows and boxes meet, no origin on both sides, no vetoing pair across."""
    ok = np.ones(len(a), dtype=np.bool_)
    for low, high in zip(extents[::2], extents[1::2], strict=True):
        ok &= np.maximum(low[a], low[b]) <= np.minimum(high[a], high[b])
    merge = np.full(len(inp), -1, dtype=np.int64)
    merge[a] = np.arange(len(a))
    merge[b] = np.arange(len(b))
    involved = merge[root]
    rows = np.flatnonzero(involved >= 0)
    # Origins are distinct within a cluster, so a repeated (merge, origin) is a clash.
    key = involved[rows] * (int(inp.origin.max(initial=0)) + 1) + inp.origin[rows]
    values, counts = np.unique(key, return_counts=True)
    ok[values[counts > 1] // (int(inp.origin.max(initial=0)) + 1)] = False
    mi, mj = involved[vi], involved[vj]
    across = (mi >= 0) & (mi == mj) & (root[vi] != root[vj])
    ok[mi[across]] = False
    return ok


def _extents(inp: LinkInput, rules: LinkRules) -> list[FloatArray]:
    """Start, end, south, north, west and east of each report's window and area box."""
    half = inp.half_window + rules.slack_days / 2
    dlat = inp.radius_km / _KM_PER_DEG
    dlon = dlat / np.maximum(np.cos(np.radians(inp.lat)), 0.05)
    return [
        inp.day - half, inp.day + half, inp.lat - dlat, inp.lat + dlat, inp.lon - dlon,
        inp.lon + dlon,
    ]  # fmt: skip


def _greedy(
    inp: LinkInput,
    rows: IntArray,
    i: IntArray,
    j: IntArray,
    scores: FloatArray,
    rules: LinkRules,
    decisions: Decisions,
) -> IntArray:
    """Labels (indexes into the whole input) of `rows`, clustered by the greedy loop over
    the pairs (i, j) among them."""
    local = np.full(len(inp), -1, dtype=np.int64)
    local[rows] = np.arange(len(rows))
    li, lj = local[i], local[j]
    m = len(rows)
    vetoed = scores < rules.veto
    veto = set((li[vetoed] * m + lj[vetoed]).tolist())
    clusters = _Clusters(inp.take(rows), rules, veto)
    position = {inp.ids[r]: k for k, r in enumerate(rows.tolist())}
    for group in decisions.together:
        members = [position[r] for r in group if r in position]
        for other in members[1:]:
            a, b = clusters.find(members[0]), clusters.find(other)
            if a != b:
                clusters.union(a, b)
    apart = _apart_pairs(decisions, position)
    strong = scores >= rules.threshold
    order = np.lexsort((lj[strong], li[strong], -scores[strong]))
    for first, second in zip(li[strong][order].tolist(), lj[strong][order].tolist(), strict=True):
        a, b = clusters.find(first), clusters.find(second)
        if a == b or not clusters.coherent(a, b):
            continue
        if apart and _kept_apart(clusters, apart, a, b):
            continue
        clusters.union(a, b)
    return rows[np.array([clusters.find(k) for k in range(m)], dtype=np.int64)]


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
    canonical = np.argsort(np.asarray(inp.ids, dtype=str), kind="stable").astype(np.int64)
    ordered = inp.take(canonical)
    i, j = candidate_pairs(ordered, rules)
    labels = cluster(ordered, i, j, score_pairs(ordered, i, j, rules), rules, decisions)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    ids = ordered.ids
    groups = [[ids[k] for k in part] for part in np.split(order, bounds) if len(part)]
    groups.sort()
    return groups
