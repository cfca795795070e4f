"""Ed25519 sign-offs: a finding's canonical content, its hash, keys, signatures and the quorum.

The canonical content of a finding is the UTF-8 encoding of a JSON object with exactly these
keys, sorted, no whitespace between tokens, non-ASCII characters kept as they are:

    {"complaint_id": ..., "format": "ceasefire.finding/1", "id": ..., "incident_id": ...,
     "text": ..., "title": ..., "version": ...}

`format` separates a finding's signature from any other thing a key might ever sign; `version`
makes a signature belong to one version of the finding. Status, dates and authorship are not
signed: they change as the finding moves on, while what a monitor vouches for does not.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ceasefire.domain.agreements import Agreement, AgreementStatus, PartyRole
from ceasefire.domain.validation import check_aware, check_non_empty
from ceasefire.errors import ValidationError

__all__ = [
    "CONTENT_FORMAT",
    "Quorum",
    "SigningKey",
    "canonical_content",
    "check_quorum",
    "content_sha256",
    "generate_private_key",
    "load_private_key",
    "parse_public_key",
    "private_key_pem",
    "public_key_of",
    "quorum_from_agreements",
    "quorum_shortfall",
    "sign",
    "signature_problem",
]

CONTENT_FORMAT = "ceasefire.finding/1"

Quorum = Mapping[str, int]
"""Minimum number of distinct keys per nation that must sign off, e.g. {"RU": 1, "TR": 1}."""

_KEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
_HEX = re.compile(r"[0-9a-f]*")


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A monitor's registered Ed25519 public key (64 hex characters) and their nation."""

    id: str
    holder: str
    nation: str
    public_key: str
    created_at: datetime
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _KEY_ID.fullmatch(self.id):
            raise ValidationError(
                "key.id", self.id, "must be 1-100 letters, digits, '.', '_', '@' or '-'"
            )
        check_non_empty(self.holder, "key.holder")
        check_non_empty(self.nation, "key.nation")
        if len(self.nation) > 50:
            raise ValidationError("key.nation", self.nation, "must be at most 50 characters")
        check_aware(self.created_at, "key.created_at")

    @property
    def revoked(self) -> bool:
        """True once the key has been revoked; a revoked key signs nothing new."""
        return self.revoked_at is not None


def canonical_content(
    *,
    finding_id: str,
    incident_id: str | None,
    complaint_id: str | None,
    title: str,
    text: str,
    version: int,
) -> bytes:
    """The exact bytes a sign-off signs (see the module docstring for the definition).

    >>> canonical_content(finding_id="f1", incident_id="i1", complaint_id=None,
    ...                   title="Shelling", text="Confirmed.", version=1)
    b'{"complaint_id":null,"format":"ceasefire.finding/1","id":"f1","incident_id":"i1","text":"Confirmed.","title":"Shelling","version":1}'
    """
    document = {
        "complaint_id": complaint_id,
        "format": CONTENT_FORMAT,
        "id": finding_id,
        "incident_id": incident_id,
        "text": text,
        "title": title,
        "version": version,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_sha256(content: bytes) -> str:
    """The SHA-256 of canonical content, as 64 lower-case hex characters."""
    return hashlib.sha256(content).hexdigest()


def generate_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def public_key_of(private_key: Ed25519PrivateKey) -> str:
    """The public half of a private key, as 64 hex characters."""
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return raw.hex()


def private_key_pem(private_key: Ed25519PrivateKey) -> bytes:
    """The private key as an unencrypted PKCS#8 PEM document."""
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(pem: bytes, field: str = "private_key") -> Ed25519PrivateKey:
    """Read an unencrypted PKCS#8 PEM Ed25519 private key, or a ValidationError naming `field`."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise ValidationError(field, "<PEM>", "is encrypted; give an unencrypted key") from None
    except (ValueError, UnsupportedAlgorithm):
        raise ValidationError(field, "<PEM>", "is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError(field, "<PEM>", "is not an Ed25519 private key")
    return key


def parse_public_key(value: str, field: str = "public_key") -> str:
    """A public key given as 64 hex characters, returned in lower case."""
    normal = value.strip().lower() if isinstance(value, str) else ""
    if len(normal) != 64 or not _HEX.fullmatch(normal):
        raise ValidationError(field, value, "must be an Ed25519 public key as 64 hex characters")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(normal))
    except ValueError:
        raise ValidationError(field, value, "is not a valid Ed25519 public key") from None
    return normal


def sign(private_key: Ed25519PrivateKey, content: bytes) -> str:
    """The Ed25519 signature of `content`, as 128 hex characters."""
    return private_key.sign(content).hex()


def signature_problem(public_key: str, content: bytes, signature: str) -> str | None:
    """Why `signature` is not a valid signature of `content` by `public_key`, or None if it is.

    >>> key = generate_private_key()
    >>> signature_problem(public_key_of(key), b"x", sign(key, b"x")) is None
    True
    >>> signature_problem(public_key_of(key), b"y", sign(key, b"x"))
    'signature does not verify'
    """
    if len(signature) != 128 or not _HEX.fullmatch(signature):
        return "signature is not 128 lower-case hex characters"
    if len(public_key) != 64 or not _HEX.fullmatch(public_key):
        return "public key is not 64 lower-case hex characters"
    try:
        verifier = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        verifier.verify(bytes.fromhex(signature), content)
    except ValueError:
        return "public key is not a valid Ed25519 key"
    except InvalidSignature:
        return "signature does not verify"
    return None


def check_quorum(quorum: Quorum, field: str = "signoff_quorum") -> dict[str, int]:
    """A quorum with at least one nation, each needing one or more sign-offs."""
    if not quorum:
        raise ValidationError(field, dict(quorum), "must name at least one nation")
    for nation, count in quorum.items():
        if not isinstance(nation, str) or not nation.strip():
            raise ValidationError(field, dict(quorum), "nations must be non-empty ids")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValidationError(field, dict(quorum), f"{nation} must need at least 1 sign-off")
    return dict(quorum)


def quorum_shortfall(quorum: Quorum, signers: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Per nation, how many more sign-offs the quorum needs; empty when it is met.

    `signers` are (key id, nation) of valid sign-offs; a key counts once however often it
    appears, and nations outside the quorum count for nothing.

    >>> quorum_shortfall({"RU": 1, "TR": 1}, [("ru-1", "RU"), ("ru-1", "RU")])
    {'TR': 1}
    >>> quorum_shortfall({"RU": 1, "TR": 1}, [("ru-1", "RU"), ("tr-1", "TR")])
    {}
    """
    keys_by_nation: dict[str, set[str]] = {}
    for key_id, nation in signers:
        keys_by_nation.setdefault(nation, set()).add(key_id)
    missing = {
        nation: need - len(keys_by_nation.get(nation, ()))
        for nation, need in sorted(quorum.items())
    }
    return {nation: n for nation, n in missing.items() if n > 0}


def quorum_from_agreements(agreements: Iterable[Agreement]) -> dict[str, int]:
    """One sign-off from every party that is a monitor in a signed agreement."""
    return {
        p.party_id: 1
        for a in agreements
        if a.status is AgreementStatus.SIGNED
        for p in a.parties
        if PartyRole.MONITOR in p.roles
    }
