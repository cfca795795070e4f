"""Benchmarks with generated inputs; each figure is measured beside its baseline in one run.

Run with `make bench` (or `.venv/bin/python bench/run.py [--reports N] [--points N]`).
Results go to stdout as a Markdown table; copy them into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import shapely

from ceasefire.config import Settings
from ceasefire.domain.compliance import evaluate
from ceasefire.geo import ZoneIndex
from ceasefire.scenarios import load_scenario
from ceasefire.services.database import Database
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.setup import init_database
from ceasefire.services.sources import add_source
from ceasefire.testing import (
    postgres_reachable,
    report_data,
    sample_source,
    temporary_postgres_database,
)

SCENARIO = "nagorno-karabakh-2020"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else the platform's machine type."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_zones(n: int) -> tuple[str, str, str]:
    """Vectorised STRtree point-in-zone against a per-point, per-zone loop."""
    zones = [z for z in load_scenario(SCENARIO).zones if z.geometry["type"] != "LineString"]
    index = ZoneIndex(zones)
    rng = np.random.default_rng(7)
    lats = rng.uniform(38.8, 40.6, n)
    lons = rng.uniform(45.3, 47.5, n)
    fast = timed(lambda: index.locate(lats, lons))
    shapes = [(z.id, shapely.geometry.shape(z.geometry)) for z in zones]
    sample = min(n, 5_000)

    def naive() -> None:
        for lat, lon in zip(lats[:sample], lons[:sample], strict=True):
            point = shapely.Point(lon, lat)
            [zid for zid, shape in shapes if shape.intersects(point)]

    slow = timed(naive) * n / sample
    return (
        f"point-in-zone, {n:,} points x {len(zones)} zones",
        f"{fast:.3f} s ({n / fast:,.0f} points/s)",
        f"per-point loop (extrapolated from {sample:,}): {slow:.2f} s; speed-up x{slow / fast:.0f}",
    )


def bench_compliance(instants: int) -> tuple[str, str, str]:
    """Compliance of every provision at many instants, against one instant."""
    scenario = load_scenario(SCENARIO)
    start = datetime(2020, 11, 1, 12, tzinfo=UTC)
    ats = [start + timedelta(days=i) for i in range(instants)]
    provisions = sum(len(a.provisions) for a in scenario.agreements)
    one = timed(lambda: evaluate(scenario.agreements, scenario.events, start))
    total = timed(lambda: [evaluate(scenario.agreements, scenario.events, at) for at in ats])
    return (
        f"compliance board, {provisions} provisions x {instants:,} days",
        f"{total:.3f} s ({total / instants * 1000:.2f} ms per board)",
        f"one board alone: {one * 1000:.2f} ms",
    )


def bench_filing(url: str, label: str, n: int) -> tuple[str, str, str]:
    """Filing reports one by one (each its own durable transaction, with audit entries)."""
    init_database(settings=Settings(database_url=url))
    db = Database(Settings(database_url=url, actor="bench"))
    load(db=db, name=SCENARIO, actor="bench")
    add_source(db=db, source=sample_source(), actor="bench")
    first = timed(lambda: file_report(db=db, data=report_data(), actor="bench"))
    rest = timed(lambda: [file_report(db=db, data=report_data(), actor="bench") for _ in range(n)])
    db.dispose()
    return (
        f"file {n:,} reports one by one, {label}",
        f"{rest:.2f} s ({n / rest:,.0f} reports/s)",
        f"first report after start-up: {first * 1000:.0f} ms",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=2_000)
    parser.add_argument("--reports", type=int, default=500)
    args = parser.parse_args()
    rows = [bench_zones(args.points), bench_compliance(args.days)]
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(bench_filing(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", args.reports))
    if postgres_reachable():
        with temporary_postgres_database() as url:
            rows.append(bench_filing(url, "PostgreSQL", args.reports))
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| what | figure | baseline in the same run |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
