"""Check the audit log's hash chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ceasefire.domain.audit import AuditEntry, ChainBreak, find_break
from ceasefire.services.database import Database
from ceasefire.storage.repositories import audit

__all__ = ["AuditCheck", "verify_audit"]


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """How many entries were checked and the first break, if any."""

    checked: int
    broken: ChainBreak | None


def verify_audit(*, db: Database) -> AuditCheck:
    """Recompute every entry's hash in order; report the first entry that does not match."""
    counter = [0]

    def counted(entries: Iterator[AuditEntry]) -> Iterator[AuditEntry]:
        for e in entries:
            counter[0] += 1
            yield e

    with db.read() as conn:
        broken = find_break(counted(audit.entries(conn)))
    return AuditCheck(checked=counter[0], broken=broken)
