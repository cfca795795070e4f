"""HTTP API soak: writers and readers against `ceasefire serve` for a bounded time, then
every acknowledged report is looked for in the store.

Run: `.venv/bin/python bench/api_soak.py [--minutes 10] [--writers 8] [--readers 4]
[--reports N] [--backend sqlite|postgresql]`. A fresh store (reference scenario, N
generated reports imported and linked, a monitor and an analyst with tokens) is served by
`ceasefire serve --no-access-log --log-level warning` on a free port. Writers POST reports,
each with its own Idempotency-Key, and on a connection error or timeout send the same
request with the same key again until it is answered (a few requests are sent with a
timeout too short to wait for the answer, so retries of requests the server did finish
happen for real); readers page through the filtered listing. At the end: answers by status,
transport errors, retries, "database is locked" in answers and in the server's stderr,
and the acknowledged report ids against the stored ones (lost: acknowledged but not
stored; unacknowledged: stored by this run but never acknowledged; duplicated: one
request stored twice).

`tests/api/test_soak.py` runs the same soak for 15 seconds in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import func, select

from ceasefire.config import Settings
from ceasefire.services.database import Database
from ceasefire.storage.repositories import linking as link_repo
from ceasefire.storage.schema import idempotency_keys, reports

LOCKED = "database is locked"
KINDS = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
)
FIRST_DAY = datetime(2020, 11, 10, tzinfo=UTC)
DAYS = 1040
RETRY_FOREVER_UNTIL = 120.0
"""Seconds past the end of the soak that a writer keeps retrying one unanswered request."""
UNANSWERED_AFTER = 30.0
"""Seconds of 409 "still being processed" after which a writer sends again with a new key."""
IMPATIENT_SHARE = 0.03
"""Share of writes first sent with a timeout too short to wait for the answer."""


@dataclass
class Tally:
    """What the clients saw."""

    writes: Counter[int] = field(default_factory=Counter)
    reads: Counter[int] = field(default_factory=Counter)
    transport_errors: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    rekeyed: int = 0
    """Requests whose key stayed claimed without an answer, sent again under a new key."""
    replayed: int = 0
    locked_answers: int = 0
    acknowledged: dict[str, str] = field(default_factory=dict)
    """external_id -> report id of every write answered 201 (or its replay)."""
    given_up: list[str] = field(default_factory=list)
    write_latency: list[float] = field(default_factory=list)
    read_latency: list[float] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(n for code, n in [*self.writes.items(), *self.reads.items()] if code >= 500)


@dataclass(frozen=True, slots=True)
class Check:
    """Acknowledged writes against the store."""

    stored: int
    lost: list[str]
    unacknowledged: list[str]
    duplicated: int
    """External ids stored more than once (the store refuses that; expected 0)."""
    queued: int
    unanswered_keys: int
    """Idempotency keys claimed whose answer was never stored."""


def report_body(rng: random.Random, run: str) -> dict[str, Any]:
    """A valid report of this run, with a fresh external id."""
    event_type, sub_event_type = rng.choice(KINDS)
    when = FIRST_DAY + timedelta(seconds=rng.randrange(DAYS * 86_400))
    return {
        "source": rng.choice(("jmc-patrol", "jmc-op", "jmc-uav", "ru-peacekeepers")),
        "occurred_start": when.isoformat(),
        "time_precision": rng.choice(("minute", "hour", "day")),
        "latitude": round(39.4 + rng.random(), 5),
        "longitude": round(46.0 + rng.random() * 1.3, 5),
        "geo_precision": rng.choice(("exact", "settlement", "near")),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actors": [{"name": "Unknown forces", "side": "initiator"}],
        "observations": {"explosions": rng.randrange(20)},
        "how_observed": rng.choice(("saw", "heard", "uav")),
        "credibility": rng.randint(1, 6),
        "text": "Soak test report.",
        "external_id": f"soak-{run}-{uuid.uuid4().hex}",
    }


async def writer(
    client: httpx.AsyncClient, token: str, run: str, deadline: float, tally: Tally, seed: int
) -> None:
    """File reports until the deadline; each request is retried with its key until answered."""
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < deadline:
        body = report_body(rng, run)
        key = str(uuid.uuid4())
        impatient = rng.random() < IMPATIENT_SHARE
        started = time.monotonic()
        while True:
            timeout = 0.001 if impatient else 30.0
            impatient = False
            try:
                answer = await client.post(
                    "/api/v1/reports",
                    json=body,
                    headers={**headers, "Idempotency-Key": key},
                    timeout=timeout,
                )
            except httpx.TransportError as exc:
                tally.transport_errors[type(exc).__name__] += 1
                if time.monotonic() > deadline + RETRY_FOREVER_UNTIL:
                    tally.given_up.append(body["external_id"])
                    break
                tally.retries += 1
                await asyncio.sleep(0.05)
                continue
            if answer.status_code == 409 and "still being processed" in answer.text:
                # The first try is still running, or it was stored but its answer was not
                # (the client went away): ask again for a while, then send the report again
                # under a new key; its external_id keeps it from being stored twice.
                tally.retries += 1
                if time.monotonic() - started > UNANSWERED_AFTER:
                    tally.rekeyed += 1
                    key = str(uuid.uuid4())
                await asyncio.sleep(0.05)
                continue
            record(answer, body["external_id"], tally)
            tally.write_latency.append(time.monotonic() - started)
            break


def record(answer: httpx.Response, external_id: str, tally: Tally) -> None:
    tally.writes[answer.status_code] += 1
    if LOCKED in answer.text:
        tally.locked_answers += 1
    if answer.headers.get("idempotent-replayed") == "true":
        tally.replayed += 1
    if answer.status_code in (200, 201):
        tally.acknowledged[external_id] = answer.json()["id"]


async def reader(
    client: httpx.AsyncClient, token: str, deadline: float, tally: Tally, seed: int
) -> None:
    """Page through filtered listings until the deadline."""
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < deadline:
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        lat, lon = 39.4 + rng.random() * 0.6, 46.0 + rng.random() * 0.8
        params = {
            "since": start.isoformat(),
            "until": (start + timedelta(days=30)).isoformat(),
            "bbox": f"{lon:.4f},{lat:.4f},{lon + 0.6:.4f},{lat + 0.5:.4f}",
            "limit": "50",
        }
        started = time.monotonic()
        try:
            answer = await client.get("/api/v1/reports", params=params, headers=headers)
        except httpx.TransportError as exc:
            tally.transport_errors[type(exc).__name__] += 1
            await asyncio.sleep(0.05)
            continue
        tally.read_latency.append(time.monotonic() - started)
        tally.reads[answer.status_code] += 1
        if LOCKED in answer.text:
            tally.locked_answers += 1


async def soak(
    base_url: str,
    *,
    writer_token: str,
    reader_token: str,
    seconds: float,
    writers: int,
    readers: int,
    run: str,
) -> Tally:
    """Run writers and readers against the server at `base_url` for `seconds`."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=writers + readers + 4)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0) as client:
        await asyncio.gather(
            *(writer(client, writer_token, run, deadline, tally, seed=k) for k in range(writers)),
            *(reader(client, reader_token, deadline, tally, seed=100 + k) for k in range(readers)),
        )
    return tally


