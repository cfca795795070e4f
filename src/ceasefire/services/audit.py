"""Read the audit log and check its hash chain (admins only: the log names every actor
and carries the records' content before and after each change)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.audit import AuditEntry, ChainBreak, find_break
from ceasefire.errors import ValidationError
from ceasefire.services.accounts import require_admin
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories.audit import AuditFilter

__all__ = [
    "MAX_PAGE",
    "AuditCheck",
    "AuditFilter",
    "AuditSlice",
    "list_entries",
    "verify_audit",
]

MAX_PAGE = 500
_ADMIN = Viewer(Role.ADMIN)
"""The local operator of the CLI, who holds the database itself."""


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """How many entries were checked and the first break, if any."""

    checked: int
    broken: ChainBreak | None


@dataclass(frozen=True, slots=True)
class AuditSlice:
    """A page of entries, newest first, and whether older matching entries remain."""

    entries: list[AuditEntry]
    more: bool


def list_entries(
    *,
    db: Database,
    viewer: Viewer,
    flt: AuditFilter | None = None,
    limit: int = 100,
    before_seq: int | None = None,
) -> AuditSlice:
    """Matching entries, newest first, up to `limit`, older than `before_seq` if given."""
    require_admin(viewer, "read the audit log")
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError("limit", limit, f"must be between 1 and {MAX_PAGE}")
    with db.read() as conn:
        found = audit.search(conn, flt or AuditFilter(), limit=limit + 1, before_seq=before_seq)
    return AuditSlice(found[:limit], more=len(found) > limit)


def verify_audit(*, db: Database, viewer: Viewer = _ADMIN) -> AuditCheck:
    """Recompute every entry's hash in order; report the first entry that does not match."""
    require_admin(viewer, "check the audit log")
    counter = [0]

    def counted(entries: Iterator[AuditEntry]) -> Iterator[AuditEntry]:
        for e in entries:
            counter[0] += 1
            yield e

    with db.read() as conn:
        broken = find_break(counted(audit.entries(conn)))
    return AuditCheck(checked=counter[0], broken=broken)
