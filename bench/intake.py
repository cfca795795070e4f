"""Import benchmark: a generated ACLED file into SQLite and PostgreSQL, end to end with
enrichment, beside the limits of this machine and the script a user would otherwise write.

Run: `.venv/bin/python bench/intake.py [--rows N]` (`make bench` runs it with 200,000 rows;
the issue's figure is for 1,000,000). Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from ceasefire.config import Settings
from ceasefire.geo import ZoneIndex
from ceasefire.scenarios import load_scenario
from ceasefire.services.database import Database
from ceasefire.services.scenarios import load
from ceasefire.services.setup import init_database
from ceasefire.storage.repositories.bulk import BULK_COLUMNS
from ceasefire.synthetic import generate_acled
from ceasefire.testing import POSTGRES_ADMIN_URL, postgres_reachable, temporary_postgres_database

CLI = str(Path(sys.executable).parent / "ceasefire")
COLUMNS = 31


def prepare(url: str) -> None:
    init_database(settings=Settings(database_url=url))
    db = Database(Settings(database_url=url, actor="bench"))
    load(db=db, name="nagorno-karabakh-2020", actor="bench")
    db.dispose()


def run_import(url: str, path: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of `ceasefire import` in its own process (intake alone:
    linking is measured by bench/linking.py)."""
    start = time.perf_counter()
    subprocess.run([CLI, "import", str(path), "--format", "acled", "--no-link", "--database",
                    url], check=True, capture_output=True)  # fmt: skip
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib / 1024


def sqlite_executemany(rows: int, tmp: Path) -> float:
    """Rows/s of a bare executemany of `rows` 31-column tuples into an SQLite table."""
    con = sqlite3.connect(tmp / "bare.db")
    con.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(COLUMNS))})")
    row = tuple(f"value {i}" for i in range(COLUMNS))
    marks = ", ".join("?" for _ in range(COLUMNS))
    start = time.perf_counter()
    with con:
        con.executemany(f"INSERT INTO t VALUES ({marks})", (row for _ in range(rows)))
    con.close()
    return rows / (time.perf_counter() - start)


