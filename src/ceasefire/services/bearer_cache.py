"""Recently resolved API tokens, so that every API request does not read the tokens and
users tables again.

An entry lives `BEARER_TTL` seconds. Revoking a token, disabling a user or any other change
to a user through this process empties the cache at once; a change made by another process
(the CLI, a second server) takes effect within `BEARER_TTL`. Expiry is checked on every use
against the clock, never cached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ceasefire.domain.accounts import ApiToken, User

__all__ = ["BEARERS", "BEARER_TTL", "BearerCache", "CachedBearer"]

BEARER_TTL = 2.0
"""Seconds a resolved token is trusted without reading the database again."""

MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class CachedBearer:
    """A token as read from the database, with its user."""

    token: ApiToken
    user: User


class BearerCache:
    """Resolved tokens by the SHA-256 of their secret, each for `ttl` seconds."""

    def __init__(self, ttl: float = BEARER_TTL, clock: Callable[[], float] = time.monotonic):
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, CachedBearer]] = {}
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> CachedBearer | None:
        """The entry for this hash if it is younger than the time to live."""
        entry = self._entries.get(token_hash)
        if entry is None or self._clock() - entry[0] >= self._ttl:
            return None
        return entry[1]

    def put(self, token_hash: str, found: CachedBearer) -> None:
        """Remember a token just read from the database."""
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[token_hash] = (self._clock(), found)

    def used(self, token_id: str, when: datetime) -> None:
        """Record in the cached entry that the token's use was just written (so the next
        requests do not write it again)."""
        with self._lock:
            for key, (at, found) in self._entries.items():
                if found.token.id == token_id:
                    token = replace(found.token, last_used_at=when)
                    self._entries[key] = (at, CachedBearer(token, found.user))

    def clear(self) -> None:
        """Forget everything (a token or a user changed)."""
        with self._lock:
            self._entries.clear()


BEARERS = BearerCache()
"""The process's cache, used by `services.api_tokens.identify_bearer`."""
