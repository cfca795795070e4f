"""Turn domain objects into JSON-ready primitives (for storage documents and audit snapshots)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from ceasefire.domain.reports import CasualtyRange

__all__ = ["to_primitive"]

_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_primitive(value: Any) -> Any:
    """Dataclasses to dicts, enums to values, dates to ISO strings, tuples to lists.

    >>> to_primitive(CasualtyRange(low=15, best=None, high=17))
    {'low': 15, 'best': None, 'high': 17}
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is CasualtyRange:  # the commonest leaf: six per casualty record
        return {"low": value.low, "best": value.best, "high": value.high}
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.setdefault(kind, tuple(f.name for f in dataclasses.fields(value)))
    if names is not None:
        return {name: to_primitive(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_primitive(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_primitive(v) for v in value]
    return value
