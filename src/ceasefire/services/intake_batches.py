"""Batches of input rows made ready for the reports table, as columns: converted with Arrow
kernels for clean ACLED blocks, row by row for every other case (both give the same stored
values), enriched, then stored with their natural keys checked."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection

from ceasefire.arrow_text import text
from ceasefire.enrichment import Enricher
from ceasefire.importers.acled import AcledFormat
from ceasefire.importers.acled_arrow import AcledBlock, convert_acled_block
from ceasefire.importers.arrow_csv import CsvBlock
from ceasefire.importers.pipeline import RowFormat, convert_one
from ceasefire.importers.values import RowReader
from ceasefire.storage.repositories import bulk
from ceasefire.storage.repositories.bulk import Constant

__all__ = [
    "BatchContext",
    "PreparedBatch",
    "chunks",
    "prefetch",
    "prepare_block",
    "prepare_rows",
    "store",
]

T = TypeVar("T")
Slots = queue.Queue[tuple[str, Any]]


@dataclass(slots=True)
class BatchContext:
    """What every batch of one import shares."""

    fmt: RowFormat
    source_id: str
    import_id: str
    received_at: datetime
    dialect: str
    caches: dict[str, dict[Any, Any]]
    enricher: Enricher

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
    """A batch ready to store: the natural key of every row read, and a column of values
    (or a constant) for every name of BULK_COLUMNS."""

    external_ids: list[str]
    columns: dict[str, bulk.Column]


def chunks(readers: Iterator[RowReader], size: int) -> Iterator[list[RowReader]]:
    """The rows in lists of `size`."""
    while chunk := list(islice(readers, size)):
        yield chunk


def prepare_rows(chunk: list[RowReader], ctx: BatchContext) -> PreparedBatch:
    """Rows converted one by one (any format; the first bad row raises InputFileError)."""
    converted = [convert_one(r, ctx.fmt, ctx.source_id, ctx.received_at) for r in chunk]
    bases = [bulk.base_values(r, p, ctx.import_id, ctx.dialect) for r, p in converted]
    columns: dict[str, bulk.Column] = {
        name: pa.array([base[i] for base in bases], bulk.ARROW_TYPES[name])
        for i, name in enumerate(bulk.BASE_COLUMNS)
    }
    lats = np.array([report.location.latitude for report, _ in converted], dtype=np.float64)
    lons = np.array([report.location.longitude for report, _ in converted], dtype=np.float64)
    _add_enrichment(columns, ctx.enricher, lats, lons)
    return PreparedBatch([report.external_id or "" for report, _ in converted], columns)


def prepare_block(
    block: CsvBlock, ctx: BatchContext, file: str, positions: dict[str, int]
) -> PreparedBatch:
    """A block of an ACLED file: converted with Arrow kernels when every row allows it,
    else row by row."""
    if isinstance(ctx.fmt, AcledFormat):
        converted = convert_acled_block(block, ctx.fmt.parties, ctx.caches)
        if converted is not None:
            return _from_acled_block(converted, ctx)
    return prepare_rows(block.readers(file, positions), ctx)


def _from_acled_block(block: AcledBlock, ctx: BatchContext) -> PreparedBatch:
    n = len(block.keys)
    suffix = " 00:00:00.000000" + ("+00" if ctx.dialect == "postgresql" else "")
    external = pc.binary_join_element_wise(text("acled:"), block.keys, text(""))
    col = block.columns
    columns: dict[str, bulk.Column] = {
        "id": pa.array(ctx.ids(n), pa.string()),
        "source_id": Constant(ctx.source_id),
        "received_at": Constant(bulk.time_text(ctx.received_at, ctx.dialect)),
        "occurred_start": pc.binary_join_element_wise(block.dates, text(suffix), text("")),
        "occurred_end": Constant(None),
        "time_precision": col["time_precision"],
        "latitude": pa.array(block.latitudes, pa.float64()),
        "longitude": pa.array(block.longitudes, pa.float64()),
        **{name: col[name] for name in ("geo_precision", "place_name", "event_type",
                                        "sub_event_type", "casualties", "actors")},
        "weapons": Constant("[]"),
        **{name: Constant(None) for name in ("explosions", "projectiles", "bursts", "shots")},
        "how_observed": Constant("claimed"),
        "credibility": Constant(6),
        "text": col["text"],
        "external_id": external,
        "import_id": Constant(ctx.import_id),
        "import_row": pa.array(block.lines, pa.int64()),
        "original_id": block.keys,
        "extra": col["extra"],
        "origin": col["origin"],
    }  # fmt: skip
    _add_enrichment(columns, ctx.enricher, block.latitudes, block.longitudes)
    return PreparedBatch(external.to_pylist(), columns)


def _add_enrichment(
    columns: dict[str, bulk.Column],
    enricher: Enricher,
    lats: np.ndarray[Any, np.dtype[np.float64]],
    lons: np.ndarray[Any, np.dtype[np.float64]],
) -> None:
    enriched = enricher.enrich_columns(lats, lons)
    columns["zone_ids"] = enriched.zone_ids
    columns["district"] = enriched.district
    columns["distance_to_loc_m"] = enriched.distance_to_loc_m
    columns["cell"] = enriched.cell


def store(conn: Connection, batch: PreparedBatch) -> tuple[int, int]:
    """Insert the rows whose natural key is new (neither stored nor earlier in the batch);
    returns (added, skipped)."""
    keys = batch.external_ids
    stored = bulk.existing_external_ids(conn, keys)
    columns = batch.columns
    if stored or len(set(keys)) != len(keys):
        keep = np.zeros(len(keys), dtype=bool)
        for i, key in enumerate(keys):
            if key not in stored:
                stored.add(key)
                keep[i] = True
        mask = pa.array(keep, pa.bool_())
        columns = {
            name: c if isinstance(c, Constant) else pc.filter(c, mask)
            for name, c in columns.items()
        }
        added = int(keep.sum())
    else:
        added = len(keys)
    bulk.insert_reports(conn, columns, added)
    return added, len(keys) - added


def prefetch(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """The items of `items`, produced by a background thread up to `depth` ahead (Arrow,
    GEOS and the database drivers release the GIL, so reading and converting the next
    batch overlaps storing this one). An exception in the producer is raised here."""
    slots: Slots = queue.Queue(maxsize=depth)
    stop = threading.Event()
    worker = threading.Thread(
        target=_produce, args=(items, slots, stop), name="ceasefire-prefetch", daemon=True
    )
    worker.start()
    try:
        while True:
            kind, value = slots.get()
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while worker.is_alive():
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)


def _produce(
    items: Iterator[Any], slots: queue.Queue[tuple[str, Any]], stop: threading.Event
) -> None:
    """Put every item, then "done", into `slots`; or the exception raised; stop early when
    the consumer has gone."""
    try:
        for item in items:
            if not _put(slots, ("item", item), stop):
                return
        slots.put(("done", None))
    except BaseException as exc:  # handed to the consumer
        slots.put(("error", exc))
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _put(
    slots: queue.Queue[tuple[str, Any]], entry: tuple[str, Any], stop: threading.Event
) -> bool:
    while not stop.is_set():
        try:
            slots.put(entry, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False
