"""A demonstration installation for `make run`: generated reports, labelled as generated,
one account per role, and a handful of incidents taken through the mission's process to a
published finding, so the dashboard opens on something a mission's staff can try and the
public view shows published incidents.

Nothing here is presented as real: the reports come from the synthetic generator (the
reference scenario's places and parties, invented events) under a source named
"Generated demonstration data (not real events)", and every demonstration verdict and
finding says so. Loading again adds nothing (the reports' natural keys; the demonstration
signing keys mark that findings were published) and leaves existing accounts alone.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.domain.sources import Source, SourceKind
from ceasefire.services import accounts, findings, incidents, signing_keys
from ceasefire.services.database import Database
from ceasefire.services.imports import ImportOutcome, import_file
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import sources
from ceasefire.synthetic import generate_acled

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_KEY_PREFIX",
    "DEMO_PUBLISHED",
    "DEMO_SOURCE",
    "DemoAccount",
    "DemoOutcome",
    "DemoPublication",
    "choose_for_publication",
    "load_demo",
]

DEMO_SOURCE = Source(
    "demo-generated", "Generated demonstration data (not real events)", SourceKind.DATASET
)
DEMO_REPORTS = 2_000
DEMO_PUBLISHED = 8
"""Incidents the demonstration takes through verification to a published finding."""
DEMO_KEY_PREFIX = "demo-"
"""Signing keys the demonstration registers are named `demo-ru-1`, `demo-tr-1`..."""
_ADMIN = Viewer(Role.ADMIN, None, "demo")
_EVERY = 2**31 - 1
_LABEL = "Demonstration on generated reports (invented events, not real ones)"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demonstration account: a role, and the party or monitoring nation it needs."""

    username: str
    role: Role
    party_id: str | None = None
    nation: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN),
    DemoAccount("head", Role.HEAD_OF_MISSION),
    DemoAccount("analyst", Role.ANALYST),
    DemoAccount("monitor-ru", Role.MONITOR, nation="RU"),
    DemoAccount("monitor-tr", Role.MONITOR, nation="TR"),
    DemoAccount("liaison-am", Role.PARTY_LIAISON, party_id="AM"),
    DemoAccount("liaison-az", Role.PARTY_LIAISON, party_id="AZ"),
)


@dataclass(frozen=True, slots=True)
class DemoPublication:
    """An incident the demonstration published a finding on; `verified` when the
    demonstration's analyst set its status to verified (it was corroborated only)."""

    incident_id: str
    finding_id: str
    title: str
    verified: bool


@dataclass(slots=True)
class DemoOutcome:
    """What loading the demonstration did: the import, the accounts created now with their
    passwords (shown once; accounts that existed keep theirs), the findings published and
    the signing keys registered for them (none when an earlier load published already)."""

    imported: ImportOutcome
    created: list[tuple[DemoAccount, str]] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    published: list[DemoPublication] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    published_before: bool = False


def load_demo(
    *,
    db: Database,
    actor: str,
    reports: int = DEMO_REPORTS,
    seed: int = 1,
    publish: int = DEMO_PUBLISHED,
) -> DemoOutcome:
    """Import `reports` generated reports (linked into incidents) under DEMO_SOURCE, create
    the DEMO_ACCOUNTS that do not exist yet, and publish findings on `publish` incidents as
    the mission would (verified, signed off, published). Needs a loaded reference scenario."""
    with db.read() as conn:
        registered = sources.find(conn, DEMO_SOURCE.id) is not None
    if not registered:
        add_source(db=db, source=DEMO_SOURCE, actor=actor)
    with tempfile.TemporaryDirectory(prefix="ceasefire-demo-") as folder:
        path = Path(folder) / f"demo-{reports}-seed-{seed}.csv"
        generate_acled(path, reports=reports, seed=seed)
        imported = import_file(db=db, path=path, fmt="acled", actor=actor, source=DEMO_SOURCE.id)
    outcome = DemoOutcome(imported)
    known = {user.username for user in accounts.list_users(db=db, viewer=_ADMIN)}
    for account in DEMO_ACCOUNTS:
        if account.username in known:
            outcome.existing.append(account.username)
            continue
        password = _password()
        accounts.add_user(
            db=db, viewer=_ADMIN, username=account.username, role=account.role,
            password=password, party_id=account.party_id, nation=account.nation,
        )  # fmt: skip
        outcome.created.append((account, password))
    if publish > 0:
        _publish(db, outcome, publish)
    return outcome