def check(database_url: str, run: str, tally: Tally) -> Check:
    """Compare what was acknowledged with what this run stored."""
    db = Database(Settings(database_url=database_url, actor="soak"))
    try:
        with db.read() as conn:
            rows = conn.execute(
                select(reports.c.external_id, reports.c.id).where(
                    reports.c.external_id.like(f"soak-{run}-%")
                )
            ).all()
            queued = len(link_repo.unlinked_ids(conn))
            unanswered = conn.execute(
                select(func.count())
                .select_from(idempotency_keys)
                .where(idempotency_keys.c.status_code.is_(None))
            ).scalar_one()
    finally:
        db.dispose()
    stored = {r.external_id: r.id for r in rows}
    return Check(
        stored=len(rows),
        lost=sorted(e for e, rid in tally.acknowledged.items() if stored.get(e) != rid),
        unacknowledged=sorted(set(stored) - set(tally.acknowledged)),
        duplicated=len(rows) - len(stored),
        queued=queued,
        unanswered_keys=int(unanswered),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(command: list[str], port: int, log: Path, ready_path: str) -> Iterator[str]:
    """Start a server process (stderr to `log`), wait until `ready_path` answers, and stop it
    (SIGTERM, then SIGKILL after 30 s) afterwards."""
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + ready_path, timeout=2).status_code < 500:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {' '.join(command)}; see {log}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def serving(database_url: str, log: Path, port: int | None = None) -> Iterator[str]:
    """`ceasefire serve` on a free port, stderr to `log`; stopped (SIGTERM) afterwards."""
    port = port or free_port()
    command = [
        str(Path(sys.executable).with_name("ceasefire")), "serve", "--no-access-log",
        "--log-level", "warning", "--port", str(port), "--database", database_url,
    ]  # fmt: skip
    with server(command, port, log, "/api/v1/openapi.json") as base:
        yield base


