"""Export reports in the formats other tools open, streamed from the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ceasefire.errors import ValidationError
from ceasefire.exporters import reports_gis
from ceasefire.exporters.datasets import write_acled, write_ucdp
from ceasefire.services.database import Database
from ceasefire.storage.repositories.reports import ReportFilter, StoredReport, iter_reports

__all__ = ["EXPORT_FORMATS", "export_reports"]

Writer = Callable[[Path, Iterable[Sequence[StoredReport]]], int]
_WRITERS: dict[str, Writer] = {
    "acled": write_acled,
    "ucdp": write_ucdp,
    "csv": reports_gis.write_csv,
    "geojson": reports_gis.write_geojson,
    "gpkg": reports_gis.write_geopackage,
    "parquet": reports_gis.write_geoparquet,
}
EXPORT_FORMATS = tuple(_WRITERS)


def export_reports(*, db: Database, fmt: str, out: Path, flt: ReportFilter | None = None) -> int:
    """Write the matching reports to `out` (which must not exist); returns how many."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError("format", fmt, f"must be one of: {', '.join(EXPORT_FORMATS)}")
    if out.exists():
        raise ValidationError("out", str(out), "exists already; choose another file")
    if not out.parent.exists():
        raise ValidationError("out", str(out), "its directory does not exist")
    with db.read() as conn:
        batches: Iterator[Sequence[StoredReport]] = iter_reports(conn, flt or ReportFilter())
        return _WRITERS[fmt](out, batches)
