"""Findings: the mission's conclusion on an incident or complaint, signed off then published.

A finding is drafted, edited (each edit is a new version and voids the sign-offs so far),
signed off by monitors' Ed25519 keys until every monitoring nation's quorum is met, then
published, or kept internal by leaving it signed off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ceasefire.domain.signing import (
    Quorum,
    SigningKey,
    canonical_content,
    content_sha256,
    public_key_of,
    quorum_shortfall,
    sign,
    signature_problem,
)
from ceasefire.domain.validation import check_aware, check_non_empty
from ceasefire.errors import ConflictError, ValidationError

__all__ = [
    "Finding",
    "FindingStatus",
    "Problem",
    "SignOff",
    "describe_shortfall",
    "sign_off",
    "signoff_problems",
    "valid_signers",
    "verify_finding",
]

MAX_TITLE = 500


class FindingStatus(StrEnum):
    """draft -> signed_off -> published; a finding left signed off is kept internal."""

    DRAFT = "draft"
    SIGNED_OFF = "signed_off"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class Finding:
    """One version of a conclusion; `content_sha256` is the hash stored with it.

    The constructor does not validate, so a finding changed behind ceasefire's back can still
    be loaded and shown to be wrong; `draft` and `edited` validate what users give.
    """

    id: str
    incident_id: str | None
    complaint_id: str | None
    title: str
    text: str
    version: int
    status: FindingStatus
    content_sha256: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None

    @classmethod
    def draft(
        cls,
        *,
        finding_id: str,
        incident_id: str | None,
        complaint_id: str | None,
        title: str,
        text: str,
        actor: str,
        now: datetime,
    ) -> Finding:
        """A new draft at version 1, on an incident, a complaint or both."""
        if incident_id is None and complaint_id is None:
            raise ValidationError("finding", None, "must concern an incident or a complaint")
        if complaint_id is not None:
            complaint_id = check_non_empty(complaint_id, "complaint")
            if len(complaint_id) > 36:
                raise ValidationError("complaint", complaint_id, "must be at most 36 characters")
        check_aware(now, "now")
        return cls(
            id=finding_id,
            incident_id=incident_id,
            complaint_id=complaint_id,
            title=_title(title),
            text=_text(text),
            version=1,
            status=FindingStatus.DRAFT,
            content_sha256="",
            created_by=check_non_empty(actor, "actor"),
            created_at=now,
            updated_at=now,
        ).rehashed()

    def content(self) -> bytes:
        """The canonical content a sign-off signs (see `ceasefire.domain.signing`)."""
        return canonical_content(
            finding_id=self.id,
            incident_id=self.incident_id,
            complaint_id=self.complaint_id,
            title=self.title,
            text=self.text,
            version=self.version,
        )

    def computed_sha256(self) -> str:
        """The hash of the content as it is now (differs from `content_sha256` if tampered)."""
        return content_sha256(self.content())

    def rehashed(self) -> Finding:
        """This finding with `content_sha256` set from its content."""
        return replace(self, content_sha256=self.computed_sha256())

    def edited(self, *, title: str | None, text: str | None, now: datetime) -> Finding:
        """The next version with a new title and/or text, back to draft; self if unchanged."""
        if title is None and text is None:
            raise ValidationError("edit", None, "give a new title, a new text or both")
        if self.status is FindingStatus.PUBLISHED:
            raise ConflictError(
                f"finding {self.id} is published; a published finding is final,"
                " draft a new finding instead"
            )
        new_title = self.title if title is None else _title(title)
        new_text = self.text if text is None else _text(text)
        if (new_title, new_text) == (self.title, self.text):
            return self
        return replace(
            self,
            title=new_title,
            text=new_text,
            version=self.version + 1,
            status=FindingStatus.DRAFT,
            updated_at=now,
        ).rehashed()


@dataclass(frozen=True, slots=True)
class SignOff:
    """A key's Ed25519 signature over one version of a finding; an edit voids it."""

    id: str
    finding_id: str
    key_id: str
    nation: str
    version: int
    content_sha256: str
    signature: str
    signed_at: datetime
    voided_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Not voided by a later edit."""
        return self.voided_at is None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something `findings verify` found wrong: which finding, which key (if any), why."""

    finding_id: str
    key_id: str | None
    reason: str


