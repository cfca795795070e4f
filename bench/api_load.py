"""HTTP API load: wrk against `ceasefire serve` and against a bare FastAPI app, in one run.

Run: `.venv/bin/python bench/api_load.py [--reports N] [--duration S] [--quick]
[--backend sqlite|postgresql|both]`. For each backend: a fresh store in a temporary
directory (or a throwaway PostgreSQL database) with the reference scenario, N generated
reports imported and linked, a monitor and an analyst with API tokens; then
`ceasefire serve --no-access-log --log-level warning` (uvicorn, one process) on a free port
and bench/bare_app.py on another. wrk (`-t2 -c50 -dSs --latency`) runs against: the bare
GET (the baseline), the report listing with filters (a 30-day window, a box, an event
type, limit 50, as the analyst), the bare POST, and report creation (as the monitor, a
valid body with a fresh external_id, with and without an Idempotency-Key). The table gives
requests/s, p50/p99, non-2xx answers and socket errors, and each row's ratio to the bare
endpoint measured in the same run. After the writes the bench counts the stored reports
against the 2xx answers, how many wait in the linking queue and how long the queue took
to drain, and greps the server's stderr for "database is locked" and tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ceasefire.config import Settings
from ceasefire.domain.access import Role, Viewer
from ceasefire.services import accounts, api_tokens
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.linking import link_pending
from ceasefire.services.scenarios import load
from ceasefire.services.setup import init_database
from ceasefire.storage.repositories import linking as link_repo
from ceasefire.synthetic import generate_acled
from ceasefire.testing import postgres_reachable, temporary_postgres_database

sys.path.insert(0, str(Path(__file__).parent))
from api_soak import free_port, server

BENCH = Path(__file__).resolve().parent
WRK_DIR = BENCH / "wrk"
ADMIN = Viewer(Role.ADMIN, None, "admin")
PASSWORD = "Load-Bench-Password-42"


@dataclass(frozen=True, slots=True)
class Store:
    """A prepared database and the tokens of its users."""

    url: str
    monitor: str
    analyst: str


@dataclass(frozen=True, slots=True)
class WrkResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def prepare(url: str, reports: int, csv: Path) -> Store:
    """Initialise `url`, load the scenario, import and link `reports` generated reports,
    and add a monitor and an analyst with tokens."""
    init_database(settings=Settings(database_url=url))
    db = Database(Settings(database_url=url, actor="bench"))
    load(db=db, name="nagorno-karabakh-2020", actor="bench")
    if reports:
        if not csv.exists():
            generate_acled(csv, reports=reports, seed=7)
        started = time.perf_counter()
        import_file(db=db, path=csv, fmt="acled", actor="bench", link=False)
        link_pending(db=db, actor="bench")
        print(f"  store: {reports:,} reports imported and linked in {elapsed(started)}")
    secrets = {}
    for username, role, nation in (("monitor", "monitor", "RU"), ("analyst", "analyst", None)):
        accounts.add_user(
            db=db, viewer=ADMIN, username=username, role=role, password=PASSWORD, nation=nation
        )
        token = api_tokens.create_token(db=db, viewer=ADMIN, username=username, name="load")
        secrets[username] = token.secret
    db.dispose()
    return Store(url, secrets["monitor"], secrets["analyst"])


def elapsed(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


def wrk(
    url: str, script: str, args: argparse.Namespace, headers: dict[str, str], *extra: str
) -> WrkResult:
    """Run wrk with one of bench/wrk's scripts and parse the line its done() prints."""
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--latency", "--timeout", "10s", "-s", str(WRK_DIR / script),
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if extra:
        command += ["--", *extra]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((x for x in out.splitlines() if x.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary:\n{out}")
    doc = json.loads(line.removeprefix("WRK_JSON "))
    return WrkResult(
        requests=doc["requests"],
        seconds=doc["duration_us"] / 1e6,
        p50_ms=doc["p50_us"] / 1000,
        p99_ms=doc["p99_us"] / 1000,
        max_ms=doc["max_us"] / 1000,
        non_2xx=doc["status"],
        socket_errors=doc["connect"] + doc["read"] + doc["write"] + doc["timeout"],
    )


def stored_reports(url: str) -> tuple[int, int]:
    """How many reports are stored, and how many of them wait for linking."""
    db = Database(Settings(database_url=url, actor="bench"))
    try:
        with db.read() as conn:
            return link_repo.report_count(conn), len(link_repo.unlinked_ids(conn))
    finally:
        db.dispose()


def wait_for_linking(url: str, limit: float) -> tuple[float, int]:
    """Seconds until no report waits for linking (or `limit`), and how many still wait."""
    started = time.perf_counter()
    while True:
        waiting = stored_reports(url)[1]
        spent = time.perf_counter() - started
        if waiting == 0 or spent > limit:
            return spent, waiting
        time.sleep(1)


def grep(log: Path, *needles: str) -> dict[str, int]:
    text = log.read_text(errors="replace")
    return {needle: text.count(needle) for needle in needles}


def run_backend(name: str, url: str, args: argparse.Namespace, tmp: Path) -> list[str]:
    """Measure one backend; the table rows."""
    print(f"{name}: preparing a store of {args.reports:,} reports")
    store = prepare(url, args.reports, tmp / f"reports-{args.reports}.csv")
    api_port, bare_port = free_port(), free_port()
    ceasefire = str(Path(sys.executable).with_name("ceasefire"))
    serve = [
        ceasefire, "serve", "--no-access-log", "--log-level", "warning",
        "--port", str(api_port), "--database", url,
    ]  # fmt: skip
    bare = [sys.executable, str(BENCH / "bare_app.py"), "--port", str(bare_port)]
    api_log, bare_log = tmp / f"serve-{name}.log", tmp / f"bare-{name}.log"
    analyst = {"Authorization": f"Bearer {store.analyst}"}
    monitor = {"Authorization": f"Bearer {store.monitor}"}
    results: list[tuple[str, WrkResult, WrkResult]] = []
    with (
        server(serve, api_port, api_log, "/api/v1/openapi.json") as api,
        server(bare, bare_port, bare_log, "/bare") as base,
    ):
        bare_get = wrk(f"{base}/bare", "get.lua", args, {})
        results.append(("bare GET /bare (baseline)", bare_get, bare_get))
        listing = wrk(api, "list_reports.lua", args, analyst)
        results.append(("GET /api/v1/reports, filtered, limit 50", listing, bare_get))
        bare_post = wrk(f"{base}/bare", "post.lua", args, {})
        results.append(("bare POST /bare (baseline)", bare_post, bare_post))
        before = stored_reports(url)[0]
        create = wrk(api, "create_report.lua", args, monitor)
        results.append(("POST /api/v1/reports", create, bare_post))
        keyed = wrk(api, "create_report.lua", args, monitor, "idempotency")
        results.append(("POST /api/v1/reports + Idempotency-Key", keyed, bare_post))
        time.sleep(1)
        after, waiting = stored_reports(url)
        drained, left = wait_for_linking(url, args.drain_limit)
    answered = sum(r.requests - r.non_2xx for r in (create, keyed))
    rows = [
        f"| {name} | {label} | {r.rate:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} |"
        f" {r.non_2xx} | {r.socket_errors} | {r.rate / b.rate:.2f} |"
        for label, r, b in results
    ]
    problems = grep(api_log, "database is locked", "Traceback")
    print(
        f"  {name}: stored {after - before:,} new reports for {answered:,} 2xx answers"
        f" (wrk counts answers received before it stopped); {waiting:,} waited for linking"
        f" when the load stopped, {left:,} still after {drained:.0f} s;"
        f" server stderr: {problems}"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--drain-limit", type=float, default=600, help="seconds")
    parser.add_argument("--quick", action="store_true", help="10,000 reports, 5 s runs")
    parser.add_argument("--keep", type=Path, help="copy the server logs here")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    if args.quick:
        args.reports, args.duration = min(args.reports, 10_000), 5
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.backend in ("sqlite", "both"):
            rows += run_backend("SQLite", f"sqlite:///{tmp / 'load.db'}", args, tmp)
        if args.backend in ("postgresql", "both"):
            if postgres_reachable():
                with temporary_postgres_database() as url:
                    rows += run_backend("PostgreSQL", url, args, tmp)
            else:
                print("PostgreSQL is not reachable at 127.0.0.1:5432: skipped")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for log in tmp.glob("*.log"):
                shutil.copy(log, args.keep / log.name)
    print("| store | request | req/s | p50 ms | p99 ms | non-2xx | socket errors | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
