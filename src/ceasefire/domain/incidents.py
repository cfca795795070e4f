"""Incidents: what the mission believes happened, built from one or more reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ceasefire.domain.reports import Casualties, Location, TimeSpan
from ceasefire.errors import ValidationError

__all__ = ["Incident", "VerificationStatus"]


class VerificationStatus(StrEnum):
    """How far an incident has been verified."""

    UNVERIFIED = "unverified"
    CORROBORATED = "corroborated"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Incident:
    """A cluster of reports with fused attributes, a status and a confidence in [0, 1]."""

    id: str
    report_ids: tuple[str, ...]
    occurred: TimeSpan
    location: Location
    event_type: str
    sub_event_type: str | None
    casualties: Casualties
    status: VerificationStatus = VerificationStatus.UNVERIFIED
    confidence: float = 0.0
    attributed_party_id: str | None = None
    provision_ids: tuple[str, ...] = ()
    attribution_confidence: float = 0.0
    zone_ids: tuple[str, ...] = ()
    assessment: dict[str, Any] = field(default_factory=dict)
    """The stored assessment: contributions with their explanation, attribution, casualty
    sources and provisions (see `ceasefire.domain.assessment.Assessment.to_json`)."""

    def __post_init__(self) -> None:
        if not self.report_ids:
            raise ValidationError(
                "incident.report_ids", self.report_ids, "needs at least one report"
            )
        if not 0.0 <= self.confidence <= 1.0:
            raise ValidationError("incident.confidence", self.confidence, "must be between 0 and 1")
