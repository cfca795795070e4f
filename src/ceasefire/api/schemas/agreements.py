"""Bodies of agreements, their provisions and amendments, and compliance: the status of
every provision at an instant and its history over a range of days (the documents of
`ceasefire.services.compliance_documents`, which `ceasefire compliance --format json`
prints too), and the parsing of instants in query strings."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from ceasefire.domain.agreements import Agreement, AgreementStatus, PartyRole, ProvisionKind
from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.exchanges import ExchangeCategory
from ceasefire.domain.passage import PassageJudgement
from ceasefire.domain.serialise import to_primitive
from ceasefire.errors import ValidationError

__all__ = [
    "INSTANT_HELP",
    "AgreementOut",
    "AgreementSummary",
    "ComplianceHistoryOut",
    "ProvisionStatusOut",
    "parse_instant",
]

INSTANT_HELP = "YYYY-MM-DD or an ISO 8601 date-time (without an offset: UTC)"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_instant(value: str, field: str, day_time: time) -> datetime:
    """A query parameter as an aware UTC instant: a bare date is read at `day_time` UTC
    that day, a date-time without an offset as UTC. ValidationError naming `field`.

    >>> parse_instant("2020-11-10", "at", time(12)).isoformat()
    '2020-11-10T12:00:00+00:00'
    >>> parse_instant("2020-11-10T03:00:00+04:00", "at", time(12)).isoformat()
    '2020-11-09T23:00:00+00:00'
    """
    try:
        if _DATE.match(value):
            return datetime.combine(date.fromisoformat(value), day_time, tzinfo=UTC)
        parsed = datetime.fromisoformat(value)
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValidationError(field, value, f"must be {INSTANT_HELP}") from None


class _Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class SourceRefOut(_Out):
    """Where a fact comes from: a seed document (`seed:000`) or `public record`."""

    ref: str = Field(examples=["seed:000"])
    note: str = Field(default="", examples=["full text of the statement"])


class QuantityOut(_Out):
    """A figure a provision fixes."""

    name: str = Field(examples=["servicemen"])
    value: float = Field(examples=[1960])
    unit: str = Field(examples=["persons"])
    note: str = ""


class TermOut(_Out):
    """A duration with optional automatic renewal and a notice period."""

    months: int = Field(examples=[60])
    renewal_months: int | None = Field(default=None, examples=[60])
    notice_months: int | None = Field(default=None, examples=[6])


class ProvisionOut(_Out):
    """One clause of an agreement."""

    id: str = Field(examples=["tri2020-6-kelbajar"])
    agreement_id: str = Field(examples=["trilateral-2020-11-10"])
    number: str = Field(examples=["6"])
    kind: ProvisionKind
    title: str = Field(examples=["Kelbajar district returned to Azerbaijan"])
    text: str
    obligated: list[str] = Field(examples=[["AM"]])
    zone_ids: list[str] = Field(examples=[["handover-kalbajar"]])
    deadline: date | None = Field(description="The original deadline; see `amendments`")
    starts_at: datetime | None
    ends_on: date | None
    ends_reason: str
    quantities: list[QuantityOut]
    term: TermOut | None
    sources: list[SourceRefOut]


class AmendmentOut(_Out):
    """A change to a provision agreed later (a deadline moved)."""

    id: str = Field(examples=["tri2020-6-kelbajar-amendment"])
    provision_id: str = Field(examples=["tri2020-6-kelbajar"])
    agreed_on: date
    new_deadline: date
    reason: str
    source: str


class AgreementPartyOut(_Out):
    """A party's roles in one agreement."""

    party_id: str = Field(examples=["RU"])
    roles: list[PartyRole] = Field(examples=[["mediator", "guarantor"]])


class ComplaintDeadlinesOut(_Out):
    """How fast the mission must answer a complaint under the agreement."""

    acknowledge_hours: int = Field(examples=[24])
    finding_days: int = Field(examples=[7])


class AgreementSummary(_Out):
    """An agreement without its provisions (their number is given)."""

    id: str = Field(examples=["trilateral-2020-11-10"])
    title: str
    status: AgreementStatus
    signed_on: date | None
    in_force_at: datetime | None
    utc_offset_hours: float = Field(
        examples=[4], description="The local time in which deadline dates are read"
    )
    parties: list[AgreementPartyOut]
    summary: str
    provision_count: int = Field(examples=[14])
    amendment_count: int = Field(examples=[1])

    @classmethod
    def of(cls, a: Agreement) -> Self:
        """The body for an agreement."""
        doc = to_primitive(a)
        return cls.model_validate(
            {**doc, "provision_count": len(a.provisions), "amendment_count": len(a.amendments)}
        )


