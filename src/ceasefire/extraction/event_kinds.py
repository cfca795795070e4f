"""The kind of event (ceasefire-specific) and its ACLED event and sub-event type.

Words of the event decide first, from the most specific (an aircraft shot down, territory
handed over or taken, people detained, a protest, a road blocked) to the least; then the
weapons used (mortars, artillery and rockets make shelling; drones a drone strike; mines a
mine explosion); then words of attack (an offensive, an attempt to advance: a ground
assault) and of fire (small-arms fire). Small-arms fire at civilians only is ACLED's
violence against civilians.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ceasefire.domain.reports import WeaponClass
from ceasefire.extraction.model import ActorKind, ActorValue, EventKind, EventValue, Field, Span

__all__ = ["ACLED_TYPES", "classify", "find_triggers"]

ACLED_TYPES: dict[EventKind, tuple[str, str]] = {
    EventKind.SMALL_ARMS_FIRE: ("Battles", "Armed clash"),
    EventKind.GROUND_ASSAULT: ("Battles", "Armed clash"),
    EventKind.TERRITORY_CHANGE: ("Battles", "Government regains territory"),
    EventKind.SHELLING: ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    EventKind.DRONE_STRIKE: ("Explosions/Remote violence", "Air/drone strike"),
    EventKind.MINE_EXPLOSION: ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    EventKind.AIRCRAFT_DOWNED: ("Strategic developments", "Disrupted weapons use"),
    EventKind.HANDOVER: ("Strategic developments", "Non-violent transfer of territory"),
    EventKind.OBSTRUCTION: ("Strategic developments", "Other"),
    EventKind.DETENTION: ("Strategic developments", "Arrests"),
    EventKind.PROTEST: ("Protests", "Peaceful protest"),
    EventKind.OTHER: ("Strategic developments", "Other"),
}

_TRIGGERS: tuple[tuple[EventKind, str], ...] = (
    (
        EventKind.AIRCRAFT_DOWNED,
        r"shot\s+down|shooting\s+down|downed|destroyed\s+(?:an?\s+)?(?:\w+\s+)?"
        r"(?:drones?|UAVs?|aircraft)|air\s+defen[cs]e\s+(?:units\s+)?(?:shot|destroyed)",
    ),
    (
        EventKind.HANDOVER,
        r"returned\s+to\s+the\s+Republic|handed\s+(?:over|back)|hand(?:ed)?\s+back|handover"
        r"|hand\s+over",
    ),
    (
        EventKind.TERRITORY_CHANGE,
        r"took\s+control|taken\s+(?:under\s+)?control|taken\s+the|has\s+taken"
        r"|had\s+taken|seized\s+(?:a|the|several)|captur(?:ed|ing)\s+the\s+(?:\w+\s+)?(?:heights?|village|town|city)"
        r"|liberated|recaptured|flag\s+was\s+raised|had\s+fallen|conquered",
    ),
    (
        EventKind.DETENTION,
        r"taken\s+prisoner|detained|captured\s+(?:\d+|\w+)\s+(?:\w+\s+)?(?:servicemen|soldiers)"
        r"|(?:servicemen|soldiers)\s+(?:were\s+)?captured|prisoners?\s+of\s+war|captured\s+six|capturing",
    ),
    (
        EventKind.PROTEST,
        r"protest(?:s|ers|ed)?|rall(?:y|ies)|demonstrat(?:ion|ors)|marched|gathered",
    ),
    (
        EventKind.OBSTRUCTION,
        r"blocked|blocking|blockade|denied\s+passage|road\s+(?:was|has\s+been)\s+closed"
        r"|closed\s+by|stopped\s+(?:a|the)\s+(?:\w+\s+)?(?:convoy|vehicle|car)|was\s+stopped",
    ),
    (
        EventKind.MINE_EXPLOSION,
        r"(?:hit|struck|stepped\s+on|ran\s+over)\s+(?:an?\s+)?(?:anti-\w+\s+)?(?:land)?mine"
        r"|(?:land)?mine\s+(?:explosion|detonation|blast)|explosion\s+of\s+(?:an?\s+)?(?:land)?mine",
    ),
    (EventKind.DRONE_STRIKE, r"drone\s+(?:strikes?|attacks?)|strikes?\s+by\s+\w+\s+drones"),
    (
        EventKind.SHELLING,
        r"shell(?:ed|ing|s)|explosions?|artillery|mortar|missile|rockets?|howitzers?",
    ),
    (
        EventKind.GROUND_ASSAULT,
        r"offensive|advance|attempt(?:ed)?\s+to\s+(?:cross|attack|seize)|tried\s+to"
        r"\s+(?:attack|seize|advance)|crossed\s+the\s+border|provocations?|sabotage|military\s+(?:action"
        r"|operation)|anti-terrorist|entered\s+the\s+zone|assault|(?<!artillery\s)(?<!missile\s)attack(?:ed|s)?"
        r"|incursion|repelled|fighting|clash(?:es)?",
    ),
    (
        EventKind.SMALL_ARMS_FIRE,
        r"fired|fire[sd]?\b|shots?|shooting|shootout|bursts?|gunfire|sniper",
    ),
    (EventKind.OTHER, r"ceasefire\s+from|agreed\s+a|fortification|trenches|moving\s+from"),
)
_TRIGGER = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{k.name}>{p})" for k, p in _TRIGGERS) + r")",
    re.IGNORECASE,
)
_BY_WEAPON = {
    WeaponClass.MORTAR: EventKind.SHELLING,
    WeaponClass.ARTILLERY: EventKind.SHELLING,
    WeaponClass.MLRS: EventKind.SHELLING,
    WeaponClass.GRENADE_LAUNCHER: EventKind.SHELLING,
    WeaponClass.TANK: EventKind.SHELLING,
    WeaponClass.DRONE: EventKind.DRONE_STRIKE,
    WeaponClass.MINE: EventKind.MINE_EXPLOSION,
    WeaponClass.SMALL_ARMS: EventKind.SMALL_ARMS_FIRE,
    WeaponClass.SNIPER: EventKind.SMALL_ARMS_FIRE,
    WeaponClass.HEAVY_MACHINE_GUN: EventKind.SMALL_ARMS_FIRE,
    WeaponClass.ANTI_TANK: EventKind.SHELLING,
}
_SPECIFIC = (
    EventKind.AIRCRAFT_DOWNED,
    EventKind.HANDOVER,
    EventKind.TERRITORY_CHANGE,
    EventKind.DETENTION,
    EventKind.PROTEST,
    EventKind.OBSTRUCTION,
    EventKind.MINE_EXPLOSION,
    EventKind.DRONE_STRIKE,
)


def find_triggers(sentence: str, offset: int) -> list[tuple[EventKind, Span]]:
    """Words of one sentence (at `offset` in its text) that say what kind of event it is."""
    found = []
    for match in _TRIGGER.finditer(sentence):
        assert match.lastgroup is not None
        kind = EventKind[match.lastgroup]
        found.append((kind, Span(match.start() + offset, match.end() + offset, match.group())))
    return found


def classify(
    triggers: Sequence[tuple[EventKind, Span]],
    weapons: Sequence[Field[WeaponClass]],
    actors: Sequence[Field[ActorValue]],
) -> Field[EventValue]:
    """The event's kind and ACLED types from its trigger words, weapons and targets."""
    kinds = [k for k, _ in triggers]
    kind, spans, confidence = _kind(triggers, kinds, weapons)
    event_type, sub_event_type = ACLED_TYPES[kind]
    targets = {a.value.kind for a in actors if a.value.side.value == "target"}
    if kind is EventKind.SMALL_ARMS_FIRE and targets == {ActorKind.CIVILIANS}:
        event_type, sub_event_type = "Violence against civilians", "Attack"
    return Field(EventValue(event_type, sub_event_type, kind), spans, confidence)


