"""Evidence files: the kinds of content the mission accepts, recognised by their first bytes
(never by the name), a size limit per kind, and the records tying a file to a report or a
complaint.

`sniff` names the media type of a file from its head (the first `HEAD_SIZE` bytes) and
refuses content it does not recognise and a name whose extension says otherwise; text
formats are checked to the end by `TextCheck` as the file streams in.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import PurePath

from ceasefire.domain.media_signatures import binary_signature, office_type, text_head
from ceasefire.errors import ValidationError

__all__ = [
    "HEAD_SIZE",
    "MAX_SIZE",
    "MB",
    "MEDIA_TYPES",
    "SIZE_LIMITS",
    "EvidenceEntity",
    "EvidenceFile",
    "EvidenceLink",
    "MediaKind",
    "MediaType",
    "TextCheck",
    "check_sha256",
    "media_type_named",
    "sniff",
]

MB = 1_000_000
HEAD_SIZE = 64 * 1024
"""How many leading bytes `sniff` looks at (a ZIP's inner names are found within them)."""


class MediaKind(StrEnum):
    """What an evidence file is, which decides its size limit."""

    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"
    LOG = "log"
    """UAV flight logs, GPS tracks (GPX, KML) and CSV tables."""


SIZE_LIMITS: dict[MediaKind, int] = {
    MediaKind.PHOTO: 25 * MB,
    MediaKind.VIDEO: 500 * MB,
    MediaKind.DOCUMENT: 50 * MB,
    MediaKind.LOG: 100 * MB,
}
"""Largest accepted file per kind, in bytes (1 MB = 1,000,000 bytes)."""

MAX_SIZE = max(SIZE_LIMITS.values())


@dataclass(frozen=True, slots=True)
class MediaType:
    """One accepted content type: its MIME name, a label for people, its kind and the file
    name extensions that may carry it."""

    name: str
    label: str
    kind: MediaKind
    extensions: tuple[str, ...]
    text: bool = False
    """Text formats must be valid UTF-8 without NUL bytes from the first byte to the last."""

    @property
    def limit(self) -> int:
        """The largest accepted size of this type, in bytes."""
        return SIZE_LIMITS[self.kind]


_P, _V, _D, _L = MediaKind.PHOTO, MediaKind.VIDEO, MediaKind.DOCUMENT, MediaKind.LOG
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
MEDIA_TYPES: tuple[MediaType, ...] = (
    MediaType("image/jpeg", "JPEG image", _P, ("jpg", "jpeg", "jpe")),
    MediaType("image/png", "PNG image", _P, ("png",)),
    MediaType("image/gif", "GIF image", _P, ("gif",)),
    MediaType("image/webp", "WebP image", _P, ("webp",)),
    MediaType("image/heic", "HEIC image", _P, ("heic", "heif", "hif")),
    # ISO media and Matroska files are often named after their sibling format.
    MediaType("video/mp4", "MP4 video", _V, ("mp4", "m4v", "mov")),
    MediaType("video/quicktime", "QuickTime video", _V, ("mov", "qt", "mp4")),
    MediaType("video/x-matroska", "Matroska video", _V, ("mkv", "webm")),
    MediaType("video/webm", "WebM video", _V, ("webm", "mkv")),
    MediaType("application/pdf", "PDF document", _D, ("pdf",)),
    MediaType(_OOXML + "wordprocessingml.document", "Word document", _D, ("docx",)),
    MediaType(_OOXML + "spreadsheetml.sheet", "Excel workbook", _D, ("xlsx",)),
    MediaType(_OOXML + "presentationml.presentation", "PowerPoint file", _D, ("pptx",)),
    MediaType(_ODF + "text", "OpenDocument text", _D, ("odt",)),
    MediaType(_ODF + "spreadsheet", "OpenDocument spreadsheet", _D, ("ods",)),
    MediaType(_ODF + "presentation", "OpenDocument presentation", _D, ("odp",)),
    MediaType(
        "application/zip", "ZIP archive", _D, ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp")
    ),
    MediaType("text/plain", "plain text", _D, ("txt", "text", "log", "md"), text=True),
    MediaType("text/csv", "CSV table", _L, ("csv", "tsv"), text=True),
    MediaType("application/gpx+xml", "GPX track", _L, ("gpx",), text=True),
    MediaType("application/vnd.google-earth.kml+xml", "KML file", _L, ("kml",), text=True),
    MediaType("application/x-mavlink-tlog", "MAVLink telemetry log", _L, ("tlog",)),
    MediaType("application/x-ardupilot-dataflash", "ArduPilot DataFlash log", _L, ("bin",)),
    MediaType("application/x-px4-ulog", "PX4 ULog flight log", _L, ("ulg",)),
)

_BY_NAME = {t.name: t for t in MEDIA_TYPES}
_BY_EXTENSION: dict[str, MediaType] = {}
for _type in MEDIA_TYPES:
    for _ext in _type.extensions:
        _BY_EXTENSION.setdefault(_ext, _type)


def media_type_named(name: str) -> MediaType:
    """The accepted media type with this MIME name."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValidationError("media_type", name, "is not an accepted media type") from None


def sniff(head: bytes, file_name: str, *, complete: bool) -> MediaType:
    """The media type of a file from its first bytes; `complete` is True when `head` is the
    whole file. Refuses an empty file, unrecognised content, and a name whose extension
    belongs to another type (photo.jpg that is a PDF).

    >>> sniff(b"%PDF-1.4 ...", "statement.pdf", complete=True).label
    'PDF document'
    """
    if not head:
        raise ValidationError("file", file_name, "is empty")
    name = _binary_type(head) or _text_type(head, complete)
    if name is None:
        raise ValidationError(
            "file",
            file_name,
            "its content is not an accepted photo, video, document or flight log"
            " (JPEG, PNG, GIF, WebP, HEIC, MP4, QuickTime, Matroska/WebM, PDF, Office/"
            "OpenDocument or ZIP, UTF-8 text or CSV, GPX, KML, MAVLink tlog, DataFlash, ULog)",
        )
    found = _BY_NAME[name]
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    if found.name == "text/plain" and extension in ("csv", "tsv"):
        found = _BY_NAME["text/csv"]
    named = _BY_EXTENSION.get(extension)
    if named is not None and extension not in found.extensions:
        raise ValidationError(
            "file",
            file_name,
            f"the name says {named.label} (.{extension}) but the content is {found.label}",
        )
    return found


def _binary_type(head: bytes) -> str | None:
    found = binary_signature(head)
    if found == "application/zip":
        return office_type(head) or found
    return found


def _text_type(head: bytes, complete: bool) -> str | None:
    text = text_head(head, complete)
    if text is None:
        return None
    start = text.lstrip("\ufeff \t\r\n")[:4096]
    if start.startswith("<"):
        if re.search(r"<(\w+:)?gpx[\s>]", start):
            return "application/gpx+xml"
        if re.search(r"<(\w+:)?kml[\s>]", start):
            return "application/vnd.google-earth.kml+xml"
    return "text/plain"


class TextCheck:
    """Checks a text file chunk by chunk: valid UTF-8 and no NUL byte, to the last byte."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._offset = 0

    def feed(self, chunk: bytes) -> None:
        """Check the next chunk; ValidationError at the first bad byte."""
        if b"\x00" in chunk:
            self._fail(self._offset + chunk.index(b"\x00"), "contains a NUL byte")
        try:
            self._decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            self._fail(self._offset + exc.start, "is not valid UTF-8")
        self._offset += len(chunk)

    def finish(self) -> None:
        """The file ended: a multi-byte character cut short is an error."""
        try:
            self._decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            self._fail(self._offset, "ends inside a UTF-8 character")

    def _fail(self, at: int, reason: str) -> None:
        raise ValidationError(
            "file", self.file_name, f"text content {reason} (byte {at}); not accepted as text"
        )


class EvidenceEntity(StrEnum):
    """The records evidence can be attached to."""

    REPORT = "report"
    COMPLAINT = "complaint"


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A stored file: the SHA-256 of its bytes names it; size in bytes; MIME type."""

    sha256: str
    size: int
    media_type: str
    stored_at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """A file attached to one report or complaint, with the name it was uploaded under.

    `file_name` and `description` are None when withheld from the reader (an analyst reading
    a party-confidential complaint).
    """

    id: str
    file: EvidenceFile
    entity: EvidenceEntity
    entity_id: str
    file_name: str | None
    description: str | None
    added_by: str
    added_at: datetime

    @property
    def withheld(self) -> bool:
        """True when the name and description were withheld from this reader."""
        return self.file_name is None


_SHA256 = re.compile(r"[0-9a-f]{64}")


def check_sha256(value: str, field: str = "sha256") -> str:
    """A SHA-256 as 64 lower-case hexadecimal characters (upper case is accepted)."""
    text = value.strip().lower() if isinstance(value, str) else ""
    if not _SHA256.fullmatch(text):
        raise ValidationError(field, value, "must be 64 hexadecimal characters (a SHA-256)")
    return text
