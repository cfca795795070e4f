"""Checks and records shared by the complaint services: who may act, whether a filing names
real parties, agreements, reports and incidents, where a place is, and the audit entries
(which keep a confidential complaint's text out of the log: only its SHA-256 goes in)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.agreements import Agreement, ComplaintDeadlines, PartyRole
from ceasefire.domain.complaints import Complaint, Evidence, LinkKind, Place
from ceasefire.domain.findings import Finding
from ceasefire.domain.serialise import to_primitive
from ceasefire.errors import AccessDeniedError, NotFoundError, ValidationError
from ceasefire.gazetteer import Gazetteer
from ceasefire.geo import ZoneIndex
from ceasefire.storage.repositories import audit
from ceasefire.storage.repositories import findings as finding_repo
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.schema import incidents, reports

if TYPE_CHECKING:
    from ceasefire.services.complaints import ComplaintInput

__all__ = [
    "PLACE_CONFIDENCE",
    "Filing",
    "agreement_of",
    "audit_complaint",
    "check_filing",
    "check_party",
    "link_finding",
    "require_staff",
    "resolve_place",
    "snapshot",
    "viewer_text",
]


#: How sure a gazetteer match must be to place a complaint by name alone.
PLACE_CONFIDENCE = 0.85


@dataclass(frozen=True, slots=True)
class Filing:
    """What the database says about a filing: the deadlines that apply and the zones hit."""

    deadlines: ComplaintDeadlines
    zone_ids: tuple[str, ...]


def viewer_text(viewer: Viewer) -> str:
    """The viewer as the --as option spells it, e.g. `liaison:AM` or `analyst`."""
    return f"liaison:{viewer.party_id}" if viewer.party_id else viewer.role.value


def require_staff(viewer: Viewer, what: str) -> None:
    """Only analysts, the head of mission and admins may `what`."""
    if not viewer.is_staff:
        raise AccessDeniedError(
            "viewer", viewer_text(viewer), f"only mission staff (analyst and above) can {what}"
        )


def check_party(conn: Connection, party_id: str) -> None:
    """The party is one of the loaded scenario's parties."""
    known = sorted(p.id for p in scenario_repo.list_parties(conn))
    if party_id not in known:
        listed = ", ".join(known) or "none; load a scenario first"
        raise ValidationError("party", party_id, f"unknown party (known: {listed})")


def agreement_of(conn: Connection, agreement_id: str) -> Agreement:
    """The agreement, or a ValidationError naming it and the known ones."""
    try:
        return scenario_repo.list_agreements(conn, agreement_id)[0]
    except NotFoundError:
        known = ", ".join(a.id for a in scenario_repo.list_agreements(conn)) or "none"
        raise ValidationError(
            "agreement", agreement_id, f"unknown agreement (known: {known})"
        ) from None


def check_filing(
    conn: Connection,
    data: ComplaintInput,
    viewer: Viewer,
    links: Sequence[tuple[LinkKind, str]],
    place: Place,
) -> Filing:
    """Check a filing against the database; nothing is written here."""
    if not (viewer.is_staff or viewer.speaks_for(data.party_id)):
        raise AccessDeniedError(
            "party",
            data.party_id,
            f"{viewer_text(viewer)} cannot file complaints for this party",
        )
    check_party(conn, data.party_id)
    agreement = agreement_of(conn, data.agreement_id)
    parties = agreement.parties_with_role(PartyRole.PARTY)
    if data.party_id not in parties:
        raise ValidationError(
            "party",
            data.party_id,
            f"is not a party to {agreement.id} (its parties: {', '.join(parties) or 'none'})",
        )
    if agreement.complaint_deadlines is None:
        raise ValidationError(
            "agreement",
            agreement.id,
            "takes no complaints: it sets no complaint_deadlines in the scenario",
        )
    _check_links(conn, links)
    zone_ids: tuple[str, ...] = ()
    if place.latitude is not None and place.longitude is not None:
        zones = ZoneIndex(scenario_repo.list_zones(conn))
        zone_ids = tuple(zones.zones_at(place.latitude, place.longitude))
    return Filing(agreement.complaint_deadlines, zone_ids)


def _check_links(conn: Connection, links: Sequence[tuple[LinkKind, str]]) -> None:
    tables = {LinkKind.REPORT: reports, LinkKind.INCIDENT: incidents}
    for kind, target in links:
        table = tables[kind]
        if conn.execute(select(table.c.id).where(table.c.id == target)).first() is None:
            raise ValidationError(kind.value, target, f"no such {kind.value}")


def resolve_place(place: Place) -> Place:
    """A place given only by name, placed through the gazetteer (the region's places first,
    then world cities) when the match is sure (confidence PLACE_CONFIDENCE or more); a place
    with coordinates is kept as given."""
    if place.has_point:
        return place
    closest: list[str] = []
    for gazetteer in (Gazetteer.load(world=False), Gazetteer.load()):
        for match in gazetteer.geocode(place.name, limit=1):
            found = match.place
            if match.confidence < PLACE_CONFIDENCE:
                closest.append(f"{found.name} ({found.country_code}, {match.confidence:.2f})")
                continue
            same = found.name.casefold() == place.name.casefold()
            name = place.name if same else f"{place.name} ({found.name}, {found.country_code})"
            return Place(name, found.lat, found.lon)
    near = f"; closest: {', '.join(dict.fromkeys(closest))}" if closest else ""
    raise ValidationError(
        "place",
        place.name,
        f"not found in the gazetteer with confidence {PLACE_CONFIDENCE} or more{near};"
        " give --latitude and --longitude instead",
    )


def link_finding(
    conn: Connection, finding: Finding, complaint_id: str, actor: str, when: datetime
) -> bool:
    """Name the complaint on a finding that names none (the caller checked that a finding
    naming one names this one), unless that would change content already signed: a signed
    or published finding keeps its signed content. True when the finding names it now."""
    if finding.complaint_id is not None:
        return True
    if finding_repo.signoffs_of(conn, finding.id):
        return False
    after = replace(finding, complaint_id=complaint_id, updated_at=when).rehashed()
    finding_repo.update(conn, after)
    audit.append(
        conn, actor=actor, action="finding.link_complaint", entity="finding",
        entity_id=finding.id, before={"complaint_id": None},
        after={"complaint_id": complaint_id, "content_sha256": after.content_sha256}, at=when,
    )  # fmt: skip
    return True


def snapshot(record: Complaint | Evidence, *, confidential: bool | None = None) -> Any:
    """The record for the audit log; for a confidential complaint the party's text and
    evidence are replaced by their SHA-256, so the log does not spread them."""
    doc: dict[str, Any] = to_primitive(record)
    secret = record.confidential if isinstance(record, Complaint) else bool(confidential)
    if secret:
        for key in ("allegation", "description", "file_name"):
            if doc.get(key) is not None:
                digest = hashlib.sha256(str(doc[key]).encode("utf-8")).hexdigest()
                doc[key] = {"withheld": True, "sha256": digest}
    return doc


def audit_complaint(
    conn: Connection,
    actor: str,
    action: str,
    complaint_id: str,
    when: datetime,
    *,
    before: object = None,
    after: object = None,
) -> None:
    """One audit entry on a complaint."""
    audit.append(
        conn, actor=actor, action=action, entity="complaint", entity_id=complaint_id,
        before=before, after=after, at=when,
    )  # fmt: skip