def sign_off(
    finding: Finding,
    key: SigningKey,
    private_key: Ed25519PrivateKey,
    *,
    signoff_id: str,
    existing: Iterable[SignOff],
    now: datetime,
) -> SignOff:
    """Sign the finding's current version with `key`, after checking that it may."""
    if finding.status is FindingStatus.PUBLISHED:
        raise ConflictError(f"finding {finding.id} is already published")
    if key.revoked:
        raise ConflictError(f"key {key.id} was revoked; a revoked key cannot sign")
    if public_key_of(private_key) != key.public_key:
        raise ValidationError(
            "private_key", "<PEM>", f"does not match the public key registered as {key.id}"
        )
    if finding.computed_sha256() != finding.content_sha256:
        raise ConflictError(
            f"finding {finding.id} does not match its stored content hash;"
            " run `ceasefire findings verify`"
        )
    for s in existing:
        if s.active and s.key_id == key.id and s.version == finding.version:
            raise ConflictError(
                f"key {key.id} already signed finding {finding.id} at version {finding.version}"
            )
    return SignOff(
        id=signoff_id,
        finding_id=finding.id,
        key_id=key.id,
        nation=key.nation,
        version=finding.version,
        content_sha256=finding.content_sha256,
        signature=sign(private_key, finding.content()),
        signed_at=now,
    )


def signoff_problems(finding: Finding, signoff: SignOff, key: SigningKey | None) -> list[str]:
    """Why an active sign-off does not vouch for the finding as stored; empty if it does."""
    if key is None:
        return [f"key {signoff.key_id} is not registered"]
    problems = []
    if signoff.version != finding.version:
        problems.append(
            f"signed version {signoff.version} but the finding is at version {finding.version}"
        )
    if signoff.content_sha256 != finding.computed_sha256():
        problems.append("the signed content hash differs from the finding's content")
    why = signature_problem(key.public_key, finding.content(), signoff.signature)
    if why is not None:
        problems.append(f"{why} against key {key.id}'s public key")
    if signoff.nation != key.nation:
        problems.append(f"sign-off says nation {signoff.nation} but key {key.id} is {key.nation}")
    if key.revoked_at is not None and signoff.signed_at >= key.revoked_at:
        problems.append(f"signed at or after key {key.id} was revoked")
    return problems


def valid_signers(
    finding: Finding, signoffs: Iterable[SignOff], keys: Mapping[str, SigningKey]
) -> list[tuple[str, str]]:
    """(key id, nation) of every active sign-off that verifies against the stored finding."""
    return [
        (s.key_id, s.nation)
        for s in signoffs
        if s.active and not signoff_problems(finding, s, keys.get(s.key_id))
    ]


def verify_finding(
    finding: Finding,
    signoffs: Iterable[SignOff],
    keys: Mapping[str, SigningKey],
    quorum: Quorum,
) -> list[Problem]:
    """Everything wrong with a stored finding and its active sign-offs; empty if all is well."""
    problems = []
    if finding.computed_sha256() != finding.content_sha256:
        problems.append(
            Problem(finding.id, None, "content does not match the finding's stored hash")
        )
    active = [s for s in signoffs if s.active]
    for s in active:
        problems.extend(
            Problem(finding.id, s.key_id, why)
            for why in signoff_problems(finding, s, keys.get(s.key_id))
        )
    if finding.status is not FindingStatus.DRAFT:
        missing = quorum_shortfall(quorum, valid_signers(finding, active, keys))
        if missing:
            problems.append(
                Problem(
                    finding.id,
                    None,
                    f"status is {finding.status.value} but the sign-off quorum is not met"
                    f" (missing {describe_shortfall(missing)})",
                )
            )
    return problems


def describe_shortfall(missing: Mapping[str, int]) -> str:
    """`{"TR": 1}` as `1 from TR`.

    >>> describe_shortfall({"RU": 2, "TR": 1})
    '2 from RU, 1 from TR'
    """
    return ", ".join(f"{n} from {nation}" for nation, n in sorted(missing.items()))


def _title(value: str) -> str:
    title = check_non_empty(value, "title")
    if len(title) > MAX_TITLE:
        raise ValidationError("title", title[:40] + "...", f"must be at most {MAX_TITLE} chars")
    return _no_nul(title, "title")


def _text(value: str) -> str:
    return _no_nul(check_non_empty(value, "text"), "text")


def _no_nul(value: str, field: str) -> str:
    # PostgreSQL text cannot hold NUL, and the signed content must round-trip exactly.
    if "\x00" in value:
        raise ValidationError(field, value[:40], "must not contain NUL characters")
    return value
