"""Reading typed values out of one row of an input file, each failure naming line and column."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ceasefire.errors import InputFileError

__all__ = ["RowReader"]

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")


@dataclass(slots=True)
class RowReader:
    """One data row with its file name, line number and the header's column positions."""

    file: str
    line: int
    row: Sequence[str]
    positions: dict[str, int]

    def fail(self, column: str | None, value: object, reason: str) -> InputFileError:
        """The error to raise for a bad value in `column` of this row."""
        return InputFileError(self.file, self.line, column, value, reason)

    def text(self, column: str) -> str:
        """The cell as stripped text ('' when the column is absent or the row is short)."""
        i = self.positions.get(column)
        if i is None or i >= len(self.row):
            return ""
        return self.row[i].strip()

    def required(self, column: str) -> str:
        """Non-empty text."""
        value = self.text(column)
        if not value:
            raise self.fail(column, value, "must not be empty")
        return value

    def number(self, column: str, *, low: float, high: float) -> float:
        """A finite decimal number between low and high."""
        raw = self.required(column)
        try:
            value = float(raw)
        except ValueError:
            raise self.fail(column, raw, "must be a number") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise self.fail(column, raw, f"must be between {low:g} and {high:g}")
        return value

    def count(self, column: str, *, required: bool = True) -> int | None:
        """A whole number >= 0; accepts '2.0' as 2 (real exports write counts that way)."""
        raw = self.text(column)
        if not raw:
            if required:
                raise self.fail(column, raw, "must not be empty")
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.fail(column, raw, "must be a whole number") from None
        if not value.is_integer() or value < 0:
            raise self.fail(column, raw, "must be a whole number >= 0")
        return int(value)

    def code(self, column: str, allowed: range) -> int:
        """An integer code such as a precision (accepts '1.0')."""
        value = self.count(column)
        if value not in allowed:
            raise self.fail(
                column, self.text(column), f"must be {allowed.start}-{allowed.stop - 1}"
            )
        assert value is not None
        return value

    def day(self, column: str) -> datetime:
        """A date (YYYY-MM-DD, '12 July 2020', ...) or a date-time, as a UTC instant."""
        raw = self.required(column)
        if len(raw) == 10 and raw[4] == "-":
            try:
                return datetime.fromisoformat(raw).replace(tzinfo=UTC)
            except ValueError:
                pass
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(raw, fmt).replace(tzinfo=UTC)
            except ValueError:
                continue
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(column, raw, "must be a date such as 2020-11-10") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def date_only(self, column: str) -> date:
        """Just the calendar date of `day`."""
        return self.day(column).date()

    def extra(self, used: frozenset[str]) -> dict[str, str]:
        """Every non-empty cell whose column the format does not map, by column name."""
        return {
            column: self.row[i]
            for column, i in self.positions.items()
            if column not in used and i < len(self.row) and self.row[i] != ""
        }
