"""Template filters of the dashboard: how times, shares, ranges and names are written.
They format what the services computed; they compute nothing new."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Protocol

__all__ = ["FILTERS", "casualty_range", "day", "degrees", "label", "share", "size_text", "when"]


class _Range(Protocol):
    @property
    def low(self) -> int | None: ...
    @property
    def best(self) -> int | None: ...
    @property
    def high(self) -> int | None: ...


def when(moment: datetime | None) -> str:
    """A time in UTC to the minute.

    >>> when(datetime(2020, 11, 16, 17, 40, tzinfo=UTC))
    '2020-11-16 17:40 UTC'
    """
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def day(moment: datetime | None) -> str:
    """The UTC date of a time.

    >>> day(datetime(2020, 11, 16, 23, 40, tzinfo=UTC))
    '2020-11-16'
    """
    return "" if moment is None else moment.astimezone(UTC).date().isoformat()


def share(value: float | None) -> str:
    """A confidence in [0, 1] as a percentage.

    >>> share(0.7399)
    '74 %'
    """
    return "" if value is None else f"{value:.0%}".replace("%", " %")


def degrees(value: float) -> str:
    """A latitude or longitude to five decimals (about a metre).

    >>> degrees(46.634100000000004)
    '46.63410'
    """
    return f"{value:.5f}"


def casualty_range(r: _Range | None) -> str:
    """A casualty figure as best (low–high); a dash when nothing is known.

    >>> from types import SimpleNamespace as R
    >>> casualty_range(R(low=1, best=2, high=4))
    '2 (1–4)'
    >>> casualty_range(None)
    '–'
    """
    if r is None:
        return "–"
    best = "?" if r.best is None else str(r.best)
    if r.low == r.high == r.best:
        return best
    low = "?" if r.low is None else str(r.low)
    high = "?" if r.high is None else str(r.high)
    return f"{best} ({low}–{high})"


def label(value: Any) -> str:
    """A code (an enum value or a snake_case word) as words.

    >>> label("head_of_mission")
    'head of mission'
    """
    text = value.value if isinstance(value, Enum) else str(value)
    return text.replace("_", " ")


def size_text(size: int) -> str:
    """A file's size as people read it, with the exact count of bytes.

    >>> size_text(48_211), size_text(512), size_text(26_214_400)
    ('48.2 kB (48,211 bytes)', '512 bytes', '26.2 MB (26,214,400 bytes)')
    """
    if size < 1000:
        return f"{size} bytes"
    shown, unit = (size / 1e6, "MB") if size >= 1e6 else (size / 1e3, "kB")
    return f"{shown:.1f} {unit} ({size:,} bytes)"


FILTERS: dict[str, Callable[..., str]] = {
    "when": when,
    "day": day,
    "share": share,
    "degrees": degrees,
    "casualty_range": casualty_range,
    "label": label,
    "size": size_text,
}
