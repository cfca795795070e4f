"""The fast path for ACLED files: a whole block validated and converted with Arrow kernels.

It accepts only what the row-by-row path (acled.py) accepts and gives the same stored
values; on anything unusual in a block (another date format, a bad value) it returns None
and the block goes through the row path, which names the exact line and column.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ceasefire.arrow_text import NULL_TEXT, has_bytes, number, text
from ceasefire.domain.event_types import EVENT_TYPES, SUB_EVENT_TYPES
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.importers.acled import _MAPPED, _NORMALISED, normalise_actor_type
from ceasefire.importers.arrow_csv import CsvBlock
from ceasefire.importers.parties import PartyMatcher

__all__ = ["AcledBlock", "convert_acled_block"]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_CODES = [f"{c}{s}" for c in (1, 2, 3) for s in ("", ".0")]
_JSON_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"),
                 ("\b", "\\b"), ("\f", "\\f"))  # fmt: skip
_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class _Constants:
    """The Arrow values the kernels take, made on first use: building any Arrow value from
    Python imports pandas (about 0.3 s), which a command that reads no file should not pay."""

    code_set: pa.StringArray
    time: pa.StringArray
    geo: pa.StringArray
    zero: pa.Int32Scalar
    ten: pa.Int32Scalar


@cache
def _constants() -> _Constants:
    return _Constants(
        code_set=pa.array(_CODES, pa.string()),
        time=pa.array([TimePrecision.from_acled(int(c[0])).value for c in _CODES], pa.string()),
        geo=pa.array([GeoPrecision.from_acled(int(c[0])).value for c in _CODES], pa.string()),
        zero=pa.scalar(0, pa.int32()),
        ten=pa.scalar(10, pa.int32()),
    )


class _Unusual(Exception):
    pass


@dataclass(slots=True)
class AcledBlock:
    """One block as columns in row order: the natural keys, line numbers, dates
    (YYYY-MM-DD), coordinates, and the report columns that do not depend on the backend."""

    keys: pa.StringArray
    lines: npt.NDArray[np.int64]
    dates: pa.StringArray
    latitudes: npt.NDArray[np.float64]
    longitudes: npt.NDArray[np.float64]
    columns: dict[str, pa.Array]


def convert_acled_block(
    block: CsvBlock, parties: PartyMatcher, caches: dict[str, dict[Any, Any]]
) -> AcledBlock | None:
    """The block as columns, or None when any row needs the row-by-row path."""
    if block.cells.num_rows == 0:
        return None
    try:
        return _convert(block, parties, caches)
    except (_Unusual, pa.ArrowInvalid, ValueError, KeyError):
        return None


def _convert(
    block: CsvBlock, parties: PartyMatcher, caches: dict[str, dict[Any, Any]]
) -> AcledBlock:
    def trimmed(name: str) -> pa.StringArray:
        return pc.utf8_trim_whitespace(block.column(name))

    keys = trimmed("event_id_cnty")
    dates = trimmed("event_date")
    _require(pc.all(pc.greater(pc.binary_length(keys), _constants().zero)))
    _require(pc.all(pc.equal(pc.binary_length(dates), _constants().ten)))
    pc.cast(dates, pa.date32())  # raises ArrowInvalid on an impossible date
    fatalities = pc.cast(trimmed("fatalities"), pa.float64())
    _require(pc.all(pc.and_(pc.is_finite(fatalities), pc.greater_equal(fatalities, number(0)))))
    counts = pc.cast(fatalities, pa.int64())  # raises on a fraction
    types, subs = trimmed("event_type"), trimmed("sub_event_type")
    _check_types(types, subs)
    casualties = _mapped(
        pc.cast(counts, pa.string()), _casualties_json, caches.setdefault("casualties", {})
    )
    columns: dict[str, pa.Array] = {
        "time_precision": _coded(trimmed("time_precision"), _constants().time),
        "geo_precision": _coded(trimmed("geo_precision"), _constants().geo),
        "place_name": trimmed("location"),
        "event_type": types,
        "sub_event_type": pc.if_else(pc.equal(subs, text("")), NULL_TEXT, subs),
        "casualties": casualties,
        "actors": _actors(block, parties, caches.setdefault("actors", {})),
        "text": trimmed("notes"),
        "extra": _extra(block, caches),
        "origin": _origins(block.column("source")),
    }
    return AcledBlock(
        keys, block.lines, dates, _coordinates(trimmed("latitude"), 90.0),
        _coordinates(trimmed("longitude"), 180.0), columns,
    )  # fmt: skip


def _origins(cells: pa.StringArray) -> pa.StringArray:
    """The first name of each `; `-separated source cell (null when blank), as
    `Provenance.origin` reads it."""
    first = pc.utf8_trim_whitespace(pc.list_element(pc.split_pattern(cells, ";", max_splits=1), 0))
    return pc.if_else(pc.equal(first, text("")), NULL_TEXT, first)


def _casualties_json(count: str) -> str:
    found = int(count)
    return _dumps({"killed_unknown": {"low": found, "best": found, "high": found}})


def _require(condition: pa.BooleanScalar) -> None:
    if not condition.as_py():
        raise _Unusual


def _coordinates(values: pa.StringArray, limit: float) -> npt.NDArray[np.float64]:
    numbers = pc.cast(values, pa.float64())
    _require(pc.all(pc.less_equal(pc.abs(numbers), number(limit))))
    return np.asarray(numbers.to_numpy(), dtype=np.float64)


def _coded(values: pa.StringArray, names: pa.StringArray) -> pa.StringArray:
    """ACLED's precision codes ('1', '2.0', ...) as our precision names."""
    index = pc.index_in(values, value_set=_constants().code_set)
    _require(pc.all(pc.is_valid(index)))
    return pc.take(names, index)


