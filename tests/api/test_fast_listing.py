"""GET /reports answered before FastAPI's routing (api.fast_listing): the same status,
headers and bytes as the FastAPI route for every caller and query; plain listings are
answered by the layer, everything else by the route."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send
from tests.api.conftest import WHO, World
from tests.api.test_reports_api import PLACES, file, publish

from ceasefire.api import create_app
from ceasefire.api.fast_listing import FastListing, plain_query
from ceasefire.services.database import Database
from ceasefire.services.imports import import_file
from ceasefire.services.linking import link_pending
from ceasefire.synthetic import generate_acled

API = "/api/v1"
TYPES = ("Battles", "Explosions/Remote violence", "Strategic developments", "Protests")
FIRST_DAY = datetime(2020, 11, 10, tzinfo=UTC)

# Queries the layer leaves to the route: each is answered there (often as an error).
DECLINED = [
    "status=verified",
    "format=geojson",
    "format=json",
    "limit=0",
    "limit=501",
    "limit=050",
    "limit=ten",
    "limit=",
    "limit=5&limit=6",
    "event_type=Skirmish",
    "event_type=" + "x" * 61,
    "bbox=" + "1" * 201,
    "zone=" + "z" * 201,
    "source=" + "s" * 201,
    "cursor=" + "c" * 1001,
    "since=2021-01-01",
    "since=2021-01-01T00:00:00",
    "since=2021-13-01T00:00:00Z",
    "since=2021-01-01T24:00:00Z",
    "since=2021-01-01T00:00:00%2B25:00",
    "since=2021-02-01T00:00:00Z&until=2021-01-01T00:00:00Z",
    "bbox=1,2,3",
    "bbox=46,41,47,40",
    "bbox=200,39,201,40",
    "cursor=not-a-cursor",
    "zone=%00",
    "unknown=1",
    "limit=5&",
]

# Plain queries the layer answers itself.
PLAIN = [
    "",
    "limit=1",
    "limit=500",
    "event_type=Battles&limit=7",
    "since=2021-01-01T00:00:00Z&until=2021-12-31T23:59:59.5%2B04:00",
    "since=2021-01-01T00:00:00.123456-03:30&limit=3",
    "bbox=46.0,39.4,47.2,40.4&limit=20",
    "zone=nk-pre-2020&limit=4",
    "source=jmc-op",
    "source=no-such-source",
    "zone=%27%20OR%201%3D1%20--",
    "source=%FF",
    "zone=" + "z" * 200,
    "source=" + "s" * 200,
]


@pytest.fixture
def listed(world: World, tmp_path: Path) -> Iterator[tuple[World, TestClient]]:
    """The world with generated reports imported and linked, reports filed by a monitor,
    one incident published; and a second app over the same store without the layer."""
    csv = tmp_path / "reports.csv"
    generate_acled(csv, reports=300, seed=5)
    import_file(db=world.db, path=csv, fmt="acled", actor="tester", link=False)
    link_pending(db=world.db, actor="tester")
    mine = file(world, "monitor.ru")
    file(world, "monitor.ru", **PLACES["lachin"])
    theirs = file(world, "monitor.tr", **PLACES["lachin"])
    publish(world, *{i for i in (mine.incident_id, theirs.incident_id) if i is not None})
    app = create_app(world.settings, linking="off", fast_listing=False)
    with TestClient(app, raise_server_exceptions=False) as plain:
        yield world, plain


def bench_like(rng: random.Random) -> str:
    """A query as bench/wrk/list_reports.lua draws them, sometimes with a cursor-sized limit."""
    day = FIRST_DAY + timedelta(days=rng.randrange(900))
    lat, lon = 39.4 + rng.random() * 0.6, 46.0 + rng.random() * 0.8
    params = {
        "since": day.isoformat().replace("+00:00", "Z"),
        "until": (day + timedelta(days=rng.choice((30, 120, 400)))).isoformat(),
        "bbox": f"{lon:.4f},{lat:.4f},{lon + 0.6:.4f},{lat + 0.5:.4f}",
        "event_type": rng.choice(TYPES),
        "limit": str(rng.choice((2, 5, 50))),
    }
    keep = rng.sample(sorted(params), rng.randint(1, len(params)))
    return urlencode({name: params[name] for name in keep})


def same_answer(world: World, plain: TestClient, who: str, query: str) -> dict[str, Any]:
    """GET /reports?query as `who` from both apps; assert they agree; the answer's JSON."""
    url = f"{API}/reports?{query}"
    fast = world.client.get(url, headers=world.auth(who))
    slow = plain.get(url, headers=world.auth(who))
    assert (fast.status_code, fast.content) == (slow.status_code, slow.content), (who, query)
    assert dict(fast.headers) == dict(slow.headers), (who, query)
    answer: dict[str, Any] = fast.json()
    return answer


