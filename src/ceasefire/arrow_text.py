"""Helpers for text in Arrow arrays: typed scalars for the constants kernels take, and a
fast test for bytes that need escaping.

Letting pyarrow infer the type of a Python value costs about 90 µs a call here (it tries
optional imports every time); a typed scalar costs 3 µs, and these are made once.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa

__all__ = ["NULL_TEXT", "has_bytes", "number", "text"]

NULL_TEXT = pa.nulls(1, pa.string())[0]
"""A null of type string (for if_else)."""


@cache
def text(value: str) -> pa.StringScalar:
    """`value` as a string scalar.

    >>> text(",").as_py()
    ','
    """
    return pa.scalar(value, pa.string())


@cache
def number(value: float) -> pa.Scalar:
    """`value` as a float64 scalar.

    >>> number(90).as_py()
    90.0
    """
    return pa.scalar(float(value), pa.float64())


def has_bytes(values: pa.StringArray, *, below: int = 0, among: bytes = b"") -> bool:
    """True when the array's text may hold a byte < `below` or one of `among` (a scan of
    the data buffer: it may also see bytes of values outside a sliced array).

    >>> has_bytes(pa.array(["ab", "c\\nd"]), below=32), has_bytes(pa.array(["ab"]), among=b'"')
    (True, False)
    """
    data = values.buffers()[2]
    if data is None or data.size == 0:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    found = raw < below if below else np.zeros(raw.shape, dtype=bool)
    for byte in among:
        found |= raw == byte
    return bool(found.any())
