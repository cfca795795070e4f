"""The random model of synthetic intake: incidents over time and place, and their reports.

Everything is drawn with numpy, a chunk of reports at a time, from one Generator, so a seed
fixes the whole file. Rows of a chunk come out as columns of numbers; `acled` turns them
into text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from ceasefire.synthetic.catalogue import (
    AM,
    AZ,
    EVENT_CLASSES,
    NEUTRAL,
    SOURCE_KINDS,
    SOURCE_OPTIONS,
)
from ceasefire.synthetic.geography import Terrain

__all__ = ["ReportBatch", "Timeline", "draw_batch", "timeline"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

REPORTS_PER_INCIDENT = np.array([0.15, 0.30, 0.30, 0.15, 0.10])
"""Probability of 1, 2, 3, 4 and 5 reports (from different kinds of source) per incident."""

_BLOCKADE = (date(2022, 12, 12), date(2023, 9, 19))
_KM_PER_DEG = 111.32
_LINE_OFFSET_M = 1500.0
_CORRIDOR_OFFSET_M = 150.0
_SHUFFLE_WINDOW = 48.0
_DENIAL_SHARE = 0.5
_UNATTRIBUTED_SHARE = 0.5
_NUMERIC_INTER_SHARE = 0.10
_FLOAT_NUMBER_SHARE = 0.05
_PARTY_SPELLING_SHARE = 0.8
_SECONDS_PER_DAY = 86_400

_CLASS_CONTESTED = np.array([c.contested for c in EVENT_CLASSES])
_CLASS_FATALITIES = np.array([c.fatality_mean for c in EVENT_CLASSES])
_CLASS_PROTEST = np.array([c.actor1 == "protesters" for c in EVENT_CLASSES])
_ACTOR2_ROLE = np.array(
    [("forces", "civilians", "peacekeepers", "none").index(c.actor2) for c in EVENT_CLASSES]
)
_KIND_WEIGHT = np.array([k.weight for k in SOURCE_KINDS])
_KIND_PARTY = np.array([k.party for k in SOURCE_KINDS])
_KIND_RADIUS = np.array([k.radius_m for k in SOURCE_KINDS], dtype=np.float64)
_OPTION_SIDE = np.array([o.side for o in SOURCE_OPTIONS])


def _cumulative(weights: FloatArray) -> FloatArray:
    return np.asarray(np.cumsum(weights) / np.sum(weights))


_LINE_CLASSES = _cumulative(np.array([c.line_weight for c in EVENT_CLASSES]))
_CORRIDOR_CLASSES = _cumulative(np.array([c.corridor_weight for c in EVENT_CLASSES]))
_TIME_CDF = np.cumsum([k.time_precision for k in SOURCE_KINDS], axis=1)
_GEO_CDF = np.cumsum([k.geo_precision for k in SOURCE_KINDS], axis=1)


def _option_cdf() -> FloatArray:
    """Cumulative option weights, each kind's options spanning [kind, kind + 1)."""
    kinds = np.array([o.kind for o in SOURCE_OPTIONS])
    weights = np.array([o.weight for o in SOURCE_OPTIONS])
    if np.any(np.diff(kinds) < 0):
        raise ValueError("SOURCE_OPTIONS must be ordered by kind")
    totals = np.bincount(kinds, weights=weights)
    within = np.cumsum(weights) - np.concatenate([[0.0], np.cumsum(totals)])[kinds]
    return np.asarray(kinds + within / totals[kinds])


_OPTION_CDF = _option_cdf()


@dataclass(frozen=True, slots=True)
class Timeline:
    """How incidents spread over the days of the period, with escalations."""

    start: date
    intensity: FloatArray
    cdf: FloatArray
    corridor_share: FloatArray

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return len(self.intensity)


def timeline(rng: np.random.Generator, start: date, end: date) -> Timeline:
    """A base rate with escalations of a few weeks at three to six times the base rate.

    >>> t = timeline(np.random.default_rng(1), date(2021, 1, 1), date(2021, 12, 31))
    >>> t.days, float(t.intensity.max()) > 2.5
    (365, True)
    """
    days = (end - start).days + 1
    intensity = np.ones(days)
    for _ in range(max(1, round(days / 180))):
        first = int(rng.integers(0, days))
        length = int(rng.integers(10, 29))
        intensity[first : first + length] *= rng.uniform(3.0, 6.0)
    ordinal = start.toordinal() + np.arange(days)
    blockade = (ordinal >= _BLOCKADE[0].toordinal()) & (ordinal <= _BLOCKADE[1].toordinal())
    return Timeline(
        start=start,
        intensity=intensity,
        cdf=_cumulative(intensity),
        corridor_share=np.where(blockade, 0.5, 0.15),
    )


@dataclass(frozen=True, slots=True)
class _Incidents:
    """What really happened, one entry per incident of a chunk."""

    reports: IntArray
    day: IntArray
    lat: FloatArray
    lon: FloatArray
    place: IntArray
    event_class: IntArray
    perpetrator: IntArray
    fatalities: IntArray
    kinds: IntArray


