"""Content signatures: which format a file is, read from its first bytes alone.

Each check follows the format's own definition (magic numbers, ISO box brands, EBML doc
type, ZIP local headers, the MAVLink and DataFlash framing) so that a file's name never
decides what it is.
"""

from __future__ import annotations

import codecs
import struct
from collections.abc import Callable

__all__ = ["binary_signature", "office_type", "text_head"]

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
_ODF = b"application/vnd.oasis.opendocument."
_ODF_TYPES = {b"text": "text", b"spreadsheet": "spreadsheet", b"presentation": "presentation"}
_OOXML_PARTS = {
    b"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    b"xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    b"ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ZIP_LOCAL = b"PK\x03\x04"
# Telemetry timestamps: microseconds since 1970, plausible from 2000 to 2100.
_TLOG_EARLIEST, _TLOG_LATEST = 946_684_800 * 10**6, 4_102_444_800 * 10**6


def _iso_media(head: bytes) -> str | None:
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand in _HEIC_BRANDS:
        return "image/heic"
    if brand == b"qt  ":
        return "video/quicktime"
    return "video/mp4" if brand in _MP4_BRANDS else None


def _matroska(head: bytes) -> str | None:
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    start = head[:64]  # the EBML header with its DocType comes first
    if b"webm" in start:
        return "video/webm"
    return "video/x-matroska" if b"matroska" in start else None


def _tlog_record(head: bytes, at: int) -> int | None:
    """The length of the timestamped MAVLink packet at `at`, or None if there is none."""
    if len(head) < at + 10:
        return None
    (stamp,) = struct.unpack_from(">Q", head, at)
    magic, length = head[at + 8], head[at + 9]
    if not _TLOG_EARLIEST <= stamp <= _TLOG_LATEST:
        return None
    if magic == 0xFE:  # MAVLink 1: STX, len, seq, sys, comp, msgid, payload, crc16
        return 8 + 8 + length
    if magic == 0xFD:  # MAVLink 2: 10-byte header, payload, crc16, optional 13-byte signature
        signed = len(head) > at + 10 and head[at + 10] & 0x01
        return 8 + 12 + length + (13 if signed else 0)
    return None


def _tlog(head: bytes) -> str | None:
    first = _tlog_record(head, 0)
    if first is None:
        return None
    if len(head) >= first + 10 and _tlog_record(head, first) is None:
        return None
    return "application/x-mavlink-tlog"


def _dataflash(head: bytes) -> str | None:
    # Every message starts 0xA3 0x95 <type>; the log opens with FMT messages (type 128)
    # whose payload names a message type in 4 ASCII characters.
    if len(head) < 9 or head[:3] != b"\xa3\x95\x80":
        return None
    name = head[5:9].rstrip(b"\x00")
    ok = bool(name) and all(0x20 < b < 0x7F for b in name)
    return "application/x-ardupilot-dataflash" if ok else None


def _prefixed(prefix: bytes, name: str) -> Callable[[bytes], str | None]:
    return lambda head: name if head.startswith(prefix) else None


_CHECKS: tuple[Callable[[bytes], str | None], ...] = (
    _prefixed(b"\xff\xd8\xff", "image/jpeg"),
    _prefixed(b"\x89PNG\r\n\x1a\n", "image/png"),
    _prefixed(b"GIF87a", "image/gif"),
    _prefixed(b"GIF89a", "image/gif"),
    lambda head: "image/webp" if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else None,
    _iso_media,
    _matroska,
    _prefixed(b"%PDF-", "application/pdf"),
    _prefixed(_ZIP_LOCAL, "application/zip"),
    _prefixed(b"ULog\x01\x12\x35", "application/x-px4-ulog"),
    _dataflash,
    _tlog,
)


def binary_signature(head: bytes) -> str | None:
    """The MIME name of a binary format recognised from the first bytes, else None.

    >>> binary_signature(b"\\x89PNG\\r\\n\\x1a\\n...")
    'image/png'
    """
    for check in _CHECKS:
        found = check(head)
        if found is not None:
            return found
    return None


def office_type(head: bytes) -> str | None:
    """The office format of a ZIP from its first entries (OpenDocument's `mimetype` entry,
    Office Open XML's `word/`, `xl/`, `ppt/` parts), or None for another ZIP."""
    if len(head) >= 30:
        size, name_len, extra_len = struct.unpack_from("<I4xHH", head, 18)
        if head[30 : 30 + name_len] == b"mimetype":
            start = 30 + name_len + extra_len
            declared = head[start : start + size]
            if declared.startswith(_ODF):
                kind = _ODF_TYPES.get(declared[len(_ODF) :])
                return None if kind is None else _ODF.decode() + kind
    at = head.find(_ZIP_LOCAL)
    for _ in range(256):
        if at < 0 or at + 30 > len(head):
            break
        (name_len,) = struct.unpack_from("<H", head, at + 26)
        name = head[at + 30 : at + 30 + name_len]
        for prefix, media in _OOXML_PARTS.items():
            if name.startswith(prefix):
                return media
        at = head.find(_ZIP_LOCAL, at + 4)
    return None


def text_head(head: bytes, complete: bool) -> str | None:
    """The head decoded as UTF-8 text, or None when it is not text (a NUL byte, invalid
    UTF-8; a character cut at the end of an incomplete head is allowed)."""
    if b"\x00" in head:
        return None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return None
