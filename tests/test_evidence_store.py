"""The evidence directory on a real file system: streamed uploads stop as soon as they pass
the limit, the same bytes are stored once and read-only, tampering is caught on read, and a
refused upload leaves no temporary file behind."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

import pytest
from tests.domain.test_evidence import PDF, png_bytes

from ceasefire.domain.evidence import HEAD_SIZE, MB, MediaKind
from ceasefire.errors import StorageError, ValidationError
from ceasefire.evidence_store import CHUNK_SIZE, EvidenceStore

JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


class EndlessPhoto(io.RawIOBase):
    """A JPEG that never ends, counting how many bytes were read from it."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = len(buffer)
        data = (JPEG_HEADER + bytes(n))[:n] if self.served == 0 else bytes(n)
        buffer[:n] = data
        self.served += n
        return n


def leftovers(store: EvidenceStore) -> list[str]:
    return sorted(os.listdir(store.temporary_dir)) if store.temporary_dir.exists() else []


def test_a_file_is_stored_under_its_hash_read_only(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    content = png_bytes()
    stored = store.put(io.BytesIO(content), "crater.png")
    digest = hashlib.sha256(content).hexdigest()
    assert stored.sha256 == digest and stored.size == len(content) and stored.created
    assert stored.media_type.name == "image/png"
    assert stored.path == tmp_path / "evidence" / digest[:2] / digest[2:4] / digest
    assert stored.path.read_bytes() == content
    assert stat.S_IMODE(stored.path.stat().st_mode) == 0o444
    assert leftovers(store) == []
    assert list(store.stored_hashes()) == [digest]


def test_the_same_bytes_are_stored_once(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    first = store.put(io.BytesIO(PDF), "statement.pdf")
    again = store.put(io.BytesIO(PDF), "copy-of-statement.pdf")
    assert first.created and not again.created
    assert again.path == first.path
    assert list(store.stored_hashes()) == [first.sha256]
    assert leftovers(store) == []


def test_a_big_upload_streams_through_small_chunks(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path, chunk_size=4096)
    content = PDF + b"%" + os.urandom(3 * CHUNK_SIZE)
    stored = store.put(io.BytesIO(content), "scan.pdf")
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_the_size_limit_stops_the_stream_early_and_leaves_nothing(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    source = EndlessPhoto()
    with pytest.raises(ValidationError, match=r"larger than 25 MB, the limit for photo files"):
        store.put(io.BufferedReader(source, CHUNK_SIZE), "endless.jpg")
    assert 25 * MB < source.served <= 25 * MB + HEAD_SIZE + 2 * CHUNK_SIZE
    assert leftovers(store) == [] and list(store.stored_hashes()) == []


def test_limits_can_be_set_per_store(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path, limits=dict.fromkeys(MediaKind, 1000))
    with pytest.raises(ValidationError, match=r"larger than 0.001 MB"):
        store.put(io.BytesIO(PDF + bytes(1000)), "statement.pdf")
    assert store.put(io.BytesIO(PDF), "statement.pdf").created


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("photo.jpg", PDF, "the name says JPEG image"),
        ("log.txt", b"a" * (HEAD_SIZE + 5000) + b"\x00tail", "NUL byte"),
        ("log.txt", b"b" * (2 * HEAD_SIZE) + b"\xff", "not valid UTF-8"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_a_refused_upload_leaves_no_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    store = EvidenceStore(tmp_path, chunk_size=8192)
    with pytest.raises(ValidationError, match=reason):
        store.put(io.BytesIO(content), name)
    assert leftovers(store) == [] and list(store.stored_hashes()) == []


def test_reading_checks_the_hash_and_refuses_an_altered_file(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    stored = store.put(io.BytesIO(PDF), "statement.pdf")
    with store.open_verified(stored.sha256) as handle:
        assert handle.read() == PDF
    assert store.problem(stored.sha256) is None
    stored.path.chmod(0o644)
    stored.path.write_bytes(PDF.replace(b"Count 0", b"Count 9"))
    with pytest.raises(StorageError, match="was altered"):
        store.open_verified(stored.sha256)
    assert "altered" in (store.problem(stored.sha256) or "")
    stored.path.unlink()
    assert "missing" in (store.problem(stored.sha256) or "")


def test_a_bad_hash_is_refused_before_touching_the_disk(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    with pytest.raises(ValidationError, match="64 hexadecimal"):
        store.open_verified("../../etc/passwd")


def test_a_check_refuses_what_put_would_and_stores_nothing(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path, limits=dict.fromkeys(MediaKind, 1000))
    source = io.BytesIO(PDF)
    assert store.check(source, "statement.pdf").name == "application/pdf"
    assert source.tell() == 0, "rewound for the upload that follows"
    for name, content, reason in (
        ("big.pdf", PDF + bytes(1000), "larger than 0.001 MB"),
        ("photo.jpg", PDF, "the name says JPEG image"),
    ):
        with pytest.raises(ValidationError, match=reason):
            store.check(io.BytesIO(content), name)
    with pytest.raises(ValidationError, match="not valid UTF-8"):
        EvidenceStore(tmp_path).check(io.BytesIO(b"b" * (2 * HEAD_SIZE) + b"\xff"), "log.txt")
    assert not tmp_path.exists() or list(store.stored_hashes()) == []
    assert leftovers(store) == []
