"""What the findings pages show, prepared from the services' answers: a row of the list
(the valid sign-offs of the current version and what the quorum still lacks), each
sign-off's state, the finding's versions as the audit log records them, and the commands
that sign its content on the signer's own machine. Templates only lay these out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ceasefire.domain.audit import AuditEntry
from ceasefire.domain.findings import Finding, describe_shortfall
from ceasefire.services.findings import FindingView

__all__ = [
    "FindingRow",
    "SignOffLine",
    "VersionLine",
    "content_file_name",
    "finding_row",
    "quorum_text",
    "shortfall_text",
    "signing_commands",
    "signoff_lines",
    "version_lines",
]


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One finding of the list: its valid sign-offs of the current version and the shortfall."""

    finding: Finding
    valid: int
    nations: str
    """The nations of those sign-offs, e.g. "RU, TR" (a nation once per key)."""
    shortfall: str


@dataclass(frozen=True, slots=True)
class SignOffLine:
    """One sign-off as the finding's page shows it."""

    key_id: str
    holder: str | None
    """Who holds the key; None for readers who do not see holders (liaisons, the public)."""
    nation: str
    version: int
    signed_at: datetime
    state: str
    valid: bool


@dataclass(frozen=True, slots=True)
class VersionLine:
    """One step of the finding's history, from the audit log."""

    at: datetime
    actor: str
    what: str
    version: int | None
    title: str


def shortfall_text(view: FindingView) -> str:
    """What the quorum still lacks, in words: "1 from TR", "met", or that none is set.

    >>> from types import SimpleNamespace as V
    >>> shortfall_text(V(quorum={"RU": 1, "TR": 1}, missing={"TR": 1}))
    '1 from TR'
    >>> shortfall_text(V(quorum={"RU": 1}, missing={}))
    'met'
    """
    if not view.quorum:
        return "no quorum is configured"
    return describe_shortfall(view.missing) if view.missing else "met"


def quorum_text(quorum: Mapping[str, int]) -> str:
    """The quorum in words.

    >>> quorum_text({"TR": 1, "RU": 2})
    '2 from RU, 1 from TR'
    """
    return describe_shortfall(quorum) if quorum else "none configured"


def finding_row(view: FindingView) -> FindingRow:
    """The list's row for a finding."""
    valid = [s for s, key, problems in view.signoffs if _valid(s.active, key, problems)]
    keys = {s.key_id: s.nation for s in valid}
    return FindingRow(
        finding=view.finding,
        valid=len(keys),
        nations=", ".join(sorted(keys.values())),
        shortfall=shortfall_text(view),
    )


def _valid(active: bool, key: object, problems: tuple[str, ...]) -> bool:
    return active and key is not None and not problems


def signoff_lines(view: FindingView, *, show_holders: bool) -> list[SignOffLine]:
    """Every sign-off of the finding (voided ones too) with its state in words."""
    lines = []
    for s, key, problems in view.signoffs:
        valid = _valid(s.active, key, problems)
        if s.voided_at is not None:
            state = f"voided by an edit ({_minute(s.voided_at)})"
        elif key is None:
            state = f"invalid: key {s.key_id} is not registered"
        elif problems:
            state = "invalid: " + "; ".join(problems)
        else:
            state = "verifies"
        lines.append(
            SignOffLine(
                key_id=s.key_id,
                holder=(key.holder if key is not None else "?") if show_holders else None,
                nation=s.nation,
                version=s.version,
                signed_at=s.signed_at,
                state=state,
                valid=valid,
            )
        )
    return lines


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def version_lines(entries: Iterable[AuditEntry]) -> list[VersionLine]:
    """The finding's audit entries, oldest first, as steps of its history: drafted, edited
    (to which version, how many sign-offs it voided), signed, published."""
    lines = []
    for e in sorted(entries, key=lambda e: e.seq):
        after: dict[str, Any] = e.after or {}
        state: dict[str, Any] = after.get("finding") or after
        version = state.get("version")
        title = str(state.get("title") or "")
        what = e.action.removeprefix("finding.")
        if e.action == "finding.edit":
            voided = len(after.get("voided_signoffs") or [])
            what = f"edited; {voided} sign-off(s) voided"
        elif e.action == "finding.sign":
            signoff: dict[str, Any] = after.get("signoff") or {}
            version = signoff.get("version")
            what = f"signed with key {signoff.get('key_id', '?')} ({signoff.get('nation', '?')})"
        elif e.action == "finding.draft":
            what = "drafted"
        elif e.action == "finding.publish":
            what = "published"
        lines.append(
            VersionLine(e.at, e.actor, what, version if isinstance(version, int) else None, title)
        )
    return lines


def content_file_name(finding: Finding) -> str:
    """The name the content is downloaded under: the finding and its version.

    >>> from types import SimpleNamespace as F
    >>> content_file_name(F(id="2f6b", version=3))
    'finding-2f6b-v3.json'
    """
    return f"finding-{finding.id}-v{finding.version}.json"


def signing_commands(finding: Finding, key_file: str = "KEY.pem") -> list[tuple[str, str]]:
    """(how, command) that sign the downloaded content on the signer's own machine and
    print the signature as 128 hex characters, which is what the sign-off form takes."""
    name = content_file_name(finding)
    return [
        (
            "ceasefire",
            f"ceasefire findings signature --content-file {name} --private-key {key_file}",
        ),
        (
            "OpenSSL 3",
            f"openssl pkeyutl -sign -rawin -inkey {key_file} -in {name}"
            " | od -An -v -tx1 | tr -d ' \\n'",
        ),
    ]