def postgres_copy(rows: int) -> float:
    """Rows/s of a binary COPY of `rows` 31-column rows into a PostgreSQL table."""
    import psycopg

    with temporary_postgres_database() as url:
        conninfo = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo) as con, con.cursor() as cur:
            cur.execute(f"CREATE TABLE t ({', '.join(f'c{i} text' for i in range(COLUMNS))})")
            row = tuple(f"value {i}" for i in range(COLUMNS))
            start = time.perf_counter()
            with cur.copy("COPY t FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["text"] * COLUMNS)
                for _ in range(rows):
                    copy.write_row(row)
            con.commit()
            return rows / (time.perf_counter() - start)


def sqlite_reinsert(url: str, tmp: Path) -> float:
    """Rows/s of re-inserting the imported reports, as they are stored, into an empty
    database by a bare executemany in one transaction: the ceiling the table's width, indexes
    and constraints set (the rows are read in chunks outside the timing)."""
    target = tmp / "reinsert.db"
    prepare(f"sqlite:///{target}")
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    sink = sqlite3.connect(target, isolation_level=None)
    sink.execute("PRAGMA journal_mode=WAL")
    sink.execute("PRAGMA synchronous=FULL")
    sink.execute("PRAGMA cache_size=-65536")
    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    marks = ", ".join("?" for _ in BULK_COLUMNS)
    imported = source.execute("SELECT source_id, import_id FROM reports LIMIT 1").fetchone()
    _copy_parents(source, sink, imported)
    cursor = source.execute(f"SELECT {names} FROM reports ORDER BY rowid")
    rows, seconds = 0, 0.0
    sink.execute("BEGIN IMMEDIATE")
    while chunk := cursor.fetchmany(5_000):
        start = time.perf_counter()
        sink.executemany(f"INSERT INTO reports ({names}) VALUES ({marks})", chunk)
        seconds += time.perf_counter() - start
        rows += len(chunk)
    start = time.perf_counter()
    sink.execute("COMMIT")
    seconds += time.perf_counter() - start
    source.close()
    sink.close()
    return rows / seconds


def _copy_parents(source: sqlite3.Connection, sink: sqlite3.Connection, key: Any) -> None:
    """The source and the import that the reports refer to."""
    for table, column, value in (("sources", "id", key[0]), ("imports", "id", key[1])):
        row = source.execute(f"SELECT * FROM {table} WHERE {column} = ?", (value,)).fetchone()
        marks = ", ".join("?" for _ in row)
        sink.execute(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", row)


def postgres_recopy(url: str) -> float:
    """Rows/s of COPY of the imported reports, as stored (text format), into an empty
    database with the same schema: the ceiling for PostgreSQL."""
    import psycopg

    names = ", ".join(f'"{c}"' for c in BULK_COLUMNS)
    payload = bytearray()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        cur = con.cursor()
        tables = ("sources", "imports")
        parents = {table: cur.execute(f"SELECT * FROM {table}").fetchall() for table in tables}
        with cur.copy(f"COPY (SELECT {names} FROM reports) TO STDOUT") as copy:
            for data in copy:
                payload += data
        rows = cur.execute("SELECT count(*) FROM reports").fetchone()[0]
    with temporary_postgres_database(POSTGRES_ADMIN_URL) as target:
        prepare(target)
        with psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://")) as con:
            cur = con.cursor()
            for table, values in parents.items():
                for row in values:
                    marks = ", ".join("%s" for _ in row)
                    cur.execute(f"INSERT INTO {table} VALUES ({marks}) ON CONFLICT DO NOTHING", row)
            con.commit()
            start = time.perf_counter()
            with cur.copy(f"COPY reports ({names}) FROM STDIN") as copy:
                copy.write(bytes(payload))
            con.commit()
            return rows / (time.perf_counter() - start)


def strtree_rate(rows: int) -> float:
    """Points/s of ZoneIndex.locate over the scenario's zones."""
    index = ZoneIndex(load_scenario("nagorno-karabakh-2020").zones)
    rng = np.random.default_rng(3)
    lats, lons = rng.uniform(38.8, 40.6, rows), rng.uniform(45.3, 47.5, rows)
    start = time.perf_counter()
    index.locate(lats, lons)
    return rows / (time.perf_counter() - start)


def pandas_baseline(path: Path, tmp: Path) -> float:
    """Rows/s of read_csv + sjoin with the zones + to_sql, what a user would write by hand."""
    import geopandas as gpd
    import pandas as pd

    zones = gpd.read_file(
        Path(__file__).resolve().parents[1]
        / "src/ceasefire/scenarios/nagorno-karabakh-2020/zones.geojson"
    )
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    points = gpd.GeoDataFrame(
        frame,
        geometry=gpd.points_from_xy(frame.longitude.astype(float), frame.latitude.astype(float)),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, zones[["id", "geometry"]], how="left", predicate="within")
    with sqlite3.connect(tmp / "pandas.db") as con:
        joined.drop(columns="geometry").to_sql("reports", con, index=False, chunksize=50_000)
    return len(frame) / (time.perf_counter() - start)


def row(what: str, figure: str, limit: str, ratio: float) -> str:
    """A Markdown table row with the figure as a ratio to the limit measured in this run."""
    return f"| {what} | {figure} | {limit}; ratio {ratio:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    n = args.rows
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        path = tmp / "acled.csv"
        generate_acled(path, reports=n, seed=1)
        lines = [f"rows: {n:,}; file {path.stat().st_size / 1e6:,.0f} MB"]
        bare_sqlite = sqlite_executemany(n, tmp)
        sqlite_url = f"sqlite:///{tmp / 'bench.db'}"
        prepare(sqlite_url)
        seconds, rss = run_import(sqlite_url, path)
        rate = n / seconds
        figure = f"{rate:,.0f} rows/s, peak RSS {rss:,.0f} MiB"
        limit = f"bare executemany {bare_sqlite:,.0f} rows/s"
        lines.append(row("import into SQLite", figure, limit, rate / bare_sqlite))
        ceiling = sqlite_reinsert(sqlite_url, tmp)
        limit = f"the stored rows re-inserted bare {ceiling:,.0f} rows/s"
        lines.append(row("import into SQLite", f"{rate:,.0f} rows/s", limit, rate / ceiling))
        if postgres_reachable():
            bare_pg = postgres_copy(n)
            with temporary_postgres_database(POSTGRES_ADMIN_URL) as pg_url:
                prepare(pg_url)
                seconds, _ = run_import(pg_url, path)
                ceiling = postgres_recopy(pg_url)
            rate = n / seconds
            limit = f"binary COPY {bare_pg:,.0f} rows/s"
            lines.append(
                row("import into PostgreSQL", f"{rate:,.0f} rows/s", limit, rate / bare_pg)
            )
            limit = f"the stored rows re-copied bare {ceiling:,.0f} rows/s"
            lines.append(
                row("import into PostgreSQL", f"{rate:,.0f} rows/s", limit, rate / ceiling)
            )
        tree = strtree_rate(n)
        lines.append(f"| point-in-zone (ZoneIndex.locate) | {tree:,.0f} points/s | |")
        baseline = pandas_baseline(path, tmp)
        lines.append(f"| pandas.read_csv + geopandas.sjoin + to_sql | {baseline:,.0f} rows/s | |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
