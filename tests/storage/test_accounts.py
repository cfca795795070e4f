"""Accounts on both backends: users and their rules, password login with lockout and rate
limit, API tokens, and audit entries that never hold a password, hash or secret."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.accounts import LOCKOUT, RATE_LIMIT, AuthenticationError
from ceasefire.errors import AccessDeniedError, ConflictError, NotFoundError, ValidationError
from ceasefire.passwords import ScryptParams, needs_rehash, verify_password
from ceasefire.services.accounts import (
    LOGIN_FAILED,
    add_user,
    authenticate,
    disable_user,
    list_users,
    set_password,
)
from ceasefire.services.api_tokens import (
    INVALID_TOKEN,
    create_token,
    list_tokens,
    resolve_token,
    revoke_token,
    token_hash,
)
from ceasefire.services.database import Database
from ceasefire.services.scenarios import load
from ceasefire.storage.schema import api_tokens, audit_log, login_attempts, users

NOW = datetime(2020, 11, 20, 9, 0, tzinfo=UTC)
FAST = ScryptParams(n=2**8, r=8, p=1)
ADMIN = Viewer(Role.ADMIN, name="root")
PASSWORD = "Correct horse 9"


@pytest.fixture
def accounts(db: Database) -> Database:
    """The reference scenario, the monitor ru.ivanov and the Armenian liaison am.liaison."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    new_user(db, "ru.ivanov", Role.MONITOR, nation="RU")
    new_user(db, "am.liaison", Role.PARTY_LIAISON, party_id="AM")
    return db


def new_user(db: Database, username: str, role: Role, **kw: str | None) -> None:
    add_user(
        db=db, viewer=ADMIN, username=username, role=role, password=PASSWORD,
        params=FAST, now=NOW, **kw,
    )  # fmt: skip


def login(db: Database, username: str, password: str, *, at: datetime = NOW, remote: str = "r1"):  # type: ignore[no-untyped-def]
    return authenticate(
        db=db, username=username, password=password, remote=remote, now=at, params=FAST
    )


def failure(db: Database, username: str, password: str, **kw: object) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as caught:
        login(db, username, password, **kw)  # type: ignore[arg-type]
    return caught.value


def count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def dump(db: Database, *tables: object) -> str:
    """Every value of these tables as text, to search for something that must not be there."""
    with db.read() as conn:
        rows = [dict(r._mapping) for t in tables for r in conn.execute(select(t))]  # type: ignore[call-overload]
    return json.dumps(rows, default=str)


def test_add_list_and_the_viewer_of_each_user(accounts: Database) -> None:
    listed = {u.username: u for u in list_users(db=accounts, viewer=ADMIN)}
    assert list(listed) == ["am.liaison", "ru.ivanov"]
    assert listed["ru.ivanov"].nation == "RU" and listed["ru.ivanov"].party_id is None
    assert listed["am.liaison"].viewer() == Viewer(Role.PARTY_LIAISON, "AM", "am.liaison")
    with accounts.read() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalars().all()
    assert all(verify_password(PASSWORD, h) for h in stored)


@pytest.mark.parametrize(
    ("role", "kw", "field"),
    [
        (Role.PARTY_LIAISON, {}, "party"),
        (Role.PARTY_LIAISON, {"party_id": "XX"}, "party"),
        (Role.MONITOR, {}, "nation"),
        (Role.MONITOR, {"nation": "AZ"}, "nation"),
        (Role.ANALYST, {"nation": "RU"}, "nation"),
    ],
)
def test_bad_users_leave_nothing_written(
    accounts: Database, role: Role, kw: dict[str, str], field: str
) -> None:
    entries = count(accounts, audit_log)
    with pytest.raises(ValidationError) as caught:
        new_user(accounts, "newcomer", role, **kw)
    assert caught.value.field == field
    assert count(accounts, users) == 2 and count(accounts, audit_log) == entries


def test_duplicate_username_and_weak_password(accounts: Database) -> None:
    with pytest.raises(ConflictError, match=r"'ru\.ivanov' already exists"):
        new_user(accounts, "ru.ivanov", Role.ANALYST)
    with pytest.raises(ValidationError, match="shorter than 12"):
        add_user(db=accounts, viewer=ADMIN, username="new.one", role="analyst", password="Ab1")
    assert count(accounts, users) == 2


def test_only_admins_manage_users(accounts: Database) -> None:
    head = Viewer(Role.HEAD_OF_MISSION, name="hom")
    with pytest.raises(AccessDeniedError, match="only an admin may add users") as caught:
        add_user(db=accounts, viewer=head, username="x.y.z", role="analyst", password=PASSWORD)
    assert caught.value.exit_code == 7
    with pytest.raises(AccessDeniedError):
        list_users(db=accounts, viewer=head)
    with pytest.raises(AccessDeniedError):
        disable_user(db=accounts, viewer=head, username="ru.ivanov", reason="x")
    liaison = Viewer(Role.PARTY_LIAISON, "AM", "am.liaison")
    with pytest.raises(AccessDeniedError, match="another's password"):
        set_password(db=accounts, viewer=liaison, username="ru.ivanov", password="New pass 12345")
    set_password(
        db=accounts, viewer=liaison, username="am.liaison", password="New pass 12345", params=FAST
    )
    assert login(accounts, "am.liaison", "New pass 12345").username == "am.liaison"


