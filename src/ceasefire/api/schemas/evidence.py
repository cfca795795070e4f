"""Bodies of evidence files attached to reports and complaints, and the headers of a
download."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import Form
from pydantic import BaseModel, Field

from ceasefire.api.schemas.common import PlainText
from ceasefire.domain.evidence import EvidenceEntity, EvidenceLink

__all__ = ["Description", "EvidenceOut", "download_headers"]

Description = Annotated[
    PlainText,
    Form(description="What the file shows, plain text", examples=["Crater 2 m wide, 80 m SE"]),
]
"""The description sent beside an uploaded file (a multipart form field)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]")


class EvidenceOut(BaseModel):
    """A file attached to a record: its SHA-256 (which names it), size, the media type read
    from its content, and the name and description it was uploaded with (null when withheld
    from this reader: an analyst on a party-confidential complaint)."""

    id: str
    sha256: str = Field(
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
    )
    size: int = Field(examples=[48211])
    media_type: str = Field(examples=["image/png"])
    entity: EvidenceEntity
    entity_id: str
    file_name: str | None = Field(examples=["crater.png"])
    description: str | None
    withheld: bool
    added_by: str
    added_at: datetime
    download: str = Field(description="Path of the file's download")

    @classmethod
    def of(cls, link: EvidenceLink, download: str) -> EvidenceOut:
        """The body for an attached file."""
        return cls(
            id=link.id,
            sha256=link.file.sha256,
            size=link.file.size,
            media_type=link.file.media_type,
            entity=link.entity,
            entity_id=link.entity_id,
            file_name=link.file_name,
            description=link.description,
            withheld=link.withheld,
            added_by=link.added_by,
            added_at=link.added_at,
            download=download,
        )


def download_headers(sha256: str, size: int, file_name: str | None) -> dict[str, str]:
    """Headers of a download: always an attachment (never shown inline, never sniffed),
    named after the upload (an ASCII fallback and the UTF-8 name), the hash as ETag, and
    kept out of shared caches.

    >>> download_headers("ab" * 32, 3, 'Café "4".png')["Content-Disposition"]
    'attachment; filename="Caf_ _4_.png"; filename*=UTF-8\\'\\'Caf%C3%A9%20%224%22.png'
    """
    name = file_name or sha256
    fallback = _UNSAFE.sub("_", name) or sha256
    utf8 = quote(name, safe="")
    return {
        "Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{utf8}",
        "Content-Length": str(size),
        "ETag": f'"{sha256}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
