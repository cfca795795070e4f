"""Write synthetic intake as an ACLED CSV file, streamed a chunk at a time.

Each line is a run of pieces: most are ready-made text looked up with numpy in tables
built once (an event class fixes its three type columns at once), the rest are numbers
written by numpy. The pieces of many rows are joined in one go. Cells are quoted the way
csv.writer quotes them, so the bytes are what csv.writer would write; csv.writer itself
spends about 7 microseconds on a row of 32 cells, more than all the rest together.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO, TextIO

import numpy as np
import numpy.typing as npt

from ceasefire.errors import ValidationError
from ceasefire.importers.formats import ACLED_COLUMNS
from ceasefire.synthetic.catalogue import (
    ACTORS,
    EVENT_CLASSES,
    INTER_TEXT,
    SOURCE_OPTIONS,
    Actor,
)
from ceasefire.synthetic.cells import (
    coordinates,
    groups,
    inside,
    integers,
    quote,
    spelled,
    tail,
)
from ceasefire.synthetic.geography import PlaceTable, terrain
from ceasefire.synthetic.model import ReportBatch, Timeline, draw_batch, timeline

__all__ = ["HEADER", "TRUTH_COLUMN", "GenerationSummary", "generate_acled", "interaction"]

TRUTH_COLUMN = "truth_incident_id"
HEADER: tuple[str, ...] = (*ACLED_COLUMNS, TRUTH_COLUMN)

DEFAULT_START = date(2020, 11, 10)
DEFAULT_END = date(2023, 9, 19)

ObjectArray = npt.NDArray[np.object_]

# Numpy draws a chunk at a time; text is built for a slice of it at a time, which keeps
# the Python objects alive at once (and so peak memory) small.
_CHUNK_ROWS = 50_000
_FORMAT_ROWS = 10_000
_REGION = "Caucasus and Central Asia"
_COUNTRIES = {"AZ": ("Azerbaijan", "31", "AZE"), "AM": ("Armenia", "51", "ARM")}
_DENIAL = ' "does not correspond to reality"'
_PROTEST_TAGS = ("crowd size=no report", "crowd size=dozens")
_NA = len(ACTORS)
_STYLES = 3
"""Ways to write actor types: words, old numeric codes, codes from a float-typed export."""

_LAYOUT: tuple[tuple[str, ...], ...] = (
    ("event_id_cnty",),
    ("event_date", "year", "time_precision"),
    ("disorder_type", "event_type", "sub_event_type"),
    ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
     "civilian_targeting"),
    ("iso", "region", "country", "admin1", "admin2", "admin3"),
    ("location",),
    ("latitude", "longitude"),
    ("geo_precision",),
    ("source", "source_scale"),
    ("notes",),
    ("fatalities",),
    ("tags",),
    ("timestamp", TRUTH_COLUMN),
)  # fmt: skip
"""Runs of columns built together, in file order; `_pieces` follows it."""

assert tuple(c for run in _LAYOUT for c in run) == HEADER


@dataclass(frozen=True, slots=True)
class GenerationSummary:
    """What `generate_acled` wrote: rows, distinct incidents, and the file (None for a stream)."""

    reports: int
    incidents: int
    path: Path | None


def _number(value: int, float_typed: int) -> str:
    """A count as ACLED writes it ("2") or as a float-typed export does ("2.0")."""
    return f"{value}.0" if float_typed else str(value)


def interaction(a: Actor, b: Actor) -> tuple[str, int]:
    """ACLED's interaction, in words and as the old two-digit code, lower type first.

    >>> interaction(ACTORS[4], ACTORS[0])
    ('State forces-Civilians', 17)
    >>> interaction(ACTORS[6], ACTORS[7])
    ('Protesters only', 60)
    """
    if not b.inter:
        return f"{INTER_TEXT[a.inter]} only", 10 * a.inter
    low, high = sorted((a.inter, b.inter))
    return f"{INTER_TEXT[low]}-{INTER_TEXT[high]}", 10 * low + high


def _actor_group(style: int, a: Actor, b: Actor) -> tuple[str, ...]:
    """actor1 ... civilian_targeting for one pair of actors written in one style."""
    words, code = interaction(a, b)
    if style == 0:
        inter1, inter2, both = INTER_TEXT[a.inter], INTER_TEXT[b.inter], words
    else:
        float_typed = style - 1
        inter1, inter2 = _number(a.inter, float_typed), _number(b.inter, float_typed)
        both = _number(code, float_typed)
    targeted = "Civilian targeting" if b.inter == 7 else ""
    return (a.name, "", inter1, b.name, "", inter2, both, targeted)


def _claim(event_class: int, a: Actor, b: Actor) -> str:
    """What a report says happened, e.g. "Armenian forces fired mortars at ..."."""
    return EVENT_CLASSES[event_class].claim.format(a=a.noun, t=b.noun, tp=b.positions)


class _Tables:
    """Every piece of a line that does not depend on the row number."""

    def __init__(self, tl: Timeline, places: PlaceTable) -> None:
        days = [tl.start + timedelta(days=i) for i in range(tl.days)]
        self.epoch_day = np.array([(d - date(1970, 1, 1)).days for d in days], dtype=np.int64)
        self.dates = groups(
            (d.isoformat(), str(d.year), _number(p, f))
            for d in days for p in (1, 2, 3) for f in (0, 1)
        )  # fmt: skip
        self.numbers = groups((_number(n, f),) for n in range(100) for f in (0, 1))
        self.classes = groups(
            (c.disorder_type, c.event_type, c.sub_event_type) for c in EVENT_CLASSES
        )
        self.actors = groups(
            _actor_group(s, a, b) for s in range(_STYLES) for a in ACTORS for b in ACTORS
        )
        self.places = groups(
            (_COUNTRIES[c][1], _REGION, _COUNTRIES[c][0], admin1, "", "")
            for c, admin1 in zip(places.country, places.admin1, strict=True)
        )
        self.prefix = np.array([spelled(_COUNTRIES[c][2]) for c in places.country], dtype=object)
        self.sources = groups((o.source, o.scale) for o in SOURCE_OPTIONS)
        self.tags = groups(
            (t if c.sub_event_type == "Peaceful protest" else "",)
            for c in EVENT_CLASSES for t in _PROTEST_TAGS
        )  # fmt: skip
        self.names = _Names(places)
        self.notes = _Notes(days)


class _Names:
    """Every spelling of every place: variants row by row, then the parties' names."""

    def __init__(self, places: PlaceTable) -> None:
        self.width = places.variants.shape[1]
        self.az_offset = places.variants.size
        self.am_offset = self.az_offset + len(places.az_name)
        names = [*places.variants.ravel(), *places.az_name, *places.am_name]
        if any(quote(n) != n for n in names):
            raise ValueError("place names must not need quoting: notes embed them")
        self.bare = inside(names)
        self.cell = groups((n,) for n in names)

    def index(self, b: ReportBatch) -> npt.NDArray[np.int64]:
        """Which spelling each report uses."""
        variant = b.place * self.width + np.maximum(b.spelling, 0)
        chosen = np.where(b.spelling == -2, self.az_offset + b.place, variant)
        return np.asarray(np.where(b.spelling == -1, self.am_offset + b.place, chosen))


