"""The `Idempotency-Key` header: a write retried with the same key (a field tablet whose
connection dropped before the answer came) gets the first answer again, and is not done
twice.

The key is claimed inside the write's own transaction (`on_first_write`), so key and write
commit together or not at all. The answer is stored before it is sent. A key reused for a
different request is refused (422); a key whose write committed but whose answer was never
stored (the server stopped in between) is a 409 telling the client to look the record up.
Keys are scoped to the credential that made the request and remembered for 24 hours.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import tempfile
from datetime import UTC, datetime
from typing import IO, Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.api.problems import FieldProblem, raw_problem
from ceasefire.errors import BodyTooLargeError
from ceasefire.services.database import Database, on_first_write
from ceasefire.services.idempotency import (
    Answer,
    AnswerRecorder,
    KeyedRequest,
    claim_step,
    lookup,
)

__all__ = ["HEADER", "REPLAYED_HEADER", "Idempotency"]

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY = 200
SPOOL_IN_MEMORY = 1_000_000
"""A keyed request body is held in memory up to this size, on disk beyond (uploads)."""
REPLAY_CHUNK = 64 * 1024
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Idempotency:
    """ASGI middleware giving writes with an Idempotency-Key exactly-once effect."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get(HEADER)
        if key is None:
            await self.app(scope, receive, send)
            return
        if not 1 <= len(key) <= MAX_KEY or not all("!" <= c <= "~" for c in key):
            await _bad_key(scope, send, key)
            return
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as body:
            try:
                digest = await _spool(scope, receive, body, _boundary(headers))
            except BodyTooLargeError as exc:
                await raw_problem(scope, send, 413, str(exc))
                return
            db: Database = scope["app"].state.db
            principal = _principal(headers)
            earlier = lookup(db=db, principal=principal, key=key)
            if earlier is not None:
                await _answer_again(scope, send, earlier, digest)
                return
            request = KeyedRequest(
                principal=principal,
                key=key,
                method=scope["method"],
                path=scope["path"],
                request_sha256=digest,
                created_at=datetime.now(UTC),
            )
            await self._run_once(scope, _replay(body, receive), send, request)

    async def _run_once(
        self, scope: Scope, receive: Receive, send: Send, request: KeyedRequest
    ) -> None:
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        with on_first_write(claim_step(request)) as hook:
            await self.app(scope, receive, hold)
        if hook.succeeded:  # this request holds the key: store its answer
            answer = _recorded(held)
            if answer is not None:
                status, document = answer
                # Stored with the answers of concurrent requests (one commit for all),
                # before this one is sent.
                recorder: AnswerRecorder = scope["app"].state.answer_recorder
                recorded = Answer(request.principal, request.key, status, document)
                await asyncio.wrap_future(recorder.submit(recorded))
        for message in held:
            await send(message)


async def _bad_key(scope: Scope, send: Send, key: str) -> None:
    problem = FieldProblem(
        field=HEADER,
        value=key[:MAX_KEY],
        message=f"must be 1 to {MAX_KEY} visible ASCII characters, e.g. a UUID",
    )
    await raw_problem(scope, send, 400, f"{HEADER}: {problem.message}", [problem])


def _boundary(headers: Headers) -> bytes | None:
    """The multipart boundary of the request, if it is multipart."""
    media, _, params = headers.get("content-type", "").partition(";")
    if media.strip().lower() != "multipart/form-data":
        return None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary" and value:
            return value.strip('"').encode("latin-1")
    return None


