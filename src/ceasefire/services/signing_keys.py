"""Monitors' signing keys (register, generate, revoke, list) and the sign-off quorum."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection

from ceasefire.domain.signing import (
    SigningKey,
    check_quorum,
    generate_private_key,
    load_private_key,
    parse_public_key,
    private_key_pem,
    public_key_of,
    quorum_from_agreements,
)
from ceasefire.errors import ConflictError, ValidationError
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit, signing_keys
from ceasefire.storage.repositories import scenarios as scenario_repo

__all__ = [
    "add_key",
    "generate_key",
    "list_keys",
    "quorum_in_force",
    "read_private_key",
    "required_quorum",
    "revoke_key",
    "signoff_quorum",
]


def quorum_in_force(conn: Connection, db: Database) -> dict[str, int]:
    """The configured quorum, else one sign-off per monitor party of the loaded agreements."""
    configured = db.settings.signoff_quorum
    if configured is not None:
        return check_quorum(configured, "CEASEFIRE_SIGNOFF_QUORUM")
    return quorum_from_agreements(scenario_repo.list_agreements(conn))


def required_quorum(conn: Connection, db: Database) -> dict[str, int]:
    """The quorum in force, or a ValidationError saying how to set one."""
    quorum = quorum_in_force(conn, db)
    if not quorum:
        raise ValidationError(
            "CEASEFIRE_SIGNOFF_QUORUM",
            None,
            "no sign-off quorum: set it (e.g. RU=1,TR=1) or load a scenario whose"
            " agreements name monitors",
        )
    return quorum


def signoff_quorum(*, db: Database) -> dict[str, int]:
    """The sign-off quorum in force: minimum sign-offs per nation (empty if none can be found)."""
    with db.read() as conn:
        return quorum_in_force(conn, db)


def _check_new_key(conn: Connection, db: Database, key: SigningKey) -> None:
    if signing_keys.find(conn, key.id) is not None:
        raise ConflictError(f"signing key {key.id!r} already exists")
    holder = signing_keys.find_by_public_key(conn, key.public_key)
    if holder is not None:
        raise ConflictError(f"this public key is already registered as {holder.id!r}")
    nations = set(quorum_in_force(conn, db)) | {p.id for p in scenario_repo.list_parties(conn)}
    if key.nation not in nations:
        raise ValidationError(
            "nation",
            key.nation,
            "not a nation of the sign-off quorum nor a known party"
            f" (known: {', '.join(sorted(nations)) or 'none; load a scenario first'})",
        )


def _store_key(conn: Connection, key: SigningKey, actor: str) -> None:
    signing_keys.add(conn, key)
    audit.append(
        conn,
        actor=actor,
        action="signing_key.add",
        entity="signing_key",
        entity_id=key.id,
        after=key,
        at=key.created_at,
    )


def add_key(
    *,
    db: Database,
    key_id: str,
    holder: str,
    nation: str,
    public_key: str,
    actor: str,
    now: datetime | None = None,
) -> SigningKey:
    """Register a monitor's existing Ed25519 public key (64 hex characters)."""
    key = SigningKey(
        id=key_id,
        holder=holder.strip(),
        nation=nation.strip(),
        public_key=parse_public_key(public_key, "public_key"),
        created_at=utc_now(now),
    )
    with db.transaction() as conn:
        _check_new_key(conn, db, key)
        _store_key(conn, key, actor)
    return key


def generate_key(
    *,
    db: Database,
    key_id: str,
    holder: str,
    nation: str,
    private_key_out: Path,
    actor: str,
    now: datetime | None = None,
) -> SigningKey:
    """Make a key pair, write the private key (PEM, mode 0600, never over an existing file)
    and register the public key; on any failure neither the file nor the key remains."""
    private = generate_private_key()
    key = SigningKey(
        id=key_id,
        holder=holder.strip(),
        nation=nation.strip(),
        public_key=public_key_of(private),
        created_at=utc_now(now),
    )
    if private_key_out.exists():
        raise ConflictError(f"{private_key_out} already exists; refusing to overwrite it")
    with (
        _written_unless_failed(private_key_out, private_key_pem(private)),
        db.transaction() as conn,
    ):
        _check_new_key(conn, db, key)
        _store_key(conn, key, actor)
    return key


@contextmanager
def _written_unless_failed(path: Path, data: bytes) -> Iterator[None]:
    """Write `data` to a new file readable by its owner only; remove it if the block fails."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConflictError(f"{path} already exists; refusing to overwrite it") from None
    except OSError as exc:
        raise ValidationError(
            "private_key_out", str(path), f"cannot create: {exc.strerror}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        yield
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def read_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file, or a ValidationError naming the file."""
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise ValidationError("private_key", str(path), f"cannot read: {exc.strerror}") from None
    try:
        return load_private_key(pem, "private_key")
    except ValidationError as exc:
        raise ValidationError("private_key", str(path), exc.message) from None


def revoke_key(
    *,
    db: Database,
    key_id: str,
    actor: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> SigningKey:
    """Revoke a key: it signs nothing from now on; sign-offs it made before stay valid."""
    when = utc_now(now)
    with db.transaction() as conn:
        key = signing_keys.get(conn, key_id)
        if key.revoked_at is not None:
            raise ConflictError(
                f"signing key {key_id!r} was already revoked at {key.revoked_at.isoformat()}"
            )
        signing_keys.revoke(conn, key_id, at=when)
        revoked = replace(key, revoked_at=when)
        audit.append(
            conn,
            actor=actor,
            action="signing_key.revoke",
            entity="signing_key",
            entity_id=key_id,
            before=key,
            after={"key": revoked, "reason": reason},
            at=when,
        )
    return revoked


def list_keys(*, db: Database) -> list[SigningKey]:
    """Every registered key, revoked ones included."""
    with db.read() as conn:
        return signing_keys.list_all(conn)
