"""Bodies of the incidents routes: incidents (listed, in full, as GeoJSON) and the
analysts' decisions on them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ceasefire.api.schemas.common import Identifier, PlainText
from ceasefire.api.schemas.reports import CasualtiesOut, ReportOut
from ceasefire.domain.assessment import Assessment, Attribution
from ceasefire.domain.incidents import Incident, VerificationStatus
from ceasefire.domain.precision import GeoPrecision, TimePrecision
from ceasefire.services.incidents import IncidentChange, IncidentView

__all__ = [
    "AttributeIn",
    "AttributionOut",
    "BearingOut",
    "IncidentChangeOut",
    "IncidentDetail",
    "IncidentOut",
    "MergeIn",
    "SplitIn",
    "VerdictOut",
    "VerifyIn",
]

Reason = Annotated[
    PlainText,
    StringConstraints(strip_whitespace=True),
    Field(
        min_length=1,
        max_length=5_000,
        description="Why (required; kept in the audit log and the incident's explanation)",
    ),
]


class IncidentOut(BaseModel):
    """An incident: the fused account of its reports, its status and attribution."""

    id: str = Field(examples=["0b7f6a52-8d0e-4c55-b0f5-0d1e3c1f8a21"])
    occurred_start: datetime
    occurred_end: datetime | None
    time_precision: TimePrecision
    latitude: float = Field(examples=[39.9934])
    longitude: float = Field(examples=[46.9274])
    geo_precision: GeoPrecision
    place_name: str = Field(examples=["Aghdam"])
    event_type: str = Field(examples=["Explosions/Remote violence"])
    sub_event_type: str | None = Field(examples=["Shelling/artillery/missile attack"])
    casualties: CasualtiesOut = Field(description="Fused ranges over the incident's reports")
    killed_best: int = Field(
        ge=0,
        examples=[2],
        description="Best estimate of all killed, unknown figures counted as zero (the"
        " dashboard's map sizes incidents by it)",
    )
    status: VerificationStatus
    confidence: float = Field(ge=0, le=1, examples=[0.62])
    attributed_party: str | None = Field(examples=["AZ"])
    attribution_confidence: float = Field(examples=[0.55])
    provisions: list[str] = Field(description="Ids of the provisions it bears on")
    zone_ids: list[str] = Field(examples=[["district-aghdam", "handover-aghdam"]])
    report_count: int = Field(examples=[3])

    @staticmethod
    def values(incident: Incident) -> dict[str, Any]:
        """Field values of a domain incident (times in UTC)."""
        occurred, loc = incident.occurred, incident.location
        return {
            "id": incident.id,
            "occurred_start": occurred.start.astimezone(UTC),
            "occurred_end": occurred.end.astimezone(UTC) if occurred.end else None,
            "time_precision": occurred.precision,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "geo_precision": loc.precision,
            "place_name": loc.place_name,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "casualties": CasualtiesOut.of(incident.casualties),
            "killed_best": incident.casualties.total_killed_best(),
            "status": incident.status,
            "confidence": incident.confidence,
            "attributed_party": incident.attributed_party_id,
            "attribution_confidence": incident.attribution_confidence,
            "provisions": list(incident.provision_ids),
            "zone_ids": list(incident.zone_ids),
            "report_count": len(incident.report_ids),
        }

    @classmethod
    def of(cls, incident: Incident) -> IncidentOut:
        """The body for an incident."""
        return cls(**cls.values(incident))


class AttributionOut(BaseModel):
    """The party assessed responsible (None: nobody), with a confidence and the reason."""

    party: str | None = Field(examples=["AZ"])
    confidence: float = Field(examples=[0.55])
    reason: str

    @classmethod
    def of(cls, a: Attribution) -> AttributionOut:
        """The body for an attribution."""
        return cls(party=a.party_id, confidence=a.confidence, reason=a.reason)


class VerdictOut(BaseModel):
    """The analysts' verdict in force on status and/or attribution."""

    status: VerificationStatus | None
    sets_attribution: bool
    attributed_party: str | None
    reason: str
    actor: str


class BearingOut(BaseModel):
    """A provision the incident bears on, and why."""

    provision_id: str = Field(examples=["nk-2020-11-10-p1"])
    agreement_id: str
    reason: str
    party: str | None = Field(description="The attributed party, when it is obligated by it")


