"""Read delimited text files as a stream of (line number, row) with clear errors.

UTF-8 with or without a byte-order mark and CRLF line ends are accepted; a file in another
encoding is named as such, with the line where decoding failed.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ceasefire.errors import InputFileError
from ceasefire.importers.values import RowReader

__all__ = ["CsvRows", "check_header", "open_csv"]

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
csv.field_size_limit(10_000_000)


@dataclass(slots=True)
class CsvRows:
    """A CSV file's header, an iterator over its data rows with their line numbers, and how
    many bytes of the file have been read so far (for progress bars)."""

    path: Path
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    raw: BinaryIO

    def bytes_read(self) -> int:
        """Bytes consumed from the file (read ahead in blocks, so slightly early)."""
        return 0 if self.raw.closed else self.raw.tell()

    def close(self) -> None:
        """Close the file (when the rows will not be read)."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        self.raw.close()

    def readers(self, required: Sequence[str]) -> Iterator[RowReader]:
        """The data rows, after checking the header has the required columns."""
        positions = check_header(str(self.path), self.header, required)
        for line, cells in self.rows:
            yield RowReader(str(self.path), line, cells, positions)


def open_csv(path: Path) -> CsvRows:
    """Open `path` for streaming; fail on a missing, empty, binary or non-UTF-8 file."""
    name = str(path)
    try:
        with path.open("rb") as raw:
            head = raw.read(4)
    except FileNotFoundError:
        raise InputFileError(name, None, None, None, "file does not exist") from None
    if not head:
        raise InputFileError(name, None, None, None, "file is empty")
    if head.startswith(_UTF16_BOMS):
        raise InputFileError(name, 1, None, None, "file is UTF-16; save it as UTF-8")
    raw = path.open("rb")
    stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(stream)
    try:
        header = _first_row(name, reader)
    except InputFileError:
        stream.close()
        raise
    return CsvRows(path, [h.strip() for h in header], _rows(name, reader, stream), raw)


def _first_row(name: str, reader: Iterator[list[str]]) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise InputFileError(name, None, None, None, "file is empty") from None
    except UnicodeDecodeError as exc:
        raise _encoding_error(name, 1, exc) from None
    if not any(cell.strip() for cell in header):
        raise InputFileError(name, 1, None, None, "the first line must be a header")
    return header


def _rows(name: str, reader: Any, stream: io.TextIOWrapper) -> Iterator[tuple[int, list[str]]]:
    line = reader.line_num
    try:
        for row in reader:
            if row:
                yield line + 1, row
            line = reader.line_num
    except UnicodeDecodeError as exc:
        raise _encoding_error(name, line + 1, exc) from None
    except csv.Error as exc:
        raise InputFileError(name, reader.line_num, None, None, f"malformed CSV: {exc}") from None
    finally:
        stream.close()


def _encoding_error(name: str, line: int, exc: UnicodeDecodeError) -> InputFileError:
    byte = exc.object[exc.start : exc.start + 1].hex()
    return InputFileError(
        name,
        line,
        None,
        None,
        f"file is not UTF-8 (byte 0x{byte} cannot be decoded; it may be Windows-1252 or"
        " Latin-1): save it as UTF-8",
    )


def check_header(name: str, header: Sequence[str], required: Sequence[str]) -> dict[str, int]:
    """Column positions by name; fail naming the first required column that is missing."""
    positions: dict[str, int] = {}
    for i, column in enumerate(header):
        if column in positions:
            raise InputFileError(name, 1, column, None, "column appears twice in the header")
        positions[column] = i
    missing = [c for c in required if c not in positions]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise InputFileError(name, 1, missing[0], None, f"wrong header: missing column(s) {shown}")
    return positions
