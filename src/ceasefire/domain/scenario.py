"""A scenario: the parties, agreements, zones and dated events of one ceasefire, as one value."""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.domain.agreements import Agreement, Party, Provision
from ceasefire.domain.timeline import TimelineEvent
from ceasefire.domain.validation import check_non_empty
from ceasefire.domain.zones import Zone
from ceasefire.errors import NotFoundError

__all__ = ["Scenario", "ScenarioSource"]


@dataclass(frozen=True, slots=True)
class ScenarioSource:
    """A document a scenario cites, e.g. "seed:001" (an academic article) or "public record"."""

    id: str
    title: str
    note: str = ""

    def __post_init__(self) -> None:
        check_non_empty(self.id, "source.id")
        check_non_empty(self.title, f"sources[{self.id}].title")


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything a mission needs to judge compliance with one ceasefire.

    `sources` is the catalogue that the source references of agreements, provisions and
    events ("seed:001", "public record") point into.
    """

    id: str
    name: str
    description: str
    parties: tuple[Party, ...]
    agreements: tuple[Agreement, ...]
    zones: tuple[Zone, ...]
    events: tuple[TimelineEvent, ...]
    monitoring_nations: tuple[str, ...]
    sources: tuple[ScenarioSource, ...] = ()

    def __post_init__(self) -> None:
        check_non_empty(self.id, "scenario.id")
        check_non_empty(self.name, "scenario.name")

    def party(self, party_id: str) -> Party:
        """The party with this id (e.g. "AZ")."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise NotFoundError("party", party_id)

    def agreement(self, agreement_id: str) -> Agreement:
        """The agreement with this id (e.g. "trilateral-2020-11-10")."""
        for a in self.agreements:
            if a.id == agreement_id:
                return a
        raise NotFoundError("agreement", agreement_id)

    def zone(self, zone_id: str) -> Zone:
        """The zone with this id (e.g. "lachin-corridor")."""
        for z in self.zones:
            if z.id == zone_id:
                return z
        raise NotFoundError("zone", zone_id)

    def event(self, event_id: str) -> TimelineEvent:
        """The timeline event with this id."""
        for e in self.events:
            if e.id == event_id:
                return e
        raise NotFoundError("event", event_id)

    def provision(self, provision_id: str) -> tuple[Agreement, Provision]:
        """The provision with this id, with the agreement it belongs to."""
        for a in self.agreements:
            for p in a.provisions:
                if p.id == provision_id:
                    return a, p
        raise NotFoundError("provision", provision_id)
