"""The fast path for ACLED rows: a whole batch validated and converted column by column.

It accepts only what the row-by-row path (acled.py) accepts and stores the same values; on
anything unusual in a batch (another date format, a bad value) it returns None and the
batch goes through the row path, which names the exact line and column.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ceasefire.domain.event_types import EVENT_TYPES, SUB_EVENT_TYPES
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.importers.acled import _MAPPED, _NORMALISED, normalise_actor_type
from ceasefire.importers.parties import PartyMatcher
from ceasefire.importers.values import RowReader

__all__ = ["AcledColumns", "convert_acled_batch"]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_TIME = {f"{c}{s}": TimePrecision.from_acled(c).value for c in (1, 2, 3) for s in ("", ".0")}
_CACHE_LIMIT = 200_000
_GEO = {f"{c}{s}": GeoPrecision.from_acled(c).value for c in (1, 2, 3) for s in ("", ".0")}


@dataclass(slots=True)
class AcledColumns:
    """One batch as columns: keys, lines, dates (YYYY-MM-DD), coordinates and the report
    columns that do not depend on the database backend, each a list in row order."""

    keys: list[str]
    lines: list[int]
    dates: list[str]
    latitudes: np.ndarray[Any, np.dtype[np.float64]]
    longitudes: np.ndarray[Any, np.dtype[np.float64]]
    columns: dict[str, list[Any]]


def convert_acled_batch(
    readers: Sequence[RowReader], parties: PartyMatcher, caches: dict[str, dict[Any, Any]]
) -> AcledColumns | None:
    """The batch as columns, or None when any row needs the row-by-row path."""
    if not readers:
        return None
    positions = readers[0].positions
    width = len(positions)
    if any(len(r.row) != width for r in readers):
        return None
    cells = list(zip(*(r.row for r in readers), strict=True))

    def column(name: str) -> tuple[str, ...]:
        return cells[positions[name]]

    try:
        return _convert(readers, column, positions, parties, caches)
    except (ValueError, KeyError):
        return None


def _convert(
    readers: Sequence[RowReader],
    column: Any,
    positions: dict[str, int],
    parties: PartyMatcher,
    caches: dict[str, dict[Any, Any]],
) -> AcledColumns | None:
    keys = [k.strip() for k in column("event_id_cnty")]
    dates = [d.strip() for d in column("event_date")]
    if not all(keys) or any(len(d) != 10 for d in dates):
        return None
    np.array(dates, dtype="datetime64[D]")  # raises ValueError on an impossible date
    lat = _numbers(column("latitude"), 90.0)
    lon = _numbers(column("longitude"), 180.0)
    fatalities = _counts(column("fatalities"))
    types = [t.strip() for t in column("event_type")]
    subs = [t.strip() for t in column("sub_event_type")]
    if not all(_valid_type(t, s) for t, s in set(zip(types, subs, strict=True))):
        return None
    actor_cache = caches.setdefault("actors", {})
    actor_json = [
        _actors(pair, parties, actor_cache)
        for pair in zip(column("actor1"), column("actor2"), strict=True)
    ]
    casualty_cache = caches.setdefault("casualties", {})
    columns: dict[str, list[Any]] = {
        "time_precision": [_TIME[c.strip()] for c in column("time_precision")],
        "geo_precision": [_GEO[c.strip()] for c in column("geo_precision")],
        "place_name": [p.strip() for p in column("location")],
        "event_type": types,
        "sub_event_type": [s or None for s in subs],
        "casualties": [_casualties(f, casualty_cache) for f in fatalities],
        "actors": actor_json,
        "text": [n.strip() for n in column("notes")],
        "extra": _extra(column, positions, caches),
    }
    return AcledColumns(keys, [r.line for r in readers], dates, lat, lon, columns)


def _numbers(values: Sequence[str], limit: float) -> np.ndarray[Any, np.dtype[np.float64]]:
    array = np.array([v.strip() for v in values], dtype=np.float64)
    if not (np.abs(array) <= limit).all():
        raise ValueError("out of range")
    return array


def _counts(values: Sequence[str]) -> list[int]:
    array = np.array([v.strip() for v in values], dtype=np.float64)
    if not (np.isfinite(array).all() and (array >= 0).all() and (array == np.floor(array)).all()):
        raise ValueError("not a count")
    return array.astype(np.int64).tolist()  # type: ignore[no-any-return]


def _valid_type(event_type: str, sub_event_type: str) -> bool:
    if event_type not in EVENT_TYPES:
        return False
    return not sub_event_type or SUB_EVENT_TYPES.get(sub_event_type) == event_type


def _actors(pair: tuple[str, str], parties: PartyMatcher, cache: dict[Any, Any]) -> str:
    found: str | None = cache.get(pair)
    if found is None:
        actors = []
        for name, side in ((pair[0].strip(), "initiator"), (pair[1].strip(), "target")):
            if name:
                actors.append({"name": name, "side": side, "party_id": parties.match(name)})
        found = cache[pair] = _dumps(actors)
    return found


def _casualties(count: int, cache: dict[Any, Any]) -> str:
    found: str | None = cache.get(count)
    if found is None:
        found = cache[count] = _dumps(
            {"killed_unknown": {"low": count, "best": count, "high": count}}
        )
    return found


def _extra(column: Any, positions: dict[str, int], caches: dict[str, dict[Any, Any]]) -> list[Any]:
    """The unmapped cells as the row path keeps them: non-empty, raw, actor types renamed."""
    fragments = [
        _fragments(column(name), name, caches.setdefault(f"extra:{name}", {}))
        for name in positions
        if name not in _MAPPED
    ]
    if not fragments:
        return [None] * len(column("event_id_cnty"))
    joined = pc.binary_join_element_wise(
        *[pa.array(f, type=pa.string()) for f in fragments], ",", null_handling="skip"
    )
    return [f"{{{text}}}" if text else None for text in joined.to_pylist()]


def _fragments(values: Sequence[str], name: str, cache: dict[str, str | None]) -> list[str | None]:
    """`"name":value` JSON for every cell (None for an empty one), computed once per value."""
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    key = _dumps(name)
    for value in set(values).difference(cache):
        shown = normalise_actor_type(value) if name in _NORMALISED else value
        cache[value] = f"{key}:{_dumps(shown)}" if value else None
    return list(map(cache.__getitem__, values))
