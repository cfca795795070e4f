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
from dataclasses import replace

from ceasefire.extraction.actors import opponent
from ceasefire.extraction.model import CasualtyValue, Field, Span
from ceasefire.extraction.numbers import WORD_NUMBER, number_value

__all__ = ["find_casualties"]

_VAGUE = {
    "a few": (2, 5), "several": (3, 9), "dozens": (24, 99), "dozens of": (24, 99),
    "scores": (40, 99), "hundreds": (200, 999), "several hundred": (300, 999),
    "a few hundred": (200, 500), "thousands": (2_000, 9_999), "several thousand": (3_000, 9_999),
}  # fmt: skip
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|" + WORD_NUMBER + r"|a\s+dozen|several\s+hundred|a\s+few\s+hundred"
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
# "Three Karabakh police officers and two Azerbaijani soldiers were killed": two figures,
# each with its own noun, sharing one outcome.
_BOTH = re.compile(
    rf"(?<![\w-])(?P<num>{_NUMBER})(?P<words>(?:\s+[\w\u2019'-]+){{1,3}}?)\s+and\s+"
    rf"(?P<num2>{_NUMBER})(?P<words2>(?:\s+[\w\u2019'-]+){{1,3}}?)\s+"
    rf"(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?P<out>killed|wounded|injured)\b",
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
# Whose soldiers: "Karabakh Armenian" is Nagorno-Karabakh's, so NK is tried before AM.
_PARTY_WORDS = (
    r"\b(?:(?P<NK>(?:Nagorno-)?Karabakh|Artsakh|Defen[cs]e\s+Army)|(?P<AM>Armenian|Armenia)"
    r"|(?P<AZ>Azerbaijani|Azerbaijan)|(?P<RU>Russian|peacekeep\w*)|(?P<TR>Turkish|Turkey)"
    r"|(?P<OUR>our)|(?P<ENEMY>enemy))\b"
)
_PARTY = re.compile(_PARTY_WORDS, re.IGNORECASE)
_OWNER_BEFORE = re.compile(r"\b(?:our|the\s+enemy['\u2019]s?)\s+$", re.IGNORECASE)
# "Azerbaijan said ... seven of its soldiers had been killed": "its" is the speaker's.
_SAYER = re.compile(
    _PARTY_WORDS + r"[\s\w\u2019'-]{0,30}?\s(?:said|says|stated|reported|announced)\b",
    re.IGNORECASE,
)
_ITS = re.compile(r"\bits\b", re.IGNORECASE)
_SIDE_AFTER = re.compile(
    r"^\s+(?:on|from|of|among)\s+the\s+(?:[\w-]+\s+){0,2}?(?:side|army|forces|troops|personnel)\b",
    re.IGNORECASE,
)


def find_casualties(
    sentence: str, offset: int, speaker: str | None = None
) -> list[Field[CasualtyValue]]:
    """Casualty figures of one sentence (at `offset` in its text), in order; military ones
    with the party whose soldiers they are where the words say ("our" and "the enemy" read
    from `speaker`'s side).

    >>> [(f.value.category, f.value.best) for f in
    ...  find_casualties("Ten civilians were killed and more than 40 were wounded", 0)]
    [('killed_civilian', 10), ('wounded_civilian', None)]
    >>> [(f.value.category, f.value.best, f.value.party_id) for f in find_casualties(
    ...     "Two Armenian servicemen were killed and one Azerbaijani soldier wounded", 0)]
    [('killed_military', 2, 'AM'), ('wounded_military', 1, 'AZ')]
    """
    found: list[tuple[int, Field[CasualtyValue]]] = []
    taken: list[tuple[int, int]] = []
    for match in _BOTH.finditer(sentence):
        both = _coordinated(match, offset, speaker)
        if both:
            found += [(match.start(), f) for f in both]
            taken.append((match.start(), match.end()))
    for pattern in (_PAIR, _NAMED, _REACHED, _COUNTED, _VERB_FIRST):
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            field = _counted(match, sentence, offset, found)
            if field is not None:
                field = _owned(field, match, sentence, speaker, found)
                found.append((match.start(), field))
                taken.append((match.start(), match.end()))
    found.sort(key=lambda item: item[0])
    fields = [f for _, f in found]
    fields += _zeros(sentence, offset, speaker) + _some(sentence, offset, speaker)
    return fields


def _owned(
    field: Field[CasualtyValue],
    match: re.Match[str],
    sentence: str,
    speaker: str | None,
    earlier: list[tuple[int, Field[CasualtyValue]]],
) -> Field[CasualtyValue]:
    """A military figure with its party: named in its words ("two Armenian servicemen",
    "servicemen of the Azerbaijan Army"), just before them ("our two servicemen"), or just
    after ("... killed on the Armenian side"); a figure without a noun of its own ("and
    five were wounded") takes the party of the figure before it."""
    if not field.value.category.endswith("_military"):
        return field
    before = sentence[max(0, match.start() - 20) : match.start()]
    after = _SIDE_AFTER.match(sentence[match.end() :])
    owner = _OWNER_BEFORE.search(before)
    party = _party_in(match.group(), speaker)
    if party is None and owner is not None:
        party = _party_in(owner.group(), speaker)
    if party is None and after is not None:
        party = _party_in(after.group(), speaker)
    if party is None and _ITS.search(sentence[max(0, match.start() - 8) : match.end()]):
        party = _sayer(sentence, match.start(), speaker)
    if party is None and not _MILITARY_WORDS.search(match.group("words") or ""):
        previous = [f for start, f in earlier if start < match.start()]
        if previous and previous[-1].value.category.endswith("_military"):
            party = previous[-1].value.party_id
    return Field(replace(field.value, party_id=party), field.spans, field.confidence)


def _coordinated(
    match: re.Match[str], offset: int, speaker: str | None
) -> list[Field[CasualtyValue]]:
    """Both figures of "N <people> and M <people> were killed", or none unless each names
    soldiers or civilians ("a woman and a child" is `_PAIR`'s)."""
    if {match.group("num").lower(), match.group("num2").lower()} & {"a", "an"}:
        return []
    outcome = "killed" if match.group("out").lower() == "killed" else "wounded"
    fields = []
    for num, words in (("num", "words"), ("num2", "words2")):
        number = _number(match.group(num), None)
        text = match.group(words)
        military = _MILITARY_WORDS.search(text) is not None
        if number is None or not (military or _CIVILIAN_WORDS.search(text)):
            return []
        low, best, high, confidence = number
        category = f"{outcome}_{'military' if military else 'civilian'}"
        party = _party_in(text, speaker) if military else None
        spans = (
            Span(
                match.start(num) + offset,
                match.end(words) + offset,
                match[0][match.start(num) - match.start() : match.end(words) - match.start()],
            ),
            Span(match.start("out") + offset, match.end("out") + offset, match.group("out")),
        )
        fields.append(Field(CasualtyValue(category, low, best, high, party), spans, confidence))
    return fields


def _sayer(sentence: str, at: int, speaker: str | None) -> str | None:
    """The party of the last "<party> ... said" before `at` (whose "its soldiers" they are)."""
    said = list(_SAYER.finditer(sentence[:at]))
    return _party_in(said[-1].group(), speaker) if said else None


def _party_in(words: str, speaker: str | None) -> str | None:
    """The first party the words name; "our" is the speaker's, "enemy" the other side."""
    for match in _PARTY.finditer(words):
        name = match.lastgroup
        if name == "OUR":
            if speaker is not None:
                return speaker
        elif name == "ENEMY":
            if opponent(speaker) is not None:
                return opponent(speaker)
        elif name is not None:
            return name
    return None


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
    else:
        value = number_value(key)
        confidence = 0.75 if key == "a dozen" else 0.85 if key[0].isdigit() else 0.8
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


def _zeros(sentence: str, offset: int, speaker: str | None) -> list[Field[CasualtyValue]]:
    fields = []
    for match in _ZERO.finditer(sentence):
        tail = match.group("tail")
        category, party = "unknown", None
        if _CIVILIAN_TAIL.search(tail):
            category = "civilian"
        elif _MILITARY_TAIL.search(tail):
            category, party = "military", _party_in(tail, speaker)
        end = match.start("tail") if category == "unknown" else match.end()
        span = Span(match.start() + offset, end + offset, sentence[match.start() : end])
        for outcome in ("killed", "wounded"):
            value = CasualtyValue(f"{outcome}_{category}", 0, 0, 0, party)
            fields.append(Field(value, (span,), 0.8))
    return fields


def _some(sentence: str, offset: int, speaker: str | None) -> list[Field[CasualtyValue]]:
    fields = []
    for match in _SOME.finditer(sentence):
        span = Span(match.start() + offset, match.end() + offset, match.group())
        categories: tuple[str, ...] = ("killed_military",)
        party = None
        if match.group("both"):
            categories = ("killed_unknown", "wounded_unknown")
        else:
            # Whose losses: the party named last in the words before ("the enemy suffered").
            named = list(_PARTY.finditer(sentence[max(0, match.start() - 40) : match.start()]))
            party = _party_in(named[-1].group(), speaker) if named else None
        fields += [
            Field(CasualtyValue(c, None, None, None, party), (span,), 0.6) for c in categories
        ]
    return fields