class AgreementOut(AgreementSummary):
    """An agreement with its provisions, amendments and sources."""

    provisions: list[ProvisionOut]
    amendments: list[AmendmentOut]
    sources: list[SourceRefOut]
    complaint_deadlines: ComplaintDeadlinesOut | None


class ProvisionStatusOut(_Out):
    """One provision's status at an instant, computed from the agreement, its amendments
    and the timeline (never typed in), with the reason and the events it rests on."""

    agreement_id: str = Field(examples=["trilateral-2020-11-10"])
    provision_id: str = Field(examples=["tri2020-6-kelbajar"])
    number: str = Field(examples=["6"])
    title: str
    kind: ProvisionKind
    obligated: list[str] = Field(examples=[["AM"]])
    status: ComplianceStatus
    reason: str = Field(examples=["met on 2020-11-25: Kelbajar district handed over"])
    deadline: date | None = Field(description="The deadline in force (amended or original)")
    original_deadline: date | None
    amendment_id: str | None
    days_left: int | None
    expiry: date | None
    notice_deadline: date | None
    quantities: list[QuantityOut]
    evidence: list[str] = Field(description="Ids of the timeline events the status rests on")


class RunOut(_Out):
    """Consecutive days with the same status and reason."""

    first: date = Field(alias="from")
    last: date = Field(alias="to")
    days: int
    status: ComplianceStatus
    reason: str
    deadline: date | None
    amendment_id: str | None
    expiry: date | None
    notice_deadline: date | None
    evidence: list[str]


class MilestoneOut(_Out):
    """A dated change: in_force, amended, met, breached, disputed, renewed,
    notice_deadline or expired."""

    day: date
    kind: str = Field(examples=["met"])
    note: str


class ProvisionHistoryOut(_Out):
    """One provision's status over the range, as runs, with its milestones."""

    agreement_id: str
    provision_id: str
    number: str
    title: str
    kind: ProvisionKind
    obligated: list[str]
    runs: list[RunOut]
    milestones: list[MilestoneOut]


class PartyZoneCount(_Out):
    """Counted violations of one party in one zone."""

    party: str
    zone: str
    count: int


class ViolationPeriodOut(_Out):
    """Violations in one period, counted from verified and corroborated incidents."""

    first: date = Field(alias="from")
    last: date = Field(alias="to")
    counted: int
    by_party: dict[str, int]
    by_zone: dict[str, int]
    by_party_zone: list[PartyZoneCount]
    unverified: int
    disputed: int


class CeasefireSeriesOut(_Out):
    """Violations of one ceasefire provision per period."""

    provision_id: str
    period: str = Field(examples=["month"])
    periods: list[ViolationPeriodOut]


class PassageRuleOut(_Out):
    """How traffic is judged against the median of recent normal days."""

    window: int
    min_history: int
    share: float
    breach_after: int


class JudgementRunOut(_Out):
    """Consecutive days with the same traffic judgement."""

    first: date = Field(alias="from")
    last: date = Field(alias="to")
    judgement: PassageJudgement


class PassageDayOut(_Out):
    """One day's traffic at a checkpoint and its judgement."""

    day: date
    judgement: PassageJudgement
    people: int | None
    vehicles: int | None
    goods_tonnes: float | None
    baseline: dict[str, float] | None
    low_measures: list[str]
    breach_since: date | None


class PassageSeriesOut(_Out):
    """One checkpoint's traffic judged for a passage guarantee."""

    provision_id: str
    checkpoint_id: str
    checkpoint_name: str
    rule: PassageRuleOut
    runs: list[JudgementRunOut]
    days: list[PassageDayOut]


class ExchangeOut(_Out):
    """One handover of detainees or bodies."""

    id: str
    day: date
    category: ExchangeCategory
    from_party_id: str
    to_party_id: str
    count: int
    provision_id: str | None
    note: str


class OutstandingOut(_Out):
    """Persons (or bodies) one party holds of a category, recorded against handed over."""

    held_by_party_id: str
    category: ExchangeCategory
    recorded: int
    handed_over: int
    outstanding: int


class ReturnsOut(_Out):
    """Returns of displaced persons to one district in one month."""

    district: str
    month: str = Field(examples=["2021-03"], pattern=r"^\d{4}-\d{2}$")
    people: int
    sources: list[str]


class ComplianceHistoryOut(_Out):
    """Compliance over a range of days: what `ceasefire compliance --from --to --format
    json` prints (docs/guide.md, "Compliance over time")."""

    version: int = Field(examples=[1])
    first: date = Field(alias="from")
    last: date = Field(alias="to")
    agreement_id: str | None
    provisions: list[ProvisionHistoryOut]
    ceasefire: list[CeasefireSeriesOut]
    passage: list[PassageSeriesOut]
    exchanges: list[ExchangeOut]
    outstanding: list[OutstandingOut]
    returns: list[ReturnsOut]
