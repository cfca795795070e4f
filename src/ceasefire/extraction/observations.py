"""Observation counts, as monitors give them: explosions, projectiles, bursts and shots.

"heard 12 explosions" is 12 explosions; "12 mortar rounds" (or shells, rockets, missiles,
grenades) is 12 projectiles; "three bursts of machine-gun fire" is 3 bursts; "about 40
shots" is 40 shots (a count with "about" or "at least" keeps its figure, with a lower
confidence); "a single explosion" is 1. Words may stand between the figure and the noun
("seven undetermined explosions", "22 outgoing artillery rounds"). A noun without a
figure ("single shots", "an unknown number of bursts") counts nothing: the report's counts
are numbers, never guesses. An event's counts of one kind add up.
"""

from __future__ import annotations

import re

from ceasefire.extraction.model import Field, ObservationKind, ObservationValue, Span
from ceasefire.extraction.numbers import WORD_NUMBER, number_value

__all__ = ["find_observations"]

_NOUNS = {
    ObservationKind.EXPLOSIONS: r"explosions?|blasts?|detonations?|impacts?",
    ObservationKind.PROJECTILES: r"rounds?|shells?|projectiles?|rockets?|missiles?|grenades?",
    ObservationKind.BURSTS: r"bursts?",
    ObservationKind.SHOTS: r"shots?|gunshots?",
}
# Words that may describe the counted thing: adjectives monitors use, weapons, calibres.
_DESCRIBING = (
    r"(?:undetermined|unidentified|single|separate|individual|loud|large|small|heavy|powerful"
    r"|outgoing|incoming|more|further|additional|mortar|artillery|tank|howitzer|sniper|rifle"
    r"|machine[- ]gun|grenade[- ]launcher|rocket|Grad|Smerch|automatic|\d{2,3}\s?mm|[a-z]+-[a-z-]+)"
)
_PATTERN = re.compile(
    rf"(?<![\w,.-])(?P<mod>(?:about|around|approximately|some|nearly|almost|at\s+least|over"
    rf"|more\s+than|up\s+to)\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBER}|a\s+dozen"
    rf"|a\s+single)(?P<describing>(?:\s+{_DESCRIBING}){{0,3}})\s+"
    rf"(?:(?P<EXPLOSIONS>{_NOUNS[ObservationKind.EXPLOSIONS]})"
    rf"|(?P<PROJECTILES>{_NOUNS[ObservationKind.PROJECTILES]})"
    rf"|(?P<BURSTS>{_NOUNS[ObservationKind.BURSTS]})"
    rf"|(?P<SHOTS>{_NOUNS[ObservationKind.SHOTS]}))\b"
    # "rounds of talks", "shots were fired at the talks" are not counts of fire; "2 rounds
    # of shelling" is not a count of projectiles either.
    r"(?!\s+of\s+(?:talks|negotiations|consultations|shelling|fighting|attacks))"
    r"(?!\s+down)",
    re.IGNORECASE,
)
_NEAR = re.compile(r"(?:at\s+least|over|more\s+than|up\s+to)", re.IGNORECASE)


def find_observations(sentence: str, offset: int) -> list[Field[ObservationValue]]:
    """The counts of one sentence (at `offset` in its text), one field per mention.

    >>> [(f.value.kind.value, f.value.count) for f in find_observations(
    ...     "The patrol heard twelve explosions and about 40 bursts of small-arms fire.", 0)]
    [('explosions', 12), ('bursts', 40)]
    """
    found = []
    for match in _PATTERN.finditer(sentence):
        number = match.group("num")
        count = 1 if number.lower().startswith("a single") else number_value(number)
        if count is None:
            continue
        name = match.lastgroup
        assert name is not None
        modifier = match.group("mod") or ""
        confidence = 0.9 if number[0].isdigit() else 0.85
        if modifier:
            confidence -= 0.2 if _NEAR.match(modifier) else 0.1
        span = Span(match.start() + offset, match.end() + offset, match.group())
        value = ObservationValue(ObservationKind[name], count)
        found.append(Field(value, (span,), round(confidence, 2)))
    return found
