"""Which provisions an incident bears on: the ceasefire it may violate, the corridor it obstructs.

Two kinds of provision are judged, each only when in force at the incident's time (the
agreement signed and in force, the provision started and not ended; the compliance
engine's `evaluate_provision` decides, so provisions ended by a timeline event count too):

- **ceasefire** provisions, for hostile events: every Battles, Explosions/Remote violence
  and Violence against civilians event, and the Strategic development "Disrupted weapons
  use" (an attack intercepted is still an attack). Protests, Riots and the other Strategic
  developments do not break a ceasefire. A ceasefire that lists zones covers incidents in
  one of them; one without zones covers the whole conflict area.
- **corridor** provisions (guarantee of passage, control of a corridor) that list zones, for
  incidents in one of those zones that obstruct traffic: any hostile event as above, every
  Protest and Riot (a crowd on the road blocks it), and the Strategic developments "Other"
  (vehicles turned back), "Headquarters or base established" (a checkpoint) and "Arrests"
  (people taken off the road). An event with no sub-event type is judged by its type alone,
  so a Strategic development without one bears on nothing.

The result is sorted by provision id and does not depend on the order of the inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ceasefire.domain.agreements import Agreement, AgreementStatus, Provision, ProvisionKind
from ceasefire.domain.compliance import ComplianceStatus, evaluate_provision
from ceasefire.domain.event_types import check_event_type
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.domain.validation import check_aware

__all__ = [
    "CORRIDOR_KINDS",
    "HOSTILE_EVENT_TYPES",
    "HOSTILE_SUB_EVENT_TYPES",
    "OBSTRUCTING_EVENT_TYPES",
    "OBSTRUCTING_SUB_EVENT_TYPES",
    "Bearing",
    "is_hostile",
    "obstructs_traffic",
    "provisions_concerned",
]

HOSTILE_EVENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians"}
)
HOSTILE_SUB_EVENT_TYPES = frozenset({"Disrupted weapons use"})
OBSTRUCTING_EVENT_TYPES = HOSTILE_EVENT_TYPES | {"Protests", "Riots"}
OBSTRUCTING_SUB_EVENT_TYPES = HOSTILE_SUB_EVENT_TYPES | {
    "Other",
    "Headquarters or base established",
    "Arrests",
}
CORRIDOR_KINDS = frozenset({ProvisionKind.GUARANTEE_PASSAGE, ProvisionKind.CORRIDOR_CONTROL})
_NOT_IN_FORCE = frozenset({ComplianceStatus.PENDING, ComplianceStatus.EXPIRED})


@dataclass(frozen=True, slots=True)
class Bearing:
    """A provision an incident bears on, and why in a sentence.

    `obligated` are the provision's obligated parties; `party_id` is the attributed party
    when it is one of them (the party the incident counts against), else None.
    """

    provision_id: str
    agreement_id: str
    reason: str
    kind: ProvisionKind = ProvisionKind.CEASEFIRE
    obligated: tuple[str, ...] = ()
    party_id: str | None = None


def is_hostile(event_type: str, sub_event_type: str | None) -> bool:
    """True for events that break a ceasefire.

    >>> is_hostile("Explosions/Remote violence", "Shelling/artillery/missile attack")
    True
    >>> is_hostile("Protests", "Peaceful protest")
    False
    """
    return event_type in HOSTILE_EVENT_TYPES or sub_event_type in HOSTILE_SUB_EVENT_TYPES


def obstructs_traffic(event_type: str, sub_event_type: str | None) -> bool:
    """True for events that, inside a corridor, obstruct its traffic.

    >>> obstructs_traffic("Protests", "Peaceful protest")
    True
    >>> obstructs_traffic("Strategic developments", "Agreement")
    False
    """
    return event_type in OBSTRUCTING_EVENT_TYPES or sub_event_type in OBSTRUCTING_SUB_EVENT_TYPES


def provisions_concerned(
    agreements: Sequence[Agreement],
    *,
    at: datetime,
    zone_ids: Sequence[str],
    event_type: str,
    sub_event_type: str | None,
    attributed_party_id: str | None,
    events: Sequence[TimelineEvent] = (),
) -> list[Bearing]:
    """The provisions in force at `at` that an incident of this type in these zones bears on.

    `events` are the scenario's timeline events, so that a provision a dated event ended
    (e.g. a centre closed) is no longer in force; without them only the provisions' own
    start and end dates count. Raises ValidationError for a naive `at` or an unknown
    event type.
    """
    check_aware(at, "at")
    check_event_type(event_type, sub_event_type)
    hostile = is_hostile(event_type, sub_event_type)
    obstructing = obstructs_traffic(event_type, sub_event_type)
    zones = sorted(set(zone_ids))
    found = []
    for agreement in agreements:
        if agreement.status is not AgreementStatus.SIGNED:
            continue
        for provision in agreement.provisions:
            where = [z for z in zones if z in provision.zone_ids]
            if provision.kind is ProvisionKind.CEASEFIRE:
                applies = hostile and (not provision.zone_ids or bool(where))
            else:
                applies = provision.kind in CORRIDOR_KINDS and obstructing and bool(where)
            if applies and _in_force(agreement, provision, events, at):
                reason = _reason(agreement, provision, where or zones, attributed_party_id)
                party = attributed_party_id if attributed_party_id in provision.obligated else None
                found.append(
                    Bearing(
                        provision.id,
                        agreement.id,
                        reason,
                        provision.kind,
                        provision.obligated,
                        party,
                    )
                )
    return sorted(found, key=lambda b: (b.provision_id, b.agreement_id))


def _in_force(
    agreement: Agreement, provision: Provision, events: Sequence[TimelineEvent], at: datetime
) -> bool:
    status = evaluate_provision(agreement, provision, events, at).status
    return status not in _NOT_IN_FORCE


def _reason(
    agreement: Agreement, provision: Provision, zones: Sequence[str], party: str | None
) -> str:
    """A sentence, e.g. "a violation of the ceasefire (provision 1 of ...) in zone X"."""
    label = _label(agreement, provision)
    place = f" in zone {', '.join(zones)}" if zones else ""
    obligated = ", ".join(provision.obligated) or "nobody"
    if provision.kind is ProvisionKind.CEASEFIRE:
        text = f"a violation of the ceasefire ({label}){place}"
    elif provision.kind is ProvisionKind.GUARANTEE_PASSAGE:
        text = f"an obstruction of traffic{place}, which {obligated} guarantees ({label})"
    else:
        text = f"an obstruction of traffic{place}, under the control of {obligated} ({label})"
    if party is None:
        return text
    if party in provision.obligated:
        return f"{text}; attributed to {party}, obligated by it"
    return f"{text}; attributed to {party}, which it does not oblige"


def _label(agreement: Agreement, provision: Provision) -> str:
    title = agreement.title if len(agreement.title) <= 40 else agreement.id
    if provision.number:
        return f"provision {provision.number} of {title}: {provision.title}"
    return f"{provision.title}, {title}"
