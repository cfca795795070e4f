"""Errors in one shape: RFC 9457 problem details naming the field and the value.

Every error the API returns is `application/problem+json` with `type`, `title`, `status`,
`detail` and `instance`, and for bad input `errors`: one entry per field with its `field`,
the `value` received (shortened) and a `message`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Scope, Send

from ceasefire.errors import (
    AccessDeniedError,
    AuthenticationError,
    BodyTooLargeError,
    CeasefireError,
    ConflictError,
    InputFileError,
    NotFoundError,
    ScenarioError,
    StorageError,
    ValidationError,
)

__all__ = [
    "PROBLEM_RESPONSES",
    "FieldProblem",
    "Problem",
    "install_problem_handlers",
    "problem_response",
    "raw_problem",
]

PROBLEM_TYPE = "https://ceasefire.invalid/problems/"
MEDIA_TYPE = "application/problem+json"
MAX_VALUE_CHARS = 200
log = logging.getLogger("ceasefire.api")

_TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal error",
    503: "Storage unavailable",
}
_SLUGS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    500: "internal-error",
    503: "storage-unavailable",
}


class FieldProblem(BaseModel):
    """One field of the request that was refused, with the value received."""

    field: str = Field(examples=["latitude"])
    value: Any = Field(default=None, examples=[91.5])
    message: str = Field(examples=["must be between -90 and 90"])


class Problem(BaseModel):
    """An RFC 9457 problem details document."""

    type: str = Field(examples=[PROBLEM_TYPE + "invalid-input"])
    title: str = Field(examples=["Invalid input"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["latitude: must be between -90 and 90 (got 91.5)"])
    instance: str = Field(examples=["/api/v1/reports"])
    errors: list[FieldProblem] = Field(default_factory=list)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": _TITLES[code], "content": {MEDIA_TYPE: {}}}
    for code in (400, 401, 403, 404, 409, 413, 422)
}
"""The error responses every route documents in the OpenAPI."""


def shorten(value: Any) -> Any:
    """A received value fit to echo back: JSON scalars as they are, long text cut."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def problem_response(
    request: Request,
    status: int,
    detail: str,
    errors: Sequence[FieldProblem] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem details response for `request`."""
    body = Problem(
        type=PROBLEM_TYPE + _SLUGS.get(status, str(status)),
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=list(errors),
    )
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, media_type=MEDIA_TYPE, headers=headers
    )


async def raw_problem(
    scope: Scope,
    send: Send,
    status: int,
    detail: str,
    errors: Sequence[FieldProblem] = (),
    headers: dict[str, str] | None = None,
) -> None:
    """Send a problem response from ASGI middleware, outside any route."""
    response = problem_response(Request(scope), status, detail, errors, headers)

    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, nothing, send)


def status_of(exc: CeasefireError) -> int:
    """The HTTP status for one of ceasefire's own errors."""
    if isinstance(exc, AuthenticationError):
        return 401
    if isinstance(exc, AccessDeniedError):
        return 403
    if isinstance(exc, BodyTooLargeError):
        return 413
    if isinstance(exc, ValidationError | InputFileError | ScenarioError):
        return 422
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, StorageError):
        return 503
    return 500


async def _ceasefire_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CeasefireError)
    status = status_of(exc)
    errors: list[FieldProblem] = []
    headers = None
    if isinstance(exc, AuthenticationError):
        headers = {"WWW-Authenticate": 'Bearer realm="ceasefire"'}
        errors = [FieldProblem(field=exc.field, value=None, message=exc.message)]
    elif isinstance(exc, ValidationError):
        errors = [FieldProblem(field=exc.field, value=shorten(exc.value), message=exc.message)]
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return problem_response(request, status, str(exc), errors, headers)


def _location(loc: Sequence[Any]) -> str:
    """`("body", "location", "latitude")` -> `location.latitude`; `("query", "bbox")` ->
    `bbox`; a bare `("body",)` stays `body`."""
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


async def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldProblem(
            field=_location(e.get("loc", ())),
            value=shorten(e.get("input")),
            message=str(e.get("msg", "invalid")),
        )
        for e in exc.errors()
    ]
    detail = "; ".join(f"{p.field}: {p.message} (got {p.value!r})" for p in errors[:5])
    return problem_response(request, 422, detail or "invalid request", errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Error")
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(request, exc.status_code, detail, headers=headers)


async def _database_refused(request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot hold, or a constraint a service did not check first: the
    request's fault, not the server's; nothing was written (the transaction rolled back)."""
    assert isinstance(exc, sqlalchemy.exc.DBAPIError)
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    log.warning("%s %s refused by the database: %s", request.method, request.url.path, reason)
    if isinstance(exc, sqlalchemy.exc.IntegrityError):
        return problem_response(request, 409, f"conflicts with a stored record: {reason}")
    return problem_response(request, 422, f"a value cannot be stored: {reason}")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(request, 500, "internal error; the server log has the details")


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of `app` as problem details."""
    app.add_exception_handler(CeasefireError, _ceasefire_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(sqlalchemy.exc.DataError, _database_refused)
    app.add_exception_handler(sqlalchemy.exc.IntegrityError, _database_refused)
    app.add_exception_handler(Exception, _unexpected)
