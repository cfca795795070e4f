"""Password hashing with scrypt from the standard library, so logins need no new dependency.

A stored hash reads `scrypt$n$r$p$salt_b64$hash_b64`: it carries its own parameters, so
hashes made with older (weaker) parameters still verify and `needs_rehash` says when to
replace them at the next successful login.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

__all__ = [
    "DEFAULT_PARAMS",
    "ScryptParams",
    "hash_password",
    "needs_rehash",
    "parse_hash",
    "verify_password",
]

SALT_BYTES = 16
KEY_BYTES = 32
MAX_N = 2**20  # refuse absurd cost factors read from a damaged hash rather than hang


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost: `n` (CPU/memory, a power of two), block size `r`, parallelism `p`."""

    n: int = 2**15
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1) or self.n > MAX_N:
            raise ValueError(f"scrypt n must be a power of two from 2 to {MAX_N}, not {self.n}")
        if not 1 <= self.r <= 64 or not 1 <= self.p <= 16:
            raise ValueError(f"scrypt r must be 1..64 and p 1..16, not r={self.r}, p={self.p}")

    @property
    def maxmem(self) -> int:
        """Memory scrypt needs (128·r·n bytes, plus room); OpenSSL's default limit is lower."""
        return 128 * self.r * (self.n + self.p + 2) + 1024 * 1024


DEFAULT_PARAMS = ScryptParams()
"""n=2**15, r=8, p=1: about 32 MiB and 50-130 ms per hash on a server core."""


def _derive(password: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        dklen=KEY_BYTES,
        maxmem=params.maxmem,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, params: ScryptParams = DEFAULT_PARAMS) -> str:
    """A new salted hash of `password`, encoded with its parameters."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, params)
    return f"scrypt${params.n}${params.r}${params.p}${_b64(salt)}${_b64(key)}"


def parse_hash(encoded: str) -> tuple[ScryptParams, bytes, bytes] | None:
    """The parameters, salt and key of a stored hash, or None when it is not one of ours."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        params = ScryptParams(int(parts[1]), int(parts[2]), int(parts[3]))
        salt = base64.b64decode(parts[4], validate=True)
        key = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if not salt or len(key) != KEY_BYTES:
        return None
    return params, salt, key


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches the stored hash; False for a wrong password or a hash
    that cannot be read."""
    parsed = parse_hash(encoded)
    if parsed is None:
        return False
    params, salt, key = parsed
    # compare_digest takes the same time wherever the first differing byte is.
    return hmac.compare_digest(_derive(password, salt, params), key)


def needs_rehash(encoded: str, params: ScryptParams = DEFAULT_PARAMS) -> bool:
    """True when the stored hash was made with other parameters (or cannot be read)."""
    parsed = parse_hash(encoded)
    return parsed is None or parsed[0] != params
