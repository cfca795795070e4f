"""Accounts: users with a role (and a liaison's party, a monitor's nation), API tokens, and
the rules for usernames, passwords, login lockout and per-address rate limiting.

Everything here is pure: the services feed it stored attempts and the current time, so the
lockout and rate limit are tested with a fixed clock and no database.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.validation import check_aware, check_non_empty, parse_enum
from ceasefire.errors import AuthenticationError, ValidationError

__all__ = [
    "DEFAULT_TOKEN_DAYS",
    "FAILURE_WINDOW",
    "LOCKOUT",
    "MAX_FAILURES",
    "MAX_TOKEN_DAYS",
    "MIN_PASSWORD",
    "RATE_LIMIT",
    "RATE_WINDOW",
    "ApiToken",
    "AuthenticationError",
    "LoginAttempt",
    "LoginOutcome",
    "User",
    "check_password",
    "check_token_days",
    "check_username",
    "lock_expiry",
    "password_problems",
    "rate_limited",
]

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
USERNAME = re.compile(r"[a-z0-9._-]{3,100}")

MAX_FAILURES = 5
"""Failed logins within FAILURE_WINDOW that lock an account."""
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
"""How long an account stays locked after MAX_FAILURES failures."""
RATE_LIMIT = 20
"""Login attempts one remote address may make within RATE_WINDOW."""
RATE_WINDOW = timedelta(minutes=1)

DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365


class LoginOutcome(StrEnum):
    """How a password login attempt ended."""

    OK = "ok"
    WRONG_PASSWORD = "wrong_password"
    UNKNOWN_USER = "unknown_user"
    LOCKED = "locked"
    DISABLED = "disabled"
    RATE_LIMITED = "rate_limited"

    @property
    def counts_as_failure(self) -> bool:
        """Failures that count towards a lockout: a password actually checked and wrong
        (an unknown username counts too, so known and unknown names behave alike)."""
        return self in (LoginOutcome.WRONG_PASSWORD, LoginOutcome.UNKNOWN_USER)


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One password login attempt as stored."""

    username: str
    remote: str
    at: datetime
    outcome: LoginOutcome


@dataclass(frozen=True, slots=True)
class User:
    """A person who signs in; the password hash is kept apart (never in this record, so it
    cannot reach the audit log)."""

    id: str
    username: str
    display_name: str
    role: Role
    party_id: str | None
    nation: str | None
    created_at: datetime
    disabled_at: datetime | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None

    @classmethod
    def new(
        cls,
        *,
        user_id: str,
        username: str,
        role: Role | str,
        display_name: str | None = None,
        party_id: str | None = None,
        nation: str | None = None,
        parties: Collection[str] = (),
        monitoring_nations: Collection[str] = (),
        now: datetime,
    ) -> User:
        """A validated new user: a liaison needs a known party, a monitor a monitoring nation."""
        check_aware(now, "now")
        name = check_username(username)
        kind = parse_enum(Role, role, "role")
        return cls(
            id=user_id,
            username=name,
            display_name=check_non_empty(display_name or name, "display_name"),
            role=kind,
            party_id=_party(kind, party_id, parties),
            nation=_nation(kind, nation, monitoring_nations),
            created_at=now,
        )

    @property
    def disabled(self) -> bool:
        """A disabled user cannot log in and their tokens do not work."""
        return self.disabled_at is not None

    def locked(self, now: datetime) -> bool:
        """True while a lockout after repeated failed logins lasts."""
        return self.locked_until is not None and now < self.locked_until

    def viewer(self) -> Viewer:
        """What this user may read: their role, and a liaison's party."""
        party = self.party_id if self.role is Role.PARTY_LIAISON else None
        return Viewer(self.role, party, self.username)


def _party(role: Role, party_id: str | None, parties: Collection[str]) -> str | None:
    party = (party_id or "").strip() or None
    if role is not Role.PARTY_LIAISON:
        if party is not None:
            raise ValidationError("party", party, f"only a party liaison has a party, not {role}")
        return None
    if party is None:
        raise ValidationError("party", party_id, "a party liaison needs the party they speak for")
    if party not in parties:
        known = ", ".join(sorted(parties)) or "none; load a scenario first"
        raise ValidationError("party", party, f"not a known party (known: {known})")
    return party


