"""The API's frame: who is asking, problem details, body limits, Idempotency-Key."""

from __future__ import annotations

from sqlalchemy import func, select
from tests.api.conftest import PASSWORD, World

from ceasefire.storage.schema import api_tokens, idempotency_keys

API = "/api/v1"


def _count(world: World, table: object) -> int:
    with world.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_callers_are_who_their_token_says(world: World) -> None:
    assert world.client.get(f"{API}/me").json()["role"] == "public"
    me = world.client.get(f"{API}/me", headers=world.auth("liaison.am")).json()
    assert (me["username"], me["role"], me["party"]) == ("liaison.am", "party_liaison", "AM")
    me = world.client.get(f"{API}/me", headers=world.auth("monitor.tr")).json()
    assert (me["role"], me["nation"]) == ("monitor", "TR")


def test_a_bad_token_is_refused_not_read_as_public(world: World) -> None:
    for header in ("Bearer cf_guessed", "Bearer nonsense", "Basic YWRtaW46YWRtaW4="):
        r = world.client.get(f"{API}/me", headers={"Authorization": header})
        assert r.status_code == 401, header
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["www-authenticate"].startswith("Bearer")


def test_login_sets_a_session_and_logout_ends_it(world: World) -> None:
    c = world.client
    wrong = c.post(f"{API}/auth/login", json={"username": "analyst", "password": "nope-nope"})
    assert wrong.status_code == 401 and "invalid username or password" in wrong.json()["detail"]
    ok = c.post(f"{API}/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert ok.status_code == 200 and ok.headers["cache-control"] == "no-store"
    assert "httponly" in ok.headers["set-cookie"].lower()
    assert "samesite=strict" in ok.headers["set-cookie"].lower()
    assert c.get(f"{API}/me").json()["username"] == "analyst"
    assert c.post(f"{API}/auth/logout").status_code == 204
    c.cookies.clear()
    assert c.get(f"{API}/me").json()["role"] == "public"


def test_problem_details_name_field_and_value(world: World) -> None:
    r = world.client.post(
        f"{API}/tokens", json={"name": "x", "days": 999}, headers=world.auth("analyst")
    )
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 422 and body["instance"] == f"{API}/tokens"
    assert body["errors"] == [
        {"field": "days", "value": 999, "message": "Input should be less than or equal to 365"}
    ]
    assert world.client.get(f"{API}/no-such-thing").json()["status"] == 404


def test_oversized_bodies_are_refused_before_anything_is_written(world: World) -> None:
    before = _count(world, api_tokens)
    big = b'{"name": "' + b"x" * 1_100_000 + b'"}'
    for headers in ({}, {"Idempotency-Key": "big-1"}):
        r = world.client.post(
            f"{API}/tokens",
            content=big,
            headers={**world.auth("analyst"), "content-type": "application/json", **headers},
        )
        assert r.status_code == 413 and "larger than 1,000,000 bytes" in r.json()["detail"]
    assert _count(world, api_tokens) == before


def test_a_retry_with_the_same_key_is_answered_not_repeated(world: World) -> None:
    c, headers = world.client, {**world.auth("admin"), "Idempotency-Key": "add-user-1"}
    body = {"username": "tr.demir", "role": "monitor", "nation": "TR"}
    first = c.post(f"{API}/users", json=body, headers=headers)
    again = c.post(f"{API}/users", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    users = c.get(f"{API}/users", headers=world.auth("admin")).json()
    assert [u["username"] for u in users].count("tr.demir") == 1
    other = c.post(f"{API}/users", json={**body, "username": "x.other"}, headers=headers)
    assert other.status_code == 422 and "was used for another request" in other.json()["detail"]


def test_a_failed_write_frees_its_key(world: World) -> None:
    headers = {**world.auth("admin"), "Idempotency-Key": "bad-then-good"}
    bad = {"username": "az.x", "role": "party_liaison", "party": "XX"}
    assert world.client.post(f"{API}/users", json=bad, headers=headers).status_code == 422
    assert _count(world, idempotency_keys) == 0
    good = {**bad, "party": "AZ"}
    assert world.client.post(f"{API}/users", json=good, headers=headers).status_code == 201


def test_secrets_are_not_kept_for_replay(world: World) -> None:
    headers = {**world.auth("analyst"), "Idempotency-Key": "token-1"}
    first = world.client.post(f"{API}/tokens", json={"name": "script"}, headers=headers)
    assert first.status_code == 201 and first.json()["secret"].startswith("cf_")
    with world.db.read() as conn:
        stored = conn.execute(select(idempotency_keys.c.response)).scalar_one()
    assert stored == {"withheld": True}
    again = world.client.post(f"{API}/tokens", json={"name": "script"}, headers=headers)
    assert again.status_code == 409 and "was not kept" in again.json()["detail"]


def test_malformed_keys_are_refused(world: World) -> None:
    headers = {**world.auth("admin"), "Idempotency-Key": "has space"}
    r = world.client.post(f"{API}/tokens", json={"name": "x"}, headers=headers)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "Idempotency-Key"


def test_openapi_documents_problem_details(world: World) -> None:
    spec = world.client.get(f"{API}/openapi.json").json()
    assert "Problem" in spec["components"]["schemas"]
    assert "422" in spec["paths"][f"{API}/tokens"]["post"]["responses"]


def test_nul_and_control_characters_are_refused(world: World) -> None:
    r = world.client.get(f"{API}/me?x=a%00b")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "x"
    r = world.client.post(f"{API}/tokens", json={"name": "a\u0000b"}, headers=world.auth("analyst"))
    assert r.status_code == 422 and "control characters" in r.json()["detail"]
    r = world.client.post(
        f"{API}/tokens", json={"name": "<b>bold</b>"}, headers=world.auth("analyst")
    )
    assert r.status_code == 422 and "markup" in r.json()["detail"]


def test_a_retried_upload_is_the_same_request_whatever_its_boundary(world: World) -> None:
    from ceasefire.api.idempotency import _RequestDigest

    scope = {"method": "POST", "path": "/x", "query_string": b""}

    def digest(boundary: bytes, chunk: int) -> str:
        body = b"--%s\r\nfile-bytes " % boundary + b"y" * 70_000 + b"\r\n--%s--\r\n" % boundary
        d = _RequestDigest(scope, boundary)
        for i in range(0, len(body), chunk):
            d.feed(body[i : i + chunk])
        return d.hexdigest()

    first = digest(b"aaaaaaaaaaaaaaaa", 7)
    assert digest(b"bbbbbbbbbbbbbbbbbbbbbbbb", 65_536) == first
    assert digest(b"cccc", 1) == first
    plain = _RequestDigest(scope, None)
    plain.feed(b"--aaaa")
    assert plain.hexdigest() != first


def test_expired_revoked_and_disabled_credentials_are_refused(world: World) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.api.conftest import ADMIN

    from ceasefire.services import accounts, api_tokens

    old = api_tokens.create_token(
        db=world.db, viewer=ADMIN, username="analyst", name="old", days=1,
        now=datetime.now(UTC) - timedelta(days=2),
    )  # fmt: skip
    revoked = api_tokens.create_token(db=world.db, viewer=ADMIN, username="analyst", name="r")
    api_tokens.revoke_token(db=world.db, viewer=ADMIN, token=revoked.token.id)
    accounts.disable_user(db=world.db, viewer=ADMIN, username="monitor.tr", reason="rotation")
    for secret in (old.secret, revoked.secret, world.tokens["monitor.tr"]):
        r = world.client.get(f"{API}/me", headers={"Authorization": f"Bearer {secret}"})
        assert r.status_code == 401 and r.json()["detail"] == "token: invalid or expired token"
    live = world.client.post(
        f"{API}/tokens", json={"name": "n"}, headers=world.auth("analyst")
    ).json()
    assert (
        world.client.delete(
            f"{API}/tokens/{live['id']}", headers={"Authorization": f"Bearer {live['secret']}"}
        ).status_code
        == 200
    )
    r = world.client.get(f"{API}/me", headers={"Authorization": f"Bearer {live['secret']}"})
    assert r.status_code == 401  # revocation takes effect at once


def test_a_cached_token_stops_working_when_its_user_is_disabled(world: World) -> None:
    from tests.api.conftest import ADMIN

    from ceasefire.services import accounts

    assert world.client.get(f"{API}/me", headers=world.auth("monitor.ru")).status_code == 200
    accounts.disable_user(db=world.db, viewer=ADMIN, username="monitor.ru", reason="left")
    assert world.client.get(f"{API}/me", headers=world.auth("monitor.ru")).status_code == 401


def test_the_bearer_cache_forgets_entries_after_their_time_to_live() -> None:
    from datetime import UTC, datetime, timedelta

    from ceasefire.domain.access import Role
    from ceasefire.domain.accounts import ApiToken, User
    from ceasefire.services.bearer_cache import BearerCache, CachedBearer

    now = [100.0]
    cache = BearerCache(ttl=2.0, clock=lambda: now[0])
    when = datetime(2026, 12, 3, tzinfo=UTC)
    token = ApiToken("t1", "u1", "n", "cf_abc", when, when + timedelta(days=1))
    user = User("u1", "ana", "Ana", Role.ANALYST, None, None, when)
    cache.put("h", CachedBearer(token, user))
    now[0] = 101.9
    found = cache.get("h")
    assert found is not None and found.token.last_used_at is None
    cache.used("t1", when)
    found = cache.get("h")
    assert found is not None and found.token.last_used_at == when
    now[0] = 102.0
    assert cache.get("h") is None
    cache.put("h", CachedBearer(token, user))
    cache.clear()
    assert cache.get("h") is None


def test_a_request_that_loses_the_race_for_a_key_leaves_the_first_answer(world: World) -> None:
    from datetime import UTC, datetime

    from ceasefire.services.idempotency import KeyedRequest, claim_step, record_answer

    headers = {**world.auth("admin"), "Idempotency-Key": "race-1"}
    body = {"username": "race.user", "role": "analyst"}
    first = world.client.post(f"{API}/users", json=body, headers=headers)
    assert first.status_code == 201
    with world.db.read() as conn:
        row = conn.execute(select(idempotency_keys)).one()
    # A second try that was already running when the first committed loses the claim:
    loser = claim_step(
        KeyedRequest(row.principal, "race-1", "POST", f"{API}/users", row.request_sha256,
                     datetime.now(UTC))
    )  # fmt: skip
    import pytest

    from ceasefire.errors import ConflictError

    with pytest.raises(ConflictError), world.db.transaction() as conn:
        loser(conn)
    assert not record_answer(
        db=world.db, principal=row.principal, key="race-1", status_code=409, response={}
    )
    again = world.client.post(f"{API}/users", json=body, headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