class IncidentDetail(IncidentOut):
    """An incident in full: the account, why its status and confidence are what they are,
    attribution, provisions concerned, and the reports the caller may read."""

    status_reason: str
    computed_status: VerificationStatus | None = Field(
        description="What the rules say, whatever an analyst decided"
    )
    explanation: list[str] = Field(
        description="Readable lines: the prior, each source's contribution, the result,"
        " the attribution and any analyst's verdict",
        examples=[["prior 0.10: before any report is weighed", "+0.54 JMC UAV (B2, ...)"]],
    )
    attribution: AttributionOut | None
    computed_attribution: AttributionOut | None
    verdict: VerdictOut | None
    bearings: list[BearingOut]
    reports: list[ReportOut] = Field(description="Its reports that the caller may read")

    @classmethod
    def of_view(cls, view: IncidentView) -> IncidentDetail:
        """The body for an incident and its readable reports."""
        stored = view.incident.assessment
        assessment = Assessment.from_json(stored) if "contributions" in stored else None
        return cls(
            **cls.values(view.incident),
            **_explained(assessment),
            bearings=[_bearing(b) for b in stored.get("provisions", [])],
            reports=[ReportOut.of(r) for r in view.reports],
        )


def _explained(a: Assessment | None) -> dict[str, Any]:
    if a is None:
        return {
            "status_reason": "",
            "computed_status": None,
            "explanation": [],
            "attribution": None,
            "computed_attribution": None,
            "verdict": None,
        }
    o = a.overridden_by
    verdict = None
    if o is not None:
        party = o.attributed_party_id if isinstance(o.attributed_party_id, str) else None
        verdict = VerdictOut(
            status=o.status,
            sets_attribution=o.sets_attribution,
            attributed_party=party,
            reason=o.reason,
            actor=o.actor,
        )
    return {
        "status_reason": a.status_reason,
        "computed_status": a.computed_status,
        "explanation": a.explanation(),
        "attribution": AttributionOut.of(a.attribution),
        "computed_attribution": AttributionOut.of(a.computed_attribution or a.attribution),
        "verdict": verdict,
    }


def _bearing(b: Mapping[str, Any]) -> BearingOut:
    return BearingOut(
        provision_id=str(b.get("provision_id", "")),
        agreement_id=str(b.get("agreement_id", "")),
        reason=str(b.get("reason", "")),
        party=b.get("party_id"),
    )


class MergeIn(BaseModel):
    """Incidents to merge into one, and why."""

    model_config = ConfigDict(extra="forbid")
    incidents: list[Identifier] = Field(
        min_length=2,
        max_length=100,
        description="Two or more incident ids",
        examples=[["0b7f6a52-8d0e-4c55-b0f5-0d1e3c1f8a21", "5d2c7e10-2a44-4f0b-9c1e-7b8f3a6d4e92"]],
    )
    reason: Reason


class SplitIn(BaseModel):
    """Reports to split off an incident, and why."""

    model_config = ConfigDict(extra="forbid")
    reports: list[Identifier] = Field(
        min_length=1,
        max_length=1_000,
        description="Reports of the incident to move into an incident of their own",
        examples=[["4f1c0c9e-3f55-4d7e-9a57-6a3c1b9f2d10"]],
    )
    reason: Reason


class VerifyIn(BaseModel):
    """An analyst's verdict on an incident's verification status."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "status": "verified",
                    "reason": "JMC UAV imagery of 17 Nov shows fresh craters at the reported place",
                }
            ]
        },
    )
    status: VerificationStatus
    reason: Reason


class AttributeIn(BaseModel):
    """An analyst's verdict on who is responsible (`party` null: nobody can be named)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "party": "AZ",
                    "reason": "Crater analysis points to fire from the east; both OPs concur",
                }
            ]
        },
    )
    party: Identifier | None = Field(description="A scenario party id, or null for nobody")
    reason: Reason


class IncidentChangeOut(BaseModel):
    """What a merge or split did, and the incidents the reports concerned are in now."""

    incidents: list[IncidentOut]
    renamed: dict[str, str] = Field(
        description="Incidents that linking renamed or absorbed: old id -> new id"
    )
    reports_linked: int
    incidents_written: int
    incidents_removed: int

    @classmethod
    def of(cls, change: IncidentChange) -> IncidentChangeOut:
        """The body for a merge or split."""
        return cls(
            incidents=[IncidentOut.of(i) for i in change.incidents],
            renamed=dict(change.renamed),
            reports_linked=change.reports_linked,
            incidents_written=change.incidents_written,
            incidents_removed=change.incidents_removed,
        )