def _pairs(
    first: pa.StringArray, second: pa.StringArray
) -> tuple[list[tuple[str, str]], npt.NDArray[np.intp]]:
    """The distinct (first, second) pairs of a block and, per row, its pair's position."""
    a, b = first.dictionary_encode(), second.dictionary_encode()
    width = len(b.dictionary)
    codes = a.indices.to_numpy().astype(np.int64) * width + b.indices.to_numpy()
    unique, inverse = np.unique(codes, return_inverse=True)
    left, right = a.dictionary.to_pylist(), b.dictionary.to_pylist()
    pairs = [(left[int(c) // width], right[int(c) % width]) for c in unique]
    return pairs, inverse


def _check_types(types: pa.StringArray, subs: pa.StringArray) -> None:
    pairs, _ = _pairs(types, subs)
    for event_type, sub_event_type in pairs:
        if event_type not in EVENT_TYPES:
            raise _Unusual
        if sub_event_type and SUB_EVENT_TYPES.get(sub_event_type) != event_type:
            raise _Unusual


def _actors(block: CsvBlock, parties: PartyMatcher, cache: dict[Any, str]) -> pa.StringArray:
    """The actors' JSON, computed once per distinct (actor1, actor2) pair."""
    pairs, inverse = _pairs(block.column("actor1"), block.column("actor2"))
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    texts = []
    for pair in pairs:
        found = cache.get(pair)
        if found is None:
            actors = []
            for name, side in ((pair[0].strip(), "initiator"), (pair[1].strip(), "target")):
                if name:
                    actors.append({"name": name, "side": side, "party_id": parties.match(name)})
            found = cache[pair] = _dumps(actors)
        texts.append(found)
    return pc.take(pa.array(texts, pa.string()), pa.array(inverse, pa.int64()))


def _escaped(values: pa.StringArray) -> pa.StringArray:
    """The values with JSON's escapes (quote, backslash, control characters), as
    json.dumps(ensure_ascii=False) writes the inside of a string.

    >>> _escaped(pa.array(['a"b', "c\\\\d", "e\\nf"])).to_pylist()
    ['a\\\\"b', 'c\\\\\\\\d', 'e\\\\nf']
    """
    if not has_bytes(values, below=0x20, among=b'"\\'):
        return values
    for raw, shown in _JSON_ESCAPES:
        values = pc.replace_substring(values, raw, shown)
    if has_bytes(values, below=0x20):
        raise _Unusual  # other control characters: rare enough for the row path
    return values


def _extra(block: CsvBlock, caches: dict[str, dict[Any, Any]]) -> pa.StringArray:
    """The unmapped cells as the row path keeps them: a JSON object of the non-empty raw
    cells (actor types renamed), null when all are empty.

    Built in one piece: every row's parts ('{"name":"' and the value of its first non-empty
    cell, '","name":"' and the value of each further one, then '"}') are gathered by one
    `take` into a list per row and joined.
    """
    names = [name for name in block.cells.schema.names if name not in _MAPPED]
    rows = block.cells.num_rows
    if not names:
        return pa.nulls(rows, pa.string())
    k = len(names)
    keys = [_dumps(name) + ':"' for name in names]
    parts = [pa.array(['"}', *("{" + key for key in keys), *('",' + key for key in keys)])]
    values_at = 1 + 2 * k
    filled = np.empty((rows, len(names)), dtype=bool)
    for j, name in enumerate(names):
        column = block.column(name)
        filled[:, j] = pc.greater(pc.binary_length(column), _constants().zero).to_numpy(
            zero_copy_only=False
        )
        if name in _NORMALISED:
            column = _mapped(column, normalise_actor_type, caches.setdefault(f"extra:{name}", {}))
        parts.append(_escaped(column))
    values = pa.concat_arrays(parts)
    grid = np.empty((rows, 2 * k + 1), dtype=np.int64)
    grid[:, -1] = 0
    grid[:, 0:-1:2] = 1 + k + np.arange(k)
    grid[:, 1:-1:2] = values_at + np.arange(k) * rows + np.arange(rows)[:, None]
    any_filled = filled.any(axis=1)
    first = np.argmax(filled, axis=1)
    grid[any_filled, 2 * first[any_filled]] = 1 + first[any_filled]
    keep = np.ones(grid.shape, dtype=bool)
    keep[:, 0:-1:2] = keep[:, 1:-1:2] = filled
    offsets = np.concatenate(([0], np.cumsum(keep.sum(axis=1)))).astype(np.int32)
    lists = pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()),
        pc.take(values, pa.array(grid[keep], pa.int64())),
        mask=pa.array(~any_filled, pa.bool_()),
    )
    return pc.binary_join(lists, text(""))


def _mapped(
    values: pa.StringArray, function: Callable[[str], str], cache: dict[str, str]
) -> pa.StringArray:
    """function(value) for each value, computed once per distinct value."""
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    encoded = values.dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    for value in distinct:
        if value not in cache:
            cache[value] = function(value)
    return pc.take(pa.array([cache[v] for v in distinct], pa.string()), encoded.indices)