def _nation(role: Role, nation: str | None, monitoring_nations: Collection[str]) -> str | None:
    value = (nation or "").strip() or None
    if role is not Role.MONITOR:
        if value is not None:
            raise ValidationError("nation", value, f"only a monitor has a nation, not {role}")
        return None
    if value is None:
        raise ValidationError("nation", nation, "a monitor needs their monitoring nation")
    if value not in monitoring_nations:
        known = ", ".join(sorted(monitoring_nations)) or "none; load a scenario first"
        raise ValidationError("nation", value, f"not a monitoring nation (known: {known})")
    return value


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A token for scripts as stored: its secret is shown once and kept only as a hash."""

    id: str
    user_id: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def problem(self, now: datetime) -> str | None:
        """Why the token does not work now ("revoked", "expired"), or None if it does."""
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        return None


def check_token_days(days: int) -> int:
    """A token lifetime in whole days, 1 to MAX_TOKEN_DAYS."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError("days", days, f"must be a whole number from 1 to {MAX_TOKEN_DAYS}")
    return days


def check_username(username: str) -> str:
    """3-100 characters: lowercase letters, digits, `.`, `-` and `_`.

    >>> check_username("ru.ivanov")
    'ru.ivanov'
    """
    text = username.strip() if isinstance(username, str) else username
    if not isinstance(text, str) or not USERNAME.fullmatch(text):
        raise ValidationError(
            "username",
            username,
            "must be 3 to 100 characters: lowercase letters, digits, '.', '-' or '_'",
        )
    return text


def _classes(password: str) -> set[str]:
    return {
        "lower" if c.islower() else "upper" if c.isupper() else "digit" if c.isdigit() else "other"
        for c in password
    }


def password_problems(password: str, username: str) -> list[str]:
    """Every rule the password breaks (empty: acceptable).

    >>> password_problems("short", "ivanov")
    ['shorter than 12 characters', 'only one kind of character (add another kind: upper or \
lower case letters, digits, spaces or symbols)']
    """
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"shorter than {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        problems.append(f"longer than {MAX_PASSWORD} characters")
    if password.strip().lower() == username.strip().lower():
        problems.append("the same as the username")
    if len(_classes(password)) < 2:
        problems.append(
            "only one kind of character (add another kind: upper or lower case letters,"
            " digits, spaces or symbols)"
        )
    return problems


def check_password(password: str, username: str) -> str:
    """The password, or a ValidationError listing every rule it breaks (never the password)."""
    problems = password_problems(password, username)
    if problems:
        raise ValidationError("password", f"{len(password)} characters", "; ".join(problems))
    return password


def lock_expiry(attempts: Iterable[LoginAttempt]) -> datetime | None:
    """When the lockout set by these attempts of one username ends, or None if none was set.

    Failures count from the last successful login on; MAX_FAILURES of them within
    FAILURE_WINDOW lock the account for LOCKOUT after the last of them. Attempts refused
    while locked are not failures, so hammering a locked account does not extend the lock.
    """
    failures: list[datetime] = []
    for attempt in sorted(attempts, key=lambda a: a.at):
        if attempt.outcome is LoginOutcome.OK:
            failures.clear()
        elif attempt.outcome.counts_as_failure:
            failures.append(attempt.at)
    until = None
    for i in range(MAX_FAILURES - 1, len(failures)):
        if failures[i] - failures[i - MAX_FAILURES + 1] < FAILURE_WINDOW:
            until = failures[i] + LOCKOUT
    return until


def rate_limited(attempt_times: Sequence[datetime], now: datetime) -> bool:
    """True when one remote address has already made RATE_LIMIT attempts in RATE_WINDOW."""
    since = now - RATE_WINDOW
    return sum(1 for t in attempt_times if since < t <= now) >= RATE_LIMIT
