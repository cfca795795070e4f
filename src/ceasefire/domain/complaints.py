"""Complaints: a party's formal allegation, its lifecycle, its deadlines and its evidence.

A complaint is filed by one party under one agreement; the agreement's complaint deadlines
fix when the mission must acknowledge it and when the finding is due. The mission moves it
received -> acknowledged -> under investigation -> finding issued -> closed; until the
finding is issued the filing party may withdraw it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from ceasefire.domain.agreements import ComplaintDeadlines
from ceasefire.domain.validation import (
    check_aware,
    check_latitude,
    check_longitude,
    check_non_empty,
)
from ceasefire.errors import ValidationError

__all__ = [
    "OPEN_STATUSES",
    "Complaint",
    "ComplaintStatus",
    "ComplaintSummary",
    "Evidence",
    "LinkKind",
    "Overdue",
    "Place",
    "TimeSpan",
    "complaint_reference",
]

MAX_ALLEGATION = 20_000


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

#: Statuses in which the finding is still owed (the finding deadline runs).
OPEN_STATUSES = frozenset(
    {ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION}
)

#: Which timestamp column each status change sets (withdrawal ends the case like a closure).
_STAMP = {
    ComplaintStatus.ACKNOWLEDGED: "acknowledged_at",
    ComplaintStatus.UNDER_INVESTIGATION: "investigation_at",
    ComplaintStatus.FINDING_ISSUED: "finding_issued_at",
    ComplaintStatus.CLOSED: "closed_at",
    ComplaintStatus.WITHDRAWN: "closed_at",
}


class LinkKind(StrEnum):
    """What a complaint may point at."""

    REPORT = "report"
    INCIDENT = "incident"


def complaint_reference(party_id: str, year: int, number: int) -> str:
    """The reference a party and the mission quote: party, year received, running number.

    >>> complaint_reference("AM", 2021, 1), complaint_reference("AZ", 2021, 1234)
    ('AM-2021-001', 'AZ-2021-1234')
    """
    if number < 1:
        raise ValidationError("reference.number", number, "must be 1 or more")
    return f"{party_id}-{year}-{number:03d}"


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """When the alleged event happened: a start and, for a span, an end."""

    start: datetime
    end: datetime | None = None

    def check(self, now: datetime) -> TimeSpan:
        """The span, checked: time zones given, end not before start, nothing in the future."""
        check_aware(self.start, "occurred_start")
        if self.start > now:
            raise ValidationError(
                "occurred_start", self.start.isoformat(), "must not be in the future"
            )
        if self.end is not None:
            check_aware(self.end, "occurred_end")
            if self.end < self.start:
                raise ValidationError(
                    "occurred_end", self.end.isoformat(), "must not be before occurred_start"
                )
            if self.end > now:
                raise ValidationError(
                    "occurred_end", self.end.isoformat(), "must not be in the future"
                )
        return self


@dataclass(frozen=True, slots=True)
class Place:
    """Where: a place name and, when known, a point in WGS84."""

    name: str = ""
    latitude: float | None = None
    longitude: float | None = None

    def check(self) -> Place:
        """The place, checked: both coordinates or neither, in range; a name or a point."""
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                "latitude/longitude",
                (self.latitude, self.longitude),
                "give both a latitude and a longitude, or neither",
            )
        if self.latitude is not None and self.longitude is not None:
            check_latitude(self.latitude)
            check_longitude(self.longitude)
        elif not self.name.strip():
            raise ValidationError("place", self.name, "give a place name or a latitude/longitude")
        return replace(self, name=self.name.strip())

    @property
    def has_point(self) -> bool:
        """True when the place has coordinates."""
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class Overdue:
    """Which of a complaint's deadlines have passed unmet at some instant."""

    acknowledgement: bool
    finding: bool

    def __bool__(self) -> bool:
        return self.acknowledgement or self.finding


