"""ACLED-compatible event taxonomy: 6 event types and their 25 sub-event types."""

from __future__ import annotations

from ceasefire.errors import ValidationError

__all__ = ["EVENT_TYPES", "SUB_EVENT_TYPES", "check_event_type"]

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

SUB_EVENT_TYPES: dict[str, str] = {
    sub: event for event, subs in EVENT_TYPES.items() for sub in subs
}


def check_event_type(event_type: str, sub_event_type: str | None) -> tuple[str, str | None]:
    """Validate an ACLED event type and, if given, a sub-event type belonging to it.

    >>> check_event_type("Battles", "Armed clash")
    ('Battles', 'Armed clash')
    """
    if event_type not in EVENT_TYPES:
        allowed = "; ".join(EVENT_TYPES)
        raise ValidationError("event_type", event_type, f"must be one of: {allowed}")
    if sub_event_type is None:
        return event_type, None
    if SUB_EVENT_TYPES.get(sub_event_type) != event_type:
        allowed = "; ".join(EVENT_TYPES[event_type])
        raise ValidationError(
            "sub_event_type", sub_event_type, f"for {event_type} must be one of: {allowed}"
        )
    return event_type, sub_event_type
