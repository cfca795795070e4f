"""Complaints and requests for information in the domain: lifecycle, deadlines and overdue
flags at fixed instants, references, evidence hashes, bad inputs."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from ceasefire.domain.agreements import ComplaintDeadlines
from ceasefire.domain.complaints import (
    Complaint,
    ComplaintStatus,
    Evidence,
    LinkKind,
    Place,
    TimeSpan,
    complaint_reference,
)
from ceasefire.domain.information_requests import InformationRequest, RequestStatus
from ceasefire.errors import ValidationError

RECEIVED = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
DEADLINES = ComplaintDeadlines(acknowledge_hours=24, finding_days=7)
S = ComplaintStatus


def a_complaint(**overrides: object) -> Complaint:
    fields: dict[str, object] = {
        "complaint_id": "c-1",
        "reference": "AM-2021-001",
        "party_id": "AM",
        "agreement_id": "trilateral-2020-11-10",
        "allegation": "Mortar fire on Taghavard",
        "occurred": TimeSpan(RECEIVED - timedelta(days=1)),
        "place": Place("Taghavard", 39.63, 46.95),
        "deadlines": DEADLINES,
        "filed_by": "liaison-am",
        "now": RECEIVED,
    }
    fields.update(overrides)
    return Complaint.file(**fields)  # type: ignore[arg-type]


def test_filing_sets_deadlines_from_the_agreement() -> None:
    c = a_complaint()
    assert c.status is S.RECEIVED
    assert c.acknowledge_by == RECEIVED + timedelta(hours=24)
    assert c.finding_by == RECEIVED + timedelta(days=7)


def test_full_lifecycle_stamps_each_step() -> None:
    c = a_complaint()
    times = [RECEIVED + timedelta(hours=h) for h in (1, 2, 3, 4)]
    for status, at in zip(
        (S.ACKNOWLEDGED, S.UNDER_INVESTIGATION, S.FINDING_ISSUED, S.CLOSED), times, strict=True
    ):
        c = c.advance(status, at=at)
    assert (c.acknowledged_at, c.investigation_at, c.finding_issued_at, c.closed_at) == tuple(times)
    assert c.status is S.CLOSED and c.updated_at == times[-1]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ((), S.UNDER_INVESTIGATION),
        ((), S.FINDING_ISSUED),
        ((), S.CLOSED),
        ((S.ACKNOWLEDGED,), S.CLOSED),
        ((S.ACKNOWLEDGED, S.UNDER_INVESTIGATION, S.FINDING_ISSUED), S.WITHDRAWN),
        ((S.WITHDRAWN,), S.ACKNOWLEDGED),
    ],
)
def test_illegal_transitions_name_the_status(
    path: tuple[ComplaintStatus, ...], illegal: ComplaintStatus
) -> None:
    c = a_complaint()
    for status in path:
        c = c.advance(status, at=RECEIVED)
    with pytest.raises(ValidationError, match=f"is {c.status.value}") as err:
        c.advance(illegal, at=RECEIVED)
    assert err.value.field == "complaint.status"


def test_acknowledgement_overdue_flips_exactly_after_24_hours() -> None:
    c = a_complaint()
    assert not c.overdue(RECEIVED + timedelta(hours=24)).acknowledgement
    assert c.overdue(RECEIVED + timedelta(hours=24, microseconds=1)).acknowledgement
    acknowledged = c.advance(S.ACKNOWLEDGED, at=RECEIVED + timedelta(hours=30))
    assert not acknowledged.overdue(RECEIVED + timedelta(hours=31)).acknowledgement


def test_finding_overdue_flips_exactly_after_7_days_while_open() -> None:
    c = a_complaint().advance(S.ACKNOWLEDGED, at=RECEIVED)
    due = RECEIVED + timedelta(days=7)
    assert not c.overdue(due).finding
    assert c.overdue(due + timedelta(seconds=1)).finding
    investigating = c.advance(S.UNDER_INVESTIGATION, at=RECEIVED)
    assert investigating.overdue(due + timedelta(seconds=1)).finding
    issued = investigating.advance(S.FINDING_ISSUED, at=due + timedelta(days=1))
    assert not issued.overdue(due + timedelta(days=2))
    withdrawn = a_complaint().advance(S.WITHDRAWN, at=RECEIVED)
    assert not withdrawn.overdue(due + timedelta(days=30))


def test_deadlines_are_configurable() -> None:
    c = a_complaint(deadlines=ComplaintDeadlines(acknowledge_hours=2, finding_days=1))
    assert c.overdue(RECEIVED + timedelta(hours=2, seconds=1)).acknowledgement
    assert not c.overdue(RECEIVED + timedelta(hours=2, seconds=1)).finding
    assert c.overdue(RECEIVED + timedelta(days=1, seconds=1)).finding


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_deadlines_must_be_positive_whole_numbers(bad: object) -> None:
    with pytest.raises(ValidationError, match="acknowledge_hours"):
        ComplaintDeadlines(acknowledge_hours=bad, finding_days=7)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"allegation": "   "}, "allegation"),
        ({"occurred": TimeSpan(RECEIVED + timedelta(minutes=1))}, "occurred_start"),
        (
            {"occurred": TimeSpan(RECEIVED - timedelta(days=1), RECEIVED - timedelta(days=2))},
            "occurred_end",
        ),
        ({"occurred": TimeSpan(datetime(2021, 1, 1))}, "occurred_start"),
        ({"place": Place("X", 91.0, 46.0)}, "latitude"),
        ({"place": Place("X", 40.0, -181.0)}, "longitude"),
        ({"place": Place("X", 40.0, None)}, "latitude/longitude"),
        ({"place": Place("  ")}, "place"),
    ],
)
def test_bad_filings_name_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        a_complaint(**overrides)
    assert err.value.field == field


def test_links_are_kept_once_each() -> None:
    links = ((LinkKind.REPORT, "r1"), (LinkKind.REPORT, "r1"), (LinkKind.INCIDENT, "i1"))
    assert a_complaint(links=links).links == ((LinkKind.REPORT, "r1"), (LinkKind.INCIDENT, "i1"))


def test_reference_numbers() -> None:
    assert complaint_reference("AM", 2021, 7) == "AM-2021-007"
    assert complaint_reference("OSCE-MG", 2021, 12) == "OSCE-MG-2021-012"
    with pytest.raises(ValidationError):
        complaint_reference("AM", 2021, 0)


def test_evidence_keeps_name_and_sha256_of_the_file() -> None:
    e = Evidence.new(
        evidence_id="e1",
        complaint_id="c-1",
        description="Crater photo",
        added_by="am",
        now=RECEIVED,
        file_name="crater.jpg",
        content=b"\xff\xd8 bytes",
    )
    assert (e.file_name, e.sha256) == ("crater.jpg", hashlib.sha256(b"\xff\xd8 bytes").hexdigest())
    with pytest.raises(ValidationError, match="description"):
        Evidence.new(
            evidence_id="e2", complaint_id="c-1", description="", added_by="am", now=RECEIVED
        )


def test_request_is_answered_once_or_withdrawn() -> None:
    rq = InformationRequest.send(
        request_id="q1",
        party_id="AZ",
        question="Where were your units?",
        sent_by="analyst",
        now=RECEIVED,
        answer_by=RECEIVED + timedelta(days=2),
    )
    assert not rq.overdue(RECEIVED + timedelta(days=2))
    assert rq.overdue(RECEIVED + timedelta(days=2, seconds=1))
    answered = rq.answered(answer="In barracks.", by="liaison-az", at=RECEIVED)
    assert answered.status is RequestStatus.ANSWERED and not answered.overdue(
        RECEIVED + timedelta(days=9)
    )
    with pytest.raises(ValidationError, match="already answered"):
        answered.answered(answer="Again", by="liaison-az", at=RECEIVED)
    with pytest.raises(ValidationError, match="already answered"):
        answered.withdrawn()
    assert rq.withdrawn().status is RequestStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"question": " "}, "question"), ({"answer_by": RECEIVED}, "answer_by")],
)
def test_bad_requests_name_the_field(overrides: dict[str, object], field: str) -> None:
    fields: dict[str, object] = {
        "request_id": "q1",
        "party_id": "AZ",
        "question": "Q?",
        "sent_by": "a",
        "now": RECEIVED,
    }
    fields.update(overrides)
    with pytest.raises(ValidationError) as err:
        InformationRequest.send(**fields)  # type: ignore[arg-type]
    assert err.value.field == field
