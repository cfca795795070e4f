"""Actors named in a text, mapped to the scenario's parties, with their role in the event.

A mention is a party word with a noun of armed forces ("Azerbaijani units", "the armed
forces of Armenia", "the Defence Army"), police, peacekeepers or civilians; "our
positions" and "the enemy" are read from the speaker's side when the caller knows it
(the source's party). The role is the initiator for a mention before the sentence's
first verb of attack, or after "by"; the target for one after "at", "on", "against",
"the positions of", or one that "was killed/wounded"; "other" when the sentence has no
such verb.
"""

from __future__ import annotations

import re

from ceasefire.domain.reports import ActorSide
from ceasefire.extraction.model import ActorKind, ActorValue, Field, Span

__all__ = ["find_actors", "opponent"]

_FORCES = (
    r"(?:armed\s+forces|armed\s+(?:units|detachments|formations)|army(?:\s+units)?|units?"
    r"|troops|forces|soldiers?|servicem[ae]n|side|military|(?:combat\s+)?positions?"
    r"|(?:border\s+|combat\s+)?posts?|border\s+guards?|sabotage(?:[- ]reconnaissance)?\s+groups?"
    r"|detachments|air\s+defen[cs]e(?:\s+units)?|snipers?|officers?|personnel|servicemen"
    r"|fighter\s+jets?|F-16s?|warplanes?|drones?|artillery|defen[cs]e\s+ministry"
    r"|ministry\s+of\s+defen[cs]e)"
)
_ADJ = r"(?:\s+[\w-]+){0,2}?\s+"
_STATE = r"(?:the\s+)?(?:Republic\s+of\s+)?"
_ARMENIA_ACTS = r"(?:handed|shelled|fired|attacked|struck|launched|seized|captured)"
_AZERBAIJAN_ACTS = (
    r"(?:launched|seized|took|shelled|fired|attacked|struck|used|captured|handed|blocked)"
)
_PATTERN = re.compile(
    rf"""
    (?P<NK_POLICE>(?:(?:Nagorno-)?Karabakh|Artsakh)(?:\s+Armenian)?\s+police(?:\s+officers?)?
        |police\s+(?:officers?|car|vehicle)\s+of\s+the\s+Nagorno-Karabakh
        (?:\s+interior\s+ministry)?)
  | (?P<NK>(?:(?:Nagorno-)?Karabakh(?:\s+Armenian)?|Artsakh|Armenian-backed|illegal\s+Armenian
            (?:\s+armed)?){_ADJ}{_FORCES}
        |(?:the\s+)?Defen[cs]e\s+Army|Karabakh\s+Armenians)
  | (?P<AM>(?:Armenian|Armenia['\u2019]s)(?!-){_ADJ}{_FORCES}
        |{_FORCES}\s+of\s+{_STATE}Armenia(?![\w-])
        |Armenia(?=\s+(?:has\s+|had\s+)?{_ARMENIA_ACTS}))
  | (?P<AZ>(?:Azerbaijani|Azerbaijan['\u2019]s|Azerbaijan)(?!-){_ADJ}{_FORCES}
        |{_FORCES}\s+of\s+{_STATE}Azerbaijan(?![\w-])
        |Azerbaijan(?=\s+(?:has\s+|had\s+)?{_AZERBAIJAN_ACTS}))
  | (?P<TR>Turkish{_ADJ}{_FORCES}|Turkish\s+F-16
        |Turkey(?=\s+(?:of\s+)?(?:shot|shooting|had\s+shot)))
  | (?P<RU>(?:Russian\s+)?peacekeep(?:ers?|ing\s+(?:contingent|patrol|forces|units))
        |Russian\s+patrol)
  | (?P<OUR>our\s+(?:[a-z]+\s+)?{_FORCES})
  | (?P<ENEMY>the\s+enemy(?:['\u2019]s?\s+{_FORCES})?)
  | (?P<CIVILIANS>civilians?|civilian\s+population|residents?|villagers?|farmers?|shepherds?
        |a\s+woman|women|children|a\s+child|journalists?|(?:tractor\s+)?driver|patients)
  | (?P<PROTESTERS>protesters|(?:eco-|environmental\s+)?activists|demonstrators)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(?:fired|fire[sd]?\s+(?:at|on)|opened\s+fire|shell(?:ed|ing|s)|struck|strikes?|attack(?:ed|s)?"
    r"|launched|us(?:ed|ing)|subjected|targeted|tried|attempted|captured|seized|took|taken|violat\w*"
    r"|committed|carried\s+out|crossed|entered|blocked|stopped|hit|destroyed|shot\s+down|shooting"
    r"|laid|advanced|killing|wounding|continue[sd]?)\b",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    r"(?:\bat|\bon|\bagainst|\btowards?|\btargeting|\bpositions?\s+of|\bposts?\s+of|\bsubjected\s+to"
    r"\s+fire|\battacked|\bstruck|\bshelled|\bhit|\bcaptured|\bdetained|\bkilling|\bwounding|\bseize"
    r"|\bfire\s+on)\s+(?:the\s+)?(?:[a-z-]+\s+)?$",
    re.IGNORECASE,
)
_PASSIVE_AFTER = re.compile(
    r"^[^.;]{0,45}?\b(?:was|were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:killed|wounded|injured|captured"
    r"|hurt|hit|taken|detained)|^[^.;]{0,30}?\bcame\s+under\b",
    re.IGNORECASE,
)
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?(?:[a-z-]+\s+)?$", re.IGNORECASE)
_OPPONENTS = {"AM": "AZ", "AZ": "AM", "NK": "AZ"}


def opponent(party: str | None) -> str | None:
    """The other side of the war to `party` (Armenia's and Nagorno-Karabakh's is Azerbaijan)."""
    return _OPPONENTS.get(party or "")


def find_actors(sentence: str, offset: int, speaker: str | None = None) -> list[Field[ActorValue]]:
    """Actors of one sentence (at `offset` in its text) with their roles.

    >>> [(f.value.party_id, f.value.side.value) for f in
    ...  find_actors("Azerbaijani units fired at Armenian positions", 0)]
    [('AZ', 'initiator'), ('AM', 'target')]
    """
    verb = _VERB.search(sentence)
    found = []
    for match in _PATTERN.finditer(sentence):
        group = match.lastgroup
        assert group is not None
        party, kind = _party(group, speaker)
        if kind is None:
            continue
        side = _side(sentence, match, verb.start() if verb else None, kind)
        value = ActorValue(match.group(), kind, party, side)
        span = Span(match.start() + offset, match.end() + offset, match.group())
        confidence = 0.6 if group in ("OUR", "ENEMY") else 0.8
        found.append(Field(value, (span,), confidence if side is not ActorSide.OTHER else 0.6))
    return found


def _party(group: str, speaker: str | None) -> tuple[str | None, ActorKind | None]:
    if group == "OUR":
        return speaker, ActorKind.MILITARY if speaker else None
    if group == "ENEMY":
        other = opponent(speaker)
        return other, ActorKind.MILITARY if other else None
    if group in ("CIVILIANS", "PROTESTERS"):
        return None, ActorKind.CIVILIANS
    if group == "NK_POLICE":
        return "NK", ActorKind.POLICE
    if group == "RU":
        return "RU", ActorKind.PEACEKEEPERS
    return group, ActorKind.MILITARY


def _side(sentence: str, match: re.Match[str], verb: int | None, kind: ActorKind) -> ActorSide:
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _PASSIVE_AFTER.match(after):
        return ActorSide.TARGET
    if _BY_BEFORE.search(before[-30:]):
        return ActorSide.INITIATOR
    if _TARGET_BEFORE.search(before[-40:]):
        return ActorSide.TARGET
    if match.lastgroup == "PROTESTERS":
        return ActorSide.INITIATOR
    if kind is ActorKind.CIVILIANS:
        return ActorSide.TARGET
    if verb is None:
        return ActorSide.OTHER
    if match.start() < verb:
        return ActorSide.INITIATOR
    return ActorSide.TARGET if kind is not ActorKind.PEACEKEEPERS else ActorSide.OTHER
