"""Bodies of sources: who or what produced a report, with its reliability grade."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ceasefire.api.schemas.common import Identifier, ShortText
from ceasefire.domain.sources import Affiliation, Reliability, Source, SourceKind

__all__ = ["SourceIn", "SourceOut"]


class SourceIn(BaseModel):
    """A source to register (admins only)."""

    model_config = ConfigDict(extra="forbid")
    id: Identifier = Field(examples=["op-fuzuli"])
    name: ShortText = Field(examples=["Observation post Fuzuli"])
    kind: SourceKind = Field(examples=["observation_post"])
    affiliation: Affiliation = Field(default=Affiliation.NEUTRAL, examples=["monitor"])
    party: Identifier | None = Field(
        default=None,
        max_length=20,
        examples=["RU"],
        description="The party or monitoring nation it belongs to, one of the loaded parties",
    )
    reliability: Reliability = Field(
        default=Reliability.F,
        examples=["B"],
        description="Admiralty grade: A completely reliable ... E unreliable, F cannot be judged",
    )

    def to_source(self) -> Source:
        """The domain source."""
        return Source(
            id=self.id,
            name=self.name,
            kind=self.kind,
            affiliation=self.affiliation,
            party_id=self.party,
            reliability=self.reliability,
        )


class SourceOut(BaseModel):
    """A registered source."""

    id: str = Field(examples=["jmc-op"])
    name: str = Field(examples=["JMC observation post"])
    kind: SourceKind
    affiliation: Affiliation
    party: str | None = Field(examples=[None])
    reliability: Reliability

    @classmethod
    def of(cls, s: Source) -> SourceOut:
        """The body for a source."""
        return cls(
            id=s.id,
            name=s.name,
            kind=s.kind,
            affiliation=s.affiliation,
            party=s.party_id,
            reliability=s.reliability,
        )
