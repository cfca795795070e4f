"""Reports written back as the research datasets' CSV layouts (ACLED, UCDP GED)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ceasefire.domain.intake import Provenance
from ceasefire.domain.reports import Report
from ceasefire.importers.acled import AcledFormat
from ceasefire.importers.formats import ACLED_COLUMNS, UCDP_COLUMNS
from ceasefire.importers.ucdp import UcdpFormat
from ceasefire.storage.repositories.reports import StoredReport

__all__ = ["write_acled", "write_dataset_csv", "write_ucdp"]

RowBuilder = Callable[[Report, Provenance | None], dict[str, Any]]


def write_dataset_csv(
    path: Path, batches: Iterable[Sequence[StoredReport]], columns: Sequence[str], build: RowBuilder
) -> int:
    """Stream reports to a CSV with exactly `columns`; returns the rows written."""
    written = 0
    with path.open("x", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for batch in batches:
            writer.writerows(build(s.report, s.provenance) for s in batch)
            written += len(batch)
    return written


def write_acled(path: Path, batches: Iterable[Sequence[StoredReport]]) -> int:
    """ACLED's 31 columns; rows imported from ACLED come back with their original fields."""
    return write_dataset_csv(path, batches, ACLED_COLUMNS, AcledFormat.to_row)


def write_ucdp(path: Path, batches: Iterable[Sequence[StoredReport]]) -> int:
    """UCDP GED's 49 columns; rows imported from UCDP come back exactly as they were."""
    return write_dataset_csv(path, batches, UCDP_COLUMNS, UcdpFormat.to_row)