class _Notes:
    """The pieces of the notes cell, around the place name."""

    def __init__(self, days: list[date]) -> None:
        self.opening = inside((f"On {d.day} {d:%B %Y}, " for d in days), before=',"')
        self.lead = inside(
            f"{lead} " for o in SOURCE_OPTIONS for lead in (o.lead, f"{o.lead} the claim that")
        )
        self.claim = inside(
            f"{_claim(c, a, b)} near "
            for c in range(len(EVENT_CLASSES)) for a in ACTORS for b in ACTORS
        )  # fmt: skip
        self.suffix = inside(("", _DENIAL))
        killed = (f". {n} people were killed." for n in range(2, 100))
        self.closing = inside([".", ". 1 person was killed.", *killed], after='"')


def _pieces(t: _Tables, b: ReportBatch, first_row: int, width: int) -> list[ObjectArray]:
    """The pieces of the lines of a batch, one array per piece, in file order (see _LAYOUT)."""
    floaty = b.float_numbers.astype(np.int64)
    style = b.numeric_inter * (1 + floaty)
    name = t.names.index(b)
    notes = t.notes
    return [
        t.prefix[b.place],
        integers(np.arange(first_row + 1, first_row + len(b) + 1)),
        t.dates[(b.day * 3 + b.time_precision - 1) * 2 + floaty],
        t.classes[b.event_class],
        t.actors[(style * _NA + b.actor1) * _NA + b.actor2],
        t.places[b.place],
        t.names.cell[name],
        coordinates(b.lat, b.lon),
        t.numbers[b.geo_precision * 2 + floaty],
        t.sources[b.option],
        notes.opening[b.day],
        notes.lead[b.option * 2 + b.denial],
        notes.claim[(b.event_class * _NA + b.actor1) * _NA + b.actor2],
        t.names.bare[name],
        notes.suffix[b.denial.astype(np.int64)],
        notes.closing[b.fatalities],
        t.numbers[b.fatalities * 2 + floaty],
        t.tags[b.event_class * 2 + b.day % 2],
        np.full(len(b), ",", dtype=object),
        integers(t.epoch_day[b.day] * 86_400 + b.lag_seconds),
        tail(b.incident + 1, width),
    ]


