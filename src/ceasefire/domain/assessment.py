"""Verification of one incident: status, confidence, attribution and fused casualties, explained.

Pure rules over the incident's reports, each seen as `Evidence`; `assess` gives the same
answer whatever the order of the reports. All numbers are module constants below.

**Weight of a report** (Admiralty grading): reliability x credibility x observation, halved
when the report only relays someone else's claim (stance `reported`).

- reliability A 1.0, B 0.85, C 0.7, D 0.5, E 0.25, F (cannot be judged) 0.45;
- credibility 1 (confirmed) 1.0, 2 0.85, 3 0.7, 4 0.45, 5 (improbable) 0.2,
  6 (cannot be judged) 0.5;
- observation saw / camera / UAV 1.0, heard 0.75, claimed 0.6.

**Independence.** Reports are grouped by `origin` (computed by the caller: the ministry,
monitor unit or outlet that first said it). An origin counts once, by its strongest report
(ties: a denial, then the smaller report id); its other reports add exactly 0 and are named
in the explanation. All reports of an origin must agree on its affiliation and party.

**Confidence** starts from a prior of 0.10. Each supporting origin (claim or relayed claim)
raises it by noisy-OR, c <- 1 - (1 - c)(1 - w), with w = weight x a factor for its place:

- neutral or monitor origin: x1.0;
- the parties: the side of the strongest party origin is the claimant; its first origin
  counts x0.6 (partisan) and further origins of that side x0.3 (a side repeats its own
  account); the first origin of any other party side counts x1.0 (cross-party
  corroboration: the adversary confirms the event) and its further origins x0.5.

Each denying origin then lowers it, c <- c (1 - d), d = weight x0.5 for a party's denial and
x1.0 for a neutral one. Supports are applied first (the claimant's side, the other parties'
sides, then neutral origins, strongest first within each), then denials strongest first,
each running value rounded to 4 decimals, so the contributions add up exactly from the prior
to the final confidence. Noisy-OR and the product do not depend on that order; only how the
total is split between the lines does.

**Status** (origins only, each by its strongest report). A *neutral direct observation* is an
origin with affiliation monitor or neutral, observed by sight, camera or UAV, reliability A-C
and credibility 1-3 or 6 (4 doubtful and 5 improbable do not settle anything), that says what
it observed itself (not a relayed claim).

1. a neutral direct observation supports the event and none denies it: verified;
2. a neutral direct observation denies it and none supports it: rejected (the monitors saw
   that it did not happen);
3. neutral direct observations on both sides, or supports and denials without one: disputed;
4. only denials: unverified;
5. two or more supporting origins not all of one party's side: corroborated;
6. otherwise (one origin, or one side repeating itself): unverified.

**Attribution** weighs each origin's `blamed_party_id` (a denial's blame is the party it
clears): a neutral origin's blame x1.0, a party admitting its own side's responsibility x1.0,
a party blaming another x0.3 (partisan). Denials add doubt: a party's x0.2 (weak), a neutral
one's x1.0, and 0.25 of doubt is always there. The party with most weight is attributed when
its share of all the weight (blame, denials and doubt) is at least 0.5; its confidence is
that share. Otherwise nobody, with the shares as the reason.

**Analysts** override status and/or attribution, always with a reason; the computed status,
attribution and confidence stay in the assessment and the explanation. `assess` only applies
the override it is given: the caller must pass the stored override every time it reassesses,
so that no recomputation undoes an analyst's decision.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ceasefire.domain.casualty_fusion import FusedCasualties, fuse_casualties
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.reports import Casualties, HowObserved
from ceasefire.domain.sources import Affiliation, Reliability, SourceKind
from ceasefire.domain.stance import Stance
from ceasefire.domain.validation import check_non_empty, parse_enum
from ceasefire.errors import ValidationError

__all__ = [
    "KEEP",
    "PRIOR",
    "Assessment",
    "Attribution",
    "Contribution",
    "Evidence",
    "Keep",
    "Override",
    "assess",
]

PRIOR = 0.10
RELIABILITY_WEIGHT: Mapping[Reliability, float] = {
    Reliability.A: 1.0,
    Reliability.B: 0.85,
    Reliability.C: 0.7,
    Reliability.D: 0.5,
    Reliability.E: 0.25,
    Reliability.F: 0.45,
}
CREDIBILITY_WEIGHT: Mapping[int, float] = {1: 1.0, 2: 0.85, 3: 0.7, 4: 0.45, 5: 0.2, 6: 0.5}
OBSERVATION_WEIGHT: Mapping[HowObserved, float] = {
    HowObserved.SAW: 1.0,
    HowObserved.CAMERA: 1.0,
    HowObserved.UAV: 1.0,
    HowObserved.HEARD: 0.75,
    HowObserved.CLAIMED: 0.6,
}
HEARSAY = 0.5
PARTISAN = 0.6
SAME_SIDE_AGAIN = 0.5
CROSS_PARTY = 1.0
PARTY_DENIAL = 0.5
NEUTRAL_DENIAL = 1.0
BLAME_NEUTRAL = 1.0
BLAME_ADMISSION = 1.0
BLAME_PARTISAN = 0.3
DOUBT_PARTY_DENIAL = 0.2
DOUBT_NEUTRAL_DENIAL = 1.0
DOUBT = 0.25
ATTRIBUTION_THRESHOLD = 0.5
DIRECT = frozenset({HowObserved.SAW, HowObserved.CAMERA, HowObserved.UAV})
SETTLING_RELIABILITY = frozenset({Reliability.A, Reliability.B, Reliability.C})
SETTLING_CREDIBILITY = frozenset({1, 2, 3, 6})
_FORMAT = 1

_OBSERVED = {
    HowObserved.SAW: "seen",
    HowObserved.HEARD: "heard",
    HowObserved.CAMERA: "camera footage",
    HowObserved.UAV: "UAV imagery",
    HowObserved.CLAIMED: "claimed",
}


class Keep(enum.Enum):
    """Sentinel of `Override.attributed_party_id`: leave the computed attribution alone."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class Evidence:
    """One report as verification sees it.

    `origin` is the independence key (equal origins count once); `affiliation` and
    `party_id` describe the origin, the grading fields the report as received.
    `source_name` is the name of the source that filed this report (e.g. "APA" relaying
    the Ministry of Defence); it defaults to `origin_name`.
    """

    report_id: str
    origin: str
    origin_name: str
    kind: SourceKind
    affiliation: Affiliation
    party_id: str | None
    reliability: Reliability
    credibility: int
    how_observed: HowObserved
    stance: Stance
    blamed_party_id: str | None
    casualties: Casualties = field(default_factory=Casualties)
    source_name: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.report_id, "evidence.report_id")
        where = f"evidence[{self.report_id}]"
        check_non_empty(self.origin, f"{where}.origin")
        for name, enum_type in (
            ("kind", SourceKind),
            ("affiliation", Affiliation),
            ("reliability", Reliability),
            ("how_observed", HowObserved),
            ("stance", Stance),
        ):
            value = parse_enum(enum_type, getattr(self, name), f"{where}.{name}")
            object.__setattr__(self, name, value)
        if isinstance(self.credibility, bool) or self.credibility not in CREDIBILITY_WEIGHT:
            raise ValidationError(
                f"{where}.credibility", self.credibility, "must be an integer from 1 to 6"
            )
        if not self.source_name:
            object.__setattr__(self, "source_name", self.origin_name or self.origin)

    @property
    def strength(self) -> float:
        """Reliability x credibility x observation weight, halved for a relayed claim."""
        w = (
            RELIABILITY_WEIGHT[self.reliability]
            * CREDIBILITY_WEIGHT[self.credibility]
            * OBSERVATION_WEIGHT[self.how_observed]
        )
        return w * HEARSAY if self.stance is Stance.REPORTED else w

    @property
    def neutral(self) -> bool:
        """True for an origin that belongs to no party (a monitor or a neutral outlet)."""
        return self.affiliation is not Affiliation.PARTY

    @property
    def settles(self) -> bool:
        """True for a neutral direct observation graded well enough to verify or reject."""
        return (
            self.neutral
            and self.stance is not Stance.REPORTED
            and self.how_observed in DIRECT
            and self.reliability in SETTLING_RELIABILITY
            and self.credibility in SETTLING_CREDIBILITY
        )

    @property
    def side(self) -> str | None:
        """The party side of the origin; None for a neutral origin."""
        return None if self.neutral else (self.party_id or f"origin:{self.origin}")

    def label(self) -> str:
        """The origin with its grading, as explanations show it."""
        if self.affiliation is Affiliation.MONITOR:
            whose = "neutral monitor"
        elif self.affiliation is Affiliation.NEUTRAL:
            whose = "neutral"
        else:
            whose = f"party {self.party_id}" if self.party_id else "party"
        grade = f"{self.reliability.value}{self.credibility}"
        name = self.origin_name or self.origin
        return f"{name} ({grade}, {_OBSERVED[self.how_observed]}, {whose})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Override:
    """An analyst's decision on status and/or attribution, always with a reason.

    `attributed_party_id` is a party id, None for "attributed to nobody", or KEEP (the
    default) to leave the computed attribution.
    """

    status: VerificationStatus | None = None
    attributed_party_id: str | Keep | None = KEEP
    reason: str
    actor: str

    def __post_init__(self) -> None:
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValidationError("override.reason", self.reason, "an override needs a reason")
        check_non_empty(self.actor, "override.actor")
        if self.status is not None:
            status = parse_enum(VerificationStatus, self.status, "override.status")
            object.__setattr__(self, "status", status)
        if self.status is None and not self.sets_attribution:
            raise ValidationError(
                "override", self.reason, "sets neither a status nor an attribution"
            )

    @property
    def sets_attribution(self) -> bool:
        """True when the analyst decided the attribution (possibly to nobody)."""
        return self.attributed_party_id is not KEEP

    def to_json(self) -> dict[str, Any]:
        """JSON-ready primitives."""
        return {
            "status": None if self.status is None else self.status.value,
            "sets_attribution": self.sets_attribution,
            "attributed_party_id": (
                None if isinstance(self.attributed_party_id, Keep) else self.attributed_party_id
            ),
            "reason": self.reason,
            "actor": self.actor,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Override:
        """Read what `to_json` wrote."""
        party = data.get("attributed_party_id") if data.get("sets_attribution") else KEEP
        return cls(
            status=None if data.get("status") is None else data["status"],
            attributed_party_id=party,
            reason=data.get("reason", ""),
            actor=data.get("actor", ""),
        )


@dataclass(frozen=True, slots=True)
class Contribution:
    """How much one origin (or one repeated report of it) moved the confidence, and why.

    `label` is the "who" of the explanation line: the graded origin, or the source that
    repeated it.
    """

    origin: str
    origin_name: str
    report_ids: tuple[str, ...]
    delta: float
    reason: str
    label: str = ""

    def line(self) -> str:
        """One explanation line, e.g. "+0.54 JMC UAV (B2, UAV imagery, ...): sees the event"."""
        delta = 0.0 if self.delta == 0 else self.delta  # never print "-0.00" for a repeat
        return f"{delta:+.2f} {self.label or self.origin_name}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Attribution:
    """The party assessed responsible (None: nobody), with a confidence and the reason."""

    party_id: str | None
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verification of one incident, with the explanation of every number in it.

    `status` and `attribution` are the analyst's where an override sets them;
    `computed_status` and `computed_attribution` are what the rules say regardless.
    """

    status: VerificationStatus
    confidence: float
    contributions: tuple[Contribution, ...]
    attribution: Attribution
    casualties: FusedCasualties
    overridden_by: Override | None = None
    prior: float = PRIOR
    status_reason: str = ""
    computed_status: VerificationStatus | None = None
    computed_attribution: Attribution | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValidationError("assessment.confidence", self.confidence, "must be in [0, 1]")
        if self.computed_status is None:
            object.__setattr__(self, "computed_status", self.status)
        if self.computed_attribution is None:
            object.__setattr__(self, "computed_attribution", self.attribution)

    def explanation(self) -> list[str]:
        """Readable lines: the prior, each contribution, the result, attribution, override."""
        computed = self.computed_attribution or self.attribution
        lines = [f"prior {self.prior:.2f}: before any report is weighed"]
        lines += [c.line() for c in self.contributions]
        lines.append(f"= {self.confidence:.2f} {self.computed_status}: {self.status_reason}")
        lines.append(
            f"attribution: {computed.party_id or 'nobody'} ({computed.confidence:.2f}):"
            f" {computed.reason}"
        )
        o = self.overridden_by
        if o is not None and o.status is not None:
            lines.append(f"analyst {o.actor} set the status to {o.status}: {o.reason}")
        if o is not None and o.sets_attribution:
            lines.append(
                f"analyst {o.actor} attributed it to {o.attributed_party_id or 'nobody'}:"
                f" {o.reason}"
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        """JSON-ready primitives, for the caller to store; `from_json` reads them back."""
        return {
            "format": _FORMAT,
            "status": self.status.value,
            "confidence": self.confidence,
            "prior": self.prior,
            "status_reason": self.status_reason,
            "computed_status": (self.computed_status or self.status).value,
            "contributions": [
                {
                    "origin": c.origin,
                    "origin_name": c.origin_name,
                    "report_ids": list(c.report_ids),
                    "delta": c.delta,
                    "reason": c.reason,
                    "label": c.label,
                }
                for c in self.contributions
            ],
            "attribution": _attribution_json(self.attribution),
            "computed_attribution": _attribution_json(
                self.computed_attribution or self.attribution
            ),
            "casualties": self.casualties.to_json(),
            "overridden_by": None if self.overridden_by is None else self.overridden_by.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Assessment:
        """Read what `to_json` wrote; a ValidationError names what is missing or wrong."""
        try:
            contributions = tuple(
                Contribution(
                    origin=c["origin"],
                    origin_name=c["origin_name"],
                    report_ids=tuple(c["report_ids"]),
                    delta=float(c["delta"]),
                    reason=c["reason"],
                    label=c.get("label", ""),
                )
                for c in data["contributions"]
            )
            override = data.get("overridden_by")
            return cls(
                status=parse_enum(VerificationStatus, data["status"], "assessment.status"),
                confidence=float(data["confidence"]),
                contributions=contributions,
                attribution=_attribution_from(data["attribution"]),
                casualties=FusedCasualties.from_json(data["casualties"]),
                overridden_by=None if override is None else Override.from_json(override),
                prior=float(data.get("prior", PRIOR)),
                status_reason=data.get("status_reason", ""),
                computed_status=parse_enum(
                    VerificationStatus,
                    data.get("computed_status", data["status"]),
                    "assessment.computed_status",
                ),
                computed_attribution=_attribution_from(
                    data.get("computed_attribution", data["attribution"])
                ),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValidationError(
                "assessment", exc.args[0] if exc.args else None, "is not a stored assessment"
            ) from None


def _attribution_json(a: Attribution) -> dict[str, Any]:
    return {"party_id": a.party_id, "confidence": a.confidence, "reason": a.reason}


def _attribution_from(data: Mapping[str, Any]) -> Attribution:
    return Attribution(data["party_id"], float(data["confidence"]), data["reason"])


@dataclass(frozen=True, slots=True)
class _Origin:
    """An origin's strongest report (`lead`) and its other reports (`repeats`)."""

    lead: Evidence
    repeats: tuple[Evidence, ...]

    @property
    def blamed(self) -> str | None:
        """The party the origin blames: its lead's, else its first repeat that names one."""
        for e in (self.lead, *self.repeats):
            if e.blamed_party_id is not None:
                return e.blamed_party_id
        return None


def assess(evidence: Sequence[Evidence], override: Override | None = None) -> Assessment:
    """Status, confidence, attribution and casualties of one incident from its reports.

    Deterministic and independent of the order of `evidence`; see the module docstring for
    the rules. Casualties are fused from every report that is not a denial (repetitions
    included, so an updated toll widens the range), each weighted by its `strength`.
    """
    origins = _origins(evidence)
    supports = _in_order([o for o in origins if o.lead.stance is not Stance.DENIAL])
    denials = sorted(
        (o for o in origins if o.lead.stance is Stance.DENIAL),
        key=lambda o: (-o.lead.strength, o.lead.origin),
    )
    contributions, confidence = _contributions(supports, denials)
    status, status_reason = _status(supports, denials)
    attribution = _attribute(supports, denials)
    casualties = fuse_casualties(
        [(e.report_id, e.casualties, e.strength) for e in evidence if e.stance is not Stance.DENIAL]
    )
    final_status, final_attribution = status, attribution
    if override is not None:
        final_status = override.status or status
        if override.sets_attribution:
            party = override.attributed_party_id
            final_attribution = Attribution(
                None if isinstance(party, Keep) else party,
                1.0,
                f"decided by analyst {override.actor}: {override.reason}",
            )
    return Assessment(
        status=final_status,
        confidence=confidence,
        contributions=contributions,
        attribution=final_attribution,
        casualties=casualties,
        overridden_by=override,
        status_reason=status_reason,
        computed_status=status,
        computed_attribution=attribution,
    )


def _origins(evidence: Sequence[Evidence]) -> list[_Origin]:
    """Group reports by origin, checking ids are unique and each origin is one speaker."""
    if not evidence:
        raise ValidationError("evidence", [], "an incident needs at least one report")
    groups: dict[str, list[Evidence]] = {}
    seen: set[str] = set()
    for e in sorted(evidence, key=lambda e: (e.origin, e.report_id)):
        if e.report_id in seen:
            raise ValidationError("evidence.report_id", e.report_id, "appears twice")
        seen.add(e.report_id)
        group = groups.setdefault(e.origin, [])
        if group and (e.affiliation, e.party_id) != (group[0].affiliation, group[0].party_id):
            first = group[0]
            raise ValidationError(
                f"evidence[{e.report_id}].affiliation",
                f"{e.affiliation}/{e.party_id}",
                f"differs from report {first.report_id} of the same origin {e.origin!r}"
                f" ({first.affiliation}/{first.party_id}); one origin is one speaker",
            )
        group.append(e)
    result = []
    for group in groups.values():
        ranked = sorted(
            group, key=lambda e: (-e.strength, e.stance is not Stance.DENIAL, e.report_id)
        )
        result.append(_Origin(ranked[0], tuple(sorted(ranked[1:], key=lambda e: e.report_id))))
    return result


def _in_order(supports: Sequence[_Origin]) -> list[_Origin]:
    """Supporting origins as they are applied: the claimant's side, the other parties' sides,
    then neutral origins; strongest first within each (ties: origin)."""
    by_strength = sorted(supports, key=lambda o: (-o.lead.strength, o.lead.origin))
    party = [o for o in by_strength if not o.lead.neutral]
    claimant_side = party[0].lead.side if party else None

    def rank(o: _Origin) -> int:
        return 2 if o.lead.neutral else 0 if o.lead.side == claimant_side else 1

    return sorted(by_strength, key=rank)


def _contributions(
    supports: Sequence[_Origin], denials: Sequence[_Origin]
) -> tuple[tuple[Contribution, ...], float]:
    """The contributions in the order they are applied, and the final confidence."""
    out: list[Contribution] = []
    c = PRIOR
    for origin, weight, reason in _support_weights(supports):
        new = round(1.0 - (1.0 - c) * (1.0 - weight), 4)
        out.append(_contribution(origin.lead, round(new - c, 4), reason))
        out += _repeats(origin)
        c = new
    for origin in denials:
        lead = origin.lead
        factor = NEUTRAL_DENIAL if lead.neutral else PARTY_DENIAL
        new = round(c * (1.0 - lead.strength * factor), 4)
        out.append(_contribution(lead, round(new - c, 4), _denial_reason(lead, factor)))
        out += _repeats(origin)
        c = new
    return tuple(out), c


def _support_weights(supports: Sequence[_Origin]) -> list[tuple[_Origin, float, str]]:
    """Each supporting origin with its weight after the independence factors, and why."""
    claimant = next((o.lead for o in supports if not o.lead.neutral), None)
    first_of_side: dict[str, Evidence] = {}
    result = []
    for origin in supports:
        lead = origin.lead
        relayed = " (relays another's claim, x0.5)" if lead.stance is Stance.REPORTED else ""
        if lead.side is None or claimant is None:
            factor, reason = 1.0, _neutral_reason(lead, claimant is not None)
        else:
            first = first_of_side.setdefault(lead.side, lead)
            again = first is not lead
            if lead.side == claimant.side:
                factor = PARTISAN * (SAME_SIDE_AGAIN if again else 1.0)
                reason = (
                    f"claims it too, on the side of {first.origin_name} (x{factor:g})"
                    if again
                    else f"claims the event (a party's own account, x{factor:g})"
                )
            else:
                factor = CROSS_PARTY * (SAME_SIDE_AGAIN if again else 1.0)
                reason = (
                    f"confirms it too, on the side of {first.origin_name} (x{factor:g})"
                    if again
                    else f"confirms the event {claimant.origin_name} claimed"
                    " (cross-party corroboration)"
                )
        result.append((origin, lead.strength * factor, reason + relayed))
    return result


def _neutral_reason(lead: Evidence, party_claimed: bool) -> str:
    what = "the event the party claimed" if party_claimed else "the event"
    if lead.settles:
        return f"sees {what}"
    if lead.how_observed in DIRECT:
        return f"saw {what}, graded too low to verify it"
    if lead.how_observed is HowObserved.HEARD:
        return f"heard {what}"
    return f"reports {what}"


def _denial_reason(lead: Evidence, factor: float) -> str:
    if lead.neutral:
        return "saw that it did not happen" if lead.settles else "says it did not happen"
    against = " against its side" if lead.blamed_party_id in (None, lead.party_id) else ""
    return f"denies the claim{against} (a party's denial, x{factor:g})"


def _contribution(lead: Evidence, delta: float, reason: str) -> Contribution:
    return Contribution(
        lead.origin, lead.origin_name, (lead.report_id,), delta, reason, lead.label()
    )


def _repeats(origin: _Origin) -> list[Contribution]:
    """Zero contributions for an origin's other reports, saying they count once."""
    lead = origin.lead
    out = []
    for e in origin.repeats:
        if e.source_name != lead.origin_name:
            reason = f"repeats {lead.origin_name} (counted once)"
        else:
            reason = f"says it again (report {lead.report_id} counts; counted once)"
        if e.stance is not lead.stance:
            reason = f"a {e.stance} by the same origin as report {lead.report_id} (counted once)"
        out.append(
            Contribution(e.origin, e.origin_name, (e.report_id,), 0.0, reason, e.source_name)
        )
    return out


def _status(
    supports: Sequence[_Origin], denials: Sequence[_Origin]
) -> tuple[VerificationStatus, str]:
    """The computed status and why (rules 1-6 of the module docstring)."""
    seen = [o.lead.origin_name for o in supports if o.lead.settles]
    unseen = [o.lead.origin_name for o in denials if o.lead.settles]
    if seen and not unseen:
        return VerificationStatus.VERIFIED, f"a neutral direct observation ({seen[0]}) confirms it"
    if unseen and not seen:
        return (
            VerificationStatus.REJECTED,
            f"a neutral direct observation ({unseen[0]}) says it did not happen",
        )
    if seen and unseen:
        return (
            VerificationStatus.DISPUTED,
            f"neutral observations disagree ({seen[0]} against {unseen[0]})",
        )
    if supports and denials:
        return (
            VerificationStatus.DISPUTED,
            f"{supports[0].lead.origin_name} asserts it and {denials[0].lead.origin_name}"
            " denies it; no neutral direct observation settles it",
        )
    if not supports:
        return VerificationStatus.UNVERIFIED, "only denials; no report asserts the event"
    sides = {o.lead.side or f"neutral:{o.lead.origin}" for o in supports}
    if len(supports) >= 2 and len(sides) >= 2:
        return (
            VerificationStatus.CORROBORATED,
            f"{len(supports)} independent origins, not all of one side",
        )
    if len(supports) >= 2:
        return VerificationStatus.UNVERIFIED, "several origins, all of one party's side"
    return VerificationStatus.UNVERIFIED, "a single independent origin"


def _attribute(supports: Sequence[_Origin], denials: Sequence[_Origin]) -> Attribution:
    """The party the weight of the reports holds responsible, or nobody (see the docstring)."""
    weights: dict[str, float] = {}
    parts: list[str] = []
    for origin in supports:
        lead, party = origin.lead, origin.blamed
        if party is None:
            continue
        if lead.neutral:
            factor, kind = BLAME_NEUTRAL, "neutral"
        elif party == lead.party_id:
            factor, kind = BLAME_ADMISSION, "admits"
        else:
            factor, kind = BLAME_PARTISAN, "partisan"
        w = lead.strength * factor
        weights[party] = weights.get(party, 0.0) + w
        parts.append(f"{lead.origin_name} blames {party} {w:.2f} ({kind})")
    doubt = sum(
        o.lead.strength * (DOUBT_NEUTRAL_DENIAL if o.lead.neutral else DOUBT_PARTY_DENIAL)
        for o in denials
    )
    if not weights:
        return Attribution(None, 0.0, "no report names a responsible party")
    total = sum(weights.values()) + doubt + DOUBT
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    party, top = ranked[0]
    share = round(top / total, 4)
    detail = "; ".join([*parts, f"denials {doubt:.2f}", f"doubt {DOUBT:.2f}"])
    if len(ranked) > 1 and ranked[1][1] == top:
        return Attribution(None, 0.0, f"blame is split evenly: {detail}")
    if share < ATTRIBUTION_THRESHOLD:
        return Attribution(
            None,
            0.0,
            f"{party} holds only {share:.2f} of the weight (needs"
            f" {ATTRIBUTION_THRESHOLD:.2f}): {detail}",
        )
    return Attribution(party, share, f"{party} holds {share:.2f} of the weight: {detail}")
