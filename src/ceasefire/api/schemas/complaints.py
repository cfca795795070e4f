"""Bodies of complaints, requests for information and the redacted summaries sent to the
parties. Text the reader may not see (an analyst reading a complaint its party marked
confidential) is null with `withheld: true`, never an empty string."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from ceasefire.api.schemas.common import Identifier, PlainText, ShortText
from ceasefire.api.schemas.findings import FindingOut
from ceasefire.domain.complaints import (
    Complaint,
    ComplaintStatus,
    ComplaintSummary,
    Evidence,
    LinkKind,
)
from ceasefire.domain.information_requests import InformationRequest, RequestStatus
from ceasefire.domain.redaction import Hit
from ceasefire.services.clock import utc_now
from ceasefire.services.complaint_summaries import SummaryPreview
from ceasefire.services.complaints import (
    DEFAULT_AGREEMENT,
    ComplaintInput,
    ComplaintView,
    IssuedFinding,
)

__all__ = [
    "AnswerIn",
    "ComplaintDetail",
    "ComplaintIn",
    "ComplaintOut",
    "ComplaintWithdrawn",
    "EvidenceItemOut",
    "FindingIssueIn",
    "HitOut",
    "IssuedFindingOut",
    "LinkOut",
    "PlaceOut",
    "RequestIn",
    "RequestOut",
    "RequestWithdrawn",
    "SummaryIn",
    "SummaryOut",
    "SummaryPreviewOut",
    "WithdrawIn",
]

Text = Annotated[PlainText, StringConstraints(min_length=1)]
RuleName = Annotated[str, StringConstraints(min_length=1, max_length=50)]
Name = Annotated[ShortText, StringConstraints(max_length=200)]


class ComplaintIn(BaseModel):
    """A complaint as a party files it. A liaison files for their own party (`party` may be
    left out); mission staff file on a party's behalf and name it."""

    model_config = ConfigDict(extra="forbid")
    party: Identifier | None = Field(default=None, examples=["AM"])
    allegation: Text = Field(
        examples=[
            "At 06:40 our positions east of Martuni came under mortar fire from the south;"
            " two soldiers were wounded."
        ]
    )
    occurred_start: AwareDatetime = Field(examples=["2020-11-19T06:40:00+04:00"])
    occurred_end: AwareDatetime | None = Field(default=None, examples=[None])
    agreement: Identifier = Field(default=DEFAULT_AGREEMENT, examples=[DEFAULT_AGREEMENT])
    place_name: ShortText | None = Field(default=None, examples=["Martuni"])
    latitude: float | None = Field(default=None, ge=-90, le=90, examples=[39.795])
    longitude: float | None = Field(default=None, ge=-180, le=180, examples=[47.117])
    confidential: bool = Field(
        default=False,
        description="Withhold the allegation and evidence from analysts (the head of mission"
        " and admins still read them)",
    )
    report_ids: list[Identifier] = Field(default_factory=list, max_length=100)
    incident_ids: list[Identifier] = Field(default_factory=list, max_length=100)

    def to_input(self, party_id: str) -> ComplaintInput:
        """What the filing service takes: this complaint, filed for `party_id`."""
        return ComplaintInput(
            party_id=party_id,
            allegation=self.allegation,
            occurred_start=self.occurred_start,
            occurred_end=self.occurred_end,
            agreement_id=self.agreement,
            place_name=self.place_name or "",
            latitude=self.latitude,
            longitude=self.longitude,
            confidential=self.confidential,
            report_ids=tuple(self.report_ids),
            incident_ids=tuple(self.incident_ids),
        )


class WithdrawIn(BaseModel):
    """Why something is withdrawn (optional)."""

    model_config = ConfigDict(extra="forbid")
    reason: PlainText = Field(default="", examples=["Resolved bilaterally"])


class FindingIssueIn(BaseModel):
    """The finding that answers a complaint under investigation."""

    model_config = ConfigDict(extra="forbid")
    finding_id: Identifier = Field(examples=["5d0c1c2e-7a53-4f41-9a0e-1f2b3c4d5e6f"])


class PlaceOut(BaseModel):
    """Where: a name and, when known, a WGS84 point."""

    name: str
    latitude: float | None
    longitude: float | None


class LinkOut(BaseModel):
    """A report or incident the complaint points at."""

    kind: LinkKind
    id: str


