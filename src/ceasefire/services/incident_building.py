"""Build the stored form of incidents from their reports: the fused account, the
assessment (status, confidence and its explanation, attribution, casualty ranges) and the
provisions each bears on. Used by linking and by analysts' verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from ceasefire.domain.assessment import KEEP, Assessment, Evidence, Override, assess
from ceasefire.domain.bearing import Bearing, provisions_concerned
from ceasefire.domain.incident_fusion import Member, fuse_members
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.reports import HowObserved
from ceasefire.domain.serialise import to_primitive
from ceasefire.domain.sources import Source, SourceKind
from ceasefire.domain.stance import stance_of
from ceasefire.services.loaded_scenarios import LoadedScenarios, loaded_scenarios
from ceasefire.storage.repositories import linking as repo
from ceasefire.storage.repositories import sources
from ceasefire.storage.repositories.linking import MemberRow, OverrideRow

__all__ = ["IncidentBuilder", "override_from", "sources_by_key"]

_SEEN_BY_KIND = {
    SourceKind.UAV: HowObserved.UAV,
    SourceKind.CAMERA: HowObserved.CAMERA,
    SourceKind.PATROL: HowObserved.SAW,
    SourceKind.OBSERVATION_POST: HowObserved.SAW,
}
"""How a relayed report was observed, from the kind of its origin (a dataset row that cites
a UAV unit relays UAV imagery)."""


def sources_by_key(conn: Connection) -> dict[str, Source]:
    """Registered sources by case-folded id and name (an id wins over another's name), as
    reports and dataset rows name their origin."""
    found: dict[str, Source] = {}
    for source in sources.list_all(conn):
        found.setdefault(source.name.casefold(), source)
        found[source.id.casefold()] = source
    return found


class IncidentBuilder:
    """Turns groups of report ids into incident rows, with what it needs loaded once."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.by_key = sources_by_key(conn)
        self._loaded: LoadedScenarios | None = None
        self._bearings: dict[tuple[Any, ...], list[Bearing]] = {}

    def build(
        self, changed: Sequence[tuple[str, Sequence[str]]], *, now: datetime
    ) -> list[dict[str, Any]]:
        """One incidents row per (incident id, report ids)."""
        ids = [r for _, group in changed for r in group]
        members = {m.report_id: m for m in repo.member_rows(self.conn, ids)}
        verdicts = repo.overrides_of(self.conn, [incident_id for incident_id, _ in changed])
        return [
            self.row(
                incident_id,
                [members[r] for r in group],
                override_from(verdicts.get(incident_id, [])),
                now=now,
            )
            for incident_id, group in changed
        ]

    def evidence(self, member: MemberRow) -> Evidence:
        """A report as verification sees it: the origin's source where it is registered
        (a dataset row that names a ministry is that ministry's claim), else the source
        that delivered it."""
        origin = self.by_key.get(member.origin.casefold(), member.source)
        relayed = origin is not member.source
        observed = member.how_observed
        if observed is HowObserved.CLAIMED and relayed:
            observed = _SEEN_BY_KIND.get(origin.kind, observed)
        return Evidence(
            report_id=member.report_id, origin=origin.id if relayed else member.origin,
            origin_name=origin.name if relayed else member.origin, kind=origin.kind,
            affiliation=origin.affiliation, party_id=origin.party_id,
            reliability=origin.reliability, credibility=member.credibility,
            how_observed=observed, stance=stance_of(member.text),
            blamed_party_id=member.blamed_party_id, casualties=member.casualties,
        )  # fmt: skip

    def bearings(
        self,
        at: datetime,
        zone_ids: tuple[str, ...],
        event_type: str,
        sub_event_type: str | None,
        party_id: str | None,
    ) -> list[Bearing]:
        """The provisions an incident bears on (remembered: many incidents share a day,
        zones and type)."""
        key = (at, zone_ids, event_type, sub_event_type, party_id)
        found = self._bearings.get(key)
        if found is None:
            if self._loaded is None:  # read when the first incident is built, not before
                self._loaded = loaded_scenarios(self.conn)
            found = provisions_concerned(
                self._loaded.agreements, at=at, zone_ids=zone_ids, event_type=event_type,
                sub_event_type=sub_event_type, attributed_party_id=party_id,
                events=self._loaded.events,
            )  # fmt: skip
            self._bearings[key] = found
        return found

    def row(
        self,
        incident_id: str,
        members: Sequence[MemberRow],
        override: Override | None,
        *,
        now: datetime,
    ) -> dict[str, Any]:
        """The incidents row of one incident."""
        fused = fuse_members(
            [
                Member(m.report_id, m.occurred, m.location, m.event_type, m.sub_event_type,
                       m.zone_ids)
                for m in members
            ]
        )  # fmt: skip
        assessment: Assessment = assess([self.evidence(m) for m in members], override)
        attribution = assessment.attribution
        bearings = self.bearings(
            fused.occurred.start, fused.zone_ids, fused.event_type, fused.sub_event_type,
            attribution.party_id,
        )  # fmt: skip
        return {
            "id": incident_id,
            "occurred_start": fused.occurred.start,
            "occurred_end": fused.occurred.end,
            "time_precision": fused.occurred.precision.value,
            "latitude": fused.location.latitude,
            "longitude": fused.location.longitude,
            "geo_precision": fused.location.precision.value,
            "place_name": fused.location.place_name,
            "event_type": fused.event_type,
            "sub_event_type": fused.sub_event_type,
            "casualties": to_primitive(assessment.casualties.casualties),
            "status": assessment.status.value,
            "confidence": assessment.confidence,
            "attributed_party_id": attribution.party_id,
            "attribution_confidence": attribution.confidence,
            "provision_ids": [b.provision_id for b in bearings],
            "report_count": len(members),
            "zone_ids": list(fused.zone_ids),
            "assessment": {
                **assessment.to_json(),
                "provisions": [to_primitive(b) for b in bearings],
            },
            "created_at": now,
            "updated_at": now,
        }


def override_from(rows: Sequence[OverrideRow]) -> Override | None:
    """The analysts' verdicts in force: the latest status and the latest attribution."""
    status_row = next((r for r in reversed(rows) if r.status is not None), None)
    party_row = next((r for r in reversed(rows) if r.sets_attribution), None)
    if status_row is None and party_row is None:
        return None
    latest = max((r for r in (status_row, party_row) if r is not None), key=lambda r: r.at)
    reasons = [r.reason for r in (status_row, party_row) if r is not None]
    return Override(
        status=VerificationStatus(status_row.status) if status_row and status_row.status else None,
        attributed_party_id=party_row.attributed_party_id if party_row else KEEP,
        reason="; ".join(dict.fromkeys(reasons)),
        actor=latest.actor,
    )
