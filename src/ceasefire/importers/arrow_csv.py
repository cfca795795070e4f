"""Read a clean CSV file in large blocks with Arrow's multi-threaded reader, every cell as
text, with the line number where each row starts.

This is the fast way in for big files. It refuses (raises `FastPathRefused`) whatever it
cannot number exactly as the row-by-row reader (reading.py) would: a blank line, a row
with the wrong number of cells, bytes that are not UTF-8. The caller then reads the file
row by row, which names the line and the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from ceasefire.arrow_text import has_bytes
from ceasefire.importers.values import RowReader

__all__ = ["ArrowCsv", "CsvBlock", "FastPathRefused"]

_BYTES_PER_ROW = 512
"""A guess at the size of a row, to turn a batch size in rows into a block size in bytes."""


class FastPathRefused(Exception):
    """The file needs the row-by-row reader (the reason is in the message)."""


@dataclass(slots=True)
class CsvBlock:
    """A block of rows: every cell as text, and the line where each row starts."""

    cells: pa.RecordBatch
    lines: npt.NDArray[np.int64]

    def column(self, name: str) -> pa.StringArray:
        """The cells of one column."""
        return self.cells.column(name)

    def readers(self, file: str, positions: dict[str, int]) -> list[RowReader]:
        """The rows as the row-by-row path sees them."""
        names = self.cells.schema.names
        columns = [self.cells.column(name).to_pylist() for name in names]
        lines = self.lines.tolist()
        return [
            RowReader(file, line, list(cells), positions)
            for line, cells in zip(lines, zip(*columns, strict=True), strict=True)
        ]


class ArrowCsv:
    """A CSV file whose header has been read (and checked) by the row-by-row reader."""

    def __init__(self, path: Path, header: Sequence[str], batch_rows: int) -> None:
        self.path = path
        self.header = list(header)
        self._block_size = max(1 << 20, batch_rows * _BYTES_PER_ROW)
        self._file: Any = None

    def bytes_read(self) -> int:
        """Bytes consumed from the file (read ahead in blocks, so slightly early)."""
        return 0 if self._file is None or self._file.closed else int(self._file.tell())

    def blocks(self) -> Iterator[CsvBlock]:
        """The data rows in blocks; raises FastPathRefused as soon as a block cannot be read."""
        self._file = pa.OSFile(str(self.path), "r")
        try:
            reader = pv.open_csv(
                self._file,
                read_options=pv.ReadOptions(
                    column_names=self.header, skip_rows=1, block_size=self._block_size
                ),
                parse_options=pv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pv.ConvertOptions(
                    column_types=dict.fromkeys(self.header, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            line = 2
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    return
                if batch.num_rows == 0:
                    continue
                breaks = _line_breaks(batch)
                if _has_blank_row(batch):
                    raise FastPathRefused("a blank line")
                ends = np.cumsum(breaks + 1)
                lines = line + np.concatenate(([0], ends[:-1]))
                line += int(ends[-1])
                yield CsvBlock(batch, lines.astype(np.int64))
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise FastPathRefused(str(exc)) from None
        finally:
            self._file.close()


def _line_breaks(batch: pa.RecordBatch) -> npt.NDArray[np.int64]:
    """How many line breaks (LF, CR or CRLF, as Python's reader counts them) each row holds
    inside its quoted cells."""
    total = np.zeros(batch.num_rows, dtype=np.int64)
    for column in batch.columns:
        if not has_bytes(column, among=b"\n\r"):
            continue
        newlines = pc.count_substring(column, "\n")
        if pc.sum(newlines).as_py():
            total += newlines.to_numpy(zero_copy_only=False)
        returns = pc.count_substring(column, "\r")
        if pc.sum(returns).as_py():
            crlf = pc.count_substring(column, "\r\n").to_numpy(zero_copy_only=False)
            total += returns.to_numpy(zero_copy_only=False) - crlf
    return total


def _has_blank_row(batch: pa.RecordBatch) -> bool:
    """True when a row is all empty: a blank line (which Python's reader skips) or a line
    of separators only (which it reads as a row). Only the row-by-row reader can tell."""
    blank = None
    for column in batch.columns:
        empty = pc.equal(pc.binary_length(column), 0)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            return False
    return bool(blank is not None and pc.any(blank).as_py())