def _publish(db: Database, outcome: DemoOutcome, count: int) -> None:
    """Take `count` incidents through the mission's process, as the demonstration accounts:
    the analyst verifies the corroborated ones and drafts a finding on each, one monitor of
    each nation of the quorum signs it off with a key made for the purpose, and the head of
    mission publishes it. The private keys live only in memory while they sign; only their
    public halves are registered. An earlier load's keys mean it published already."""
    registered = signing_keys.list_keys(db=db)
    if any(key.id.startswith(DEMO_KEY_PREFIX) for key in registered):
        outcome.published_before = True
        return
    quorum = signing_keys.signoff_quorum(db=db)
    listed = [
        incident
        for status in (VerificationStatus.CORROBORATED, VerificationStatus.VERIFIED)
        for incident in incidents.list_incidents(
            db=db, flt=incidents.IncidentFilter(status=status, limit=_EVERY)
        )
    ]
    chosen = choose_for_publication(listed, count)
    if not quorum or not chosen:
        return
    keys = _demo_keys(db, quorum)
    outcome.keys = list(keys)
    analyst, head = _username(Role.ANALYST), _username(Role.HEAD_OF_MISSION)
    for incident in chosen:
        verify = incident.status is not VerificationStatus.VERIFIED
        if verify:
            incidents.set_verdict(
                db=db, incident_id=incident.id, status=VerificationStatus.VERIFIED,
                reason=f"{_LABEL}: a patrol confirmed what the reports agree on.", actor=analyst,
            )  # fmt: skip
        title, text = _finding_text(incident)
        finding = findings.draft_finding(
            db=db, title=title, text=text, actor=analyst, incident_id=incident.id
        )
        for key_id, (holder, private) in keys.items():
            findings.sign_finding(
                db=db, finding_id=finding.id, key_id=key_id, private_key=private, actor=holder
            )
        findings.publish_finding(db=db, finding_id=finding.id, actor=head)
        outcome.published.append(DemoPublication(incident.id, finding.id, title, verify))


def choose_for_publication(listed: Sequence[Incident], count: int) -> list[Incident]:
    """The incidents a demonstration publishes: ceasefire violations (they bear on a
    provision) that two reports or more corroborate, the best supported first, half of them
    among those still waiting for an analyst's verification. The order reads only what the
    generated reports decide (never the random incident ids), so a seed always chooses the
    same events."""
    candidates = sorted(
        (i for i in listed if len(i.report_ids) >= 2 and i.provision_ids),
        key=lambda i: (
            -len(i.report_ids), -round(i.confidence, 6), i.occurred.start, i.event_type,
            i.sub_event_type or "", i.location.latitude, i.location.longitude,
        ),
    )  # fmt: skip
    waiting = [i for i in candidates if i.status is VerificationStatus.CORROBORATED]
    verified = [i for i in candidates if i.status is VerificationStatus.VERIFIED]
    half = min(len(waiting), count // 2)
    chosen = waiting[:half] + verified[: count - half]
    chosen += waiting[half : half + count - len(chosen)]
    return sorted(chosen, key=lambda i: (i.occurred.start, i.location.latitude))


def _demo_keys(db: Database, quorum: dict[str, int]) -> dict[str, tuple[str, Ed25519PrivateKey]]:
    """key id -> (holder, private key): as many new keys per nation as its quorum needs,
    held by the demonstration monitor of that nation; only the public keys are stored."""
    keys: dict[str, tuple[str, Ed25519PrivateKey]] = {}
    for nation, needed in sorted(quorum.items()):
        holder = next(
            (a.username for a in DEMO_ACCOUNTS if a.nation == nation),
            f"demo monitor {nation}",
        )
        for number in range(1, needed + 1):
            key_id = f"{DEMO_KEY_PREFIX}{nation.lower()}-{number}"
            private = generate_private_key()
            signing_keys.add_key(
                db=db, key_id=key_id, holder=holder, nation=nation,
                public_key=public_key_of(private), actor=_username(Role.ADMIN),
            )  # fmt: skip
            keys[key_id] = (holder, private)
    return keys


def _finding_text(incident: Incident) -> tuple[str, str]:
    """The demonstration finding's title and text, from the incident's own facts."""
    what = incident.sub_event_type or incident.event_type
    place = incident.location.place_name or (
        f"{incident.location.latitude:.3f}, {incident.location.longitude:.3f}"
    )
    start = incident.occurred.start
    day = f"{start.day} {start:%B %Y}"
    party = incident.attributed_party_id
    text = (
        f"{_LABEL}. {len(incident.report_ids)} reports of {what.lower()} near {place} on"
        f" {day} describe one event, verified by the mission."
        f" {f'Responsible party: {party}.' if party else 'No party can be named.'}"
        f" Provisions concerned: {', '.join(incident.provision_ids)}."
    )
    return f"{what} near {place}, {day} (demonstration)", text


def _username(role: Role) -> str:
    """The demonstration account of `role` (the first, for a role with several)."""
    return next(a.username for a in DEMO_ACCOUNTS if a.role is role)


def _password() -> str:
    """A random password that meets the account rules (letters, hex digits, a hyphen)."""
    return f"Demo-{secrets.token_hex(8)}"
