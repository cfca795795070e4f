"""Findings and their sign-off: draft, edit (voiding sign-offs), sign, publish, and verify
every stored signature (keys and the quorum: `ceasefire.services.signing_keys`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.findings import (
    Finding,
    FindingStatus,
    Problem,
    SignOff,
    describe_shortfall,
    sign_off,
    signoff_problems,
    valid_signers,
    verify_finding,
)
from ceasefire.domain.signing import (
    CONTENT_FORMAT,
    SigningKey,
    quorum_shortfall,
)
from ceasefire.errors import AccessDeniedError, ConflictError, ValidationError
from ceasefire.services.clock import utc_now
from ceasefire.services.database import Database
from ceasefire.services.signing_keys import quorum_in_force, required_quorum
from ceasefire.storage.repositories import audit, incidents, signing_keys
from ceasefire.storage.repositories import complaints as complaint_repo
from ceasefire.storage.repositories import findings as repo
from ceasefire.storage.repositories.findings import FindingFilter

__all__ = [
    "EditedFinding",
    "FindingContent",
    "FindingFilter",
    "FindingView",
    "FindingsCheck",
    "SignedFinding",
    "draft_finding",
    "edit_finding",
    "finding_content",
    "list_finding_views",
    "list_findings",
    "publish_finding",
    "record_signoff",
    "show_finding",
    "sign_finding",
    "verify_findings",
]


@dataclass(frozen=True, slots=True)
class EditedFinding:
    """The finding after an edit, whether anything changed, and the sign-offs it voided."""

    finding: Finding
    changed: bool
    voided: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SignedFinding:
    """The finding after a sign-off, the sign-off, and what the quorum still lacks."""

    finding: Finding
    signoff: SignOff
    missing: dict[str, int]


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding with each sign-off, its key and what is wrong with it (empty: it verifies)."""

    finding: Finding
    signoffs: tuple[tuple[SignOff, SigningKey | None, tuple[str, ...]], ...]
    quorum: dict[str, int]
    missing: dict[str, int]


@dataclass(frozen=True, slots=True)
class FindingContent:
    """What a sign-off signs: the finding's canonical content at its current version."""

    finding: Finding
    content: bytes
    sha256: str
    format: str = CONTENT_FORMAT


@dataclass(frozen=True, slots=True)
class FindingsCheck:
    """What `verify_findings` read and every problem it found."""

    findings: int
    signatures: int
    problems: tuple[Problem, ...]


# Keys -----------------------------------------------------------------------------------------


def draft_finding(
    *,
    db: Database,
    title: str,
    text: str,
    actor: str,
    incident_id: str | None = None,
    complaint_id: str | None = None,
    viewer: Viewer | None = None,
    now: datetime | None = None,
) -> Finding:
    """Draft a finding on an incident (which must exist) and/or a complaint. With a
    `viewer`, the complaint (id or reference) must be one they may read, and the finding
    names it by id."""
    when = utc_now(now)
    with db.transaction() as conn:
        if incident_id is not None:
            incidents.get(conn, incident_id)
        if complaint_id is not None and viewer is not None:
            complaint_id = complaint_repo.get(conn, complaint_id, viewer).id
        finding = Finding.draft(
            finding_id=str(uuid.uuid4()),
            incident_id=incident_id,
            complaint_id=complaint_id,
            title=title,
            text=text,
            actor=actor,
            now=when,
        )
        repo.add(conn, finding)
        _audit(conn, actor, "finding.draft", finding.id, when=finding.created_at, after=finding)
    return finding


def edit_finding(
    *,
    db: Database,
    finding_id: str,
    actor: str,
    title: str | None = None,
    text: str | None = None,
    now: datetime | None = None,
) -> EditedFinding:
    """A new version of the finding: back to draft, every sign-off so far voided."""
    when = utc_now(now)
    with db.transaction() as conn:
        before = repo.get(conn, finding_id, for_update=True)
        after = before.edited(title=title, text=text, now=when)
        if after is before:
            return EditedFinding(before, changed=False, voided=())
        repo.update(conn, after)
        voided = tuple(repo.void_signoffs(conn, finding_id, at=when))
        _audit(
            conn,
            actor,
            "finding.edit",
            finding_id,
            when=when,
            before=before,
            after={"finding": after, "voided_signoffs": list(voided)},
        )
    return EditedFinding(after, changed=True, voided=voided)


def sign_finding(
    *,
    db: Database,
    finding_id: str,
    key_id: str,
    private_key: Ed25519PrivateKey,
    actor: str,
    now: datetime | None = None,
) -> SignedFinding:
    """Sign the finding's current version; it is signed off once the quorum is met."""
    when = utc_now(now)
    with db.transaction() as conn:
        quorum = required_quorum(conn, db)
        finding = repo.get(conn, finding_id, for_update=True)
        key = signing_keys.get(conn, key_id)
        existing = repo.signoffs_of(conn, finding_id)
        signoff = sign_off(
            finding, key, private_key, signoff_id=str(uuid.uuid4()), existing=existing, now=when
        )
        return _record(conn, quorum, finding, signoff, existing, actor, when)


