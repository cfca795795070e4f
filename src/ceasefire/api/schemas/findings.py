"""Bodies of findings: drafts, edits, sign-offs made on the monitor's own machine, and the
finding as each reader sees it."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ceasefire.api.schemas.common import Identifier, PlainText, ShortText, decode_cursor
from ceasefire.domain.findings import Finding, FindingStatus, SignOff
from ceasefire.domain.signing import SigningKey
from ceasefire.errors import ValidationError
from ceasefire.services.findings import EditedFinding, FindingContent, FindingView, SignedFinding

__all__ = [
    "FindingContentOut",
    "FindingDetail",
    "FindingEdit",
    "FindingEdited",
    "FindingIn",
    "FindingOut",
    "SignOffIn",
    "SignOffOut",
    "SignOffResult",
    "time_keyset",
]

KeyId = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")
]
Hex128 = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{128}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")]
FindingText = Annotated[PlainText, StringConstraints(min_length=1)]

EXAMPLE_TITLE = "Mortar fire near Aghdam on 16 November 2020"
EXAMPLE_TEXT = (
    "Three explosions heard by the Aghdam observation post at 21:40 and confirmed by a UAV"
    " overflight; assessed as 82 mm mortar impacts 2-3 km south-east of the post."
)


def time_keyset(cursor: str | None) -> tuple[datetime, str] | None:
    """The (time, id) a cursor of a list ordered by time then id points after; None for the
    first page. A cursor this API did not give out is a 422 naming `cursor`."""
    if cursor is None:
        return None
    when, key = decode_cursor(cursor, 2)
    try:
        at = datetime.fromisoformat(str(when))
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise ValidationError("cursor", cursor, "is not a cursor this list gave out")
    return at, str(key)


class FindingIn(BaseModel):
    """A new draft finding on an incident, a complaint (id or reference) or both."""

    model_config = ConfigDict(extra="forbid")
    title: ShortText = Field(examples=[EXAMPLE_TITLE])
    text: FindingText = Field(examples=[EXAMPLE_TEXT])
    incident_id: Identifier | None = Field(
        default=None, examples=["5d0c1c2e-7a53-4f41-9a0e-1f2b3c4d5e6f"]
    )
    complaint: Identifier | None = Field(
        default=None, description="A complaint's id or reference", examples=["AM-2020-001"]
    )


class FindingEdit(BaseModel):
    """A new title and/or text; the finding goes back to draft and its sign-offs are voided."""

    model_config = ConfigDict(extra="forbid")
    title: ShortText | None = Field(default=None, examples=[EXAMPLE_TITLE])
    text: FindingText | None = Field(default=None, examples=[EXAMPLE_TEXT])


class SignOffIn(BaseModel):
    """A signature made on the monitor's own machine: Ed25519 over the exact bytes of
    `GET /findings/{id}/content` (`content_base64`), with a registered key."""

    model_config = ConfigDict(extra="forbid")
    key_id: KeyId = Field(examples=["ru-1"])
    signature: Hex128 = Field(
        description="The Ed25519 signature as 128 hex characters", examples=["9f" * 64]
    )
    content_sha256: Sha256 | None = Field(
        default=None,
        description="The `sha256` of the content signed: if the finding changed since, the"
        " answer is 409 instead of a signature that does not verify",
        examples=["3b" * 32],
    )


class FindingOut(BaseModel):
    """A finding at its current version."""

    id: str
    incident_id: str | None
    complaint_id: str | None
    title: str = Field(examples=[EXAMPLE_TITLE])
    text: str = Field(examples=[EXAMPLE_TEXT])
    version: int = Field(examples=[1])
    status: FindingStatus
    content_sha256: str = Field(description="SHA-256 of the canonical content signed off")
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, f: Finding) -> FindingOut:
        """The body for a finding."""
        return cls(
            id=f.id,
            incident_id=f.incident_id,
            complaint_id=f.complaint_id,
            title=f.title,
            text=f.text,
            version=f.version,
            status=f.status,
            content_sha256=f.content_sha256,
            created_by=f.created_by,
            created_at=f.created_at,
            updated_at=f.updated_at,
            published_at=f.published_at,
        )


class SignOffOut(BaseModel):
    """One sign-off; `verifies` says whether it vouches for the finding as stored now."""

    id: str
    key_id: str = Field(examples=["ru-1"])
    nation: str = Field(examples=["RU"])
    holder: str | None = Field(
        default=None, description="Who holds the key (mission staff and monitors only)"
    )
    public_key: str | None = Field(default=None, description="The key's Ed25519 public key")
    version: int
    content_sha256: str
    signature: str
    signed_at: datetime
    voided_at: datetime | None
    active: bool = Field(description="False once an edit voided it")
    verifies: bool = Field(description="Active and valid for the finding as stored")
    problems: list[str] = Field(default_factory=list)

    @classmethod
    def of(
        cls,
        s: SignOff,
        key: SigningKey | None = None,
        problems: tuple[str, ...] = (),
        *,
        show_holder: bool = True,
    ) -> SignOffOut:
        """The body for a sign-off, with its key when known."""
        return cls(
            id=s.id,
            key_id=s.key_id,
            nation=s.nation,
            holder=key.holder if key is not None and show_holder else None,
            public_key=key.public_key if key is not None else None,
            version=s.version,
            content_sha256=s.content_sha256,
            signature=s.signature,
            signed_at=s.signed_at,
            voided_at=s.voided_at,
            active=s.active,
            verifies=s.active and not problems and key is not None,
            problems=list(problems),
        )


class FindingDetail(FindingOut):
    """A finding with every sign-off (voided ones too) and the quorum."""

    signoffs: list[SignOffOut]
    quorum: dict[str, int] = Field(
        description="Sign-offs needed per monitoring nation", examples=[{"RU": 1, "TR": 1}]
    )
    missing: dict[str, int] = Field(
        description="Valid sign-offs still missing per nation", examples=[{"TR": 1}]
    )

    @classmethod
    def of_view(cls, view: FindingView, *, show_holders: bool) -> FindingDetail:
        """The body for a finding with its sign-offs."""
        return cls(
            **FindingOut.of(view.finding).model_dump(),
            signoffs=[
                SignOffOut.of(s, key, problems, show_holder=show_holders)
                for s, key, problems in view.signoffs
            ],
            quorum=view.quorum,
            missing=view.missing,
        )


class FindingEdited(BaseModel):
    """The finding after an edit, whether it changed, and the sign-offs the edit voided."""

    finding: FindingOut
    changed: bool
    voided_signoffs: list[str]

    @classmethod
    def of(cls, edited: EditedFinding) -> FindingEdited:
        """The body for an edit."""
        return cls(
            finding=FindingOut.of(edited.finding),
            changed=edited.changed,
            voided_signoffs=list(edited.voided),
        )


class SignOffResult(BaseModel):
    """The finding after a sign-off, the sign-off, and what the quorum still lacks."""

    finding: FindingOut
    signoff: SignOffOut
    missing: dict[str, int] = Field(examples=[{"TR": 1}])

    @classmethod
    def of(cls, signed: SignedFinding) -> SignOffResult:
        """The body for a recorded sign-off."""
        return cls(
            finding=FindingOut.of(signed.finding),
            # Verified against the key's public key before it was recorded.
            signoff=SignOffOut.of(signed.signoff).model_copy(update={"verifies": True}),
            missing=signed.missing,
        )


class FindingContentOut(BaseModel):
    """The exact bytes a sign-off signs: the finding's canonical content (see
    `ceasefire.domain.signing`) at its current version."""

    finding_id: str
    version: int
    status: FindingStatus
    format: str = Field(examples=["ceasefire.finding/1"])
    content: str = Field(description="The canonical content as text (UTF-8 JSON)")
    content_base64: str = Field(description="The exact bytes to sign, base64")
    sha256: str = Field(description="SHA-256 of those bytes, hex")

    @classmethod
    def of(cls, c: FindingContent) -> FindingContentOut:
        """The body for a finding's content."""
        return cls(
            finding_id=c.finding.id,
            version=c.finding.version,
            status=c.finding.status,
            format=c.format,
            content=c.content.decode("utf-8"),
            content_base64=base64.b64encode(c.content).decode("ascii"),
            sha256=c.sha256,
        )