def _kind(
    triggers: Sequence[tuple[EventKind, Span]],
    kinds: list[EventKind],
    weapons: Sequence[Field[WeaponClass]],
) -> tuple[EventKind, tuple[Span, ...], float]:
    for kind in _SPECIFIC:
        if kind in kinds:
            return kind, tuple(s for k, s in triggers if k is kind)[:1], 0.8
    explicit_shelling = any(
        k is EventKind.SHELLING and s.text.lower().startswith("shell") for k, s in triggers
    )
    by_weapon = [_BY_WEAPON[w.value] for w in weapons if w.value in _BY_WEAPON]
    if explicit_shelling or (
        EventKind.SHELLING in by_weapon and EventKind.GROUND_ASSAULT not in kinds
    ):
        spans = tuple(s for k, s in triggers if k is EventKind.SHELLING)[:1] or _weapon_spans(
            weapons
        )
        return EventKind.SHELLING, spans, 0.75
    if EventKind.GROUND_ASSAULT in kinds:
        return (
            EventKind.GROUND_ASSAULT,
            tuple(s for k, s in triggers if k is EventKind.GROUND_ASSAULT)[:1],
            0.6,
        )
    for kind in (
        EventKind.DRONE_STRIKE,
        EventKind.MINE_EXPLOSION,
        EventKind.SHELLING,
        EventKind.SMALL_ARMS_FIRE,
    ):
        if kind in by_weapon:
            return kind, _weapon_spans(weapons, kind), 0.7
    for kind in (EventKind.SHELLING, EventKind.SMALL_ARMS_FIRE, EventKind.OTHER):
        if kind in kinds:
            return kind, tuple(s for k, s in triggers if k is kind)[:1], 0.5
    return EventKind.OTHER, tuple(s for _, s in triggers)[:1], 0.3


def _weapon_spans(
    weapons: Sequence[Field[WeaponClass]], kind: EventKind | None = None
) -> tuple[Span, ...]:
    chosen = [w for w in weapons if kind is None or _BY_WEAPON.get(w.value) is kind]
    return chosen[0].spans if chosen else ()
