"""API tokens for scripts: create (the secret shown once), list, revoke, and resolve a
presented secret to its user.

A user creates and revokes their own tokens; an admin anyone's. The audit log gets the token
id and display prefix, never the secret.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Connection

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.accounts import (
    DEFAULT_TOKEN_DAYS,
    ApiToken,
    AuthenticationError,
    User,
    check_token_days,
)
from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import AccessDeniedError, ConflictError, ValidationError
from ceasefire.services.accounts import acting
from ceasefire.services.bearer_cache import BEARERS, CachedBearer
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database, aside
from ceasefire.storage.repositories import accounts as repo
from ceasefire.storage.repositories import audit

__all__ = [
    "INVALID_TOKEN",
    "TOKEN_PREFIX",
    "Bearer",
    "NewToken",
    "TokenListing",
    "create_token",
    "identify_bearer",
    "list_tokens",
    "resolve_token",
    "revoke_token",
    "token_hash",
    "touch_token",
]

TOKEN_PREFIX = "cf_"
SHOWN_PREFIX = 11  # "cf_" and 8 random characters: enough to tell tokens apart in a list
MAX_NAME = 200
INVALID_TOKEN = "invalid or expired token"


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just created and its secret, which is shown this once and never stored."""

    token: ApiToken
    secret: str


@dataclass(frozen=True, slots=True)
class TokenListing:
    """A token and the username it belongs to."""

    token: ApiToken
    username: str


def token_hash(secret: str) -> str:
    """The SHA-256 (hex) kept for a secret. The secret is 32 random bytes, so a fast hash
    suffices: unlike a password it cannot be guessed, so a slow hash would add nothing."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    *,
    db: Database,
    viewer: Viewer,
    username: str,
    name: str,
    days: int = DEFAULT_TOKEN_DAYS,
    now: datetime | None = None,
) -> NewToken:
    """A new token for `username` valid for `days` (1-365); the secret is returned once."""
    label = check_non_empty(name, "name")
    if len(label) > MAX_NAME:
        raise ValidationError("name", label, f"must be at most {MAX_NAME} characters")
    lifetime = check_token_days(days)
    when = utc_now(now)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.transaction() as conn:
        user = repo.get_user(conn, username.strip())
        _require_owner_or_admin(viewer, user, "create tokens for")
        if user.disabled:
            raise ConflictError(f"user {user.username!r} is disabled; no new tokens")
        token = ApiToken(
            id=str(uuid.uuid4()),
            user_id=user.id,
            name=label,
            prefix=secret[:SHOWN_PREFIX],
            created_at=when,
            expires_at=when + timedelta(days=lifetime),
        )
        repo.add_token(conn, token, token_hash(secret))
        _audit(conn, acting(viewer), "token.create", token, user, when=when, after=token)
    return NewToken(token, secret)


def revoke_token(
    *, db: Database, viewer: Viewer, token: str, now: datetime | None = None
) -> ApiToken:
    """Revoke a token given by id or display prefix; it stops working at once."""
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get_token(conn, token)
        user = repo.user_by_id(conn, before.user_id)
        _require_owner_or_admin(viewer, user, "revoke tokens of")
        if before.revoked_at is not None:
            raise ConflictError(f"token {before.prefix} is already revoked")
        after = replace(before, revoked_at=when)
        repo.update_token(conn, after)
        _audit(
            conn, acting(viewer), "token.revoke", after, user, when=when,
            before={"revoked_at": None}, after={"revoked_at": when},
        )  # fmt: skip
    BEARERS.clear()  # after the commit, so no request caches the token as it was
    return after


def list_tokens(*, db: Database, viewer: Viewer, username: str | None = None) -> list[TokenListing]:
    """Tokens (of one user, or of everyone for an admin), oldest first; never the secrets.
    Anyone but an admin lists their own tokens only."""
    with db.read() as conn:
        if viewer.role is not Role.ADMIN:
            username = viewer.name if username is None else username
        if username is None:
            owners = {u.id: u.username for u in repo.list_users(conn)}
            return [TokenListing(t, owners[t.user_id]) for t in repo.list_tokens(conn)]
        user = repo.get_user(conn, username.strip())
        _require_owner_or_admin(viewer, user, "list tokens of")
        return [TokenListing(t, user.username) for t in repo.list_tokens(conn, user.id)]


@dataclass(frozen=True, slots=True)
class Bearer:
    """Who presented a token: the user, the token, and whether its last use is stale enough
    to record again (see `touch_token`)."""

    user: User
    token: ApiToken
    stale_use: bool


USE_RECORD_INTERVAL = timedelta(minutes=5)
"""How often a token's `last_used_at` is rewritten: every use would make each API read a
write transaction."""


def identify_bearer(*, db: Database, secret: str, now: datetime | None = None) -> Bearer:
    """The user and token a presented secret belongs to, reading only; AuthenticationError
    (one message whatever the cause; `reason`: unknown, expired, revoked, user_disabled)
    if it does not authenticate. A token resolved in the last `BEARER_TTL` seconds is not
    read again (`services.bearer_cache`)."""
    when = utc_now(now)
    text = secret.strip()
    if not text.startswith(TOKEN_PREFIX):
        raise AuthenticationError("token", INVALID_TOKEN, "unknown")
    digest = token_hash(text)
    cached = BEARERS.get(digest)
    if cached is None:
        with db.read() as conn:
            found = repo.find_bearer(conn, digest)
        if found is None:
            raise AuthenticationError("token", INVALID_TOKEN, "unknown")
        cached = CachedBearer(*found)
        BEARERS.put(digest, cached)
    token, user = cached.token, cached.user
    problem = token.problem(when) or ("user_disabled" if user.disabled else None)
    if problem is not None:
        raise AuthenticationError("token", INVALID_TOKEN, problem)
    last = token.last_used_at
    return Bearer(user, token, stale_use=last is None or when - last >= USE_RECORD_INTERVAL)


def touch_token(*, db: Database, token_id: str, now: datetime | None = None) -> None:
    """Record that a token was used now."""
    when = utc_now(now)
    with aside(), db.transaction() as conn:
        repo.touch_token(conn, token_id, when)
    BEARERS.used(token_id, when)


def resolve_token(*, db: Database, secret: str, now: datetime | None = None) -> User:
    """The user a presented secret belongs to, recording its use when the last record is
    older than USE_RECORD_INTERVAL; AuthenticationError if it does not authenticate."""
    when = utc_now(now)
    bearer = identify_bearer(db=db, secret=secret, now=when)
    if bearer.stale_use:
        touch_token(db=db, token_id=bearer.token.id, now=when)
    return bearer.user


def _require_owner_or_admin(viewer: Viewer, user: User, what: str) -> None:
    if viewer.role is not Role.ADMIN and viewer.name != user.username:
        raise AccessDeniedError(
            "role", viewer.role.value, f"only an admin may {what} another user ({user.username})"
        )


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    token: ApiToken,
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
        entity="api_token",
        entity_id=token.id,
        before=before,
        after={"user": user.username, "prefix": token.prefix, "change": after},
        at=when,
    )
