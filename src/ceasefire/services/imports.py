"""Import a file of reports: validated, enriched, idempotent, and whole or not at all."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection

from ceasefire.domain.sources import Source, SourceKind
from ceasefire.enrichment import Enricher
from ceasefire.errors import InputFileError, ValidationError
from ceasefire.importers.arrow_csv import ArrowCsv, FastPathRefused
from ceasefire.importers.pipeline import RowFormat, RowSource, convert_rows
from ceasefire.importers.reading import CsvRows, check_header
from ceasefire.importers.registry import make_format, open_rows
from ceasefire.services.database import Database
from ceasefire.services.intake_batches import (
    BatchContext,
    PreparedBatch,
    chunks,
    prefetch,
    prepare_block,
    prepare_rows,
    store,
)
from ceasefire.services.linking import LinkOutcome, link_within
from ceasefire.storage.repositories import audit, bulk, imports, sources
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = ["DATASET_SOURCES", "ImportOutcome", "Progress", "import_file"]

Progress = Callable[[int, int], None]
"""Called with (rows read, bytes read) after each batch."""

DATASET_SOURCES = {
    "acled": Source("acled", "ACLED (Armed Conflict Location & Event Data)", SourceKind.DATASET),
    "ucdp": Source("ucdp-ged", "UCDP Georeferenced Event Dataset", SourceKind.DATASET),
}
MAX_PROBLEMS = 100


@dataclass(slots=True)
class ImportOutcome:
    """What an import did (or, in a dry run, would do)."""

    file: str
    dataset: str
    source_id: str
    dry_run: bool
    import_id: str | None = None
    rows_read: int = 0
    rows_added: int = 0
    rows_skipped: int = 0
    problems: list[InputFileError] = field(default_factory=list)
    linking: LinkOutcome | None = None


def import_file(
    *,
    db: Database,
    path: Path,
    fmt: str,
    actor: str,
    source: str | None = None,
    mapping: Path | None = None,
    dry_run: bool = False,
    batch_size: int = 5_000,
    progress: Progress | None = None,
    link: bool = True,
) -> ImportOutcome:
    """Import `path` and link the new reports into incidents (unless `link` is False: then
    `ceasefire link` does it later); in a dry run, validate every row and report the
    problems, writing nothing."""
    with db.read() as conn:
        parties = scenario_repo.list_parties(conn)
    row_format = make_format(fmt, parties=parties, mapping=mapping)
    source_id = source or _default_source(fmt).id
    rows = open_rows(fmt, path)
    outcome = ImportOutcome(str(path), row_format.dataset, source_id, dry_run)
    if dry_run:
        with db.read() as conn:
            _check_source(conn, source_id, fmt)
            _validate(conn, rows, row_format, outcome, batch_size, progress)
        return outcome
    job = _Job(path, fmt, row_format, _sha256(path), actor, batch_size, progress, link)
    if fmt == "acled" and isinstance(rows, CsvRows):
        rows.close()
        try:
            return _import(db, job, outcome, fast_header=rows.header)
        except FastPathRefused:
            outcome = ImportOutcome(str(path), row_format.dataset, source_id, dry_run)
            rows = open_rows(fmt, path)
    return _import(db, job, outcome, rows=rows)


@dataclass(frozen=True, slots=True)
class _Job:
    """What one import is asked to do."""

    path: Path
    fmt: str
    row_format: RowFormat
    digest: str
    actor: str
    batch_size: int
    progress: Progress | None
    link: bool


def _import(
    db: Database,
    job: _Job,
    outcome: ImportOutcome,
    *,
    rows: RowSource | None = None,
    fast_header: list[str] | None = None,
) -> ImportOutcome:
    """The import in one transaction, from `rows` or, given `fast_header`, from the file read
    in blocks by Arrow (FastPathRefused, raised before the commit, means: read it again row
    by row)."""
    with db.transaction() as conn:
        _ensure_source(conn, outcome.source_id, job.fmt, job.actor)
        outcome.import_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        record = imports.ImportRecord(outcome.import_id, outcome.dataset, job.path.name,
                                      job.digest, outcome.source_id, job.actor, now)  # fmt: skip
        imports.start(conn, record)
        _load(conn, job, outcome, rows, fast_header)
        if job.link and outcome.rows_added:
            outcome.linking = link_within(conn, None, actor=job.actor, now=now)
        done = datetime.now(UTC)
        imports.finish(conn, outcome.import_id, at=done, read=outcome.rows_read,
                       added=outcome.rows_added, skipped=outcome.rows_skipped)  # fmt: skip
        audit.append(
            conn, actor=job.actor, action="import.file", entity="import",
            entity_id=outcome.import_id,
            after={"file": job.path.name, "sha256": job.digest, "dataset": outcome.dataset,
                   "source_id": outcome.source_id, "rows_read": outcome.rows_read,
                   "rows_added": outcome.rows_added, "rows_skipped": outcome.rows_skipped},
            at=done,
        )  # fmt: skip
    return outcome


def _load(
    conn: Connection,
    job: _Job,
    outcome: ImportOutcome,
    rows: RowSource | None,
    fast_header: list[str] | None,
) -> None:
    """Convert, enrich and store every batch; the first bad row raises and rolls back.
    Batches are read and converted in a background thread while the previous one is stored."""
    ctx = BatchContext(job.row_format, outcome.source_id, outcome.import_id or "",
                       datetime.now(UTC), conn.dialect.name, {},
                       Enricher(scenario_repo.list_zones(conn)))  # fmt: skip
    source: RowSource | ArrowCsv
    batches: Iterator[PreparedBatch]
    if fast_header is not None:
        name = str(job.path)
        positions = check_header(name, fast_header, job.row_format.required_columns)
        source = ArrowCsv(job.path, fast_header, job.batch_size)
        batches = (prepare_block(b, ctx, name, positions) for b in source.blocks())
    else:
        assert rows is not None
        source = rows
        chunked = chunks(rows.readers(job.row_format.required_columns), job.batch_size)
        batches = (prepare_rows(chunk, ctx) for chunk in chunked)
    for batch in prefetch(batches):
        added, skipped = store(conn, batch)
        outcome.rows_read += added + skipped
        outcome.rows_added += added
        outcome.rows_skipped += skipped
        if job.progress is not None:
            job.progress(outcome.rows_read, source.bytes_read())


def _validate(
    conn: Connection,
    rows: RowSource,
    row_format: RowFormat,
    outcome: ImportOutcome,
    batch_size: int,
    progress: Progress | None,
) -> None:
    """The dry run: every row through the row path, problems collected, nothing written."""
    batches = convert_rows(
        rows.readers(row_format.required_columns), row_format, source_id=outcome.source_id,
        received_at=datetime.now(UTC), batch_size=batch_size, problems=outcome.problems,
    )  # fmt: skip
    for batch in batches:
        keys = [c.report.external_id or "" for c in batch]
        stored = bulk.existing_external_ids(conn, keys)
        fresh = len(set(keys) - stored)
        outcome.rows_read += len(batch)
        outcome.rows_added += fresh
        outcome.rows_skipped += len(batch) - fresh
        if progress is not None:
            progress(outcome.rows_read, rows.bytes_read())
        if len(outcome.problems) >= MAX_PROBLEMS:
            break


def _default_source(fmt: str) -> Source:
    if fmt not in DATASET_SOURCES:
        raise ValidationError("source", None, f"--source is required for {fmt} files")
    return DATASET_SOURCES[fmt]


def _check_source(conn: Connection, source_id: str, fmt: str) -> None:
    if sources.find(conn, source_id) is None and DATASET_SOURCES.get(fmt) is None:
        raise ValidationError("source", source_id, "unknown source; add it with `sources add`")


def _ensure_source(conn: Connection, source_id: str, fmt: str, actor: str) -> None:
    """The dataset's own source is registered on first use (grade F until an analyst sets it)."""
    if sources.find(conn, source_id) is not None:
        return
    default = DATASET_SOURCES.get(fmt)
    if default is None or default.id != source_id:
        raise ValidationError("source", source_id, "unknown source; add it with `sources add`")
    sources.add(conn, default)
    audit.append(conn, actor=actor, action="source.add", entity="source",
                 entity_id=default.id, after=default)  # fmt: skip


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
