"""Evidence content types are recognised from real bytes, never from the name: every accepted
kind from a minimal real file, renamed and unknown content refused, text checked to the end,
and random bytes never crash the sniffer."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.evidence import (
    HEAD_SIZE,
    MB,
    SIZE_LIMITS,
    MediaKind,
    TextCheck,
    check_sha256,
    media_type_named,
    sniff,
)
from ceasefire.errors import ValidationError


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG: signature, IHDR, one zlib IDAT of grey scanlines, IEND (with CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + bytes([128] * width) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF" + struct.pack("<I", 12) + b"WEBPVP8L" + struct.pack("<I", 0)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def ftyp(brand: bytes, *compatible: bytes) -> bytes:
    body = brand + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x08mdat"


def ebml(doc_type: bytes) -> bytes:
    """An EBML header (ID 1A45DFA3) whose DocType element (4282) names the format."""
    element = b"\x42\x82" + bytes([0x80 | len(doc_type)]) + doc_type
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(element)]) + element


def zip_bytes(*names: str, odf: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if odf is not None:  # OpenDocument: `mimetype` first and stored uncompressed
            archive.writestr("mimetype", odf, compress_type=zipfile.ZIP_STORED)
        for name in names:
            archive.writestr(name, "<x/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def tlog_bytes(version: int = 1, packets: int = 2) -> bytes:
    """A MAVLink telemetry log: each packet behind an 8-byte big-endian microsecond stamp."""
    out = b""
    for seq in range(packets):
        stamp = struct.pack(">Q", 1_614_585_600_000_000 + seq * 1000)
        payload = bytes(9)  # HEARTBEAT
        if version == 1:
            packet = bytes([0xFE, len(payload), seq, 1, 1, 0]) + payload + b"\x00\x00"
        else:
            packet = bytes([0xFD, len(payload), 0, 0, seq, 1, 1, 0, 0, 0]) + payload + b"\x00\x00"
        out += stamp + packet
    return out


def dataflash_bytes() -> bytes:
    """An ArduPilot DataFlash log opening with the FMT message that describes FMT."""
    fmt = struct.pack("<BB4s16s64s", 0x80, 89, b"FMT", b"BBnNZ", b"Type,Length,Name,Format,Columns")
    return b"\xa3\x95\x80" + fmt


GPX = b'<?xml version="1.0"?>\n<gpx version="1.1" creator="uav"><trk><trkseg/></trk></gpx>\n'
KML = b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"/>'
OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."

ACCEPTED = [
    ("crater.jpg", JPEG, "image/jpeg"),
    ("crater.png", png_bytes(), "image/png"),
    ("crater.gif", GIF, "image/gif"),
    ("crater.webp", WEBP, "image/webp"),
    ("IMG_0001.HEIC", ftyp(b"heic", b"mif1heic"), "image/heic"),
    ("burst.mp4", ftyp(b"isom", b"isomiso2mp41"), "video/mp4"),
    ("burst.mov", ftyp(b"qt  ", b"qt  "), "video/quicktime"),
    ("burst.webm", ebml(b"webm"), "video/webm"),
    ("burst.mkv", ebml(b"matroska"), "video/x-matroska"),
    ("statement.pdf", PDF, "application/pdf"),
    (
        "note.docx",
        zip_bytes("[Content_Types].xml", "word/document.xml"),
        OOXML + "wordprocessingml.document",
    ),
    (
        "counts.xlsx",
        zip_bytes("[Content_Types].xml", "xl/workbook.xml"),
        OOXML + "spreadsheetml.sheet",
    ),
    ("note.odt", zip_bytes("content.xml", odf=ODF + "text"), ODF + "text"),
    ("bundle.zip", zip_bytes("a.txt", "b.txt"), "application/zip"),
    ("note.txt", "Observed 12 explosions — Aghdam, 06:10\n".encode(), "text/plain"),
    ("counts.csv", b"time,explosions\n06:10,12\n", "text/csv"),
    ("track.gpx", GPX, "application/gpx+xml"),
    ("zones.kml", KML, "application/vnd.google-earth.kml+xml"),
    ("flight.tlog", tlog_bytes(1), "application/x-mavlink-tlog"),
    ("flight2.tlog", tlog_bytes(2), "application/x-mavlink-tlog"),
    ("00000042.BIN", dataflash_bytes(), "application/x-ardupilot-dataflash"),
    ("log_1.ulg", b"ULog\x01\x12\x35\x01" + bytes(8), "application/x-px4-ulog"),
]


@pytest.mark.parametrize(("name", "content", "media"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_each_kind_is_recognised_from_its_bytes(name: str, content: bytes, media: str) -> None:
    assert sniff(content, name, complete=True).name == media
    # The content decides, not the name: without an extension the type is the same
    # (CSV is the one text subtype chosen by its name).
    expected = "text/plain" if media == "text/csv" else media
    assert sniff(content, "upload", complete=True).name == expected


def test_a_docx_is_a_document_with_the_document_limit() -> None:
    found = sniff(ACCEPTED[10][1], "note.docx", complete=True)
    assert found.kind is MediaKind.DOCUMENT and found.limit == 50 * MB


@pytest.mark.parametrize(
    ("name", "content", "said", "is_"),
    [
        ("photo.jpg", PDF, "JPEG image (.jpg)", "PDF document"),
        ("statement.pdf", png_bytes(), "PDF document (.pdf)", "PNG image"),
        ("clip.mp4", JPEG, "MP4 video (.mp4)", "JPEG image"),
        ("track.gpx", b"just text\n", "GPX track (.gpx)", "plain text"),
        ("note.docx", zip_bytes("xl/workbook.xml"), "Word document (.docx)", "Excel workbook"),
        ("flight.tlog", dataflash_bytes(), "MAVLink telemetry log (.tlog)", "ArduPilot DataFlash"),
    ],
)
def test_a_renamed_file_is_refused_naming_both(
    name: str, content: bytes, said: str, is_: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        sniff(content, name, complete=True)
    assert refused.value.field == "file" and refused.value.value == name
    assert said in refused.value.message and is_ in refused.value.message


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02\x03binary junk",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
        b"\xff\xfe\xfd not utf-8",
        b"text with a NUL\x00 byte",
        b"\x1a\x45\xdf\xa3\x80",  # EBML without a Matroska doc type
        ftyp(b"avif"),  # an ISO box of a brand not accepted
        b"\xa3\x95\x80\x80\x59\x00\x00\x00\x00",  # DataFlash header, no message name
        struct.pack(">Q", 5) + b"\xfe\x09" + bytes(20),  # tlog framing, impossible stamp
    ],
)
def test_unrecognised_content_is_refused(content: bytes) -> None:
    with pytest.raises(ValidationError, match="not an accepted"):
        sniff(content, "upload.dat", complete=True)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="is empty"):
        sniff(b"", "empty.jpg", complete=True)


def test_a_character_cut_at_the_end_of_an_incomplete_head_is_still_text() -> None:
    text = "é".encode() * (HEAD_SIZE // 2)
    head = text[: HEAD_SIZE - 1]
    assert sniff(head, "notes.txt", complete=False).name == "text/plain"
    with pytest.raises(ValidationError):
        sniff(head, "notes.txt", complete=True)


def test_text_is_checked_to_the_end_across_chunks() -> None:
    check = TextCheck("log.txt")
    data = "Лачин 06:10 ✓\n".encode()
    for i in range(len(data)):  # every split point, including inside a character
        check.feed(data[i : i + 1])
    check.finish()
    bad = TextCheck("log.txt")
    bad.feed(b"fine so far\n")
    with pytest.raises(ValidationError, match=r"NUL byte \(byte 15\)"):
        bad.feed(b"bad\x00")
    cut = TextCheck("log.txt")
    cut.feed("é".encode()[:1])
    with pytest.raises(ValidationError, match="ends inside a UTF-8 character"):
        cut.finish()
    invalid = TextCheck("log.txt")
    with pytest.raises(ValidationError, match=r"not valid UTF-8 \(byte 2\)"):
        invalid.feed(b"ok\xffno")


def test_size_limits_per_kind() -> None:
    assert SIZE_LIMITS == {
        MediaKind.PHOTO: 25 * MB,
        MediaKind.VIDEO: 500 * MB,
        MediaKind.DOCUMENT: 50 * MB,
        MediaKind.LOG: 100 * MB,
    }
    assert media_type_named("video/mp4").limit == 500 * MB
    assert media_type_named("application/x-mavlink-tlog").kind is MediaKind.LOG
    with pytest.raises(ValidationError):
        media_type_named("application/x-msdownload")


def test_sha256_values_are_checked_and_lower_cased() -> None:
    digest = "A" * 64
    assert check_sha256(digest) == "a" * 64
    for bad in ("", "a" * 63, "g" * 64, "a" * 65):
        with pytest.raises(ValidationError):
            check_sha256(bad)


NAMES = st.sampled_from(
    ["x.jpg", "x.pdf", "x.csv", "x.tlog", "x.bin", "x.docx", "x", "x.mov", "x.gpx", "x.zip"]
)
PREFIXES = st.sampled_from(
    [b"", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1a\x45\xdf\xa3", b"\xa3\x95\x80", b"<?xml", b"ULog"]
)


@given(prefix=PREFIXES, rest=st.binary(max_size=300), name=NAMES, complete=st.booleans())
def test_random_bytes_never_crash_the_sniffer(
    prefix: bytes, rest: bytes, name: str, complete: bool
) -> None:
    try:
        found = sniff(prefix + rest, name, complete=complete)
    except ValidationError as refused:
        assert refused.field == "file"
    else:
        assert found.limit > 0
