"""scrypt password hashes: round trip, encoding, wrong and damaged hashes, outdated parameters."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.passwords import (
    DEFAULT_PARAMS,
    ScryptParams,
    hash_password,
    needs_rehash,
    parse_hash,
    verify_password,
)

FAST = ScryptParams(n=2**8, r=8, p=1)


def test_real_parameters_round_trip_and_encoding() -> None:
    encoded = hash_password("Correct horse 9", DEFAULT_PARAMS)
    scheme, n, r, p, salt, key = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "32768", "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(key)) == 32
    assert verify_password("Correct horse 9", encoded)
    assert not verify_password("Correct horse 8", encoded)
    assert not needs_rehash(encoded)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_password("same password!", FAST), hash_password("same password!", FAST)
    assert first != second
    assert verify_password("same password!", first)
    assert verify_password("same password!", second)


def test_outdated_parameters_need_a_rehash_but_still_verify() -> None:
    old = hash_password("Correct horse 9", FAST)
    assert verify_password("Correct horse 9", old)
    assert needs_rehash(old)
    assert not needs_rehash(old, FAST)


@pytest.mark.parametrize(
    "damaged",
    [
        "",
        "plaintext",
        "bcrypt$2b$12$abc",
        "scrypt$256$8$1$not-base64!$AAAA",
        "scrypt$255$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # n not a power of two
        "scrypt$1048577$8$1$AAAA$AAAA",
        "scrypt$256$8$1$$" + base64.b64encode(b"k" * 32).decode(),  # empty salt
        "scrypt$256$8$1$AAAA$" + base64.b64encode(b"short").decode(),
    ],
)
def test_damaged_hashes_do_not_verify_and_need_a_rehash(damaged: str) -> None:
    assert parse_hash(damaged) is None
    assert not verify_password("anything at all", damaged)
    assert needs_rehash(damaged)


def test_absurd_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="power of two"):
        ScryptParams(n=1000)
    with pytest.raises(ValueError, match="r must be"):
        ScryptParams(r=0)


@settings(max_examples=25, deadline=None)
@given(password=st.text(min_size=0, max_size=40), other=st.text(min_size=0, max_size=40))
def test_only_the_same_password_verifies(password: str, other: str) -> None:
    encoded = hash_password(password, FAST)
    assert verify_password(password, encoded)
    assert verify_password(other, encoded) == (other == password)
