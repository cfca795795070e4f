"""Casualties by category (killed or wounded; military, civilian or unknown) from digits
and words.

"two soldiers were killed" is 2 killed_military; "killing 13 civilians and wounding more
than 50" is 13 killed_civilian and at least 51 wounded_civilian (a figure without a noun
takes the category of the one before it); "a dozen" is 12; vague words are ranges
("several" 3 to 9, "several hundred" 300 to 999, "dozens" 24 to 99, "hundreds" 200 to
999); "about 70" is a best estimate; "no casualties" is 0 killed and 0 wounded; "the
enemy suffered losses among the personnel" is military killed in an unknown number.
"""

from __future__ import annotations

import re

from ceasefire.extraction.model import CasualtyValue, Field, Span

__all__ = ["find_casualties"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_VAGUE = {
    "a few": (2, 5), "several": (3, 9), "dozens": (24, 99), "dozens of": (24, 99),
    "scores": (40, 99), "hundreds": (200, 999), "several hundred": (300, 999),
    "a few hundred": (200, 500), "thousands": (2_000, 9_999), "several thousand": (3_000, 9_999),
}  # fmt: skip
_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(k for k in _UNITS if _UNITS[k] < 10)
    + r"))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")(?:\s+hundred)?"
)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|" + _WORD_NUMBER + r"|a\s+dozen|several\s+hundred|a\s+few\s+hundred"
    r"|several\s+thousand|a\s+few|several|dozens(?:\s+of)?|scores|hundreds|thousands|an?)"
)
_MODIFIER = r"(?:more\s+than|over|at\s+least|up\s+to|nearly|almost|about|around|approximately|some)"
_MILITARY = (
    r"(?:soldiers?|servicem[ae]n|officers?|troops|(?:military\s+)?personnel|conscripts?|peacekeepers?"
    r"|border\s+guards?|police(?:\s+officers?|men)?|policem[ae]n|pilots?|privates?|sergeants?"
    r"|majors?(?:\s+generals?)?|captains?|colonels?|generals?|fighters|servicemembers)"
)
_CIVILIAN = (
    r"(?:civilians?|residents?|villagers?|wom[ae]n|child(?:ren)?|journalists?|officials?|farmers?"
    r"|shepherds?|drivers?|passengers?|patients?)"
)
_UNKNOWN = r"(?:people|persons?)"
_OUTCOME = r"(?P<out>killed|dead|died|lost\s+their\s+lives|deaths|fatalities|wounded|injured|hurt)"
_COUNTED = re.compile(
    rf"(?<![\w-])(?P<mod>{_MODIFIER}\s+)?(?P<num>{_NUMBER})(?![\w-])"
    rf"(?P<words>(?:[\s,]+(?!(?:and|but|while|{_NUMBER})\b)[\w\u2019'-]+){{0,9}}?)"
    rf"[\s,]+(?:(?:were|was|have\s+been|had\s+been|are|is|being)\s+)?"
    rf"(?:(?:slightly|seriously|critically|reportedly|also|among|later)\s+)?{_OUTCOME}\b",
    re.IGNORECASE,
)
_VERB_FIRST = re.compile(
    rf"\b(?P<out>killing|killed|wounding|wounded|injuring|injured)\s+(?P<mod>{_MODIFIER}\s+)?"
    rf"(?P<num>{_NUMBER})(?![\w-])(?P<words>(?:\s+[\w\u2019'-]+){{0,2}})",
    re.IGNORECASE,
)
_REACHED = re.compile(
    rf"\bnumber\s+of\s+(?P<out>killed|dead|wounded|injured)(?P<words>(?:\s+[\w\u2019'-]+){{0,4}}?)\s+"
    rf"(?:has\s+)?(?:reached|rose\s+to|risen\s+to|is|stands\s+at)\s+(?P<mod>{_MODIFIER}\s+)?(?P<num>{_NUMBER})\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b(?P<words>Private|Major|Captain|Colonel|Lieutenant|Sergeant|soldier|serviceman)\s+"
    r"[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?\s+(?:was|has\s+been)\s+(?:\w+\s+)?(?P<out>killed|wounded|injured)",
)
_PAIR = re.compile(
    rf"\b(?:an?|one)\s+(?:[\w-]+\s+)?(?P<first>{_MILITARY}|{_CIVILIAN})\s+and\s+(?:an?|one)\s+"
    rf"(?:[\w-]+\s+)?(?P<words>{_MILITARY}|{_CIVILIAN})\s+(?:were|have\s+been)\s+(?:\w+\s+)?"
    r"(?P<out>killed|wounded|injured)",
    re.IGNORECASE,
)
_ZERO = re.compile(
    r"\b(?:no\s+(?:casualties|losses|victims|injuries|deaths|one\s+was\s+(?:hurt|injured|killed))"
    r"|nobody\s+was\s+(?:hurt|injured|killed)|without\s+casualties|(?:was|were)\s+not\s+(?:injured|hurt))"
    r"(?P<tail>[^.;]{0,45})",
    re.IGNORECASE,
)
_SOME = re.compile(
    r"\b(?:suffered\s+(?:heavy\s+|significant\s+|serious\s+)?losses|has\s+losses|losses\s+among\s+the"
    r"\s+personnel|losses\s+in\s+manpower|(?P<both>there\s+(?:are|were)\s+dead\s+and\s+wounded))",
    re.IGNORECASE,
)
_MILITARY_TAIL = re.compile(r"\bside\b|personnel|servicem|soldier|militar|troops", re.IGNORECASE)
_CIVILIAN_TAIL = re.compile(r"civilian|resident|villager", re.IGNORECASE)
_MILITARY_WORDS = re.compile(rf"\b{_MILITARY}\b|\barmy\b|\bits\s+soldiers\b", re.IGNORECASE)
_CIVILIAN_WORDS = re.compile(rf"\b{_CIVILIAN}\b", re.IGNORECASE)
_UNKNOWN_WORDS = re.compile(rf"\b{_UNKNOWN}\b", re.IGNORECASE)