@dataclass(frozen=True, slots=True)
class ReportBatch:
    """One chunk of reports as columns; `incident` is the 0-based ground-truth incident."""

    incident: IntArray
    kind: IntArray
    option: IntArray
    day: IntArray
    time_precision: IntArray
    geo_precision: IntArray
    lat: FloatArray
    lon: FloatArray
    place: IntArray
    spelling: IntArray
    event_class: IntArray
    actor1: IntArray
    actor2: IntArray
    denial: BoolArray
    fatalities: IntArray
    numeric_inter: BoolArray
    float_numbers: BoolArray
    lag_seconds: IntArray

    def __len__(self) -> int:
        return len(self.incident)

    def take(self, rows: IntArray | slice) -> ReportBatch:
        """Some of the rows, in the order given."""
        return ReportBatch(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


def _report_counts(rng: np.random.Generator, size: int) -> IntArray:
    """Reports per incident, summing to exactly `size` (the last incident may be cut)."""
    counts = rng.choice(len(REPORTS_PER_INCIDENT), size=size, p=REPORTS_PER_INCIDENT) + 1
    total = np.cumsum(counts)
    last = int(np.searchsorted(total, size))
    counts = counts[: last + 1].copy()
    counts[-1] -= int(total[last]) - size
    return np.asarray(counts, dtype=np.int64)


def _disc(rng: np.random.Generator, radius_m: FloatArray, lat: FloatArray) -> FloatArray:
    """Offsets (dlat, dlon) in degrees of points uniform in discs of the given radii."""
    rho = radius_m * np.sqrt(rng.random(len(lat))) / 1000.0 / _KM_PER_DEG
    theta = rng.random(len(lat)) * 2.0 * np.pi
    return np.stack([rho * np.sin(theta), rho * np.cos(theta) / np.cos(np.radians(lat))])


def _incidents(
    rng: np.random.Generator, counts: IntArray, position: FloatArray, tl: Timeline, ter: Terrain
) -> _Incidents:
    """Draw when, where and what for each incident of a chunk."""
    m = len(counts)
    day = np.minimum(np.searchsorted(tl.cdf, position, side="right"), tl.days - 1)
    corridor = rng.random(m) < tl.corridor_share[day]
    lines, points = ter.line_points, len(ter.lat)
    point = np.where(corridor, rng.integers(lines, points, m), rng.integers(0, lines, m))
    radius = np.where(corridor, _CORRIDOR_OFFSET_M, _LINE_OFFSET_M)
    offset = _disc(rng, radius, ter.lat[point])
    u = rng.random(m)
    event_class = np.where(
        corridor, np.searchsorted(_CORRIDOR_CLASSES, u), np.searchsorted(_LINE_CLASSES, u)
    )
    perpetrator = np.where(rng.random(m) < np.where(corridor, 0.8, 0.5), AZ, AM)
    perpetrator[_CLASS_PROTEST[event_class]] = AZ
    keys = np.log(_KIND_WEIGHT) + rng.gumbel(size=(m, len(SOURCE_KINDS)))
    return _Incidents(
        reports=counts,
        day=np.asarray(day, dtype=np.int64),
        lat=ter.lat[point] + offset[0],
        lon=ter.lon[point] + offset[1],
        place=ter.place[point],
        event_class=np.asarray(event_class, dtype=np.int64),
        perpetrator=perpetrator,
        fatalities=rng.poisson(_CLASS_FATALITIES[event_class]),
        kinds=np.argsort(-keys, axis=1),
    )


def _precision(rng: np.random.Generator, cdf: FloatArray, kind: IntArray) -> IntArray:
    """ACLED precision codes 1-3 drawn from each row's kind of source."""
    u = rng.random(len(kind))
    return np.asarray(1 + (u > cdf[kind, 0]) + (u > cdf[kind, 1]), dtype=np.int64)


def _day_offset(rng: np.random.Generator, time_precision: IntArray) -> IntArray:
    """Days between the event and the date a report gives, wider for coarser precision."""
    n = len(time_precision)
    off_by_one = np.where(rng.random(n) < 0.05, rng.choice([-1, 1], n), 0)
    week = rng.integers(-3, 4, n)
    month = rng.integers(-15, 16, n)
    return np.asarray(np.choose(time_precision - 1, [off_by_one, week, month]), dtype=np.int64)


def _claims(
    rng: np.random.Generator, inc: _Incidents, row: IntArray, kind: IntArray, side: IntArray
) -> tuple[IntArray, BoolArray]:
    """The side each report blames (NEUTRAL: unattributed) and whether it is a denial.

    A party's sources blame the other party; when their own side did it, its ministry
    denies half the time and otherwise blames the other side too.
    """
    n = len(row)
    truth = inc.perpetrator[row]
    contested = _CLASS_CONTESTED[inc.event_class[row]]
    partisan = contested & (side != NEUTRAL)
    denial = partisan & _KIND_PARTY[kind] & (side == truth) & (rng.random(n) < _DENIAL_SHARE)
    claimed = np.where(partisan, 1 - side, truth)
    claimed[denial] = side[denial]
    unattributed = contested & (kind == 5) & (rng.random(n) < _UNATTRIBUTED_SHARE)
    claimed[unattributed] = NEUTRAL
    return claimed, denial


def _actors(event_class: IntArray, claimed: IntArray, truth: IntArray) -> tuple[IntArray, IntArray]:
    """ACTORS indexes of actor1 and actor2 for each report."""
    actor1 = np.where(claimed == NEUTRAL, 5, claimed)
    actor1 = np.where(_CLASS_PROTEST[event_class], 6, actor1)
    victim = np.where(claimed == NEUTRAL, 1 - truth, 1 - claimed)
    role = _ACTOR2_ROLE[event_class]
    actor2 = np.choose(role, [victim, 3 + victim, np.full_like(victim, 2), np.full_like(victim, 7)])
    return np.asarray(actor1, dtype=np.int64), np.asarray(actor2, dtype=np.int64)


def _fatalities(
    rng: np.random.Generator, truth: IntArray, kind: IntArray, correct: BoolArray, denial: BoolArray
) -> IntArray:
    """Fatalities each source gives: monitors may miss some, parties inflate, media round."""
    n = len(kind)
    monitor = np.where(rng.random(n) < 0.8, truth, 0)
    party = np.where(correct, truth + rng.poisson(0.3, n), rng.poisson(0.2, n))
    media = np.maximum(truth + rng.integers(-1, 2, n), 0)
    by_kind = np.choose(kind, [monitor, monitor, monitor, party, party, truth, media])
    return np.asarray(np.where(denial, 0, np.minimum(by_kind, 99)), dtype=np.int64)


def _spelling(rng: np.random.Generator, side: IntArray, count: IntArray) -> IntArray:
    """Which spelling of the place a report uses: -2 Azerbaijani, -1 Armenian, else a variant."""
    n = len(side)
    variant = np.where(rng.random(n) < 0.5, 0, (rng.random(n) * count).astype(np.int64))
    partisan = (side != NEUTRAL) & (rng.random(n) < _PARTY_SPELLING_SHARE)
    return np.asarray(np.where(partisan, np.where(side == AZ, -2, -1), variant), dtype=np.int64)


def _reports(rng: np.random.Generator, inc: _Incidents, ter: Terrain, days: int) -> ReportBatch:
    """Expand incidents into their reports, each with its own noise."""
    row = np.repeat(np.arange(len(inc.reports)), inc.reports)
    slot = np.arange(len(row)) - np.repeat(np.cumsum(inc.reports) - inc.reports, inc.reports)
    kind = inc.kinds[row, slot]
    option = np.searchsorted(_OPTION_CDF, kind + rng.random(len(row)), side="right")
    side = _OPTION_SIDE[option]
    time_precision = _precision(rng, _TIME_CDF, kind)
    geo_precision = _precision(rng, _GEO_CDF, kind)
    jitter = _disc(rng, _KIND_RADIUS[kind, geo_precision - 1], inc.lat[row])
    claimed, denial = _claims(rng, inc, row, kind, side)
    actor1, actor2 = _actors(inc.event_class[row], claimed, inc.perpetrator[row])
    correct = claimed == inc.perpetrator[row]
    place = inc.place[row]
    n = len(row)
    return ReportBatch(
        incident=row,
        kind=kind,
        option=np.asarray(option, dtype=np.int64),
        day=np.clip(inc.day[row] + _day_offset(rng, time_precision), 0, days - 1),
        time_precision=time_precision,
        geo_precision=geo_precision,
        lat=inc.lat[row] + jitter[0],
        lon=inc.lon[row] + jitter[1],
        place=place,
        spelling=_spelling(rng, side, ter.places.variant_count[place]),
        event_class=inc.event_class[row],
        actor1=actor1,
        actor2=actor2,
        denial=denial,
        fatalities=_fatalities(rng, inc.fatalities[row], kind, correct, denial),
        numeric_inter=rng.random(n) < _NUMERIC_INTER_SHARE,
        float_numbers=rng.random(n) < _FLOAT_NUMBER_SHARE,
        lag_seconds=rng.integers(_SECONDS_PER_DAY, 15 * _SECONDS_PER_DAY, n),
    )


def draw_batch(
    rng: np.random.Generator,
    *,
    first_report: int,
    first_incident: int,
    size: int,
    total: int,
    tl: Timeline,
    ter: Terrain,
) -> tuple[ReportBatch, int]:
    """The next `size` reports of a file of `total`, and how many incidents they report.

    An incident's day follows from where its reports fall in the file, so the file runs
    through the period in order; within a window of rows the order is shuffled.
    """
    counts = _report_counts(rng, size)
    before = np.cumsum(counts) - counts
    position = (first_report + before + rng.random(len(counts)) * counts) / total
    batch = _reports(rng, _incidents(rng, counts, position, tl, ter), ter, tl.days)
    key = np.arange(size) + rng.random(size) * _SHUFFLE_WINDOW
    batch = batch.take(np.argsort(key, kind="stable"))
    return replace(batch, incident=batch.incident + first_incident), len(counts)