def wait_for_linking(database_url: str, limit: float) -> tuple[float, int]:
    """Seconds until the linking queue is empty (or `limit`), and how many still wait."""
    db = Database(Settings(database_url=database_url, actor="soak"))
    started = time.monotonic()
    try:
        while True:
            with db.read() as conn:
                waiting = len(link_repo.unlinked_ids(conn))
            spent = time.monotonic() - started
            if waiting == 0 or spent >= limit:
                return spent, waiting
            time.sleep(0.5)
    finally:
        db.dispose()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def summary(tally: Tally, result: Check, seconds: float, locked_in_log: int) -> str:
    writes = sum(tally.writes.values())
    reads = sum(tally.reads.values())
    return "\n".join(
        [
            f"writes answered: {writes:,} ({writes / seconds:.0f}/s) by status"
            f" {dict(sorted(tally.writes.items()))}; p50 {percentile(tally.write_latency, 0.5):.0f}"
            f" ms, p99 {percentile(tally.write_latency, 0.99):.0f} ms (with retries)",
            f"reads answered: {reads:,} ({reads / seconds:.0f}/s) by status"
            f" {dict(sorted(tally.reads.items()))}; p50 {percentile(tally.read_latency, 0.5):.0f}"
            f" ms, p99 {percentile(tally.read_latency, 0.99):.0f} ms",
            f"transport errors {dict(tally.transport_errors)}, retries {tally.retries},"
            f" replayed answers {tally.replayed}, sent again under a new key"
            f" {tally.rekeyed}, given up {len(tally.given_up)}",
            f'"{LOCKED}": {tally.locked_answers} in answers, {locked_in_log} in the server log;'
            f" 5xx: {tally.server_errors}",
            f"acknowledged {len(tally.acknowledged):,}, stored {result.stored:,}: lost"
            f" {len(result.lost)}, stored but never acknowledged {len(result.unacknowledged)},"
            f" duplicated {result.duplicated}; retries caught by external id instead of the key"
            f" (200 answers) {tally.writes[200]}; keys never answered {result.unanswered_keys};"
            f" waiting for linking {result.queued:,}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--drain-limit", type=float, default=600.0, help="seconds")
    parser.add_argument("--keep", type=Path, help="copy the server log here")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from api_load import prepare  # the same store as the load bench

    from ceasefire.testing import postgres_reachable, temporary_postgres_database

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.backend == "sqlite":
            run_soak(f"sqlite:///{tmp / 'soak.db'}", args, tmp, prepare)
        elif not postgres_reachable():
            sys.exit("PostgreSQL is not reachable at 127.0.0.1:5432")
        else:
            with temporary_postgres_database() as url:
                run_soak(url, args, tmp, prepare)


def run_soak(url: str, args: argparse.Namespace, tmp: Path, prepare: Any) -> None:
    print(f"preparing a store of {args.reports:,} reports")
    store = prepare(url, args.reports, tmp / "reports.csv")
    log = tmp / "serve.log"
    seconds = args.minutes * 60
    run = uuid.uuid4().hex[:8]
    print(f"soak: {args.writers} writers, {args.readers} readers, {seconds:.0f} s")
    with serving(url, log) as base:
        started = time.monotonic()
        tally = asyncio.run(
            soak(
                base,
                writer_token=store.monitor,
                reader_token=store.analyst,
                seconds=seconds,
                writers=args.writers,
                readers=args.readers,
                run=run,
            )
        )
        spent = time.monotonic() - started
        drained, left = wait_for_linking(url, args.drain_limit)
    result = check(url, run, tally)
    text = log.read_text(errors="replace")
    print(summary(tally, result, spent, text.count(LOCKED)))
    print(
        f"linking queue: empty {drained:.0f} s after the soak"
        if left == 0
        else f"linking queue: {left:,} still waiting after {drained:.0f} s"
    )
    print(f"tracebacks in the server log: {text.count('Traceback')}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "serve-soak.log").write_text(text)


if __name__ == "__main__":
    main()
