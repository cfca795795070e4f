"""Sources of reports, with kind, affiliation and Admiralty reliability grade."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ceasefire.domain.validation import check_non_empty

__all__ = ["Affiliation", "Reliability", "Source", "SourceKind"]


class SourceKind(StrEnum):
    """Who or what produced a report."""

    PATROL = "patrol"
    OBSERVATION_POST = "observation_post"
    UAV = "uav"
    CAMERA = "camera"
    PARTY_STATEMENT = "party_statement"
    MEDIA = "media"
    NGO = "ngo"
    SOCIAL_MEDIA = "social_media"
    DATASET = "dataset"


class Affiliation(StrEnum):
    """Whose side a source is on."""

    PARTY = "party"
    MONITOR = "monitor"
    NEUTRAL = "neutral"


class Reliability(StrEnum):
    """Admiralty source reliability: A completely reliable ... E unreliable, F cannot be judged."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


@dataclass(frozen=True, slots=True)
class Source:
    """A named source; `party_id` is the party or monitoring nation it belongs to, if any."""

    id: str
    name: str
    kind: SourceKind
    affiliation: Affiliation = Affiliation.NEUTRAL
    party_id: str | None = None
    reliability: Reliability = Reliability.F

    def __post_init__(self) -> None:
        check_non_empty(self.id, "source.id")
        check_non_empty(self.name, "source.name")
