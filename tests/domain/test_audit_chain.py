"""The audit hash chain, checked without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from ceasefire.domain.audit import GENESIS_HASH, AuditEntry, entry_hash, find_break


def chain(n: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        fields = {
            "seq": seq,
            "at": datetime(2020, 11, 10, tzinfo=UTC),
            "actor": "a",
            "action": "x",
            "entity": "report",
            "entity_id": str(seq),
            "before": None,
            "after": {"n": seq},
            "prev_hash": prev,
        }
        digest = entry_hash(**fields)  # type: ignore[arg-type]
        entries.append(AuditEntry(**fields, hash=digest))  # type: ignore[arg-type]
        prev = digest
    return entries


def test_intact_chain_has_no_break() -> None:
    assert find_break(chain(5)) is None


def test_changed_content_is_found_at_its_entry() -> None:
    entries = chain(5)
    entries[2] = replace(entries[2], after={"n": 999})
    broken = find_break(entries)
    assert broken is not None
    assert broken.seq == 3
    assert "content" in broken.reason


def test_deleted_entry_is_found() -> None:
    entries = chain(5)
    del entries[1]
    broken = find_break(entries)
    assert broken is not None
    assert broken.seq == 3


def test_rehashed_entry_breaks_the_next_link() -> None:
    entries = chain(4)
    forged = replace(entries[1], after={"n": 0})
    forged = replace(
        forged,
        hash=entry_hash(
            seq=2,
            at=forged.at,
            actor="a",
            action="x",
            entity="report",
            entity_id="2",
            before=None,
            after={"n": 0},
            prev_hash=forged.prev_hash,
        ),
    )
    entries[1] = forged
    broken = find_break(entries)
    assert broken is not None
    assert broken.seq == 3
