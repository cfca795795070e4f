"""The evidence directory: files streamed in, stored once under their SHA-256, read-only, and
checked against their hash again whenever they are read.

Layout: `<dir>/<aa>/<bb>/<sha256>` where aa and bb are the hash's first two hex pairs;
uploads are written to `<dir>/tmp/` first and linked into place only when complete, so a
stored path always holds the whole file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ceasefire.domain.evidence import (
    HEAD_SIZE,
    MB,
    SIZE_LIMITS,
    MediaKind,
    MediaType,
    TextCheck,
    check_sha256,
    sniff,
)
from ceasefire.errors import StorageError, ValidationError

__all__ = ["CHUNK_SIZE", "EvidenceStore", "StoredFile"]

CHUNK_SIZE = 1024 * 1024
READ_ONLY = 0o444


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file in the store; `created` is False when the same bytes were there already."""

    sha256: str
    size: int
    media_type: MediaType
    path: Path
    created: bool


class EvidenceStore:
    """Content-addressed files under one directory."""

    def __init__(
        self,
        root: Path,
        *,
        chunk_size: int = CHUNK_SIZE,
        limits: Mapping[MediaKind, int] = SIZE_LIMITS,
    ) -> None:
        self.root = Path(root)
        self.chunk_size = chunk_size
        self.limits = dict(limits)

    @property
    def temporary_dir(self) -> Path:
        """Where uploads are written until complete."""
        return self.root / "tmp"

    def path_of(self, sha256: str) -> Path:
        """Where the file with this SHA-256 is (or would be) stored."""
        digest = check_sha256(sha256)
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, source: BinaryIO, file_name: str) -> StoredFile:
        """Stream `source` in chunks into the store, checking its type from the first bytes
        and its size as it arrives; nothing is left behind when it is refused."""
        self.temporary_dir.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.temporary_dir, prefix="upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                digest, size, media = self._copy(source, out, file_name)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, READ_ONLY)
            final = self.path_of(digest)
            final.parent.mkdir(parents=True, exist_ok=True)
            try:
                # A hard link never replaces an existing file: the same bytes stay stored once.
                os.link(temporary, final)
                created = True
                _fsync_dir(final.parent)
            except FileExistsError:
                created = False
        finally:
            Path(temporary).unlink(missing_ok=True)
        return StoredFile(digest, size, media, final, created)

    def check(self, source: BinaryIO, file_name: str) -> MediaType:
        """The media type `put` would store `source` as (type from the content, size limit,
        text checked to the end), or the ValidationError it would refuse it with; nothing
        is stored. `source` is read to its end and rewound."""
        with open(os.devnull, "wb") as sink:
            media = self._copy(source, sink, file_name)[2]
        source.seek(0)
        return media

    def _copy(self, source: BinaryIO, out: BinaryIO, file_name: str) -> tuple[str, int, MediaType]:
        head, ended = _read_head(source)
        media = sniff(head, file_name, complete=ended)
        limit = self.limits[media.kind]
        text = TextCheck(file_name) if media.text else None
        digest, size, chunk = hashlib.sha256(), 0, head
        while chunk:
            size += len(chunk)
            if size > limit:
                raise ValidationError(
                    "file",
                    file_name,
                    f"is larger than {limit / MB:g} MB, the limit for {media.kind.value} files"
                    f" ({media.label})",
                )
            if text is not None:
                text.feed(chunk)
            digest.update(chunk)
            out.write(chunk)
            chunk = b"" if ended else source.read(self.chunk_size)
        if text is not None:
            text.finish()
        return digest.hexdigest(), size, media

    def open_verified(self, sha256: str) -> BinaryIO:
        """The stored file opened for reading, after checking its bytes still hash to its
        name; a missing or altered file raises StorageError and is not served."""
        path = self.path_of(sha256)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise StorageError(f"evidence file {sha256} is missing from {self.root}") from None
        actual = self._hash(handle)
        if actual != path.name:
            handle.close()
            raise StorageError(
                f"evidence file {sha256} was altered (its bytes now hash to {actual});"
                " it is not served"
            )
        handle.seek(0)
        return handle

    def problem(self, sha256: str) -> str | None:
        """None when the stored file matches its hash; else what is wrong with it."""
        try:
            with self.open_verified(sha256):
                return None
        except StorageError as exc:
            return str(exc)

    def remove(self, sha256: str) -> None:
        """Delete a stored file (used when the upload's transaction failed)."""
        self.path_of(sha256).unlink(missing_ok=True)

    def stored_hashes(self) -> Iterator[str]:
        """The SHA-256 of every file in the store, by their place in the directory tree."""
        for path in sorted(self.root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*")):
            if path.is_file() and path.name[:2] == path.parent.parent.name:
                yield path.name

    def _hash(self, handle: BinaryIO) -> str:
        digest = hashlib.sha256()
        while chunk := handle.read(self.chunk_size):
            digest.update(chunk)
        return digest.hexdigest()


def _read_head(source: BinaryIO) -> tuple[bytes, bool]:
    """Up to HEAD_SIZE first bytes, and whether the source ended within them."""
    parts: list[bytes] = []
    size = 0
    while size < HEAD_SIZE:
        part = source.read(HEAD_SIZE - size)
        if not part:
            return b"".join(parts), True
        parts.append(part)
        size += len(part)
    return b"".join(parts), False


def _fsync_dir(path: Path) -> None:
    # The new directory entry must reach the disk too, or a crash could lose the file.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
