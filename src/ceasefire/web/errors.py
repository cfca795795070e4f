"""Errors on the dashboard's pages are pages too: the API's handlers decide the status and
the message (one mapping of errors to statuses), and outside the API prefix their answer
is rendered as HTML instead of problem details."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ceasefire.api.deps import SESSION_COOKIE, credential_of
from ceasefire.errors import CeasefireError
from ceasefire.web.rendering import Renderer

__all__ = ["install_page_errors"]

ApiHandler = Callable[[Request, Any], Response | Awaitable[Response]]
Handler = Callable[[Request, Exception], Awaitable[Response]]
_HANDLED: tuple[type[Exception], ...] = (
    CeasefireError,
    RequestValidationError,
    StarletteHTTPException,
    Exception,
)
_HINTS = {
    401: "Sign in to see this page. If you were signed in, your session has ended.",
    403: "Your role may not do this.",
    404: "There is nothing here, or nothing you may see.",
    422: "Check the values and try again.",
}


def install_page_errors(app: FastAPI, renderer: Renderer) -> None:
    """Render the errors of pages (every path outside the API prefix) as HTML."""
    for kind in _HANDLED:
        app.add_exception_handler(kind, _for_pages(app.exception_handlers[kind], renderer))


def _for_pages(api_handler: ApiHandler, renderer: Renderer) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        answer = api_handler(request, exc)
        if inspect.isawaitable(answer):
            answer = await answer
        if request.url.path.startswith(renderer.api_prefix + "/"):
            return answer
        problem = json.loads(bytes(answer.body))
        status = answer.status_code
        page = renderer.page(
            request, None, "error.html", status=status,
            title=problem.get("title", "Error"), detail=problem.get("detail", ""),
            hint=_HINTS.get(status, ""),
        )  # fmt: skip
        if status == 401 and credential_of(request) is not None:
            # A session that no longer authenticates (ended, revoked, expired): drop it,
            # so the next page reads as the public instead of failing again.
            page.delete_cookie(SESSION_COOKIE, path="/")
        return page

    return handle
