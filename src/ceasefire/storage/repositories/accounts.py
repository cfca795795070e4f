"""Users, their password hashes, API tokens (as hashes) and login attempts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, Connection, select

from ceasefire.domain.access import Role
from ceasefire.domain.accounts import ApiToken, LoginAttempt, LoginOutcome, User
from ceasefire.domain.agreements import PartyRole
from ceasefire.errors import ConflictError, NotFoundError
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.schema import api_tokens, login_attempts, scenarios, users

__all__ = [
    "add_attempt",
    "add_token",
    "add_user",
    "attempts_from",
    "attempts_of",
    "find_bearer",
    "find_user",
    "get_token",
    "get_user",
    "list_tokens",
    "list_users",
    "monitoring_nations",
    "party_ids",
    "password_hash_of",
    "revoke_tokens_of",
    "set_password_hash",
    "update_token",
    "update_user",
    "user_by_id",
]


def add_user(conn: Connection, user: User, password_hash: str | None) -> None:
    """Insert a new user with their password hash (None: tokens only, no web login)."""
    conn.execute(
        users.insert().values(
            id=user.id, created_at=user.created_at, password_hash=password_hash, **_values(user)
        )
    )


def update_user(conn: Connection, user: User) -> None:
    """Store a user's name, role, state and login counters over the row with its id."""
    conn.execute(users.update().where(users.c.id == user.id).values(**_values(user)))


def find_user(conn: Connection, username: str, *, for_update: bool = False) -> User | None:
    """The user with this username, or None."""
    query = select(users).where(users.c.username == username)
    row = conn.execute(query.with_for_update() if for_update else query).first()
    return None if row is None else _user(row._mapping)


def get_user(conn: Connection, username: str, *, for_update: bool = False) -> User:
    """The user with this username, or NotFoundError."""
    found = find_user(conn, username, for_update=for_update)
    if found is None:
        raise NotFoundError("user", username)
    return found


def user_by_id(conn: Connection, user_id: str) -> User:
    """The user with this id, or NotFoundError."""
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        raise NotFoundError("user", user_id)
    return _user(row._mapping)


def list_users(conn: Connection) -> list[User]:
    """Every user, disabled ones included, by username."""
    return [_user(r._mapping) for r in conn.execute(select(users).order_by(users.c.username))]


def password_hash_of(conn: Connection, user_id: str) -> str | None:
    """The stored password hash of a user (None: no password set)."""
    value = conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).scalar()
    return None if value is None else str(value)


def set_password_hash(conn: Connection, user_id: str, password_hash: str) -> None:
    """Replace a user's password hash."""
    conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))


def party_ids(conn: Connection) -> set[str]:
    """Ids of the stored parties (a liaison's party must be one)."""
    return {p.id for p in scenario_repo.list_parties(conn)}


def monitoring_nations(conn: Connection) -> set[str]:
    """The monitoring nations: those the loaded scenarios name, and the parties with the role
    monitor in a stored agreement (RU and TR in the reference scenario)."""
    nations = {
        str(n)
        for doc in conn.execute(select(scenarios.c.monitoring_nations)).scalars()
        for n in doc
    }
    for agreement in scenario_repo.list_agreements(conn):
        nations.update(p.party_id for p in agreement.parties if PartyRole.MONITOR in p.roles)
    return nations


# Tokens ---------------------------------------------------------------------------------------


def add_token(conn: Connection, token: ApiToken, token_hash: str) -> None:
    """Insert a token with the SHA-256 of its secret."""
    conn.execute(api_tokens.insert().values(token_hash=token_hash, **_token_values(token)))


def update_token(conn: Connection, token: ApiToken) -> None:
    """Store a token's revocation and last use over the row with its id."""
    conn.execute(
        api_tokens.update()
        .where(api_tokens.c.id == token.id)
        .values(revoked_at=token.revoked_at, last_used_at=token.last_used_at)
    )


def touch_token(conn: Connection, token_id: str, when: datetime) -> None:
    """Record the last use of a token."""
    conn.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(last_used_at=when))