def test_login_ok_and_the_same_message_for_wrong_password_and_unknown_user(
    accounts: Database,
) -> None:
    assert login(accounts, " RU.Ivanov ", PASSWORD).viewer().role is Role.MONITOR
    wrong = failure(accounts, "ru.ivanov", "Wrong horse 9")
    unknown = failure(accounts, "nobody", PASSWORD)
    assert str(wrong) == str(unknown) == f"login: {LOGIN_FAILED}"
    assert (wrong.reason, unknown.reason) == ("wrong_password", "unknown_user")
    with accounts.read() as conn:
        rows = conn.execute(select(login_attempts).order_by(login_attempts.c.at)).all()
    assert [(r.username, r.outcome, r.succeeded) for r in rows] == [
        ("ru.ivanov", "ok", True),
        ("ru.ivanov", "wrong_password", False),
        ("nobody", "unknown_user", False),
    ]


@pytest.mark.parametrize("username", ["ru.ivanov", "nobody"])
def test_lockout_after_five_failures_and_release_after_fifteen_minutes(
    accounts: Database, username: str
) -> None:
    for i in range(4):
        assert str(failure(accounts, username, "Wrong horse 9", at=NOW + timedelta(minutes=i)))
    fifth = failure(accounts, username, "Wrong horse 9", at=NOW + timedelta(minutes=4))
    release = NOW + timedelta(minutes=4) + LOCKOUT
    assert str(fifth) == "login: too many failed logins for this account; try again after 09:19 UTC"
    refused = failure(accounts, username, PASSWORD, at=release - timedelta(seconds=1))
    assert refused.reason == "locked" and "try again after 09:19 UTC" in str(refused)
    if username == "nobody":
        assert failure(accounts, username, PASSWORD, at=release).reason == "unknown_user"
        return
    with accounts.read() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).one()
        locks = conn.execute(select(audit_log).where(audit_log.c.action == "user.lock")).all()
    assert row.failed_logins == 5 and row.locked_until == release
    assert len(locks) == 1 and locks[0].actor == "system"
    assert login(accounts, username, PASSWORD, at=release).username == username
    with accounts.read() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).one()
    assert row.failed_logins == 0 and row.locked_until is None


def test_rate_limit_per_remote_address(accounts: Database) -> None:
    for i in range(RATE_LIMIT):
        at = NOW + timedelta(seconds=i)
        failure(accounts, f"guess{i}", PASSWORD, at=at, remote="10.0.0.9")
    limited = failure(
        accounts, "ru.ivanov", PASSWORD, at=NOW + timedelta(seconds=30), remote="10.0.0.9"
    )
    assert limited.reason == "rate_limited" and "wait a minute" in str(limited)
    assert login(accounts, "ru.ivanov", PASSWORD, at=NOW + timedelta(seconds=30), remote="10.0.0.8")
    assert login(accounts, "ru.ivanov", PASSWORD, at=NOW + timedelta(seconds=61), remote="10.0.0.9")
    assert count(accounts, login_attempts) == RATE_LIMIT + 2


def test_disabled_user_cannot_log_in_and_their_tokens_stop(accounts: Database) -> None:
    new = create_token(db=accounts, viewer=ADMIN, username="ru.ivanov", name="uav sync", now=NOW)
    assert resolve_token(db=accounts, secret=new.secret, now=NOW).username == "ru.ivanov"
    result = disable_user(
        db=accounts, viewer=ADMIN, username="ru.ivanov", reason="rotated out", now=NOW
    )
    assert result.revoked_tokens == (new.token.id,)
    refused = failure(accounts, "ru.ivanov", PASSWORD, at=NOW + timedelta(minutes=1))
    assert (str(refused), refused.reason) == (f"login: {LOGIN_FAILED}", "disabled")
    with pytest.raises(AuthenticationError, match=INVALID_TOKEN):
        resolve_token(db=accounts, secret=new.secret, now=NOW)
    with pytest.raises(ConflictError, match="already disabled"):
        disable_user(db=accounts, viewer=ADMIN, username="ru.ivanov", reason="again")
    with pytest.raises(ConflictError, match="is disabled"):
        create_token(db=accounts, viewer=ADMIN, username="ru.ivanov", name="x")


