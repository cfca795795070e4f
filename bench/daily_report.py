"""Daily report speed: a day with about 10,000 reports in a store of N, as HTML and as PDF.

Run: `.venv/bin/python bench/daily_report.py [--reports 100000] [--day-reports 10000]
[--day 2021-06-15] [--database URL [--reuse]] [--runs 3]`.

The store is built from generated ACLED rows of the reference scenario (`ceasefire.synthetic`):
D rows on the report's day (seed 2, their ids prefixed so they do not collide with the
others), imported first and linked into incidents, then N - D rows spread over the
generator's default period (10 November 2020 to 19 September 2023, seed 1) imported
without linking (`import --no-link`): linking 1,000,000 reports takes far too long, and
linking the day's reports after the others are stored pulls in the neighbourhoods of
their week- and month-precision neighbours (more than 7 GB and 15 minutes at 1,000,000).
So the day holds D linked reports plus the spread file's share of the day (about 950 at
1,000,000), unlinked; the 30-day chart counts every report per day from the reports
table, and violations from the incidents there are. The alert rules are run once before
timing, as of the day after, so the chart has alert days to mark and the report alerts
to list.

Timed: building the report (every query, as an admin reading the internal report) plus
rendering it, as HTML and as PDF, each the best of --runs runs in this process after one
warm-up (the first run also imports matplotlib and WeasyPrint: shown apart); wall time
and this process's CPU time (the machines are shared: CPU time is steadier).
"""

from __future__ import annotations

import argparse
import csv
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.report_periods import Audience, daily_period
from ceasefire.publishing.render import ReportFormat, render_report
from ceasefire.services.alerts import raise_alerts
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.period_reports import build_period_report
from ceasefire.services.scenarios import load
from ceasefire.services.setup import init_database
from ceasefire.storage.schema import reports
from ceasefire.synthetic import generate_acled

ADMIN = Viewer(Role.ADMIN, name="bench")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def renamed(src: Path, dst: Path, prefix: str) -> None:
    """Copy a generated file with every event id prefixed (ids restart at 1 in each file)."""
    with (
        src.open(newline="", encoding="utf-8") as fin,
        dst.open("w", newline="", encoding="utf-8") as fout,
    ):
        rows = csv.reader(fin)
        out = csv.writer(fout, lineterminator="\n")
        out.writerow(next(rows))
        for row in rows:
            out.writerow([prefix + row[0], *row[1:]])


def build(db: Database, work: Path, total: int, on_day: int, day: date) -> None:
    """Load the scenario; import the day's rows and link them, then import the others
    without linking; raise the alerts as of the day after."""
    load(db=db, name="nagorno-karabakh-2020", actor="bench")
    spread, dense, dense_ids = work / "spread.csv", work / "day.csv", work / "day-ids.csv"
    generate_acled(dense, reports=on_day, seed=2, start=day, end=day)
    renamed(dense, dense_ids, "D")
    generate_acled(spread, reports=total - on_day, seed=1)
    began = time.perf_counter()
    outcome = import_file(db=db, path=dense_ids, fmt="acled", actor="bench", link=True)
    linked = outcome.linking.incidents_total if outcome.linking else 0
    say(f"imported and linked the {outcome.rows_added:,} rows of {day}: {linked:,} incidents,"
        f" in {time.perf_counter() - began:.1f} s")  # fmt: skip
    began = time.perf_counter()
    outcome = import_file(db=db, path=spread, fmt="acled", actor="bench", link=False)
    say(f"imported {outcome.rows_added:,} more rows without linking in"
        f" {time.perf_counter() - began:.1f} s")  # fmt: skip
    began = time.perf_counter()
    after = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    run = raise_alerts(
        db=db, now=after + timedelta(hours=12), since=day - timedelta(days=30), actor="bench"
    )
    say(f"raised {len(run.raised)} alerts in {time.perf_counter() - began:.1f} s")


def timed(db: Database, day: date, fmt: ReportFormat) -> tuple[float, float, int]:
    """Wall time and this process's CPU time of building and rendering the report, and
    its size in bytes."""
    began, cpu = time.perf_counter(), time.process_time()
    report = build_period_report(
        db=db, period=daily_period(day), audience=Audience.INTERNAL, viewer=ADMIN
    )
    data = render_report(report, fmt, generated_at=datetime.now(UTC))
    return time.perf_counter() - began, time.process_time() - cpu, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000, help="reports in the store")
    parser.add_argument("--day-reports", type=int, default=10_000, help="extra on the day")
    parser.add_argument("--day", type=date.fromisoformat, default=date(2021, 6, 15))
    parser.add_argument("--database", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="time a store --database built by an earlier run"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = args.database or f"sqlite:///{work / 'bench.db'}"
        init_database(settings=Settings(database_url=url))
        db = Database(Settings(database_url=url, actor="bench"))
        if args.reuse:
            say(f"reusing the store at {url}")
        else:
            build(db, work, args.reports, args.day_reports, args.day)
        since = datetime.combine(args.day, datetime.min.time(), tzinfo=UTC)
        with db.read() as conn:
            on_day = conn.execute(
                select(func.count())
                .select_from(reports)
                .where(
                    reports.c.occurred_start >= since,
                    reports.c.occurred_start < since + timedelta(days=1),
                )
            ).scalar_one()
        best = f"best of {args.runs}"
        print(f"| store | reports on {args.day} | format | first run | {best} (wall)"
              f" | {best} (CPU) | size |\n|---|---|---|---|---|---|---|")  # fmt: skip
        for fmt in (ReportFormat.HTML, ReportFormat.PDF):
            first = timed(db, args.day, fmt)[0]
            runs = [timed(db, args.day, fmt) for _ in range(args.runs)]
            wall, cpu, size = min(r[0] for r in runs), min(r[1] for r in runs), runs[0][2]
            print(f"| {args.reports:,} ({db.settings.database_url.split(':')[0]})"
                  f" | {on_day:,} | {fmt.value} | {first:.2f} s | {wall:.2f} s | {cpu:.2f} s"
                  f" | {size / 1024:,.0f} KiB |")  # fmt: skip
        db.dispose()
    say(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