class ComplaintOut(BaseModel):
    """A complaint, its lifecycle and deadlines."""

    id: str
    reference: str = Field(examples=["AM-2020-001"])
    party: str = Field(examples=["AM"])
    agreement: str = Field(examples=[DEFAULT_AGREEMENT])
    allegation: str | None = Field(description="null when withheld from this reader")
    withheld: bool = Field(description="The allegation is withheld from this reader")
    confidential: bool
    occurred_start: datetime
    occurred_end: datetime | None
    place: PlaceOut
    zone_ids: list[str]
    links: list[LinkOut]
    status: ComplaintStatus
    received_at: datetime
    acknowledge_by: datetime
    finding_by: datetime
    acknowledged_at: datetime | None
    investigation_at: datetime | None
    finding_issued_at: datetime | None
    closed_at: datetime | None
    finding_id: str | None
    filed_by: str
    updated_at: datetime
    overdue: list[str] = Field(
        description="Deadlines missed now: `acknowledgement`, `finding`", examples=[[]]
    )

    @classmethod
    def of(cls, c: Complaint) -> ComplaintOut:
        """The body for a complaint as its reader may see it."""
        late = c.overdue(utc_now())
        return cls(
            id=c.id,
            reference=c.reference,
            party=c.party_id,
            agreement=c.agreement_id,
            allegation=c.allegation,
            withheld=c.withheld,
            confidential=c.confidential,
            occurred_start=c.occurred.start,
            occurred_end=c.occurred.end,
            place=PlaceOut(
                name=c.place.name, latitude=c.place.latitude, longitude=c.place.longitude
            ),
            zone_ids=list(c.zone_ids),
            links=[LinkOut(kind=k, id=t) for k, t in c.links],
            status=c.status,
            received_at=c.received_at,
            acknowledge_by=c.acknowledge_by,
            finding_by=c.finding_by,
            acknowledged_at=c.acknowledged_at,
            investigation_at=c.investigation_at,
            finding_issued_at=c.finding_issued_at,
            closed_at=c.closed_at,
            finding_id=c.finding_id,
            filed_by=c.filed_by,
            updated_at=c.updated_at,
            overdue=[
                name
                for name, missed in (
                    ("acknowledgement", late.acknowledgement),
                    ("finding", late.finding),
                )
                if missed
            ],
        )


class ComplaintWithdrawn(ComplaintOut):
    """The complaint after its withdrawal, and the reason recorded with it (in the audit)."""

    reason: str

    @classmethod
    def withdrawn(cls, c: Complaint, reason: str) -> ComplaintWithdrawn:
        """The body for a withdrawn complaint."""
        return cls(**ComplaintOut.of(c).model_dump(), reason=reason)


class IssuedFindingOut(BaseModel):
    """The complaint after its finding was issued, and whether the finding now names the
    complaint (a finding already signed keeps its signed content and is not changed)."""

    complaint: ComplaintOut
    finding_linked: bool

    @classmethod
    def of(cls, issued: IssuedFinding) -> IssuedFindingOut:
        """The body for an issued finding."""
        return cls(
            complaint=ComplaintOut.of(issued.complaint), finding_linked=issued.finding_linked
        )


class EvidenceItemOut(BaseModel):
    """An evidence item of a complaint: a description and, for a file, its name and hash
    (download it from `/complaints/{key}/evidence/{sha256}`)."""

    id: str
    description: str | None
    file_name: str | None
    sha256: str | None
    withheld: bool
    added_by: str
    added_at: datetime

    @classmethod
    def of(cls, e: Evidence) -> EvidenceItemOut:
        """The body for an evidence item."""
        return cls(
            id=e.id,
            description=e.description,
            file_name=e.file_name,
            sha256=e.sha256,
            withheld=e.withheld,
            added_by=e.added_by,
            added_at=e.added_at,
        )


class RequestIn(BaseModel):
    """A question to one party, optionally about a complaint, optionally with a deadline."""

    model_config = ConfigDict(extra="forbid")
    party: Identifier = Field(examples=["AZ"])
    question: Text = Field(
        examples=[
            "Which units were deployed east of Martuni on 19 November between 06:00 and 08:00?"
        ]
    )
    complaint: Identifier | None = Field(
        default=None, description="A complaint's id or reference", examples=["AM-2020-001"]
    )
    answer_by: AwareDatetime | None = Field(default=None, examples=["2020-11-26T12:00:00Z"])