def test_both_paths_answer_alike_for_every_caller(listed: tuple[World, TestClient]) -> None:
    world, plain = listed
    rng = random.Random(3)
    queries = [*PLAIN, *DECLINED, *(bench_like(rng) for _ in range(25))]
    nonempty = 0
    for who in WHO:
        for query in queries:
            answer = same_answer(world, plain, who, query)
            nonempty += bool(answer.get("items"))
    assert nonempty > 40  # the comparison saw real pages, not only empty ones and errors


def test_pages_walk_alike(listed: tuple[World, TestClient]) -> None:
    world, plain = listed
    for who in ("analyst", "monitor.ru", "liaison.az"):
        cursor, seen = None, 0
        while True:
            query = urlencode({"limit": 40, **({"cursor": cursor} if cursor else {})})
            answer = same_answer(world, plain, who, query)
            seen += len(answer["items"])
            cursor = answer["next_cursor"]
            if cursor is None:
                break
        assert seen >= (300 if who == "analyst" else 1), who


def call(db: Database, query: str, headers: dict[str, str]) -> tuple[int, bool]:
    """Send GET /api/v1/reports?query through the layer over `db`, in front of a route
    answering 418; (status, answered by the layer)."""
    passed_on: list[Scope] = []
    sent: list[Message] = []

    async def route(scope: Scope, _receive: Receive, send: Send) -> None:
        passed_on.append(scope)
        await send({"type": "http.response.start", "status": 418, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def collect(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "GET", "path": f"{API}/reports",
        "query_string": query.encode("ascii"),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    asyncio.run(FastListing(route, f"{API}/reports", db)(scope, receive, collect))
    return int(sent[0]["status"]), not passed_on


def test_plain_listings_are_answered_by_the_layer(listed: tuple[World, TestClient]) -> None:
    world, _ = listed
    token = world.auth("analyst")
    # A token's first use is recorded, which only the route does.
    assert call(world.db, "limit=5", token) == (418, False)
    world.client.get(f"{API}/reports?limit=1", headers=token)
    for query in PLAIN:
        assert call(world.db, query, token) == (200, True), query
    for query in DECLINED:
        assert call(world.db, query, token) == (418, False), query
    for headers in (
        {},
        {"Authorization": "Bearer cf_unknown"},
        {"Authorization": f"Basic {world.tokens['analyst']}"},
        {**token, "Accept": "application/geo+json"},
        {**token, "Cookie": "ceasefire_session=abc"},
        {**token, "Idempotency-Key": "k1"},
    ):
        assert call(world.db, "limit=5", headers) == (418, False), headers
    assert call(world.db, "limit=5", {**token, "Accept": "application/json"}) == (200, True)


def test_plain_query_reads_times_with_their_zone() -> None:
    query = plain_query(b"since=2021-01-01T04:00:00%2B04:00&until=2021-01-02T00:00:00Z&limit=9")
    assert query is not None and query.limit == 9
    assert query.since == datetime(2021, 1, 1, tzinfo=UTC)
    assert query.until == datetime(2021, 1, 2, tzinfo=UTC)
    assert plain_query(b"since=2021-01-01T04:00:00") is None
