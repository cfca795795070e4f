"""What a report's text does with the event: claims it, denies it, or relays someone's claim.

Rule-based and case-insensitive, on the free text of a report. A denial phrase anywhere in
the text wins over a relaying phrase ("said the claim that ... does not correspond to
reality" is a denial); a text with neither is a claim.

Denial phrases: "does not correspond to reality", "refuted", "denied"/"denies"/"denial"
(but not "denied access/passage/entry", which reports an obstruction), "groundless",
"baseless", "unfounded", "untrue", "not true", "disinformation", "misinformation",
"fake news", "fabricated", "false information/report/claim/allegation/statement",
"rejected the claim/allegation/accusation/report", "did not take place/happen/occur",
"never happened", "no (ceasefire) violations".

Relaying phrases: "the claim(s) that", "claims/claimed that", "alleged(ly)",
"alleges/alleged that", "according to", "reportedly", "citing", "quoting",
"as reported by".

One compiled regular expression holds both lists, each written as a trie on the first
letter so the engine rejects most positions after one character; with the text lower-cased
once, a typical report takes a few microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Stance", "StancePhrase", "stance_of", "stance_phrases"]


class Stance(StrEnum):
    """A report's stance towards the event it is about."""

    CLAIM = "claim"
    DENIAL = "denial"
    REPORTED = "reported"


_DENIAL = r"""
    b(?:aseless)
  | d(?:o(?:es)?\ not\ correspond\ to\ (?:the\ )?reality
      | id\ not\ (?:correspond\ to\ (?:the\ )?reality|take\ place|happen|occur)
      | en(?:y|ies|ied|ying)\b(?!\ (?:access|passage|entry|exit|transit|permission|the\ right))
      | enial\b(?!\ of\ (?:access|passage|entry|exit|transit))
      | isinformation)
  | f(?:ake\ news
      | alse\ (?:information|reports?|claims?|allegations?|statements?)\b
      | abricat(?:ed|ions?)\b)
  | g(?:roundless)
  | m(?:isinformation)
  | n(?:ot\ true\b
      | ever\ happened
      | o\ (?:ceasefire\ |truce\ )?violations?\b)
  | r(?:efut(?:e|es|ed|ing)\b
      | eject(?:s|ed)?\ (?:the\ |these\ |such\ )?(?:claims?|allegations?|accusations?|reports?)\b)
  | u(?:ntrue|nfounded)\b
"""

_REPORTED = r"""
    a(?:lleged(?:ly)?\b
      | lleges\ that
      | ccording\ to\b
      | s\ reported\ by\b)
  | c(?:laim(?:s|ed)\ that\b
      | iting\b)
  | q(?:uoting\b)
  | r(?:eportedly\b)
  | t(?:he\ claims?\ that\b)
"""

# Verbs a wire report uses to attribute an account to someone else ("Armenia said ...");
# only `stance_phrases(..., attributed=True)` reads them, since a party's own statement
# says "said" of itself too.
_ATTRIBUTED = r"""
    a(?:ccus(?:e|es|ed|ing)\b)
  | b(?:lam(?:e|es|ed|ing)\b)
  | s(?:a(?:id|ys)\b)
  | t(?:old\b)
"""

# Phrases start at a word boundary: "exciting" does not hold "citing".
_PHRASES = re.compile(
    rf"(?<![a-z])(?:(?P<denial>{_DENIAL})|(?P<reported>{_REPORTED}))",
    re.VERBOSE,
)
_ATTRIBUTED_PHRASES = re.compile(
    rf"(?<![a-z])(?:(?P<denial>{_DENIAL})|(?P<reported>{_REPORTED}|{_ATTRIBUTED}))",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class StancePhrase:
    """A denial or relaying phrase found in a text, with its character offsets."""

    stance: Stance
    start: int
    end: int


def stance_of(text: str) -> Stance:
    """The stance of a report's free text: denial, reported (relayed) or claim.

    >>> stance_of("the Ministry of Defence of Armenia said that Azerbaijani forces fired")
    <Stance.CLAIM: 'claim'>
    >>> stance_of('said the claim that Azerbaijani forces fired "does not correspond to reality"')
    <Stance.DENIAL: 'denial'>
    >>> stance_of("According to the Ministry, Armenian forces fired mortars")
    <Stance.REPORTED: 'reported'>
    """
    reported = False
    for found in _PHRASES.finditer(text.lower()):
        if found.lastgroup == "denial":
            return Stance.DENIAL
        reported = True
    return Stance.REPORTED if reported else Stance.CLAIM


def stance_phrases(text: str, *, attributed: bool = False) -> list[StancePhrase]:
    """Every denial and relaying phrase of `text`, in order, with offsets into `text`.

    With `attributed`, verbs that attribute an account to someone ("said", "accused",
    "told") count as relaying, as they do in wire reports.

    >>> [(p.stance.value, p.start, p.end) for p in stance_phrases("Baku denied it")]
    [('denial', 5, 11)]
    >>> [p.stance.value for p in stance_phrases("Armenia said", attributed=True)]
    ['reported']
    """
    pattern = _ATTRIBUTED_PHRASES if attributed else _PHRASES
    # lower() keeps offsets for the scripts these texts use; a text where it would not
    # (a few ligatures and dotted capitals) is matched on a copy of equal length.
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return [
        StancePhrase(
            Stance.DENIAL if found.lastgroup == "denial" else Stance.REPORTED,
            found.start(),
            found.end(),
        )
        for found in pattern.finditer(lowered)
    ]
