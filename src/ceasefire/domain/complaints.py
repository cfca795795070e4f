"""Complaints: a party's formal allegation and its lifecycle."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from ceasefire.domain.validation import check_aware, check_non_empty
from ceasefire.errors import ValidationError

__all__ = ["Complaint", "ComplaintStatus"]


class ComplaintStatus(StrEnum):
    """Lifecycle: received -> acknowledged -> under investigation -> finding issued -> closed."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_INVESTIGATION = "under_investigation"
    FINDING_ISSUED = "finding_issued"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


_NEXT: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.RECEIVED: frozenset({ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.WITHDRAWN}),
    ComplaintStatus.ACKNOWLEDGED: frozenset(
        {ComplaintStatus.UNDER_INVESTIGATION, ComplaintStatus.WITHDRAWN}
    ),
    ComplaintStatus.UNDER_INVESTIGATION: frozenset(
        {ComplaintStatus.FINDING_ISSUED, ComplaintStatus.WITHDRAWN}
    ),
    ComplaintStatus.FINDING_ISSUED: frozenset({ComplaintStatus.CLOSED}),
    ComplaintStatus.CLOSED: frozenset(),
    ComplaintStatus.WITHDRAWN: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Complaint:
    """A party's allegation with the incidents it concerns."""

    id: str
    party_id: str
    allegation: str
    received_at: datetime
    status: ComplaintStatus = ComplaintStatus.RECEIVED
    incident_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_non_empty(self.allegation, "complaint.allegation")
        check_aware(self.received_at, "complaint.received_at")

    def advance(self, to: ComplaintStatus) -> Complaint:
        """The complaint moved to status `to`, if the lifecycle allows it."""
        if to not in _NEXT[self.status]:
            raise ValidationError(
                "complaint.status", to.value, f"cannot move from {self.status.value}"
            )
        return replace(self, status=to)
