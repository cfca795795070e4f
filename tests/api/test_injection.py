"""HTML and SQL injection strings in every text field of every write, on the valid bodies of
the permission matrix: markup is refused with a 4xx naming the field and nothing is
written; SQL is either refused the same way or stored as the plain text it is, with every
table intact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.api.conftest import WHO, World, make_world
from tests.api.matrix.row import Row, Seed
from tests.api.test_permission_matrix import LIAISON, all_rows, seed

from ceasefire.storage.schema import metadata

HTML = "<script>alert(1)</script>"
SQL = "x'); DROP TABLE reports;--"
LOGS = {"login_attempts", "api_tokens"}
"""Tables a refused request may still write to by design: a failed login is recorded (rate
limiting), a token's last use is."""


@pytest.fixture
def seeded(database_url: str, tmp_path: Path) -> Iterator[tuple[World, Seed]]:
    for world in make_world(database_url, tmp_path):
        yield world, seed(world)


def counts(world: World) -> dict[str, int]:
    world.settle()
    with world.db.read() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in metadata.sorted_tables
            if t.name not in LOGS
        }


def text_fields(body: Any, prefix: str = "") -> Iterator[tuple[str, list[Any]]]:
    """(dotted name, path of keys) of every string in a JSON body."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield from (
                (name, [key, *path]) for name, path in text_fields(value, f"{prefix}{key}.")
            )
    elif isinstance(body, list):
        for i, value in enumerate(body):
            yield from ((name, [i, *path]) for name, path in text_fields(value, f"{prefix}{i}."))
    elif isinstance(body, str):
        yield prefix.rstrip("."), []


def replaced(body: Any, path: list[Any], value: str) -> Any:
    if not path:
        return value
    copy = dict(body) if isinstance(body, dict) else list(body)
    copy[path[0]] = replaced(body[path[0]], path[1:], value)  # type: ignore[index]
    return copy


def caller(row: Row) -> str:
    return next(who for who in ("admin", "head", "analyst", *WHO) if who in row.allowed)


def send(world: World, row: Row, s: Seed, who: str, body: Any) -> Any:
    world.client.cookies.clear()
    r = world.client.request(
        row.method,
        row.path.format(**row.params(s, LIAISON.get(who, "AM"))),
        headers=world.auth(who),
        params=row.query(s) if row.query else None,
        json=body,
    )
    world.client.cookies.clear()
    return r


def test_markup_is_refused_and_sql_is_only_text(seeded: tuple[World, Seed]) -> None:
    world, s = seeded
    wrong: list[str] = []
    tried = 0
    for row in all_rows():
        if row.json is None or row.fresh_credential:
            continue
        who = caller(row)
        for field, path in text_fields(row.json(s)):
            tried += 1
            before = counts(world)
            r = send(world, row, s, who, replaced(row.json(s), path, HTML))
            where = f"{row.method} {row.path} {field} as {who}"
            if not 400 <= r.status_code < 500:
                wrong.append(f"markup accepted: {where}: {r.status_code} {r.text[:200]}")
            elif counts(world) != before:
                wrong.append(f"markup refused but something was written: {where}")
            before = counts(world)
            r = send(world, row, s, who, replaced(row.json(s), path, SQL))
            if r.status_code >= 500:
                wrong.append(f"SQL string broke the server: {where}: {r.text[:200]}")
            elif r.status_code >= 400 and counts(world) != before:
                wrong.append(f"SQL string refused but something was written: {where}")
            elif r.status_code < 300 and SQL not in r.text and r.request.method != "DELETE":
                wrong.append(f"SQL string not stored verbatim: {where}: {r.text[:200]}")
    assert tried > 10, "the matrix rows carry too few bodies to test"
    assert "reports" in counts(world)
    assert not wrong, "\n".join(wrong)
