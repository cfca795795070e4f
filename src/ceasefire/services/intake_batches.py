"""Batches of input rows made ready for the reports table: columnar for ACLED, row by row
for every other case. Both give the same stored values."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice, repeat
from typing import Any

import numpy as np
from sqlalchemy import Connection

from ceasefire.enrichment import Enricher
from ceasefire.importers.acled import AcledFormat
from ceasefire.importers.acled_columns import AcledColumns, convert_acled_batch
from ceasefire.importers.pipeline import RowFormat, convert_one
from ceasefire.importers.values import RowReader
from ceasefire.storage.repositories import bulk

__all__ = ["BatchContext", "PreparedBatch", "chunks", "prepare", "store"]


@dataclass(slots=True)
class BatchContext:
    """What every batch of one import shares."""

    fmt: RowFormat
    source_id: str
    import_id: str
    received_at: datetime
    dialect: str
    caches: dict[str, dict[Any, Any]]

    @staticmethod
    def ids(count: int) -> list[str]:
        """Fresh report ids for a batch, time-ordered like UUID version 7 (milliseconds,
        then a running number, then random bits) so index inserts go to the end."""
        stamp = f"{time.time_ns() // 1_000_000:012x}"
        head = f"{stamp[:8]}-{stamp[8:]}-"
        tail = os.urandom(6).hex()
        return [f"{head}{n >> 16 & 0xFFFF:04x}-{n & 0xFFFF:04x}-{tail}" for n in range(count)]


@dataclass(slots=True)
class PreparedBatch:
    """Rows ready to store but for their enrichment."""

    external_ids: list[str]
    latitudes: Sequence[float]
    longitudes: Sequence[float]
    bases: list[tuple[Any, ...]]


def chunks(readers: Iterator[RowReader], size: int) -> Iterator[list[RowReader]]:
    """The rows in lists of `size`."""
    while chunk := list(islice(readers, size)):
        yield chunk


def prepare(chunk: list[RowReader], ctx: BatchContext) -> PreparedBatch:
    """The chunk converted: columnar when the format and the rows allow, else row by row."""
    if isinstance(ctx.fmt, AcledFormat):
        columns = convert_acled_batch(chunk, ctx.fmt.parties, ctx.caches)
        if columns is not None:
            return _from_columns(columns, ctx)
    return _from_rows(chunk, ctx)


def _from_rows(chunk: list[RowReader], ctx: BatchContext) -> PreparedBatch:
    converted = [convert_one(r, ctx.fmt, ctx.source_id, ctx.received_at) for r in chunk]
    return PreparedBatch(
        external_ids=[report.external_id or "" for report, _ in converted],
        latitudes=[report.location.latitude for report, _ in converted],
        longitudes=[report.location.longitude for report, _ in converted],
        bases=[bulk.base_values(r, p, ctx.import_id, ctx.dialect) for r, p in converted],
    )


def _from_columns(c: AcledColumns, ctx: BatchContext) -> PreparedBatch:
    n = len(c.keys)
    start_suffix = " 00:00:00.000000" + ("+00" if ctx.dialect == "postgresql" else "")
    external = [f"acled:{k}" for k in c.keys]
    col = c.columns
    bases = list(
        zip(
            ctx.ids(n), repeat(ctx.source_id), repeat(bulk.time_text(ctx.received_at, ctx.dialect)),
            [d + start_suffix for d in c.dates], repeat(None), col["time_precision"],
            c.latitudes.tolist(), c.longitudes.tolist(), col["geo_precision"], col["place_name"],
            col["event_type"], col["sub_event_type"], col["casualties"], col["actors"],
            repeat("[]"), repeat(None), repeat(None), repeat(None), repeat(None),
            repeat("claimed"), repeat(6), col["text"], external, repeat(ctx.import_id),
            c.lines, c.keys, col["extra"],
        )
    )  # fmt: skip
    return PreparedBatch(external, c.latitudes, c.longitudes, bases)  # type: ignore[arg-type]


def store(conn: Connection, batch: PreparedBatch, enricher: Enricher) -> tuple[int, int]:
    """Insert the rows whose natural key is new; returns (added, skipped)."""
    stored = bulk.existing_external_ids(conn, batch.external_ids)
    keep = []
    for i, key in enumerate(batch.external_ids):
        if key not in stored:
            stored.add(key)
            keep.append(i)
    if keep:
        lats = np.asarray(batch.latitudes, dtype=np.float64)[keep]
        lons = np.asarray(batch.longitudes, dtype=np.float64)[keep]
        enrichments = enricher.enrich(lats, lons)
        rows = [
            bulk.with_enrichment(batch.bases[i], e, la, lo)
            for i, e, la, lo in zip(keep, enrichments, lats.tolist(), lons.tolist(), strict=True)
        ]
        bulk.insert_reports(conn, rows)
    return len(keep), len(batch.external_ids) - len(keep)
