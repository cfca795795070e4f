"""Accounts: add, list and disable users, set passwords, and password login with lockout
and a per-address rate limit (API tokens: `ceasefire.services.api_tokens`).

Only an admin manages users; every change is an audit entry, never with a password or hash.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from sqlalchemy import Connection

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.accounts import (
    FAILURE_WINDOW,
    LOCKOUT,
    RATE_WINDOW,
    AuthenticationError,
    LoginAttempt,
    LoginOutcome,
    User,
    check_password,
    check_username,
    lock_expiry,
    rate_limited,
)
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import AccessDeniedError, ConflictError
from ceasefire.passwords import (
    DEFAULT_PARAMS,
    ScryptParams,
    hash_password,
    needs_rehash,
    verify_password,
)
from ceasefire.services.bearer_cache import BEARERS
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.storage.repositories import accounts as repo
from ceasefire.storage.repositories import audit

__all__ = [
    "LOGIN_FAILED",
    "DisabledUser",
    "acting",
    "add_user",
    "authenticate",
    "disable_user",
    "list_users",
    "require_admin",
    "set_password",
]

LOGIN_FAILED = "invalid username or password"
SYSTEM_ACTOR = "system"


@dataclass(frozen=True, slots=True)
class DisabledUser:
    """A user after being disabled, and the ids of the tokens revoked with it."""

    user: User
    revoked_tokens: tuple[str, ...]


def acting(viewer: Viewer) -> str:
    """The name the audit log records for this viewer."""
    return viewer.name or viewer.role.value


def require_admin(viewer: Viewer, what: str) -> None:
    """AccessDeniedError unless the viewer is an admin."""
    if viewer.role is not Role.ADMIN:
        raise AccessDeniedError("role", viewer.role.value, f"only an admin may {what}")


def add_user(
    *,
    db: Database,
    viewer: Viewer,
    username: str,
    role: Role | str,
    password: str | None,
    display_name: str | None = None,
    party_id: str | None = None,
    nation: str | None = None,
    params: ScryptParams = DEFAULT_PARAMS,
    now: datetime | None = None,
) -> User:
    """Add a user; `password` None makes an account for API tokens only (no web login)."""
    require_admin(viewer, "add users")
    when = utc_now(now)
    name = check_username(username)
    hashed = None if password is None else hash_password(check_password(password, name), params)
    with db.transaction() as conn:
        user = User.new(
            user_id=str(uuid.uuid4()),
            username=name,
            role=role,
            display_name=display_name,
            party_id=party_id,
            nation=nation,
            parties=repo.party_ids(conn),
            monitoring_nations=repo.monitoring_nations(conn),
            now=when,
        )
        if repo.find_user(conn, name) is not None:
            raise ConflictError(f"user {name!r} already exists")
        repo.add_user(conn, user, hashed)
        _audit(
            conn, acting(viewer), "user.add", user, when=when,
            after={"user": user, "password_set": hashed is not None},
        )  # fmt: skip
    return user


def list_users(*, db: Database, viewer: Viewer) -> list[User]:
    """Every user, disabled ones included, by username (admins only)."""
    require_admin(viewer, "list users")
    with db.read() as conn:
        return repo.list_users(conn)


def disable_user(
    *, db: Database, viewer: Viewer, username: str, reason: str, now: datetime | None = None
) -> DisabledUser:
    """Disable a user: no more logins, and every token of theirs revoked."""
    require_admin(viewer, "disable users")
    why = check_non_empty(reason, "reason")
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get_user(conn, username.strip(), for_update=True)
        if before.disabled:
            raise ConflictError(f"user {before.username!r} is already disabled")
        after = replace(before, disabled_at=when)
        repo.update_user(conn, after)
        revoked = tuple(repo.revoke_tokens_of(conn, before.id, at=when))
        _audit(
            conn, acting(viewer), "user.disable", after, when=when, before=before,
            after={"user": after, "reason": why, "revoked_tokens": list(revoked)},
        )  # fmt: skip
    BEARERS.clear()  # after the commit, so no request caches the user as it was
    return DisabledUser(after, revoked)


def set_password(
    *,
    db: Database,
    viewer: Viewer,
    username: str,
    password: str,
    params: ScryptParams = DEFAULT_PARAMS,
    now: datetime | None = None,
) -> User:
    """Set a user's password (an admin for anyone, a user for themselves)."""
    name = username.strip()
    if viewer.role is not Role.ADMIN and viewer.name != name:
        raise AccessDeniedError(
            "role", viewer.role.value, "only an admin may set another's password"
        )
    hashed = hash_password(check_password(password, name), params)
    when = utc_now(now)
    with db.transaction() as conn:
        user = repo.get_user(conn, name, for_update=True)
        repo.set_password_hash(conn, user.id, hashed)
        _audit(
            conn, acting(viewer), "user.password", user, when=when,
            after={"password": "changed"},
        )  # fmt: skip
    return user