def _lines(t: _Tables, b: ReportBatch, first_row: int, width: int) -> bytes:
    """The CSV lines of a batch as UTF-8, each ending in a newline."""
    pieces = _pieces(t, b, first_row, width)
    grid = np.empty((len(b), len(pieces)), dtype=object)
    for column, piece in enumerate(pieces):
        grid[:, column] = piece
    return "".join(grid.ravel().tolist()).encode("latin-1")


def _header() -> bytes:
    """The header line, written by csv.writer itself."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(HEADER)
    return buffer.getvalue().encode()


def _check(reports: int, seed: int, start: date, end: date) -> None:
    """Refuse arguments that cannot make a file, naming the field."""
    if reports < 1:
        raise ValidationError("reports", reports, "must be at least 1")
    if seed < 0:
        raise ValidationError("seed", seed, "must not be negative")
    if end < start:
        raise ValidationError("end", end.isoformat(), f"must not be before start ({start})")


@contextmanager
def _sink(out: Path | TextIO) -> Iterator[Callable[[bytes], object]]:
    """A function writing UTF-8 bytes to the file named, or to the text stream given."""
    if isinstance(out, str | os.PathLike):
        stream: BinaryIO
        with open(out, "wb") as stream:
            yield stream.write
    else:
        yield lambda data: out.write(data.decode())


def generate_acled(
    out: Path | TextIO,
    *,
    reports: int,
    seed: int,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
    progress: Callable[[int], None] | None = None,
) -> GenerationSummary:
    """Write `reports` synthetic ACLED rows of the reference scenario; a seed fixes every byte.

    `progress`, if given, is called with the number of rows written so far. Incident ids
    are zero-padded to six digits, or to the number of digits of `reports` if more.

    >>> buffer = io.StringIO()
    >>> generate_acled(buffer, reports=5, seed=1).reports
    5
    >>> buffer.getvalue().splitlines()[0].endswith(",timestamp,truth_incident_id")
    True
    """
    _check(reports, seed, start, end)
    rng = np.random.default_rng(seed)
    ter = terrain()
    tl = timeline(rng, start, end)
    tables = _Tables(tl, ter.places)
    width = max(6, len(str(reports)))
    written = incidents = 0
    with _sink(out) as write:
        write(_header())
        while written < reports:
            size = min(_CHUNK_ROWS, reports - written)
            batch, count = draw_batch(
                rng, first_report=written, first_incident=incidents, size=size,
                total=reports, tl=tl, ter=ter,
            )  # fmt: skip
            for low in range(0, size, _FORMAT_ROWS):
                part = batch.take(slice(low, low + _FORMAT_ROWS))
                write(_lines(tables, part, written + low, width))
                if progress is not None:
                    progress(written + low + len(part))
            written += size
            incidents += count
    path = Path(out) if isinstance(out, str | os.PathLike) else None
    return GenerationSummary(reports=reports, incidents=incidents, path=path)
