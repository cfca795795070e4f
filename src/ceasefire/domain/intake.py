"""What intake adds to a report: where it came from (provenance) and where it lies (enrichment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Enrichment", "Provenance"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """The file, row and original id a report was imported from, and the original fields
    ceasefire's model has no place for (kept so exports round-trip)."""

    dataset: str
    file: str
    row: int
    original_id: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Enrichment:
    """Geography computed on intake: zones containing the point, the district (admin-1 unit)
    and the geodesic distance to the line of contact in metres (None without such a line)."""

    zone_ids: tuple[str, ...] = ()
    district: str | None = None
    distance_to_line_of_contact_m: float | None = None
