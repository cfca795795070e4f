"""Text of CSV cells: quoting as csv.writer does it, and numbers written by numpy.

Text is kept as its UTF-8 bytes spelled as Latin-1 characters (the 8 letters of
"Xankəndi" become 9), so every string has one byte per character: joining a million
lines, and encoding them back with Latin-1 to get the UTF-8 bytes, are then plain copies.
Numbers are turned into digits by numpy arithmetic, which makes one string per row
instead of several temporary objects per number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "coordinates",
    "fixed_digits",
    "groups",
    "inside",
    "integers",
    "quote",
    "spelled",
    "tail",
]

ObjectArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.uint32]

_SPECIAL = frozenset(',"\r\n')
_ZERO = ord("0")


def quote(value: str) -> str:
    """A cell as csv.writer writes it with minimal quoting and "\\n" line ends.

    It also quotes a carriage return, which that writer would leave bare.

    >>> quote("Shusha"), quote("Shusha, Lachin"), quote('a "b" c')
    ('Shusha', '"Shusha, Lachin"', '"a ""b"" c"')
    """
    if any(c in value for c in _SPECIAL):
        return '"' + value.replace('"', '""') + '"'
    return value


def spelled(value: str) -> str:
    """The UTF-8 bytes of `value` as Latin-1 characters.

    >>> len(spelled("Xankəndi")), spelled("Xankəndi").encode("latin-1").decode("utf-8")
    (9, 'Xankəndi')
    """
    return value.encode("utf-8").decode("latin-1")


def _objects(values: Iterable[str]) -> ObjectArray:
    items = list(values)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def groups(rows: Iterable[Sequence[str]]) -> ObjectArray:
    """Runs of neighbouring cells, each run led by the comma that separates it.

    >>> groups([("Battles", "Armed clash"), ("Shusha, Lachin",)]).tolist()
    [',Battles,Armed clash', ',"Shusha, Lachin"']
    """
    return _objects(spelled("," + ",".join(map(quote, row))) for row in rows)


def inside(values: Iterable[str], *, before: str = "", after: str = "") -> ObjectArray:
    """Pieces of text to go inside a quoted cell, between raw text `before` and `after`.

    >>> inside(['said it "did not happen"'], before=',"').tolist()
    [',"said it ""did not happen""']
    """
    return _objects(spelled(before + v.replace('"', '""') + after) for v in values)


def fixed_digits(values: IntArray, width: int) -> CodeArray:
    """Zero-padded decimal digits of non-negative integers, as character codes.

    >>> fixed_digits(np.array([7, 1234]), 3).view("<U3")[:, 0].tolist()
    ['007', '234']
    """
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return np.asarray(values[:, None] // powers % 10 + _ZERO, dtype=np.uint32)


def _strings(parts: Sequence[CodeArray | str]) -> ObjectArray:
    """Strings made of columns of character codes and constant characters, row by row."""
    n = next(len(p) for p in parts if not isinstance(p, str))
    columns = [
        np.full((n, len(p)), [ord(c) for c in p], dtype=np.uint32) if isinstance(p, str) else p
        for p in parts
    ]
    codes = np.ascontiguousarray(np.concatenate(columns, axis=1))
    return np.asarray(codes.view(f"<U{codes.shape[1]}")[:, 0].astype(object))


def coordinates(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> ObjectArray:
    """ ",lat,lon" to 4 decimals, for coordinates between 10 and 100 degrees.

    >>> coordinates(np.array([39.81766]), np.array([46.75])).tolist()
    [',39.8177,46.7500']
    """
    parts: list[CodeArray | str] = []
    for values in (lat, lon):
        scaled = np.rint(values * 10_000).astype(np.int64)
        if np.any((scaled < 100_000) | (scaled >= 1_000_000)):
            raise ValueError("coordinates must lie between 10 and 100 degrees")
        parts += [",", fixed_digits(scaled // 10_000, 2), ".", fixed_digits(scaled % 10_000, 4)]
    return _strings(parts)


def tail(incident: IntArray, width: int) -> ObjectArray:
    """ ",Tnnnnnn" and the line end: the incident id, zero-padded to `width` digits.

    >>> tail(np.array([42]), 6).tolist()
    [',T000042\\n']
    """
    return _strings([",T", fixed_digits(incident, width), "\n"])


def integers(values: IntArray) -> ObjectArray:
    """Integers as decimal strings.

    >>> integers(np.array([5, 12345])).tolist()
    ['5', '12345']
    """
    return np.asarray(values.astype(str).astype(object))
