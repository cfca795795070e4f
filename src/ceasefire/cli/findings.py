"""`ceasefire findings draft|edit|sign|signature|publish|list|show|verify` and
`keys add|list|revoke`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ceasefire.cli.common import (
    DatabaseOption,
    ViewerOption,
    console,
    err_console,
    open_database,
    parse_viewer,
    settings_for,
)
from ceasefire.domain.findings import Finding, FindingStatus, describe_shortfall
from ceasefire.domain.signing import CONTENT_FORMAT, canonical_content, content_sha256
from ceasefire.domain.signing import sign as sign_content
from ceasefire.errors import ValidationError
from ceasefire.services import findings as service
from ceasefire.services import signing_keys as key_service
from ceasefire.services.findings import FindingFilter

findings_app = typer.Typer(
    help="Findings: the mission's conclusions, signed off by each monitoring nation, then"
    " published or kept internal."
)
keys_app = typer.Typer(help="Monitors' Ed25519 signing keys for signing off findings.")

Opt = typer.Option
FindingId = Annotated[str, typer.Argument(help="Finding id (see `findings list`).")]

_CONTENT_KEYS = {"complaint_id", "format", "id", "incident_id", "text", "title", "version"}
VERIFY_FAILED_EXIT = 6  # the same code as a broken audit chain: stored records were altered


def _text(text: str | None, text_file: Path | None) -> str | None:
    if text is not None and text_file is not None:
        raise ValidationError("text", str(text_file), "give --text or --text-file, not both")
    if text_file is None:
        return text
    try:
        return text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("text_file", str(text_file), f"cannot read: {exc}") from None


# keys -----------------------------------------------------------------------------------------


@keys_app.command("add")
def keys_add(
    key_id: Annotated[str, typer.Argument(help="Short id for the key, e.g. ru-ivanov.")],
    holder: Annotated[str, Opt(help="The monitor who holds the private key.")],
    nation: Annotated[str, Opt(help="Monitoring nation (party id), e.g. RU or TR.")],
    private_key_out: Annotated[
        Path | None,
        Opt(
            help="Generate a key pair and write the private key (PEM, mode 0600) to this new file."
        ),
    ] = None,
    public_key: Annotated[
        str | None, Opt(help="Register an existing Ed25519 public key (64 hex characters).")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Register a monitor's signing key: generate a new pair, or register a public key."""
    if (private_key_out is None) == (public_key is None):
        raise ValidationError(
            "--private-key-out/--public-key",
            "both" if public_key else "neither",
            "give exactly one: generate a key pair, or register an existing public key",
        )
    db, actor = open_database(database), settings_for(database).actor
    if private_key_out is not None:
        key = key_service.generate_key(
            db=db,
            key_id=key_id,
            holder=holder,
            nation=nation,
            private_key_out=private_key_out,
            actor=actor,
        )
        console.print(
            f"Key {key.id} ({key.nation}) registered; private key written to"
            f" {escape(str(private_key_out))} (keep it secret, keep a copy offline)."
        )
    else:
        assert public_key is not None
        key = key_service.add_key(
            db=db, key_id=key_id, holder=holder, nation=nation, public_key=public_key, actor=actor
        )
        console.print(f"Key {key.id} ({key.nation}) registered.")
    console.print(f"Public key: {key.public_key}", highlight=False)


