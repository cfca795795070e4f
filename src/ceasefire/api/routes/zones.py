"""Zones as GeoJSON (public: the map of the agreements)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ceasefire.api.deps import DbDep, PrincipalDep
from ceasefire.api.schemas.common import Identifier
from ceasefire.api.schemas.zones import GEOJSON, ZoneCollection, ZoneFeature
from ceasefire.services.zones import zones_with_control

__all__ = ["router"]

router = APIRouter(tags=["zones"])


class GeoJSONResponse(JSONResponse):
    """JSON sent as `application/geo+json`."""

    media_type = GEOJSON


@router.get("/zones", summary="Every zone, as GeoJSON", response_class=GeoJSONResponse)
async def list_zones(_who: PrincipalDep, db: DbDep) -> ZoneCollection:
    """A FeatureCollection of the zones (districts, corridors, handover areas, the line of
    contact) with their kind, whether they are approximate and how they were drawn, and who
    controls each from when according to the signed agreements and the timeline."""
    return ZoneCollection(features=[ZoneFeature.of(z) for z in zones_with_control(db=db)])


@router.get(
    "/zones/{zone_id}", summary="One zone, as a GeoJSON Feature", response_class=GeoJSONResponse
)
async def show_zone(zone_id: Identifier, _who: PrincipalDep, db: DbDep) -> ZoneFeature:
    """One zone with its geometry and properties (404 for an unknown id)."""
    (found,) = zones_with_control(db=db, zone_id=zone_id)
    return ZoneFeature.of(found)
