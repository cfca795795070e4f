"""Account rules without a database: users and their viewers, usernames, the password policy,
lockout after repeated failures, the per-address rate limit, token lifetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.accounts import (
    FAILURE_WINDOW,
    LOCKOUT,
    MAX_FAILURES,
    RATE_LIMIT,
    ApiToken,
    AuthenticationError,
    LoginAttempt,
    LoginOutcome,
    User,
    check_password,
    check_token_days,
    check_username,
    lock_expiry,
    password_problems,
    rate_limited,
)
from ceasefire.errors import AccessDeniedError, ValidationError

NOW = datetime(2020, 11, 20, 9, 0, tzinfo=UTC)
PARTIES = {"AZ", "AM", "RU", "TR", "NK"}
NATIONS = {"RU", "TR"}


def a_user(**kw: object) -> User:
    args: dict[str, object] = {
        "user_id": "u1",
        "username": "ru.ivanov",
        "role": "monitor",
        "nation": "RU",
        "parties": PARTIES,
        "monitoring_nations": NATIONS,
        "now": NOW,
    }
    args.update(kw)
    return User.new(**args)  # type: ignore[arg-type]


def test_users_turn_into_the_right_viewer() -> None:
    monitor = a_user()
    assert monitor.viewer() == Viewer(Role.MONITOR, None, "ru.ivanov")
    assert monitor.display_name == "ru.ivanov"
    liaison = a_user(username="am.liaison", role="party_liaison", nation=None, party_id="AM")
    assert liaison.viewer() == Viewer(Role.PARTY_LIAISON, "AM", "am.liaison")
    assert liaison.viewer().speaks_for("AM") and not liaison.viewer().speaks_for("AZ")
    head = a_user(username="hom", role="head_of_mission", nation=None, display_name=" Head ")
    assert head.viewer().sees_everything and head.display_name == "Head"


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"role": "party_liaison", "nation": None}, "party", "needs the party"),
        ({"role": "party_liaison", "nation": None, "party_id": "XX"}, "party", "not a known"),
        ({"role": "analyst", "nation": None, "party_id": "AM"}, "party", "only a party liaison"),
        ({"nation": None}, "nation", "needs their monitoring nation"),
        ({"nation": "AM"}, "nation", "not a monitoring nation (known: RU, TR)"),
        ({"role": "analyst"}, "nation", "only a monitor has a nation"),
        ({"role": "king", "nation": None}, "role", "must be one of"),
        ({"monitoring_nations": set()}, "nation", "load a scenario first"),
    ],
)
def test_role_party_and_nation_rules(kw: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)) as caught:
        a_user(**kw)
    assert caught.value.field == field


@pytest.mark.parametrize("name", ["abc", "ru.ivanov", "tr-2_b", "a" * 100, "007"])
def test_good_usernames(name: str) -> None:
    assert check_username(name) == name


@pytest.mark.parametrize("name", ["ab", "Ivanov", "a b", "a" * 101, "ivanov@jmc", "", "über"])
def test_bad_usernames(name: str) -> None:
    with pytest.raises(ValidationError, match="lowercase letters, digits"):
        check_username(name)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("Correct horse 9", []),
        ("correct horse", []),
        ("0123456789ab", []),
        ("short Pw1", ["shorter than 12 characters"]),
        ("correcthorsebattery", ["only one kind of character"]),
        ("123456789012", ["only one kind of character"]),
        ("RU.Ivanov.12", ["the same as the username"]),
        ("x" * 1025 + "1", ["longer than 1024 characters"]),
        ("aaaa", ["shorter than 12", "only one kind"]),
    ],
)
def test_password_policy_says_what_failed(password: str, problems: list[str]) -> None:
    found = password_problems(password, "ru.ivanov.12")
    assert len(found) == len(problems)
    for got, want in zip(found, problems, strict=True):
        assert want in got


def test_password_error_never_shows_the_password() -> None:
    with pytest.raises(ValidationError) as caught:
        check_password("secretpass", "ru.ivanov")
    assert "secretpass" not in str(caught.value)
    assert "shorter than 12 characters" in str(caught.value)


def fail(at: datetime, outcome: LoginOutcome = LoginOutcome.WRONG_PASSWORD) -> LoginAttempt:
    return LoginAttempt("ru.ivanov", "10.0.0.1", at, outcome)


def test_five_failures_within_the_window_lock_for_fifteen_minutes() -> None:
    attempts = [fail(NOW + timedelta(minutes=i)) for i in range(MAX_FAILURES)]
    assert lock_expiry(attempts[:-1]) is None
    assert lock_expiry(attempts) == NOW + timedelta(minutes=4) + LOCKOUT
    assert LOCKOUT == FAILURE_WINDOW == timedelta(minutes=15) and MAX_FAILURES == 5


def test_failures_spread_wider_than_the_window_do_not_lock() -> None:
    spread = [fail(NOW + i * FAILURE_WINDOW / 4) for i in range(MAX_FAILURES)]
    assert spread[-1].at - spread[0].at == FAILURE_WINDOW
    assert lock_expiry(spread) is None


def test_a_success_resets_the_count_and_unknown_users_count_too() -> None:
    times = [NOW + timedelta(minutes=i) for i in range(6)]
    reset = [fail(t) for t in times[:3]] + [fail(times[3], LoginOutcome.OK)]
    assert lock_expiry([*reset, fail(times[4]), fail(times[5])]) is None
    unknown = [fail(t, LoginOutcome.UNKNOWN_USER) for t in times[:5]]
    assert lock_expiry(unknown) == times[4] + LOCKOUT


def test_attempts_refused_while_locked_do_not_extend_the_lock() -> None:
    locked = [fail(NOW + timedelta(seconds=i)) for i in range(MAX_FAILURES)]
    refused = [fail(NOW + timedelta(minutes=m), LoginOutcome.LOCKED) for m in range(1, 15)]
    assert lock_expiry(locked + refused) == locked[-1].at + LOCKOUT


@given(st.lists(st.integers(min_value=0, max_value=120), max_size=15))
def test_lock_needs_five_failures_inside_one_window(minutes: list[int]) -> None:
    attempts = [fail(NOW + timedelta(minutes=m)) for m in minutes]
    until = lock_expiry(attempts)
    if until is not None:
        last = until - LOCKOUT
        inside = [a for a in attempts if last - FAILURE_WINDOW < a.at <= last]
        assert len(inside) >= MAX_FAILURES
    else:
        for a in attempts:
            assert sum(1 for b in attempts if a.at - FAILURE_WINDOW < b.at <= a.at) < MAX_FAILURES


def test_rate_limit_per_remote() -> None:
    recent = [NOW - timedelta(seconds=s) for s in range(RATE_LIMIT - 1)]
    assert not rate_limited(recent, NOW)
    assert rate_limited([*recent, NOW - timedelta(seconds=59)], NOW)
    assert not rate_limited([*recent, NOW - timedelta(seconds=60)], NOW)
    assert RATE_LIMIT == 20


def test_token_problems_and_lifetimes() -> None:
    token = ApiToken("t1", "u1", "import", "cf_abcdefgh", NOW, NOW + timedelta(days=1))
    assert token.problem(NOW) is None
    assert token.problem(NOW + timedelta(days=1)) == "expired"
    assert ApiToken("t1", "u1", "x", "cf_", NOW, NOW + timedelta(days=1), NOW).problem(NOW) == (
        "revoked"
    )
    assert check_token_days(365) == 365
    for bad in (0, 366, -1):
        with pytest.raises(ValidationError, match="from 1 to 365"):
            check_token_days(bad)


def test_authentication_error_says_nothing_of_the_reason() -> None:
    error = AuthenticationError("token", "invalid or expired token", "revoked")
    assert str(error) == "token: invalid or expired token"
    assert error.reason == "revoked"
    assert isinstance(error, AccessDeniedError) and error.exit_code == 8


def test_locked_and_disabled_users() -> None:
    user = a_user()
    assert not user.disabled and not user.locked(NOW)
    locked = User(**{**_fields(user), "locked_until": NOW + LOCKOUT})
    assert locked.locked(NOW) and not locked.locked(NOW + LOCKOUT)
    assert User(**{**_fields(user), "disabled_at": NOW}).disabled


def _fields(user: User) -> dict[str, object]:
    return {name: getattr(user, name) for name in User.__slots__}  # type: ignore[attr-defined]
