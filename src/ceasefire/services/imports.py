"""Import a file of reports: validated, enriched, idempotent, and whole or not at all."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection

from ceasefire.domain.sources import Source, SourceKind
from ceasefire.enrichment import Enricher
from ceasefire.errors import InputFileError, ValidationError
from ceasefire.importers.pipeline import RowFormat, RowSource, convert_rows
from ceasefire.importers.registry import make_format, open_rows
from ceasefire.services.database import Database
from ceasefire.services.intake_batches import BatchContext, chunks, prepare, store
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
) -> ImportOutcome:
    """Import `path`; in a dry run, validate every row and report the problems, writing nothing."""
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
    digest = _sha256(path)
    with db.transaction() as conn:
        _ensure_source(conn, source_id, fmt, actor)
        outcome.import_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        record = imports.ImportRecord(outcome.import_id, outcome.dataset, path.name, digest,
                                      source_id, actor, now)  # fmt: skip
        imports.start(conn, record)
        _load(conn, rows, row_format, outcome, batch_size, progress)
        bulk.open_incidents(conn, outcome.import_id, now)
        done = datetime.now(UTC)
        imports.finish(conn, outcome.import_id, at=done, read=outcome.rows_read,
                       added=outcome.rows_added, skipped=outcome.rows_skipped)  # fmt: skip
        audit.append(
            conn, actor=actor, action="import.file", entity="import", entity_id=outcome.import_id,
            after={"file": path.name, "sha256": digest, "dataset": outcome.dataset,
                   "source_id": source_id, "rows_read": outcome.rows_read,
                   "rows_added": outcome.rows_added, "rows_skipped": outcome.rows_skipped},
            at=done,
        )  # fmt: skip
    return outcome


def _load(
    conn: Connection,
    rows: RowSource,
    row_format: RowFormat,
    outcome: ImportOutcome,
    batch_size: int,
    progress: Progress | None,
) -> None:
    """Convert, enrich and store every batch; the first bad row raises and rolls back."""
    enricher = Enricher(scenario_repo.list_zones(conn))
    ctx = BatchContext(row_format, outcome.source_id, outcome.import_id or "",
                       datetime.now(UTC), conn.dialect.name, {})  # fmt: skip
    for chunk in chunks(rows.readers(row_format.required_columns), batch_size):
        added, skipped = store(conn, prepare(chunk, ctx), enricher)
        outcome.rows_read += len(chunk)
        outcome.rows_added += added
        outcome.rows_skipped += skipped
        if progress is not None:
            progress(outcome.rows_read, rows.bytes_read())


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