def authenticate(
    *,
    db: Database,
    username: str,
    password: str,
    remote: str,
    now: datetime | None = None,
    params: ScryptParams = DEFAULT_PARAMS,
) -> User:
    """The user whose password this is, or AuthenticationError (its `reason` says why).

    Every attempt within the rate limit is recorded. An address over the rate limit, and a
    locked or disabled account, are refused without checking the password; an unknown
    username gets the same message, the same lockout and (hashing a dummy) about the same
    time as a wrong password, so neither tells which usernames exist.
    """
    when = utc_now(now)
    name = username.strip().lower()[:100]
    address = remote.strip()[:100] or "unknown"
    with db.transaction() as conn:
        outcome, user, until = _attempt(conn, name, password, address, when, params)
    if outcome is LoginOutcome.OK and user is not None:
        return user
    raise _login_error(outcome, until)


def _attempt(
    conn: Connection, name: str, password: str, address: str, when: datetime, params: ScryptParams
) -> tuple[LoginOutcome, User | None, datetime | None]:
    """Check and record one attempt: how it ended, the user, and when a lock in force ends."""
    recent = repo.attempts_from(conn, address, since=when - RATE_WINDOW)
    if rate_limited([a.at for a in recent], when):
        return LoginOutcome.RATE_LIMITED, None, None
    since = when - FAILURE_WINDOW - LOCKOUT
    user = repo.find_user(conn, name, for_update=True)
    until = lock_expiry(repo.attempts_of(conn, name, since=since))
    locked = until is not None and when < until
    outcome = _check(conn, user, password, locked=locked, params=params)
    repo.add_attempt(conn, LoginAttempt(name, address, when, outcome))
    if outcome.counts_as_failure:
        until = lock_expiry(repo.attempts_of(conn, name, since=since))
    in_force = until if until is not None and when < until else None
    if user is not None:
        _update_user(conn, user, outcome, in_force, password=password, when=when, params=params)
    return outcome, user, in_force


def _check(
    conn: Connection, user: User | None, password: str, *, locked: bool, params: ScryptParams
) -> LoginOutcome:
    if locked:
        return LoginOutcome.LOCKED
    if user is None:
        # Hash anyway so an unknown username takes as long as a wrong password.
        verify_password(password, _dummy_hash(params))
        return LoginOutcome.UNKNOWN_USER
    if user.disabled:
        return LoginOutcome.DISABLED
    stored = repo.password_hash_of(conn, user.id)
    if verify_password(password, stored or _dummy_hash(params)) and stored is not None:
        return LoginOutcome.OK
    return LoginOutcome.WRONG_PASSWORD


def _update_user(
    conn: Connection,
    user: User,
    outcome: LoginOutcome,
    lock: datetime | None,
    *,
    password: str,
    when: datetime,
    params: ScryptParams,
) -> None:
    """Keep the user's failure counter and lock; rehash an outdated hash after a success."""
    after = user
    if outcome is LoginOutcome.OK:
        after = replace(user, failed_logins=0, locked_until=None)
        stored = repo.password_hash_of(conn, user.id)
        if stored is not None and needs_rehash(stored, params):
            repo.set_password_hash(conn, user.id, hash_password(password, params))
    elif outcome is LoginOutcome.WRONG_PASSWORD:
        after = replace(user, failed_logins=user.failed_logins + 1, locked_until=lock)
        if lock is not None and not user.locked(when):
            _audit(
                conn, SYSTEM_ACTOR, "user.lock", after, when=when,
                before={"locked_until": user.locked_until},
                after={"locked_until": lock, "failed_logins": after.failed_logins},
            )  # fmt: skip
    if after != user:
        repo.update_user(conn, after)


def _login_error(outcome: LoginOutcome, until: datetime | None) -> AuthenticationError:
    if outcome is LoginOutcome.RATE_LIMITED:
        message = "too many login attempts from this address; wait a minute and try again"
    elif until is not None:
        message = f"too many failed logins for this account; try again after {until:%H:%M} UTC"
    else:
        message = LOGIN_FAILED
    return AuthenticationError("login", message, outcome.value)


@cache
def _dummy_hash(params: ScryptParams) -> str:
    return hash_password("not a password of anyone", params)


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    user: User,
    *,
    when: datetime,
    before: object = None,
    after: object = None,
) -> None:
    audit.append(
        conn,
        actor=actor,
        action=action,
        entity="user",
        entity_id=user.username,
        before=before,
        after=after,
        at=when,
    )
