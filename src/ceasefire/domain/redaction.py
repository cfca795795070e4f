"""Redaction of the finding summaries sent to the parties, with every removed passage listed.

Each rule is named and finds passages of one kind; `redact` applies the chosen rules and
returns the redacted text together with every hit (rule, original passage, replacement,
offsets in the original text), so the analyst sees exactly what will be removed before
anything is sent.

Default rules (`DEFAULT_RULES`, all of them):

- ``coordinates``: exact positions: decimal latitude/longitude pairs with two or more
  decimals (``39.8177, 46.7528``, ``39.82°N 46.75°E``) and degrees-minutes(-seconds)
  (``39°49'04"N``);
- ``contacts``: e-mail addresses and telephone numbers written internationally
  (``+994 12 555 0100``, ``0037410...``) or with a bracketed area code;
- ``sources``: names and ids of the mission's own sources (observation posts, patrols, UAVs);
- ``monitors``: names of the mission's monitors (holders of signing keys);
- ``evidence``: the complaint's evidence file names and SHA-256 hashes, and any other
  64-digit hexadecimal hash;
- ``names``: personal names from the list the analyst gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ceasefire.errors import ValidationError

__all__ = [
    "DEFAULT_RULES",
    "RULES",
    "Hit",
    "Redaction",
    "RedactionContext",
    "Rule",
    "parse_rules",
    "redact",
]


@dataclass(frozen=True, slots=True)
class RedactionContext:
    """The names and terms that rules match literally, gathered by the service."""

    source_names: tuple[str, ...] = ()
    monitor_names: tuple[str, ...] = ()
    evidence_terms: tuple[str, ...] = ()
    personal_names: tuple[str, ...] = ()


class _Span(NamedTuple):
    start: int
    end: int


Finder = Callable[[str, RedactionContext], Iterable[_Span]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named redaction rule: what it removes and what it puts in its place."""

    name: str
    description: str
    replacement: str
    find: Finder


@dataclass(frozen=True, slots=True)
class Hit:
    """One passage a rule removes: where it is in the original text and what replaces it."""

    rule: str
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted text, the rules applied and every passage they removed."""

    text: str
    rules: tuple[str, ...]
    hits: tuple[Hit, ...]

    def counts(self) -> dict[str, int]:
        """How many passages each applied rule removed (zero included).

        >>> redact("Call +374 10 555 123.", ["contacts", "names"]).counts()
        {'contacts': 1, 'names': 0}
        """
        counts = dict.fromkeys(self.rules, 0)
        for hit in self.hits:
            counts[hit.rule] += 1
        return counts


_DECIMAL = r"[-+]?\d{1,3}\.\d{2,}\s*°?\s*[NSEWnsew]?"
_COORD_PAIR = re.compile(rf"(?<![\w.]){_DECIMAL}\s*[,;/]?\s*{_DECIMAL}(?!\w|\.\d)")
_DMS = re.compile(
    r"\d{1,3}\s*°\s*\d{1,2}\s*['\u2032]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"\u2033])?\s*[NSEWnsew]?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:(?:\+|\b00)\d[\d\s().-]{6,}\d|\(\d{2,5}\)\s?\d[\d\s.-]{4,}\d)")
_HASH = re.compile(r"\b[0-9a-fA-F]{64}\b")


def _regex(*patterns: re.Pattern[str]) -> Finder:
    def find(text: str, context: RedactionContext) -> Iterator[_Span]:
        for pattern in patterns:
            for m in pattern.finditer(text):
                yield _Span(m.start(), m.end())

    return find


def _terms(text: str, terms: Iterable[str]) -> Iterator[_Span]:
    """Every case-insensitive occurrence of each term, not inside a longer word."""
    for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            yield _Span(m.start(), m.end())


def _context_terms(field: str, *extra: re.Pattern[str]) -> Finder:
    def find(text: str, context: RedactionContext) -> Iterator[_Span]:
        yield from _terms(text, getattr(context, field))
        yield from _regex(*extra)(text, context)

    return find


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "coordinates",
            "exact coordinates (decimal pairs, degrees-minutes-seconds)",
            "[location withheld]",
            _regex(_COORD_PAIR, _DMS),
        ),
        Rule(
            "contacts",
            "e-mail addresses and telephone numbers",
            "[contact withheld]",
            _regex(_EMAIL, _PHONE),
        ),
        Rule(
            "sources",
            "names and ids of the mission's sources",
            "[source withheld]",
            _context_terms("source_names"),
        ),
        Rule(
            "monitors",
            "names of the mission's monitors",
            "[monitor withheld]",
            _context_terms("monitor_names"),
        ),
        Rule(
            "evidence",
            "the complaint's evidence file names and SHA-256 hashes",
            "[evidence reference withheld]",
            _context_terms("evidence_terms", _HASH),
        ),
        Rule(
            "names",
            "personal names from the analyst's list",
            "[name withheld]",
            _context_terms("personal_names"),
        ),
    )
}

#: The rules applied unless the analyst chooses others: all of them.
DEFAULT_RULES: tuple[str, ...] = tuple(RULES)


def parse_rules(names: Sequence[str] | None) -> tuple[str, ...]:
    """Rule names checked against RULES, in RULES order; None or empty means DEFAULT_RULES.

    >>> parse_rules(["names", "coordinates"])
    ('coordinates', 'names')
    """
    if not names:
        return DEFAULT_RULES
    chosen = {n.strip() for n in names}
    unknown = sorted(chosen - set(RULES))
    if unknown:
        raise ValidationError(
            "rules", ", ".join(unknown), f"unknown redaction rule (known: {', '.join(RULES)})"
        )
    return tuple(n for n in RULES if n in chosen)


def redact(
    text: str, rules: Sequence[str] | None = None, context: RedactionContext | None = None
) -> Redaction:
    """Apply the rules to `text`; where two passages overlap, the earlier (then longer) wins.

    >>> r = redact("Seen at 39.8177, 46.7528 by OP Aghdam.", context=RedactionContext(
    ...     source_names=("OP Aghdam",)))
    >>> r.text
    'Seen at [location withheld] by [source withheld].'
    >>> [(h.rule, h.original, h.start, h.end) for h in r.hits]
    [('coordinates', '39.8177, 46.7528', 8, 24), ('sources', 'OP Aghdam', 28, 37)]
    """
    chosen = parse_rules(rules)
    ctx = context or RedactionContext()
    found = sorted(
        ((span, name) for name in chosen for span in RULES[name].find(text, ctx)),
        key=lambda item: (item[0].start, -item[0].end, chosen.index(item[1])),
    )
    hits: list[Hit] = []
    parts: list[str] = []
    cursor = 0
    for span, name in found:
        if span.start < cursor or span.end <= span.start:
            continue
        rule = RULES[name]
        hits.append(Hit(name, span.start, span.end, text[span.start : span.end], rule.replacement))
        parts += [text[cursor : span.start], rule.replacement]
        cursor = span.end
    parts.append(text[cursor:])
    return Redaction("".join(parts), chosen, tuple(hits))