def find_bearer(conn: Connection, token_hash: str) -> tuple[ApiToken, User] | None:
    """The token whose secret has this SHA-256 and its user, in one query (every API
    request asks this), or None."""
    query = (
        select(api_tokens, users)
        .join(users, users.c.id == api_tokens.c.user_id)
        .where(api_tokens.c.token_hash == token_hash)
        .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
    )
    row = conn.execute(query).first()
    if row is None:
        return None
    m = row._mapping
    return _token(_prefixed(m, "api_tokens_")), _user(_prefixed(m, "users_"))


def _prefixed(row: Any, prefix: str) -> dict[str, Any]:
    return {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}


def get_token(conn: Connection, id_or_prefix: str) -> ApiToken:
    """The token with this id or display prefix; NotFoundError, or ConflictError when a
    prefix matches several tokens."""
    key = id_or_prefix.strip()
    rows = conn.execute(
        select(api_tokens).where((api_tokens.c.id == key) | (api_tokens.c.prefix == key))
    ).all()
    if not rows:
        raise NotFoundError("token", key)
    if len(rows) > 1:
        raise ConflictError(f"token prefix {key!r} matches {len(rows)} tokens; give the token id")
    return _token(rows[0]._mapping)


def list_tokens(conn: Connection, user_id: str | None = None) -> list[ApiToken]:
    """Tokens (of one user, or all), oldest first; never their secrets or hashes."""
    query = select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.id)
    if user_id is not None:
        query = query.where(api_tokens.c.user_id == user_id)
    return [_token(r._mapping) for r in conn.execute(query)]


def revoke_tokens_of(conn: Connection, user_id: str, *, at: datetime) -> list[str]:
    """Revoke every token of a user not yet revoked; the ids of those revoked."""
    active = (api_tokens.c.user_id == user_id) & api_tokens.c.revoked_at.is_(None)
    ids = [
        str(i)
        for i in conn.execute(select(api_tokens.c.id).where(active).order_by(api_tokens.c.id))
        .scalars()
        .all()
    ]
    if ids:
        conn.execute(api_tokens.update().where(active).values(revoked_at=at))
    return ids


# Login attempts -------------------------------------------------------------------------------


def add_attempt(conn: Connection, attempt: LoginAttempt) -> None:
    """Record one login attempt."""
    conn.execute(
        login_attempts.insert().values(
            id=str(uuid.uuid4()),
            username=attempt.username,
            remote=attempt.remote,
            at=attempt.at,
            succeeded=attempt.outcome is LoginOutcome.OK,
            outcome=attempt.outcome.value,
        )
    )


def attempts_of(conn: Connection, username: str, *, since: datetime) -> list[LoginAttempt]:
    """Attempts to log in as `username` after `since`, oldest first."""
    return _attempts(conn, login_attempts.c.username == username, since)


def attempts_from(conn: Connection, remote: str, *, since: datetime) -> list[LoginAttempt]:
    """Attempts from one remote address after `since`, oldest first."""
    return _attempts(conn, login_attempts.c.remote == remote, since)


def _attempts(conn: Connection, where: Any, since: datetime) -> list[LoginAttempt]:
    rows = conn.execute(
        select(login_attempts)
        .where(where & (login_attempts.c.at > since))
        .order_by(login_attempts.c.at, login_attempts.c.id)
    )
    return [
        LoginAttempt(username=r.username, remote=r.remote, at=r.at, outcome=LoginOutcome(r.outcome))
        for r in rows
    ]


def _values(u: User) -> dict[str, Any]:
    return {
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role.value,
        "party_id": u.party_id,
        "nation": u.nation,
        "disabled_at": u.disabled_at,
        "failed_logins": u.failed_logins,
        "locked_until": u.locked_until,
    }


def _user(row: Any) -> User:
    return User(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        party_id=row["party_id"],
        nation=row["nation"],
        created_at=row["created_at"],
        disabled_at=row["disabled_at"],
        failed_logins=row["failed_logins"],
        locked_until=row["locked_until"],
    )


def _token_values(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.id,
        "user_id": t.user_id,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "revoked_at": t.revoked_at,
        "last_used_at": t.last_used_at,
    }


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )
