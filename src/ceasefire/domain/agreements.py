"""Agreements as data: parties, provisions with their kinds, deadlines and terms, amendments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

from ceasefire.domain.timeline import SourceRef
from ceasefire.domain.validation import check_aware, check_non_empty, check_non_negative
from ceasefire.errors import ValidationError

__all__ = [
    "Agreement",
    "AgreementParty",
    "AgreementStatus",
    "Amendment",
    "ComplaintDeadlines",
    "Party",
    "PartyRole",
    "Provision",
    "ProvisionKind",
    "Quantity",
    "Term",
]


class PartyRole(StrEnum):
    """What a party is to an agreement."""

    PARTY = "party"
    SIGNATORY = "signatory"
    MEDIATOR = "mediator"
    GUARANTOR = "guarantor"
    MONITOR = "monitor"
    OBSERVER = "observer"


class ProvisionKind(StrEnum):
    """Kinds of clause the compliance engine knows how to judge."""

    CEASEFIRE = "ceasefire"
    HANDOVER = "handover"
    WITHDRAWAL = "withdrawal"
    DEPLOY_CONTINGENT = "deploy_contingent"
    ESTABLISH_BODY = "establish_body"
    CORRIDOR_CONTROL = "corridor_control"
    GUARANTEE_PASSAGE = "guarantee_passage"
    PLAN = "plan"
    EXCHANGE_DETAINEES = "exchange_detainees"
    RETURN_DISPLACED = "return_displaced"
    UNBLOCK_LINKS = "unblock_links"
    TERM = "term"

    @property
    def continuous(self) -> bool:
        """True for obligations that hold at every instant rather than being done once."""
        return self in {
            ProvisionKind.CEASEFIRE,
            ProvisionKind.CORRIDOR_CONTROL,
            ProvisionKind.GUARANTEE_PASSAGE,
        }


class AgreementStatus(StrEnum):
    """Whether an agreement binds anyone."""

    SIGNED = "signed"
    PROPOSAL = "proposal"


@dataclass(frozen=True, slots=True)
class Party:
    """A state, authority or organisation named in agreements."""

    id: str
    name: str
    kind: str = "state"
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_non_empty(self.id, "party.id")
        check_non_empty(self.name, "party.name")


@dataclass(frozen=True, slots=True)
class AgreementParty:
    """A party's roles in one agreement."""

    party_id: str
    roles: tuple[PartyRole, ...]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure a provision fixes, e.g. 1,960 servicemen or a 5 km corridor width."""

    name: str
    value: float
    unit: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Term:
    """A duration with optional automatic renewal and a notice period."""

    months: int
    renewal_months: int | None = None
    notice_months: int | None = None

    def __post_init__(self) -> None:
        if self.months <= 0:
            raise ValidationError("term.months", self.months, "must be > 0")
        check_non_negative(self.renewal_months, "term.renewal_months")
        check_non_negative(self.notice_months, "term.notice_months")

    @property
    def auto_renew(self) -> bool:
        """True when the term renews by itself unless notice is given."""
        return bool(self.renewal_months)


@dataclass(frozen=True, slots=True)
class Provision:
    """One clause of an agreement."""

    id: str
    agreement_id: str
    number: str
    kind: ProvisionKind
    title: str
    text: str
    obligated: tuple[str, ...]
    zone_ids: tuple[str, ...] = ()
    deadline: date | None = None
    starts_at: datetime | None = None
    ends_on: date | None = None
    ends_reason: str = ""
    quantities: tuple[Quantity, ...] = ()
    term: Term | None = None
    sources: tuple[SourceRef, ...] = ()

    def __post_init__(self) -> None:
        check_non_empty(self.id, "provision.id")
        if self.kind is ProvisionKind.TERM and self.term is None:
            raise ValidationError(
                f"provisions[{self.id}].term", None, "a term provision needs a term"
            )
        if self.starts_at is not None:
            check_aware(self.starts_at, f"provisions[{self.id}].starts_at")

    def quantity(self, name: str) -> Quantity:
        """The quantity called `name`, or a ValidationError."""
        for q in self.quantities:
            if q.name == name:
                return q
        raise ValidationError("quantity", name, f"provision {self.id} has no such quantity")


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change to a provision agreed later, e.g. a deadline moved."""

    id: str
    provision_id: str
    agreed_on: date
    new_deadline: date
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class ComplaintDeadlines:
    """How fast the mission must answer a complaint under an agreement.

    >>> d = ComplaintDeadlines(acknowledge_hours=24, finding_days=7)
    >>> received = datetime(2021, 3, 1, 8, 0, tzinfo=timezone.utc)
    >>> d.acknowledge_by(received).isoformat(), d.finding_by(received).isoformat()
    ('2021-03-02T08:00:00+00:00', '2021-03-08T08:00:00+00:00')
    """

    acknowledge_hours: int
    finding_days: int

    def __post_init__(self) -> None:
        for field in ("acknowledge_hours", "finding_days"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValidationError(
                    f"complaint_deadlines.{field}", value, "must be a whole number > 0"
                )

    def acknowledge_by(self, received_at: datetime) -> datetime:
        """When a complaint received at `received_at` must be acknowledged."""
        return received_at + timedelta(hours=self.acknowledge_hours)

    def finding_by(self, received_at: datetime) -> datetime:
        """When the finding on a complaint received at `received_at` is due."""
        return received_at + timedelta(days=self.finding_days)


@dataclass(frozen=True, slots=True)
class Agreement:
    """A signed text (or a proposal) with parties, provisions and amendments."""

    id: str
    title: str
    status: AgreementStatus
    signed_on: date | None
    in_force_at: datetime | None
    utc_offset_hours: float
    parties: tuple[AgreementParty, ...]
    provisions: tuple[Provision, ...]
    amendments: tuple[Amendment, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    summary: str = ""
    complaint_deadlines: ComplaintDeadlines | None = None

    def __post_init__(self) -> None:
        check_non_empty(self.id, "agreement.id")
        if self.in_force_at is not None:
            check_aware(self.in_force_at, f"agreements[{self.id}].in_force_at")
        known = {p.id for p in self.provisions}
        for a in self.amendments:
            if a.provision_id not in known:
                raise ValidationError(
                    f"agreements[{self.id}].amendments[{a.id}].provision",
                    a.provision_id,
                    "is not a provision of this agreement",
                )

    @property
    def tz(self) -> timezone:
        """The agreement's local time zone, in which deadline dates are read."""
        return timezone(timedelta(hours=self.utc_offset_hours))

    def provision(self, provision_id: str) -> Provision:
        """The provision with this id."""
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise ValidationError("provision", provision_id, f"not a provision of {self.id}")

    def party_ids(self) -> set[str]:
        """Every party named in the agreement, whatever the role."""
        return {p.party_id for p in self.parties}

    def parties_with_role(self, role: PartyRole) -> list[str]:
        """Ids of the parties holding `role`, in the agreement's order."""
        return [p.party_id for p in self.parties if role in p.roles]
