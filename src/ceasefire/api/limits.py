"""Request limits: bodies over the route's size (enforced while the body streams in, not
only from Content-Length), and NUL characters in the path or query string, which no field
may hold (PostgreSQL text cannot store them)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.api.problems import FieldProblem, raw_problem
from ceasefire.errors import BodyTooLargeError

__all__ = ["BodyLimit"]


class BodyLimit:
    """ASGI middleware refusing bodies over `limit_for(path)` bytes."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = _nul_in(scope)
        if where is not None:
            problem = FieldProblem(
                field=where, value=None, message="must not contain NUL (\\0) characters"
            )
            await raw_problem(scope, send, 422, f"{problem.field}: {problem.message}", [problem])
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _refuse(scope, send, limit)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counted, send)


def _nul_in(scope: Scope) -> str | None:
    """The query parameter (or `path`) holding a NUL character, if any."""
    if "\x00" in scope["path"]:
        return "path"
    query: bytes = scope.get("query_string", b"")
    if b"%00" not in query and b"\x00" not in query:
        return None
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "") or "query"
    return "query"


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    await raw_problem(scope, send, 413, str(BodyTooLargeError(limit)))
