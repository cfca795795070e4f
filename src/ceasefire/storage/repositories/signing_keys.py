"""Monitors' signing keys (Ed25519 public keys, hex)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from ceasefire.domain.signing import SigningKey
from ceasefire.errors import NotFoundError
from ceasefire.storage.schema import signing_keys

__all__ = ["add", "by_ids", "find", "find_by_public_key", "get", "list_all", "revoke"]


def add(conn: Connection, key: SigningKey) -> None:
    """Insert a new key."""
    conn.execute(
        signing_keys.insert().values(
            id=key.id,
            holder=key.holder,
            nation=key.nation,
            public_key=key.public_key,
            created_at=key.created_at,
            revoked_at=key.revoked_at,
        )
    )


def find(conn: Connection, key_id: str) -> SigningKey | None:
    """The key with this id, or None."""
    row = conn.execute(select(signing_keys).where(signing_keys.c.id == key_id)).first()
    return None if row is None else _key(row._mapping)


def get(conn: Connection, key_id: str) -> SigningKey:
    """The key with this id, or NotFoundError."""
    found = find(conn, key_id)
    if found is None:
        raise NotFoundError("signing key", key_id)
    return found


def find_by_public_key(conn: Connection, public_key: str) -> SigningKey | None:
    """The key registered with this public key (hex), or None."""
    row = conn.execute(select(signing_keys).where(signing_keys.c.public_key == public_key)).first()
    return None if row is None else _key(row._mapping)


def by_ids(conn: Connection, key_ids: Iterable[str]) -> dict[str, SigningKey]:
    """The keys with these ids that exist, by id."""
    wanted = sorted(set(key_ids))
    if not wanted:
        return {}
    rows = conn.execute(select(signing_keys).where(signing_keys.c.id.in_(wanted)))
    return {r.id: _key(r._mapping) for r in rows}


def list_all(conn: Connection) -> list[SigningKey]:
    """Every key, by id."""
    rows = conn.execute(select(signing_keys).order_by(signing_keys.c.id))
    return [_key(r._mapping) for r in rows]


def revoke(conn: Connection, key_id: str, *, at: datetime) -> None:
    """Mark the key revoked from `at` on."""
    conn.execute(signing_keys.update().where(signing_keys.c.id == key_id).values(revoked_at=at))


def _key(row: Any) -> SigningKey:
    return SigningKey(
        id=row["id"],
        holder=row["holder"],
        nation=row["nation"],
        public_key=row["public_key"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
    )
