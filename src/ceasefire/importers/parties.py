"""Recognise a scenario party in an actor name as the datasets write it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ceasefire.domain.agreements import Party

__all__ = ["PartyMatcher"]

# ACLED: "Military Forces of Azerbaijan (2003-)"; UCDP: "Government of Azerbaijan".
_STATE_ACTOR = re.compile(
    r"^(?:military forces|police forces|government) of (?:the )?(?P<name>.+?)(?:\s*\(.*)?$",
    re.IGNORECASE,
)


class PartyMatcher:
    """Maps state-force actor names to party ids by the parties' names and aliases.

    >>> matcher = PartyMatcher([Party("AZ", "Azerbaijan", aliases=("Republic of Azerbaijan",))])
    >>> matcher.match("Military Forces of Azerbaijan (2003-)"), matcher.match("Civilians")
    ('AZ', None)
    """

    def __init__(self, parties: Iterable[Party]) -> None:
        self._by_name: dict[str, str] = {}
        for party in parties:
            for name in (party.name, *party.aliases):
                self._by_name[name.casefold()] = party.id
        self._cache: dict[str, str | None] = {}

    def match(self, actor: str) -> str | None:
        """The party whose forces or government the actor is, if any."""
        if actor in self._cache:
            return self._cache[actor]
        found = _STATE_ACTOR.match(actor.strip())
        party = self._by_name.get(found.group("name").casefold()) if found else None
        self._cache[actor] = party
        return party