class _RequestDigest:
    """SHA-256 of a request: method, path, query and body, with a multipart boundary (which
    clients choose anew for every attempt) replaced by a fixed token, so a retried upload is
    recognised as the same request. The body comes in chunks; a boundary may straddle two."""

    def __init__(self, scope: Scope, boundary: bytes | None) -> None:
        self._hash = hashlib.sha256()
        query = scope.get("query_string", b"")
        self._hash.update(f"{scope['method']} {scope['path']}?".encode() + query + b"\n")
        self._boundary = boundary
        self._pending = b""

    def feed(self, chunk: bytes) -> None:
        if self._boundary is None:
            self._hash.update(chunk)
            return
        data = self._pending + chunk
        keep = len(self._boundary) - 1
        cut = max(len(data) - keep, 0)
        last = data.rfind(self._boundary)
        if last != -1 and last + len(self._boundary) > cut:
            cut = last + len(self._boundary)
        self._hash.update(data[:cut].replace(self._boundary, b"BOUNDARY"))
        self._pending = data[cut:]

    def hexdigest(self) -> str:
        self._hash.update(self._pending.replace(self._boundary or b"\0", b"BOUNDARY"))
        self._pending = b""
        return self._hash.hexdigest()


async def _spool(scope: Scope, receive: Receive, body: IO[bytes], boundary: bytes | None) -> str:
    """Copy the request body to `body` (in memory up to SPOOL_IN_MEMORY bytes, then on
    disk) and return the request's digest."""
    digest = _RequestDigest(scope, boundary)
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        digest.feed(chunk)
        body.write(chunk)
        if not message.get("more_body", False):
            break
    body.seek(0)
    return digest.hexdigest()


def _replay(body: IO[bytes], receive: Receive) -> Receive:
    """The spooled body again, in chunks, then the client's own messages (disconnect)."""
    done = False

    async def replay() -> Message:
        nonlocal done
        if not done:
            chunk = body.read(REPLAY_CHUNK)
            more = bool(body.read(1))
            if more:
                body.seek(-1, os.SEEK_CUR)
            done = not more
            return {"type": "http.request", "body": chunk, "more_body": not done}
        return await receive()

    return replay


def _principal(headers: Headers) -> str:
    """Keys are per credential: the SHA-256 of the token or session presented (or of
    nothing, for the public)."""
    credential = headers.get("authorization", "")
    cookie = headers.get("cookie", "")
    session = next(
        (
            part.split("=", 1)[1].strip()
            for part in cookie.split(";")
            if part.strip().startswith("ceasefire_session=")
        ),
        "",
    )
    return hashlib.sha256(f"{credential}\n{session}".encode()).hexdigest()


def _recorded(messages: list[Message]) -> tuple[int, dict[str, Any]] | None:
    start = next((m for m in messages if m["type"] == "http.response.start"), None)
    if start is None:
        return None
    raw = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start.get("headers", [])}
    if "no-store" in raw.get("cache-control", ""):
        return int(start["status"]), {"withheld": True}
    headers = {k: v for k, v in raw.items() if k in ("content-type", "location")}
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    document = {"headers": headers, "body": base64.b64encode(body).decode("ascii")}
    return int(start["status"]), document


async def _answer_again(scope: Scope, send: Send, earlier: KeyedRequest, digest: str) -> None:
    if earlier.request_sha256 != digest:
        problem = FieldProblem(
            field=HEADER,
            value=earlier.key,
            message=f"was used for another request ({earlier.method} {earlier.path});"
            " use a new key for a new request",
        )
        await raw_problem(scope, send, 422, f"{HEADER}: {problem.message}", [problem])
        return
    if earlier.response is None or earlier.status_code is None:
        detail = (
            f"{HEADER} {earlier.key!r}: the request made with it is still being processed, or"
            " its write was committed but the answer was not stored; look the record up"
            " before sending it again with a new key"
        )
        await raw_problem(scope, send, 409, detail)
        return
    stored = earlier.response
    if stored.get("withheld"):
        detail = (
            f"{HEADER} {earlier.key!r}: the request made with it succeeded, but its answer held"
            " a secret and was not kept; list the records (e.g. GET /api/v1/tokens) to find it"
        )
        await raw_problem(scope, send, 409, detail)
        return
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored["headers"].items()]
    headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
    body = base64.b64decode(stored["body"])
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": earlier.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
