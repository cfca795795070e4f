"""Request body limits, enforced while the body streams in (not only from Content-Length)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.api.problems import raw_problem
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


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    await raw_problem(scope, send, 413, str(BodyTooLargeError(limit)))
