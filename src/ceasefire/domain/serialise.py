"""Turn domain objects into JSON-ready primitives (for storage documents and audit snapshots)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

__all__ = ["to_primitive"]


def to_primitive(value: Any) -> Any:
    """Dataclasses to dicts, enums to values, dates to ISO strings, tuples to lists.

    >>> from ceasefire.domain.reports import CasualtyRange
    >>> to_primitive(CasualtyRange(low=15, best=None, high=17))
    {'low': 15, 'best': None, 'high': 17}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_primitive(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_primitive(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_primitive(v) for v in value]
    return value
