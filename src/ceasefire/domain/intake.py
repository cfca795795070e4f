"""What intake adds to a report: where it came from (provenance) and where it lies (enrichment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Enrichment", "Provenance", "first_origin"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """The file, row and original id a report was imported from, and the original fields
    ceasefire's model has no place for (kept so exports round-trip)."""

    dataset: str
    file: str
    row: int
    original_id: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def origin(self) -> str | None:
        """Who first said it, where the dataset records that: the first of ACLED's
        `source` cell ("Ministry of Defence of Armenia; Armenpress" -> the ministry)."""
        if self.dataset != "acled":
            return None
        return first_origin(str(self.extra.get("source", "")))


def first_origin(cell: str) -> str | None:
    """The first name in a `; `-separated source cell, or None when it is blank.

    >>> first_origin("Ministry of Defence of Armenia; Armenpress"), first_origin(" ")
    ('Ministry of Defence of Armenia', None)
    """
    first = cell.split(";", 1)[0].strip()
    return first or None


@dataclass(frozen=True, slots=True)
class Enrichment:
    """Geography computed on intake: zones containing the point, the district (admin-1 unit)
    and the geodesic distance to the line of contact in metres (None without such a line)."""

    zone_ids: tuple[str, ...] = ()
    district: str | None = None
    distance_to_line_of_contact_m: float | None = None