def record_signoff(
    *,
    db: Database,
    finding_id: str,
    key_id: str,
    signature: str,
    actor: str,
    viewer: Viewer | None = None,
    nation: str | None = None,
    content_sha256: str | None = None,
    now: datetime | None = None,
) -> SignedFinding:
    """Record a signature a monitor made on their own machine over the finding's canonical
    content (`finding_content`), after verifying it against the key's registered public key;
    the private key never leaves the monitor. Recorded exactly as `sign_finding` records.

    With a `viewer`: a monitor signs with a key of their own monitoring nation (`nation`),
    the head of mission with any key; nobody else signs. `content_sha256`, when given, is
    the hash the signer fetched: a finding edited since is a conflict, not a bad signature.
    """
    when = utc_now(now)
    with db.transaction() as conn:
        quorum = required_quorum(conn, db)
        finding = repo.get(conn, finding_id, for_update=True, viewer=viewer)
        key = signing_keys.get(conn, key_id)
        if viewer is not None:
            _check_signer(viewer, nation, key)
        if content_sha256 is not None and content_sha256.lower() != finding.content_sha256:
            raise ConflictError(
                f"finding {finding_id} changed since its content was fetched (now version"
                f" {finding.version}, SHA-256 {finding.content_sha256}); fetch it and sign again"
            )
        existing = repo.signoffs_of(conn, finding_id)
        signoff = _presented_signoff(finding, key, signature, existing, when)
        return _record(conn, quorum, finding, signoff, existing, actor, when)


def _check_signer(viewer: Viewer, nation: str | None, key: SigningKey) -> None:
    """Monitors sign for their own nation only; the head of mission for any."""
    if viewer.role is Role.HEAD_OF_MISSION:
        return
    if viewer.role is not Role.MONITOR:
        raise AccessDeniedError(
            "viewer", viewer.role.value, "only monitors and the head of mission sign off findings"
        )
    if nation is None or key.nation != nation:
        # The monitor may sign off; the key they named is not one they may use: bad input.
        raise ValidationError(
            "key_id",
            key.id,
            f"is a key of {key.nation}; a monitor signs with a key of their own nation"
            f" ({nation or 'none set for this user'})",
        )


def _presented_signoff(
    finding: Finding, key: SigningKey, signature: str, existing: list[SignOff], when: datetime
) -> SignOff:
    """A sign-off of the finding's current version carrying `signature`, after the checks
    `sign_off` makes for a local key and the verification `findings verify` makes."""
    if finding.status is FindingStatus.PUBLISHED:
        raise ConflictError(f"finding {finding.id} is already published")
    if key.revoked:
        raise ConflictError(f"key {key.id} was revoked; a revoked key cannot sign")
    if finding.computed_sha256() != finding.content_sha256:
        raise ConflictError(
            f"finding {finding.id} does not match its stored content hash;"
            " run `ceasefire findings verify`"
        )
    if any(s.active and s.key_id == key.id and s.version == finding.version for s in existing):
        raise ConflictError(
            f"key {key.id} already signed finding {finding.id} at version {finding.version}"
        )
    signoff = SignOff(
        id=str(uuid.uuid4()),
        finding_id=finding.id,
        key_id=key.id,
        nation=key.nation,
        version=finding.version,
        content_sha256=finding.content_sha256,
        signature=signature.strip().lower(),
        signed_at=when,
    )
    problems = signoff_problems(finding, signoff, key)
    if problems:
        raise ValidationError(
            "signature",
            signature,
            "; ".join(problems)
            + f" (sign the bytes of GET /findings/{finding.id}/content at version"
            f" {finding.version})",
        )
    return signoff


def _record(
    conn: Connection,
    quorum: dict[str, int],
    finding: Finding,
    signoff: SignOff,
    existing: list[SignOff],
    actor: str,
    when: datetime,
) -> SignedFinding:
    """Store a checked sign-off; the finding is signed off once the quorum is met."""
    repo.add_signoff(conn, signoff)
    everything = [*existing, signoff]
    keys = signing_keys.by_ids(conn, (s.key_id for s in everything))
    missing = quorum_shortfall(quorum, valid_signers(finding, everything, keys))
    after = finding
    if not missing and finding.status is FindingStatus.DRAFT:
        after = replace(finding, status=FindingStatus.SIGNED_OFF, updated_at=when)
        repo.update(conn, after)
    _audit(
        conn,
        actor,
        "finding.sign",
        finding.id,
        when=when,
        before={"status": finding.status},
        after={"signoff": signoff, "status": after.status},
    )
    return SignedFinding(after, signoff, missing)