@dataclass(frozen=True, slots=True)
class Complaint:
    """A party's allegation, where and when, its links and deadlines, and each step's time.

    `allegation` is None when the reader may not see it (an analyst reading a complaint the
    filing party marked confidential): the text is withheld, not empty.
    """

    id: str
    reference: str
    party_id: str
    agreement_id: str
    allegation: str | None
    confidential: bool
    occurred: TimeSpan
    place: Place
    zone_ids: tuple[str, ...]
    status: ComplaintStatus
    received_at: datetime
    acknowledge_by: datetime
    finding_by: datetime
    filed_by: str
    updated_at: datetime
    acknowledged_at: datetime | None = None
    investigation_at: datetime | None = None
    finding_issued_at: datetime | None = None
    closed_at: datetime | None = None
    finding_id: str | None = None
    links: tuple[tuple[LinkKind, str], ...] = ()

    @classmethod
    def file(
        cls,
        *,
        complaint_id: str,
        reference: str,
        party_id: str,
        agreement_id: str,
        allegation: str,
        occurred: TimeSpan,
        place: Place,
        deadlines: ComplaintDeadlines,
        filed_by: str,
        now: datetime,
        confidential: bool = False,
        zone_ids: tuple[str, ...] = (),
        links: tuple[tuple[LinkKind, str], ...] = (),
    ) -> Complaint:
        """A new complaint, received `now`, with its deadlines from the agreement."""
        check_aware(now, "now")
        text = check_non_empty(allegation, "allegation")
        if len(text) > MAX_ALLEGATION:
            raise ValidationError(
                "allegation", f"{len(text)} characters", f"must be at most {MAX_ALLEGATION}"
            )
        return cls(
            id=complaint_id,
            reference=reference,
            party_id=check_non_empty(party_id, "party"),
            agreement_id=check_non_empty(agreement_id, "agreement"),
            allegation=text,
            confidential=confidential,
            occurred=occurred.check(now),
            place=place.check(),
            zone_ids=tuple(zone_ids),
            status=ComplaintStatus.RECEIVED,
            received_at=now,
            acknowledge_by=deadlines.acknowledge_by(now),
            finding_by=deadlines.finding_by(now),
            filed_by=check_non_empty(filed_by, "actor"),
            updated_at=now,
            links=tuple(dict.fromkeys(links)),
        )

    @property
    def withheld(self) -> bool:
        """True when the allegation was withheld from this reader."""
        return self.allegation is None

    def can_move_to(self, to: ComplaintStatus) -> bool:
        """True when the lifecycle allows going from the current status to `to`."""
        return to in _NEXT[self.status]

    def advance(self, to: ComplaintStatus, *, at: datetime) -> Complaint:
        """The complaint moved to status `to` at `at`, if the lifecycle allows it."""
        if not self.can_move_to(to):
            allowed = ", ".join(sorted(s.value for s in _NEXT[self.status])) or "nothing"
            raise ValidationError(
                "complaint.status",
                to.value,
                f"complaint {self.reference} is {self.status.value}; from there it can move"
                f" to {allowed}",
            )
        check_aware(at, "now")
        moved = replace(self, status=to, updated_at=at)
        stamp = _STAMP[to]
        if stamp == "acknowledged_at":
            return replace(moved, acknowledged_at=at)
        if stamp == "investigation_at":
            return replace(moved, investigation_at=at)
        if stamp == "finding_issued_at":
            return replace(moved, finding_issued_at=at)
        return replace(moved, closed_at=at)

    def overdue(self, now: datetime) -> Overdue:
        """Which deadlines are missed at `now` (strictly after the deadline).

        The acknowledgement is overdue while the complaint is still only received; the
        finding while it is received, acknowledged or under investigation.
        """
        return Overdue(
            acknowledgement=self.status is ComplaintStatus.RECEIVED and now > self.acknowledge_by,
            finding=self.status in OPEN_STATUSES and now > self.finding_by,
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """One item of evidence for a complaint: a description and, if a file was given, its name
    and SHA-256 (the bytes themselves are not stored yet).

    `description` is None when withheld from the reader (confidential complaint, analyst).
    """

    id: str
    complaint_id: str
    description: str | None
    file_name: str | None
    sha256: str | None
    added_by: str
    added_at: datetime

    @classmethod
    def new(
        cls,
        *,
        evidence_id: str,
        complaint_id: str,
        description: str,
        added_by: str,
        now: datetime,
        file_name: str | None = None,
        content: bytes | None = None,
    ) -> Evidence:
        """An evidence item; with a file, its name and the SHA-256 of its bytes."""
        if (file_name is None) != (content is None):
            raise ValidationError("file", file_name, "a file needs both its name and its bytes")
        return cls(
            id=evidence_id,
            complaint_id=complaint_id,
            description=check_non_empty(description, "description"),
            file_name=None if file_name is None else check_non_empty(file_name, "file"),
            sha256=None if content is None else hashlib.sha256(content).hexdigest(),
            added_by=check_non_empty(added_by, "actor"),
            added_at=check_aware(now, "now"),
        )

    @property
    def withheld(self) -> bool:
        """True when the item's content was withheld from this reader."""
        return self.description is None


@dataclass(frozen=True, slots=True)
class ComplaintSummary:
    """What one party received at the end: the finding's summary after redaction, the rules
    applied and how many passages each removed."""

    id: str
    complaint_id: str
    party_id: str
    finding_id: str | None
    text: str
    rules: tuple[str, ...]
    redactions: dict[str, int]
    sent_by: str
    sent_at: datetime
