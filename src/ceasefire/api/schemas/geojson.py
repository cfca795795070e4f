"""GeoJSON answers of located lists: a page as a FeatureCollection whose features carry
the list's items as properties, `next_cursor` beside them (a foreign member)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, Literal, Protocol, TypeVar, cast

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ceasefire.api.schemas.common import Page

__all__ = [
    "GEOJSON",
    "Feature",
    "FeatureCollection",
    "Format",
    "Point",
    "geojson_responses",
    "page_answer",
    "wants_geojson",
]

GEOJSON = "application/geo+json"
Format = Literal["json", "geojson"]


class Located(Protocol):
    """An item with an id and a WGS84 position."""

    @property
    def id(self) -> str: ...

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...


T = TypeVar("T", bound=BaseModel)


class Point(BaseModel):
    """A GeoJSON point: [longitude, latitude]."""

    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(min_length=2, max_length=2, examples=[[46.9274, 39.9934]])


class Feature(BaseModel, Generic[T]):
    """An item as a GeoJSON feature."""

    type: Literal["Feature"] = "Feature"
    id: str
    geometry: Point
    properties: T


class FeatureCollection(BaseModel, Generic[T]):
    """A page of items as GeoJSON; `next_cursor` is a foreign member."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature[T]]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; None on the last"
    )


def wants_geojson(request: Request, format_: Format | None) -> bool:
    """True when the caller asks for GeoJSON: `format=geojson`, or (without `format`) an
    Accept header naming application/geo+json."""
    if format_ is not None:
        return format_ == "geojson"
    return GEOJSON in request.headers.get("accept", "")


def page_answer(
    request: Request,
    format_: Format | None,
    items: Sequence[T],
    next_cursor: str | None,
) -> JSONResponse | Page[T]:
    """A page of located items as JSON, or as GeoJSON when the caller asks for it."""
    if not wants_geojson(request, format_):
        return Page[T](items=list(items), next_cursor=next_cursor)
    features = []
    for item in items:
        where = cast(Located, item)
        point = Point(coordinates=[where.longitude, where.latitude])
        features.append(Feature[T](id=where.id, geometry=point, properties=item))
    collection = FeatureCollection[T](features=features, next_cursor=next_cursor)
    return JSONResponse(collection.model_dump(mode="json"), media_type=GEOJSON)


def geojson_responses(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` documenting the GeoJSON form of a list's 200 answer (the model's
    schema inlined: it is not one of the app's component schemas)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                return inline(defs[ref.rsplit("/", 1)[-1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return {200: {"content": {GEOJSON: {"schema": inline(schema)}}}}
