"""Who is reading: the roles of DESIGN.md and the party a liaison speaks for.

Repositories take a Viewer and filter their queries by it, so a party's liaison cannot
read the other party's material whatever interface asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ceasefire.errors import ValidationError

__all__ = ["Role", "Viewer"]


class Role(StrEnum):
    """What a person does in the mission, which decides what they may read."""

    MONITOR = "monitor"
    ANALYST = "analyst"
    PARTY_LIAISON = "party_liaison"
    HEAD_OF_MISSION = "head_of_mission"
    PUBLIC = "public"
    ADMIN = "admin"


_ALIASES = {"liaison": Role.PARTY_LIAISON, "head": Role.HEAD_OF_MISSION}


@dataclass(frozen=True, slots=True)
class Viewer:
    """A reader: a role, and for a party liaison the one party they speak for."""

    role: Role
    party_id: str | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.role is Role.PARTY_LIAISON and not self.party_id:
            raise ValidationError("viewer.party", self.party_id, "a party liaison needs a party")
        if self.role is not Role.PARTY_LIAISON and self.party_id is not None:
            raise ValidationError(
                "viewer.party", self.party_id, f"only a party liaison has a party, not {self.role}"
            )

    @classmethod
    def parse(cls, text: str, name: str = "") -> Viewer:
        """`analyst`, `head_of_mission` (or `head`), `liaison:AM`, `monitor`, `public`, `admin`.

        >>> Viewer.parse("liaison:AM")
        Viewer(role=<Role.PARTY_LIAISON: 'party_liaison'>, party_id='AM', name='')
        """
        role_text, _, party = text.strip().partition(":")
        key = role_text.strip().lower()
        try:
            role = _ALIASES.get(key) or Role(key)
        except ValueError:
            choices = ", ".join([r.value for r in Role] + ["liaison:PARTY"])
            raise ValidationError("viewer", text, f"must be one of {choices}") from None
        return cls(role, party.strip() or None, name)

    @property
    def sees_everything(self) -> bool:
        """Head of mission and admin read every record, party-confidential text included."""
        return self.role in (Role.HEAD_OF_MISSION, Role.ADMIN)

    @property
    def is_staff(self) -> bool:
        """Analysts and above: the mission's own staff who work on complaints and cases."""
        return self.role in (Role.ANALYST, Role.HEAD_OF_MISSION, Role.ADMIN)

    def speaks_for(self, party_id: str) -> bool:
        """True when this viewer is the liaison of `party_id`."""
        return self.role is Role.PARTY_LIAISON and self.party_id == party_id
