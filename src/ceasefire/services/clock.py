"""The time services stamp their writes with."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["utc_now"]


def utc_now(now: datetime | None = None) -> datetime:
    """`now` (for tests and replays) or the current time, in UTC."""
    return (now or datetime.now(UTC)).astimezone(UTC)