def publish_finding(
    *, db: Database, finding_id: str, actor: str, now: datetime | None = None
) -> Finding:
    """Publish a finding whose valid, current sign-offs meet the quorum."""
    when = utc_now(now)
    with db.transaction() as conn:
        quorum = required_quorum(conn, db)
        finding = repo.get(conn, finding_id, for_update=True)
        if finding.status is FindingStatus.PUBLISHED:
            raise ConflictError(f"finding {finding_id} is already published")
        if finding.computed_sha256() != finding.content_sha256:
            raise ConflictError(
                f"finding {finding_id} does not match its stored content hash;"
                " run `ceasefire findings verify`"
            )
        signoffs = repo.signoffs_of(conn, finding_id)
        keys = signing_keys.by_ids(conn, (s.key_id for s in signoffs))
        missing = quorum_shortfall(quorum, valid_signers(finding, signoffs, keys))
        if missing:
            raise ConflictError(
                f"finding {finding_id} cannot be published: valid sign-offs missing"
                f" ({describe_shortfall(missing)})"
            )
        after = replace(finding, status=FindingStatus.PUBLISHED, published_at=when, updated_at=when)
        repo.update(conn, after)
        _audit(conn, actor, "finding.publish", finding_id, when=when, before=finding, after=after)
    return after


def list_findings(
    *, db: Database, flt: FindingFilter | None = None, viewer: Viewer | None = None
) -> list[Finding]:
    """Findings matching the filter, oldest first; a party liaison or the public (`viewer`)
    reads published findings only."""
    with db.read() as conn:
        return repo.list_findings(conn, flt or FindingFilter(), viewer)


def list_finding_views(
    *, db: Database, flt: FindingFilter | None = None, viewer: Viewer | None = None
) -> list[FindingView]:
    """`list_findings` with each finding's sign-offs and what the quorum still lacks, read
    in one transaction (the dashboard's list of findings)."""
    with db.read() as conn:
        quorum = quorum_in_force(conn, db)
        found = repo.list_findings(conn, flt or FindingFilter(), viewer)
        return [_view(conn, quorum, f) for f in found]


def show_finding(*, db: Database, finding_id: str, viewer: Viewer | None = None) -> FindingView:
    """A finding with every sign-off (voided ones too) and whether each active one verifies;
    an unpublished finding is not found for a party liaison or the public."""
    with db.read() as conn:
        quorum = quorum_in_force(conn, db)
        return _view(conn, quorum, repo.get(conn, finding_id, viewer=viewer))


def _view(conn: Connection, quorum: dict[str, int], finding: Finding) -> FindingView:
    """The finding with its sign-offs, their keys and problems, and the quorum's shortfall."""
    signoffs = repo.signoffs_of(conn, finding.id)
    keys = signing_keys.by_ids(conn, (s.key_id for s in signoffs))
    rows = tuple(
        (
            s,
            keys.get(s.key_id),
            tuple(signoff_problems(finding, s, keys.get(s.key_id))) if s.active else (),
        )
        for s in signoffs
    )
    missing = quorum_shortfall(quorum, valid_signers(finding, signoffs, keys))
    return FindingView(finding, rows, quorum, missing)


def finding_content(
    *, db: Database, finding_id: str, viewer: Viewer | None = None
) -> FindingContent:
    """The exact bytes a sign-off of the finding's current version signs, and their hash."""
    with db.read() as conn:
        finding = repo.get(conn, finding_id, viewer=viewer)
    content = finding.content()
    return FindingContent(finding, content, finding.computed_sha256())


def verify_findings(*, db: Database, finding_id: str | None = None) -> FindingsCheck:
    """Recompute each finding's content and check every active signature against the stored
    public key and content hash; also that signed-off and published findings meet the quorum."""
    problems: list[Problem] = []
    signatures = 0
    with db.read() as conn:
        quorum = quorum_in_force(conn, db)
        chosen = (
            [repo.get(conn, finding_id)]
            if finding_id is not None
            else repo.list_findings(conn, FindingFilter())
        )
        keys = {k.id: k for k in signing_keys.list_all(conn)}
        for finding in chosen:
            signoffs = repo.signoffs_of(conn, finding.id)
            signatures += sum(1 for s in signoffs if s.active)
            problems.extend(verify_finding(finding, signoffs, keys, quorum))
    return FindingsCheck(len(chosen), signatures, tuple(problems))


def _audit(
    conn: Connection,
    actor: str,
    action: str,
    finding_id: str,
    *,
    when: datetime,
    before: object = None,
    after: object = None,
) -> None:
    audit.append(
        conn,
        actor=actor,
        action=action,
        entity="finding",
        entity_id=finding_id,
        before=before,
        after=after,
        at=when,
    )
