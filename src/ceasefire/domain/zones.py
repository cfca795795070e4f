"""Zones: named geometries (districts, corridors, handover areas) in WGS84 GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError

__all__ = ["Zone", "ZoneKind"]


class ZoneKind(StrEnum):
    """What a zone is for."""

    LINE_OF_CONTACT = "line_of_contact"
    CORRIDOR = "corridor"
    DISTRICT = "district"
    REGION = "region"
    BUFFER_ZONE = "buffer_zone"
    HANDOVER_AREA = "handover_area"


@dataclass(frozen=True, slots=True)
class Zone:
    """A named geometry with a kind; approximate zones carry a note saying how they were made."""

    id: str
    name: str
    kind: ZoneKind
    geometry: dict[str, Any]
    approximate: bool = False
    note: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.id, "zone.id")
        gtype = self.geometry.get("type") if isinstance(self.geometry, dict) else None
        if gtype not in {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}:
            raise ValidationError(
                f"zones[{self.id}].geometry.type", gtype, "must be a polygon or line"
            )
