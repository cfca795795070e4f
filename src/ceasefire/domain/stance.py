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
from enum import StrEnum

__all__ = ["Stance", "stance_of"]


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

# Phrases start at a word boundary: "exciting" does not hold "citing".
_PHRASES = re.compile(
    rf"(?<![a-z])(?:(?P<denial>{_DENIAL})|(?P<reported>{_REPORTED}))",
    re.VERBOSE,
)


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
