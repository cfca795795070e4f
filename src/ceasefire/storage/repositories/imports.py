"""The imports table: one row per file imported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, update

from ceasefire.storage.schema import imports

__all__ = ["ImportRecord", "finish", "start"]


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """What is known about an import when it starts."""

    id: str
    dataset: str
    file: str
    sha256: str
    source_id: str
    actor: str
    started_at: datetime


def start(conn: Connection, record: ImportRecord) -> None:
    """Insert the import's row, counts at zero."""
    conn.execute(
        imports.insert().values(
            id=record.id, dataset=record.dataset, file=record.file, sha256=record.sha256,
            source_id=record.source_id, actor=record.actor, started_at=record.started_at,
            rows_read=0, rows_added=0, rows_skipped=0,
        )
    )  # fmt: skip


def finish(
    conn: Connection, import_id: str, *, at: datetime, read: int, added: int, skipped: int
) -> None:
    """Record the counts and the end time."""
    conn.execute(
        update(imports)
        .where(imports.c.id == import_id)
        .values(finished_at=at, rows_read=read, rows_added=added, rows_skipped=skipped)
    )
