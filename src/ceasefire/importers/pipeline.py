"""Turn the rows of an input file into reports in batches, naming the first bad value."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ceasefire.domain.intake import Provenance
from ceasefire.domain.reports import Report
from ceasefire.errors import InputFileError, ValidationError
from ceasefire.importers.values import RowReader

__all__ = ["Converted", "RowFormat", "RowSource", "convert_one", "convert_rows"]


class RowFormat(Protocol):
    """A tabular input format: which columns it needs and how a row becomes a report."""

    @property
    def dataset(self) -> str:
        """The dataset name used in natural keys and provenance, e.g. "acled"."""
        ...

    @property
    def required_columns(self) -> Sequence[str]:
        """Columns every file of the format must have."""
        ...

    @property
    def field_columns(self) -> Mapping[str, str]:
        """Report field name -> the input column it comes from, where they differ."""
        ...

    def key(self, row: RowReader) -> str:
        """The row's natural key (unique within the dataset)."""
        ...

    def to_report(
        self, row: RowReader, *, report_id: str, received_at: datetime, source_id: str
    ) -> tuple[Report, Provenance]:
        """The row as a report and its provenance."""
        ...


class RowSource(Protocol):
    """Rows of an open input file, and how far into the file reading has got."""

    def readers(self, required: Sequence[str]) -> Iterator[RowReader]:
        """The data rows (the header, if any, checked against `required`)."""
        ...

    def bytes_read(self) -> int:
        """Bytes of the file consumed so far."""
        ...


@dataclass(frozen=True, slots=True)
class Converted:
    """One converted row."""

    report: Report
    provenance: Provenance


def convert_rows(
    readers: Iterator[RowReader],
    fmt: RowFormat,
    *,
    source_id: str,
    received_at: datetime,
    batch_size: int,
    problems: list[InputFileError] | None = None,
) -> Iterator[list[Converted]]:
    """Batches of converted rows. A bad row raises InputFileError, unless `problems` is
    given: then it is recorded there and skipped (used by --dry-run to list them all)."""
    batch: list[Converted] = []
    for reader in readers:
        try:
            report, provenance = convert_one(reader, fmt, source_id, received_at)
        except InputFileError as exc:
            if problems is None:
                raise
            problems.append(exc)
            continue
        batch.append(Converted(report, provenance))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def convert_one(
    reader: RowReader, fmt: RowFormat, source_id: str, received_at: datetime
) -> tuple[Report, Provenance]:
    """One row as a report, its domain errors named by the file's line and column."""
    try:
        return fmt.to_report(
            reader, report_id=str(uuid.uuid4()), received_at=received_at, source_id=source_id
        )
    except ValidationError as exc:
        field = exc.field.split(".")[0].split("[")[0]
        column = fmt.field_columns.get(field, field)
        raise reader.fail(column, exc.value, exc.message) from None
