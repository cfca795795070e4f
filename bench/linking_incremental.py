"""Linking one new report into a store: latency per report, and the cost of a full re-link.

Run: `.venv/bin/python bench/linking_incremental.py [--reports N] [--new M] [--backend
sqlite|postgresql]`. Generates N + M ACLED-format reports of the reference scenario,
imports and links the first N (`import --no-link` then `link`, both timed), imports the
last M without linking, then links them one at a time, each in its own transaction, as
`reports add` does, and prints the latency percentiles. Finally checks that the
incremental result equals a full re-link (`link --all`, timed) of the same store.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ceasefire.config import Settings
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.linking import link_pending, link_within, relink_all
from ceasefire.services.scenarios import load
from ceasefire.services.setup import init_database
from ceasefire.storage.repositories import linking as repo
from ceasefire.synthetic import generate_acled
from ceasefire.testing import postgres_reachable, temporary_postgres_database


def split(path: Path, first: int, head: Path, tail: Path) -> None:
    """The header plus the first `first` rows into `head`, the header plus the rest into
    `tail` (the generator writes no line breaks inside cells)."""
    with path.open("rb") as source, head.open("wb") as a, tail.open("wb") as b:
        header = source.readline()
        a.write(header)
        b.write(header)
        for k, line in enumerate(source):
            (a if k < first else b).write(line)


def groups(db: Database) -> set[frozenset[str]]:
    with db.read() as conn:
        return {frozenset(g) for g in repo.report_groups(conn).values()}


def run(url: str, reports: int, new: int, tmp: Path) -> str:
    init_database(settings=Settings(database_url=url))
    db = Database(Settings(database_url=url, actor="bench"))
    load(db=db, name="nagorno-karabakh-2020", actor="bench")
    whole, head, tail = tmp / "all.csv", tmp / "head.csv", tmp / "tail.csv"
    generate_acled(whole, reports=reports + new, seed=7)
    split(whole, reports, head, tail)
    start = time.perf_counter()
    import_file(db=db, path=head, fmt="acled", actor="bench", link=False)
    imported = time.perf_counter() - start
    start = time.perf_counter()
    link_pending(db=db, actor="bench")
    linked = time.perf_counter() - start
    import_file(db=db, path=tail, fmt="acled", actor="bench", link=False)
    with db.read() as conn:
        pending = sorted(repo.unlinked_ids(conn))
    # As the linking worker's process does once started (services/link_process.py): what is
    # loaded so far is kept out of the collector's full passes.
    gc.collect()
    gc.freeze()
    latencies = []
    for report_id in pending:
        start = time.perf_counter()
        with db.transaction() as conn:
            link_within(conn, [report_id], actor="bench", now=datetime.now(UTC))
        latencies.append((time.perf_counter() - start) * 1000)
    incremental = groups(db)
    start = time.perf_counter()
    relink_all(db=db, actor="bench")
    relinked = time.perf_counter() - start
    same = groups(db) == incremental
    db.dispose()
    cuts = statistics.quantiles(latencies, n=100)
    return (
        f"| {reports:,} stored, {len(latencies)} new | import {imported:.1f} s, link"
        f" {linked:.1f} s | one new report: p50 {cuts[49]:.1f} ms, p99 {cuts[98]:.1f} ms,"
        f" max {max(latencies):.1f} ms | link --all {relinked:.1f} s; equal to incremental:"
        f" {same} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.backend == "sqlite":
            print(run(f"sqlite:///{tmp / 'bench.db'}", args.reports, args.new, tmp))
            return
        if not postgres_reachable():
            sys.exit("PostgreSQL is not reachable at 127.0.0.1:5432")
        with temporary_postgres_database() as url:
            print(run(url, args.reports, args.new, tmp))


if __name__ == "__main__":
    main()
