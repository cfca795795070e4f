"""GET /api/v1/reports answered before FastAPI's per-request machinery, in the common case.

The common case is a caller presenting an API token that authenticates, with query
parameters in their plain form (since, until, bbox, event_type, source, zone, limit,
cursor), asking for JSON. Anything else goes to the documented FastAPI route, which answers
it, every error included, as before. That covers no token, a session cookie, GeoJSON, a
status or format parameter, a repeated, unknown or empty parameter, a value that does not
parse or that the service refuses, a token whose use is due to be recorded, and a
database error.

Both paths call the same service and write the same bytes and headers
(tests/api/test_fast_listing.py). At 100,000 reports the listing's own work is about
0.8 ms a request. FastAPI's dependency resolution, query validation and routing cost
about 0.4 ms more, on the one event loop every request shares (docs/benchmarks.md, "HTTP
API load")."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qsl

from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Receive, Scope, Send

from ceasefire.api.deps import SESSION_COOKIE
from ceasefire.api.schemas.common import encode_cursor
from ceasefire.api.schemas.geojson import GEOJSON
from ceasefire.api.schemas.reports import (
    LISTING_TEXT_LIMITS,
    PAGE_SIZE,
    parse_bbox,
    position_of,
)
from ceasefire.errors import CeasefireError
from ceasefire.services import report_queries
from ceasefire.services.api_tokens import identify_bearer
from ceasefire.services.database import Database
from ceasefire.storage.repositories.reports import ReportQuery

__all__ = ["FastListing", "plain_query"]

# Times as clients send them, which pydantic's AwareDatetime reads to the same instant.
_AWARE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)")
_LIMIT = re.compile(r"[1-9]\d{0,2}")
_KNOWN = frozenset({"since", "until", "limit", *LISTING_TEXT_LIMITS})


class FastListing:
    """ASGI layer in front of the app: answers plain report listings at `path` itself and
    passes every other request on to `app` untouched."""

    def __init__(self, app: ASGIApp, path: str, db: Database) -> None:
        self.app = app
        self.path = path
        self.db = db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == self.path:
            body = self.answer(scope)
            if body is not None:
                headers = [
                    (b"content-length", str(len(body)).encode("ascii")),
                    (b"content-type", b"application/json"),
                ]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def answer(self, scope: Scope) -> bytes | None:
        """The page's JSON for a plain listing; None for the FastAPI route to answer."""
        secret = _bearer_secret(scope["headers"])
        query = plain_query(scope["query_string"]) if secret is not None else None
        if secret is None or query is None:
            return None
        try:
            bearer = identify_bearer(db=self.db, secret=secret)
            if bearer.stale_use:
                return None  # the route records the token's use
            found = report_queries.list_reports_json(
                db=self.db, viewer=bearer.user.viewer(), query=query
            )
        except (CeasefireError, SQLAlchemyError):
            # Refused tokens and queries, and failures: the route answers them in its shape.
            return None
        after = found.next_after
        next_cursor = encode_cursor(after[0].isoformat(), after[1]) if after else None
        return found.to_json(next_cursor)


def _bearer_secret(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The API token of one `Authorization: Bearer` header, when no header asks for more
    than the plain case (a session cookie, GeoJSON, an idempotency key)."""
    secret = None
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if secret is not None or scheme.lower() != "bearer" or not token.strip():
                return None
            secret = token.strip()
        elif _declines(name, value):
            return None
    return secret


def _declines(name: bytes, value: bytes) -> bool:
    """A header asking for more than the plain case: GeoJSON, a session cookie, an
    idempotency key."""
    if name == b"accept":
        return GEOJSON.encode("ascii") in value
    if name == b"cookie":
        return SESSION_COOKIE.encode("ascii") in value
    return name == b"idempotency-key"


def plain_query(raw: bytes) -> ReportQuery | None:
    """The ReportQuery of a query string in the plain form, or None when the FastAPI route
    should read it (anything it might answer differently, errors included)."""
    if b"%00" in raw or b"\x00" in raw:
        return None
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return None
    values = dict(pairs)
    if len(values) != len(pairs) or not values.keys() <= _KNOWN or not all(values.values()):
        return None
    if any(len(values.get(name, "")) > most for name, most in LISTING_TEXT_LIMITS.items()):
        return None
    limit = values.get("limit", str(PAGE_SIZE))
    if not _LIMIT.fullmatch(limit) or int(limit) > report_queries.MAX_PAGE:
        return None
    bbox, cursor = values.get("bbox"), values.get("cursor")
    try:
        return ReportQuery(
            since=_aware(values.get("since")),
            until=_aware(values.get("until")),
            bbox=parse_bbox(bbox) if bbox is not None else None,
            zone_id=values.get("zone"),
            event_type=values.get("event_type"),
            source_id=values.get("source"),
            after=position_of(cursor) if cursor is not None else None,
            limit=int(limit),
        )
    except (ValueError, CeasefireError):
        return None


def _aware(text: str | None) -> datetime | None:
    """A time with its zone; ValueError for any other form (the route reads those)."""
    if text is None:
        return None
    if not _AWARE.fullmatch(text):
        raise ValueError(text)
    return datetime.fromisoformat(text)
