"""Export reports in the formats other tools open, streamed from the database."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ceasefire.domain.access import Role, Viewer
from ceasefire.errors import AccessDeniedError, ValidationError
from ceasefire.exporters import reports_gis
from ceasefire.exporters.datasets import write_acled, write_ucdp
from ceasefire.services.database import Database
from ceasefire.storage.repositories.reports import ReportFilter, StoredReport, iter_reports

__all__ = [
    "EXPORT_FORMATS",
    "MEDIA_TYPES",
    "ExportFile",
    "export_reports",
    "export_to_temporary",
]

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
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "acled": ("text/csv", "reports-acled.csv"),
    "ucdp": ("text/csv", "reports-ucdp.csv"),
    "csv": ("text/csv", "reports.csv"),
    "geojson": ("application/geo+json", "reports.geojson"),
    "gpkg": ("application/geopackage+sqlite3", "reports.gpkg"),
    "parquet": ("application/vnd.apache.parquet", "reports.parquet"),
}
"""Format -> (media type, file name) of an exported file."""
_ADMIN = Viewer(Role.ADMIN)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """An export written to a temporary directory that the caller removes (`discard`)."""

    path: Path
    count: int
    media_type: str
    file_name: str

    def discard(self) -> None:
        """Remove the file and its temporary directory."""
        shutil.rmtree(self.path.parent, ignore_errors=True)


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


def export_to_temporary(
    *, db: Database, fmt: str, flt: ReportFilter | None = None, viewer: Viewer = _ADMIN
) -> ExportFile:
    """Write the matching reports to a new temporary file (mission staff only: an export
    holds every report, published or not); nothing is left behind if writing fails."""
    if not viewer.is_staff:
        raise AccessDeniedError(
            "role", viewer.role.value, "only the mission's staff export reports for now"
        )
    if fmt not in EXPORT_FORMATS:
        raise ValidationError("format", fmt, f"must be one of: {', '.join(EXPORT_FORMATS)}")
    media_type, file_name = MEDIA_TYPES[fmt]
    out = Path(tempfile.mkdtemp(prefix="ceasefire-export-")) / file_name
    try:
        count = export_reports(db=db, fmt=fmt, out=out, flt=flt)
    except BaseException:
        shutil.rmtree(out.parent, ignore_errors=True)
        raise
    return ExportFile(out, count, media_type, file_name)