class AnswerIn(BaseModel):
    """The addressed party's answer."""

    model_config = ConfigDict(extra="forbid")
    answer: Text = Field(examples=["No units of ours were east of Martuni on that morning."])


class RequestOut(BaseModel):
    """A request for information and, once given, its answer."""

    id: str
    party: str
    complaint_id: str | None
    question: str
    status: RequestStatus
    sent_by: str
    sent_at: datetime
    answer_by: datetime | None
    overdue: bool
    answer: str | None
    answered_by: str | None
    answered_at: datetime | None

    @classmethod
    def of(cls, r: InformationRequest) -> RequestOut:
        """The body for a request."""
        return cls(
            id=r.id,
            party=r.party_id,
            complaint_id=r.complaint_id,
            question=r.question,
            status=r.status,
            sent_by=r.sent_by,
            sent_at=r.sent_at,
            answer_by=r.answer_by,
            overdue=r.overdue(utc_now()),
            answer=r.answer,
            answered_by=r.answered_by,
            answered_at=r.answered_at,
        )


class RequestWithdrawn(RequestOut):
    """The request after its withdrawal, and the reason recorded with it (in the audit)."""

    reason: str

    @classmethod
    def withdrawn(cls, r: InformationRequest, reason: str) -> RequestWithdrawn:
        """The body for a withdrawn request."""
        return cls(**RequestOut.of(r).model_dump(), reason=reason)


class SummaryIn(BaseModel):
    """How to redact a complaint's summary: which rules (default: all), personal names to
    remove, and the text (default: the finding's title and text)."""

    model_config = ConfigDict(extra="forbid")
    rules: list[RuleName] | None = Field(
        default=None, max_length=20, examples=[["coordinates", "contacts", "sources"]]
    )
    personal_names: list[Name] = Field(default_factory=list, max_length=200)
    text: Text | None = None


class HitOut(BaseModel):
    """One passage a rule removes: where it is in the original and what replaces it."""

    rule: str
    start: int
    end: int
    original: str
    replacement: str

    @classmethod
    def of(cls, h: Hit) -> HitOut:
        """The body for a hit."""
        return cls(
            rule=h.rule, start=h.start, end=h.end, original=h.original, replacement=h.replacement
        )


class SummaryPreviewOut(BaseModel):
    """What would be sent, to whom, and every passage the rules remove."""

    complaint: str = Field(examples=["AM-2020-001"])
    finding_id: str
    parties: list[str] = Field(examples=[["AM", "AZ"]])
    rules: list[str]
    text: str
    hits: list[HitOut]
    redactions: dict[str, int]

    @classmethod
    def of(cls, p: SummaryPreview) -> SummaryPreviewOut:
        """The body for a preview."""
        return cls(
            complaint=p.complaint.reference,
            finding_id=p.finding.id,
            parties=list(p.parties),
            rules=list(p.redaction.rules),
            text=p.redaction.text,
            hits=[HitOut.of(h) for h in p.redaction.hits],
            redactions=p.redaction.counts(),
        )


class SummaryOut(BaseModel):
    """A summary as sent to one party."""

    id: str
    complaint_id: str
    party: str
    finding_id: str | None
    text: str
    rules: list[str]
    redactions: dict[str, int]
    sent_by: str
    sent_at: datetime

    @classmethod
    def of(cls, s: ComplaintSummary) -> SummaryOut:
        """The body for a summary."""
        return cls(
            id=s.id,
            complaint_id=s.complaint_id,
            party=s.party_id,
            finding_id=s.finding_id,
            text=s.text,
            rules=list(s.rules),
            redactions=dict(s.redactions),
            sent_by=s.sent_by,
            sent_at=s.sent_at,
        )


class ComplaintDetail(ComplaintOut):
    """A complaint with what the reader may see around it: evidence items, requests for
    information, summaries and the finding (null when none, or not readable)."""

    evidence: list[EvidenceItemOut]
    requests: list[RequestOut]
    summaries: list[SummaryOut]
    finding: FindingOut | None

    @classmethod
    def of_view(cls, view: ComplaintView) -> ComplaintDetail:
        """The body for a complaint with its surroundings."""
        return cls(
            **ComplaintOut.of(view.complaint).model_dump(),
            evidence=[EvidenceItemOut.of(e) for e in view.evidence],
            requests=[RequestOut.of(r) for r in view.requests],
            summaries=[SummaryOut.of(s) for s in view.summaries],
            finding=None if view.finding is None else FindingOut.of(view.finding),
        )