def find_casualties(sentence: str, offset: int) -> list[Field[CasualtyValue]]:
    """Casualty figures of one sentence (at `offset` in its text), in order.

    >>> [(f.value.category, f.value.best) for f in
    ...  find_casualties("Ten civilians were killed and more than 40 were wounded", 0)]
    [('killed_civilian', 10), ('wounded_civilian', None)]
    """
    found: list[tuple[int, Field[CasualtyValue]]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_PAIR, _NAMED, _REACHED, _COUNTED, _VERB_FIRST):
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            field = _counted(match, sentence, offset, found)
            if field is not None:
                found.append((match.start(), field))
                taken.append((match.start(), match.end()))
    found.sort(key=lambda item: item[0])
    fields = [f for _, f in found]
    fields += _zeros(sentence, offset) + _some(sentence, offset)
    return fields


def _counted(
    match: re.Match[str],
    sentence: str,
    offset: int,
    earlier: list[tuple[int, Field[CasualtyValue]]],
) -> Field[CasualtyValue] | None:
    groups = match.groupdict()
    outcome = (
        "killed"
        if groups["out"].lower().startswith(("kill", "dead", "died", "lost", "death", "fatal"))
        else "wounded"
    )
    words = groups.get("words") or ""
    low: int | None
    best: int | None
    high: int | None
    if match.re is _PAIR:
        low, best, high, confidence = 2, 2, 2, 0.75
        words = f"{groups['first']} {words}"
    elif match.re is _NAMED:
        low, best, high, confidence = 1, 1, 1, 0.8
    else:
        number = _number(groups["num"], groups.get("mod"))
        if number is None:
            return None
        low, best, high, confidence = number
        if groups["num"].lower() in ("a", "an") and not (
            _MILITARY_WORDS.search(words) or _CIVILIAN_WORDS.search(words)
        ):
            return None
    if match.re is _COUNTED and words.strip(" ,") and not _person(words):
        return None
    category = _category(words, earlier, match.start())
    if category is None:
        return None
    span = Span(match.start() + offset, match.end() + offset, match.group())
    return Field(CasualtyValue(f"{outcome}_{category}", low, best, high), (span,), confidence)


def _person(words: str) -> bool:
    others = re.search(r"\b(?:others|more)\b", words, re.IGNORECASE) is not None
    return others or any(
        p.search(words) for p in (_MILITARY_WORDS, _CIVILIAN_WORDS, _UNKNOWN_WORDS)
    )


def _category(words: str, earlier: list[tuple[int, Field[CasualtyValue]]], at: int) -> str | None:
    """military, civilian or unknown from the words with the figure; a figure without a noun
    of its own takes the category of the figure before it."""
    if _MILITARY_WORDS.search(words):
        return "military"
    if _CIVILIAN_WORDS.search(words):
        return "civilian"
    if _UNKNOWN_WORDS.search(words):
        return "unknown"
    before = [f for start, f in earlier if start < at]
    if before:
        return before[-1].value.category.split("_", 1)[1]
    return "unknown"


def _number(
    text: str, modifier: str | None
) -> tuple[int | None, int | None, int | None, float] | None:
    """low, best, high and confidence of a figure with its modifier ("more than", "about")."""
    key = " ".join(text.lower().split())
    if key in _VAGUE:
        low, high = _VAGUE[key]
        return low, None, high, 0.6
    value: int | None
    if key in ("a", "an"):
        value, confidence = 1, 0.75
    elif key == "a dozen":
        value, confidence = 12, 0.75
    elif key[0].isdigit():
        value, confidence = int(key.replace(",", "")), 0.85
    else:
        value, confidence = _words_value(key), 0.8
    if value is None:
        return None
    mod = " ".join((modifier or "").lower().split())
    if mod in ("more than", "over"):
        return value + 1, None, None, confidence - 0.1
    if mod == "at least":
        return value, None, None, confidence - 0.1
    if mod == "up to":
        return None, None, value, confidence - 0.1
    if mod:
        return None, value, None, confidence - 0.1
    return value, value, value, confidence


def _words_value(key: str) -> int | None:
    hundred = key.endswith(" hundred")
    key = key.removesuffix(" hundred")
    total = 0
    for part in re.split(r"[- ]", key):
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return total * 100 if hundred else total


def _zeros(sentence: str, offset: int) -> list[Field[CasualtyValue]]:
    fields = []
    for match in _ZERO.finditer(sentence):
        tail = match.group("tail")
        category = "unknown"
        if _CIVILIAN_TAIL.search(tail):
            category = "civilian"
        elif _MILITARY_TAIL.search(tail):
            category = "military"
        end = match.start("tail") if category == "unknown" else match.end()
        span = Span(match.start() + offset, end + offset, sentence[match.start() : end])
        for outcome in ("killed", "wounded"):
            fields.append(Field(CasualtyValue(f"{outcome}_{category}", 0, 0, 0), (span,), 0.8))
    return fields


def _some(sentence: str, offset: int) -> list[Field[CasualtyValue]]:
    fields = []
    for match in _SOME.finditer(sentence):
        span = Span(match.start() + offset, match.end() + offset, match.group())
        categories: tuple[str, ...] = ("killed_military",)
        if match.group("both"):
            categories = ("killed_unknown", "wounded_unknown")
        fields += [Field(CasualtyValue(c, None, None, None), (span,), 0.6) for c in categories]
    return fields