@keys_app.command("list")
def keys_list(database: DatabaseOption = None) -> None:
    """List the registered signing keys, revoked ones included."""
    table = Table("id", "holder", "nation", "public key", "registered", "revoked")
    for k in key_service.list_keys(db=open_database(database)):
        table.add_row(
            escape(k.id),
            escape(k.holder),
            escape(k.nation),
            k.public_key,
            k.created_at.strftime("%Y-%m-%d %H:%M"),
            k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="Key id.")],
    reason: Annotated[str | None, Opt(help="Why, for the audit log.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Revoke a key: it can sign nothing more; its earlier sign-offs stay valid."""
    key = key_service.revoke_key(
        db=open_database(database), key_id=key_id, reason=reason, actor=settings_for(database).actor
    )
    console.print(f"Key {escape(key.id)} revoked.")


# findings -------------------------------------------------------------------------------------


@findings_app.command("draft")
def draft(
    title: Annotated[str, Opt(help="Short title.")],
    incident: Annotated[str | None, Opt(help="Incident id the finding concludes on.")] = None,
    complaint: Annotated[str | None, Opt(help="Complaint id the finding answers.")] = None,
    text: Annotated[str | None, Opt(help="The finding's text.")] = None,
    text_file: Annotated[Path | None, Opt(help="Read the text from this UTF-8 file.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Draft a finding on an incident (or a complaint)."""
    body = _text(text, text_file)
    if body is None:
        raise ValidationError("text", None, "give --text or --text-file")
    finding = service.draft_finding(
        db=open_database(database),
        incident_id=incident,
        complaint_id=complaint,
        title=title,
        text=body,
        actor=settings_for(database).actor,
    )
    console.print(f"Finding {finding.id} drafted (version 1).")


@findings_app.command("edit")
def edit(
    finding_id: FindingId,
    title: Annotated[str | None, Opt(help="New title.")] = None,
    text: Annotated[str | None, Opt(help="New text.")] = None,
    text_file: Annotated[Path | None, Opt(help="Read the new text from this UTF-8 file.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Edit a finding: a new version, back to draft, every sign-off so far voided."""
    result = service.edit_finding(
        db=open_database(database),
        finding_id=finding_id,
        title=title,
        text=_text(text, text_file),
        actor=settings_for(database).actor,
    )
    if not result.changed:
        console.print(f"Finding {finding_id} unchanged (version {result.finding.version}).")
        return
    console.print(
        f"Finding {finding_id} is now version {result.finding.version} (draft);"
        f" {len(result.voided)} sign-off(s) voided."
    )


@findings_app.command("sign")
def sign(
    finding_id: FindingId,
    key_id: Annotated[str, Opt(help="Id of your registered key.")],
    private_key: Annotated[Path, Opt(help="Your private key file (PEM).")],
    database: DatabaseOption = None,
) -> None:
    """Sign off the finding's current version with your key."""
    try:
        signed = service.sign_finding(
            db=open_database(database),
            finding_id=finding_id,
            key_id=key_id,
            private_key=key_service.read_private_key(private_key),
            actor=settings_for(database).actor,
        )
    except ValidationError as exc:
        if exc.field != "private_key":
            raise
        raise ValidationError("private_key", str(private_key), exc.message) from None
    console.print(
        f"Finding {finding_id} version {signed.signoff.version} signed with key"
        f" {escape(key_id)} ({escape(signed.signoff.nation)})."
    )
    if signed.missing:
        console.print(f"Still needed: {describe_shortfall(signed.missing)}.")
    else:
        console.print("Quorum met: the finding is signed off and can be published.")


@findings_app.command("signature")
def signature(
    private_key: Annotated[Path, Opt(help="Your private key file (PEM).")],
    finding_id: Annotated[
        str | None,
        typer.Argument(help="Sign this finding's current content, read from the database."),
    ] = None,
    content_file: Annotated[
        Path | None,
        Opt(
            help="Sign the content in this file instead: as downloaded from the finding's"
            " page (or the decoded content_base64 of GET /api/v1/findings/{id}/content)."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Print the hex Ed25519 signature of a finding's content, to paste into the sign-off
    form of the dashboard or send to the API; records nothing."""
    if (finding_id is None) == (content_file is None):
        raise ValidationError(
            "FINDING_ID/--content-file",
            "both" if finding_id else "neither",
            "give exactly one: a finding id (read from the database) or a content file",
        )
    if content_file is not None:
        content = finding_content_file(content_file)
    else:
        assert finding_id is not None
        content = service.finding_content(db=open_database(database), finding_id=finding_id).content
    signed = sign_content(key_service.read_private_key(private_key), content)
    err_console.print(f"SHA-256 of the content signed: {content_sha256(content)}", highlight=False)
    typer.echo(signed)


def finding_content_file(path: Path) -> bytes:
    """The canonical content of a finding read from a file: it must be a finding's content
    (format `ceasefire.finding/1`); a line break a copy added at the end is dropped."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError("content_file", str(path), f"cannot read: {exc.strerror}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError("content_file", str(path), "is not UTF-8 JSON") from None
    if (
        not isinstance(document, dict)
        or set(document) != _CONTENT_KEYS
        or document["format"] != CONTENT_FORMAT
    ):
        raise ValidationError(
            "content_file", str(path), f"is not a finding's content (format {CONTENT_FORMAT})"
        )
    content = raw.rstrip(b"\r\n")
    expected = canonical_content(
        finding_id=document["id"],
        incident_id=document["incident_id"],
        complaint_id=document["complaint_id"],
        title=document["title"],
        text=document["text"],
        version=document["version"],
    )
    if content != expected:
        raise ValidationError(
            "content_file",
            str(path),
            "is not the exact content (keys sorted, no spaces): download it again",
        )
    return content


@findings_app.command("publish")
def publish(finding_id: FindingId, database: DatabaseOption = None) -> None:
    """Publish a finding whose sign-offs meet the quorum."""
    finding = service.publish_finding(
        db=open_database(database), finding_id=finding_id, actor=settings_for(database).actor
    )
    assert finding.published_at is not None
    console.print(f"Finding {finding_id} published at {finding.published_at.isoformat()}.")


@findings_app.command("list")
def list_(
    status: Annotated[FindingStatus | None, Opt(help="Only findings with this status.")] = None,
    incident: Annotated[str | None, Opt(help="Only findings on this incident.")] = None,
    as_: ViewerOption = "admin",
    database: DatabaseOption = None,
) -> None:
    """List findings, oldest first (a party liaison or the public: published ones only)."""
    found = service.list_findings(
        db=open_database(database),
        flt=FindingFilter(status=status, incident_id=incident),
        viewer=parse_viewer(as_, settings_for(database)),
    )
    table = Table("id", "status", "version", "on", "title", "updated")
    for f in found:
        table.add_row(
            f.id,
            f.status.value,
            str(f.version),
            escape(_subject(f)),
            escape(f.title),
            f.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)
    console.print(f"{len(found)} findings")


@findings_app.command("show")
def show(
    finding_id: FindingId, as_: ViewerOption = "admin", database: DatabaseOption = None
) -> None:
    """Show a finding, its sign-offs and whether each one verifies."""
    view = service.show_finding(
        db=open_database(database),
        finding_id=finding_id,
        viewer=parse_viewer(as_, settings_for(database)),
    )
    f = view.finding
    console.print(f"[bold]{escape(f.title)}[/]")
    console.print(
        f"Finding {f.id} on {escape(_subject(f))}: {f.status.value}, version {f.version}",
        highlight=False,
    )
    console.print(f"Content SHA-256: {f.content_sha256}", highlight=False)
    if f.computed_sha256() != f.content_sha256:
        console.print("[bold red]The content does not match this hash: it was changed.[/]")
    if f.published_at is not None:
        console.print(f"Published {f.published_at.isoformat()}")
    console.print()
    console.print(f.text, markup=False, highlight=False)
    console.print()
    table = Table("key", "holder", "nation", "version", "signed", "state")
    for s, key, problems in view.signoffs:
        if not s.active:
            state = "[dim]voided by an edit[/]"
        elif problems:
            state = "[bold red]INVALID:[/] " + escape("; ".join(problems))
        else:
            state = "[green]verifies[/]"
        table.add_row(
            escape(s.key_id),
            escape(key.holder if key else "?"),
            escape(s.nation),
            str(s.version),
            s.signed_at.strftime("%Y-%m-%d %H:%M"),
            state,
        )
    console.print(table)
    quorum = ", ".join(f"{n} from {nation}" for nation, n in sorted(view.quorum.items()))
    if not view.quorum:
        console.print("No sign-off quorum is configured.")
    elif view.missing:
        console.print(f"Quorum ({quorum}): missing {describe_shortfall(view.missing)}.")
    else:
        console.print(f"Quorum ({quorum}): met.")


@findings_app.command("verify")
def verify(
    finding_id: Annotated[
        str | None, typer.Argument(help="Check only this finding (default: all).")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Check every current signature against the stored finding and public keys."""
    check = service.verify_findings(db=open_database(database), finding_id=finding_id)
    if check.problems:
        for p in check.problems:
            err_console.print(
                f"finding {p.finding_id}, key {p.key_id or '-'}: {p.reason}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        err_console.print(
            f"[bold red]error:[/] {len(check.problems)} problem(s) in {check.findings}"
            f" finding(s), {check.signatures} signature(s) checked",
            highlight=False,
        )
        raise typer.Exit(VERIFY_FAILED_EXIT)
    console.print(
        f"All {check.signatures} signature(s) on {check.findings} finding(s) verify.",
        highlight=False,
    )


def _subject(f: Finding) -> str:
    parts = []
    if f.incident_id is not None:
        parts.append(f"incident {f.incident_id}")
    if f.complaint_id is not None:
        parts.append(f"complaint {f.complaint_id}")
    return ", ".join(parts)
