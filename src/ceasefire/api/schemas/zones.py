"""Zones as GeoJSON (RFC 7946): a FeatureCollection of zones, or one zone as a Feature,
with who controls each from when."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from ceasefire.domain.agreements import ProvisionKind
from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.zones import ZoneKind
from ceasefire.services.zones import ControlPeriod, ZoneWithControl

__all__ = ["GEOJSON", "ZoneCollection", "ZoneFeature"]

GEOJSON = "application/geo+json"


class ControlOut(BaseModel):
    """Who controls the zone from when (to when), by which provision of a signed agreement:
    a handover once it is met, or a corridor put under a party's control."""

    party: str = Field(examples=["AZ"])
    since: date = Field(examples=["2020-11-25"])
    until: date | None = Field(default=None, examples=[None])
    provision_id: str = Field(examples=["tri2020-6-kelbajar"])
    basis: ProvisionKind = Field(examples=["handover"])
    status: ComplianceStatus = Field(
        examples=["met"], description="The provision's status now (a corridor may be breached)"
    )

    @classmethod
    def of(cls, c: ControlPeriod) -> ControlOut:
        """The body for a control period."""
        return cls(
            party=c.party_id,
            since=c.since,
            until=c.until,
            provision_id=c.provision_id,
            basis=c.basis,
            status=c.status,
        )


class ZoneProperties(BaseModel):
    """What a zone is; `approximate` zones say in `note` how they were drawn."""

    id: str = Field(examples=["handover-kalbajar"])
    name: str = Field(examples=["Kalbajar handover area"])
    kind: ZoneKind
    control: list[ControlOut] = Field(
        description="Control periods, earliest first; empty when no signed provision says"
    )
    approximate: bool
    note: str
    source: str


class Geometry(BaseModel):
    """A GeoJSON geometry in WGS84 (longitude, latitude)."""

    type: Literal["Polygon", "MultiPolygon", "LineString", "MultiLineString"]
    coordinates: list[Any]


class ZoneFeature(BaseModel):
    """One zone as a GeoJSON Feature."""

    type: Literal["Feature"] = "Feature"
    id: str = Field(examples=["handover-kalbajar"])
    geometry: Geometry
    properties: ZoneProperties

    @classmethod
    def of(cls, found: ZoneWithControl) -> ZoneFeature:
        """The feature for a zone and its control periods."""
        z = found.zone
        return cls(
            id=z.id,
            geometry=Geometry.model_validate(z.geometry),
            properties=ZoneProperties(
                id=z.id,
                name=z.name,
                kind=z.kind,
                control=[ControlOut.of(c) for c in found.control],
                approximate=z.approximate,
                note=z.note,
                source=z.source,
            ),
        )


class ZoneCollection(BaseModel):
    """Every zone, as a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[ZoneFeature]