def test_token_create_resolve_expire_and_revoke(accounts: Database) -> None:
    new = create_token(
        db=accounts, viewer=ADMIN, username="am.liaison", name="complaints", days=30, now=NOW
    )
    assert new.secret.startswith("cf_") and len(new.secret) == 3 + 43
    assert new.token.prefix == new.secret[:11] and new.token.expires_at == NOW + timedelta(days=30)
    later = NOW + timedelta(days=29)
    user = resolve_token(db=accounts, secret=new.secret, now=later)
    assert user.viewer() == Viewer(Role.PARTY_LIAISON, "AM", "am.liaison")
    [listed] = list_tokens(db=accounts, viewer=ADMIN)
    assert listed.username == "am.liaison" and listed.token.last_used_at == later
    resolve_token(db=accounts, secret=new.secret, now=later + timedelta(minutes=1))
    [listed] = list_tokens(db=accounts, viewer=ADMIN)
    assert listed.token.last_used_at == later  # uses within five minutes are not rewritten
    resolve_token(db=accounts, secret=new.secret, now=later + timedelta(minutes=6))
    [listed] = list_tokens(db=accounts, viewer=ADMIN)
    assert listed.token.last_used_at == later + timedelta(minutes=6)
    reasons = {}
    for secret, at in (
        (new.secret, NOW + timedelta(days=30)),
        ("cf_" + "x" * 43, NOW),
        ("nope", NOW),
    ):
        with pytest.raises(AuthenticationError) as caught:
            resolve_token(db=accounts, secret=secret, now=at)
        assert str(caught.value) == f"token: {INVALID_TOKEN}"
        reasons[secret[:4]] = caught.value.reason
    assert reasons == {new.secret[:4]: "expired", "cf_x": "unknown", "nope": "unknown"}
    revoke_token(db=accounts, viewer=ADMIN, token=new.token.prefix, now=NOW)
    with pytest.raises(AuthenticationError) as caught:
        resolve_token(db=accounts, secret=new.secret, now=NOW)
    assert caught.value.reason == "revoked"
    with pytest.raises(ConflictError, match="already revoked"):
        revoke_token(db=accounts, viewer=ADMIN, token=new.token.id)
    with pytest.raises(NotFoundError):
        revoke_token(db=accounts, viewer=ADMIN, token="cf_missing")
    with pytest.raises(ValidationError, match="from 1 to 365"):
        create_token(db=accounts, viewer=ADMIN, username="am.liaison", name="x", days=400)


def test_users_manage_their_own_tokens_only(accounts: Database) -> None:
    liaison = Viewer(Role.PARTY_LIAISON, "AM", "am.liaison")
    own = create_token(db=accounts, viewer=liaison, username="am.liaison", name="mine")
    with pytest.raises(AccessDeniedError, match="another user"):
        create_token(db=accounts, viewer=liaison, username="ru.ivanov", name="theirs")
    theirs = create_token(db=accounts, viewer=ADMIN, username="ru.ivanov", name="theirs")
    with pytest.raises(AccessDeniedError):
        revoke_token(db=accounts, viewer=liaison, token=theirs.token.id)
    assert [t.token.id for t in list_tokens(db=accounts, viewer=liaison)] == [own.token.id]
    with pytest.raises(AccessDeniedError):
        list_tokens(db=accounts, viewer=liaison, username="ru.ivanov")
    assert len(list_tokens(db=accounts, viewer=ADMIN)) == 2
    revoke_token(db=accounts, viewer=liaison, token=own.token.id)


def test_secrets_and_passwords_are_never_stored_or_audited(accounts: Database) -> None:
    new = create_token(db=accounts, viewer=ADMIN, username="ru.ivanov", name="sync", now=NOW)
    revoke_token(db=accounts, viewer=ADMIN, token=new.token.id, now=NOW)
    set_password(
        db=accounts, viewer=ADMIN, username="ru.ivanov", password="Brand new 2020", params=FAST
    )
    failure(accounts, "ru.ivanov", PASSWORD)
    everything = dump(accounts, api_tokens, audit_log, users, login_attempts)
    assert new.secret not in everything and new.secret[11:] not in everything
    assert PASSWORD not in everything and "Brand new 2020" not in everything
    with accounts.read() as conn:
        assert conn.execute(select(api_tokens.c.token_hash)).scalar_one() == token_hash(new.secret)
        hashes = conn.execute(select(users.c.password_hash)).scalars().all()
        actions = conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars().all()
    assert not any(h in dump(accounts, audit_log) for h in hashes)
    assert new.token.prefix in dump(accounts, audit_log)
    assert [a for a in actions if a.startswith(("user.", "token."))] == [
        "user.add", "user.add", "token.create", "token.revoke", "user.password",
    ]  # fmt: skip


def test_an_outdated_hash_is_replaced_at_the_next_login(accounts: Database) -> None:
    stronger = ScryptParams(n=2**9, r=8, p=1)
    authenticate(db=accounts, username="ru.ivanov", password=PASSWORD, remote="r", params=stronger)
    with accounts.read() as conn:
        stored = conn.execute(
            select(users.c.password_hash).where(users.c.username == "ru.ivanov")
        ).scalar_one()
    assert not needs_rehash(stored, stronger) and verify_password(PASSWORD, stored)
