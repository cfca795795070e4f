"""Split a text into the events it mentions and assemble each event's fields.

A text is read sentence by sentence. A sentence with words of an event (fire, shelling,
an offensive, a handover...) opens a new event when it differs from the current one in
date, in who fired, or in where and what happened; otherwise, and for sentences without
such words (casualties, weapons, a denial), its fields join the current event. An event
without a date of its own takes the last date the text gave.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, tzinfo

from ceasefire.domain.reports import ActorSide, WeaponClass
from ceasefire.domain.stance import Stance, stance_phrases
from ceasefire.errors import ValidationError
from ceasefire.extraction.actors import find_actors
from ceasefire.extraction.casualties import find_casualties
from ceasefire.extraction.dates import LOCAL_TIME, find_date
from ceasefire.extraction.event_kinds import classify, find_triggers
from ceasefire.extraction.model import (
    ActorValue,
    CasualtyValue,
    DateValue,
    EventKind,
    ExtractedEvent,
    Extraction,
    Field,
    ObservationValue,
    PlaceRole,
    PlaceValue,
    Span,
)
from ceasefire.extraction.observations import find_observations
from ceasefire.extraction.places import PlaceIndex, find_places
from ceasefire.extraction.weapons import find_weapons

__all__ = ["MAX_TEXT_CHARS", "extract", "sentences"]

MAX_TEXT_CHARS = 100_000
"""The longest text extracted at once (about 15,000 words, a long article); split longer ones."""

_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"”\u2019)]?\s+(?=[\"“(•]?[A-Z0-9])|\n\s*\n|\s*\n\s*(?=[•\-–*]\s)|•"
)


@dataclass(frozen=True, slots=True)
class _Sentence:
    span: Span
    date: Field[DateValue] | None
    places: list[Field[PlaceValue]]
    actors: list[Field[ActorValue]]
    weapons: list[Field[WeaponClass]]
    casualties: list[Field[CasualtyValue]]
    triggers: list[tuple[EventKind, Span]]
    stances: list[Field[Stance]]
    observations: list[Field[ObservationValue]]


@dataclass(slots=True)
class _Draft:
    sentences: list[_Sentence] = field(default_factory=list)

    def initiators(self) -> set[str]:
        return {a.value.party_id or a.value.kind for s in self.sentences for a in s.actors
                if a.value.side is ActorSide.INITIATOR}  # fmt: skip

    def locations(self) -> set[str]:
        return {p.value.canonical for s in self.sentences for p in s.places
                if p.value.role is PlaceRole.LOCATION}  # fmt: skip

    def date(self) -> Field[DateValue] | None:
        return next((s.date for s in self.sentences if s.date is not None), None)


def sentences(text: str) -> Iterator[Span]:
    """The sentences of a text (bullets and blank lines end one too), stripped, with offsets.

    >>> [s.text for s in sentences("Shots were fired. No one was hurt.")]
    ['Shots were fired.', 'No one was hurt.']
    """
    start = 0
    for boundary in [*_BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        if boundary is not None and text[boundary.start()] in '"”\u2019)':
            end += 1
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            yield Span(start + lead, start + lead + len(stripped), stripped)
        start = boundary.end() if boundary else len(text)


def extract(
    text: str,
    *,
    published: date,
    speaker: str | None = None,
    attributed: bool | None = None,
    index: PlaceIndex | None = None,
    tz: tzinfo = LOCAL_TIME,
) -> Extraction:
    """Propose the events a text mentions, each field with its words and a confidence.

    `speaker` is the party whose statement the text is (it reads "our units" and "the
    enemy"); `attributed` counts "said", "accused" and "told" as relaying another's claim
    (default: when there is no speaker, as in wire reports). ValidationError for an empty
    text or one longer than MAX_TEXT_CHARS.

    >>> text = "On 12 July Azerbaijani forces shelled Tovuz."
    >>> event = extract(text, published=date(2020, 7, 13)).events[0]
    >>> event.event.value.kind.value, event.date.value.day.isoformat()
    ('shelling', '2020-07-12')
    """
    if not text.strip():
        raise ValidationError("text", text[:20], "is empty: there is nothing to extract")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            "text",
            f"{len(text):,} characters",
            f"is longer than the limit of {MAX_TEXT_CHARS:,} characters",
        )
    places = index or PlaceIndex.packaged()
    attributed = speaker is None if attributed is None else attributed
    read = [_read(text, s, published, speaker, attributed, places, tz) for s in sentences(text)]
    drafts = _group(read)
    events = []
    last_date: Field[DateValue] | None = None
    for draft in drafts:
        event = _assemble(text, draft, last_date)
        if event.date is not None:
            last_date = event.date
        events.append(event)
    return Extraction(text, published, tuple(events))


def _read(
    text: str,
    span: Span,
    published: date,
    speaker: str | None,
    attributed: bool,
    places: PlaceIndex,
    tz: tzinfo,
) -> _Sentence:
    sentence, offset = text[span.start : span.end], span.start
    stances = [
        Field(p.stance, (Span(p.start + offset, p.end + offset, sentence[p.start : p.end]),), 0.85)
        for p in stance_phrases(sentence, attributed=attributed)
    ]
    return _Sentence(
        span=span,
        date=find_date(sentence, offset, published, tz=tz),
        places=find_places(sentence, offset, places),
        actors=find_actors(sentence, offset, speaker),
        weapons=find_weapons(sentence, offset),
        casualties=find_casualties(sentence, offset, speaker),
        triggers=find_triggers(sentence, offset),
        stances=stances,
        observations=find_observations(sentence, offset),
    )


def _group(read: list[_Sentence]) -> list[_Draft]:
    """Sentences grouped into events; sentences before the first event join it."""
    drafts: list[_Draft] = []
    pending: list[_Sentence] = []
    for sentence in read:
        eventful = bool(sentence.triggers) or bool(sentence.casualties and drafts)
        if not eventful:
            (drafts[-1].sentences if drafts else pending).append(sentence)
            continue
        if not drafts or (sentence.triggers and _new_event(drafts[-1], sentence)):
            drafts.append(_Draft([*pending, sentence]))
            pending = []
        else:
            drafts[-1].sentences.append(sentence)
    return drafts


def _new_event(current: _Draft, sentence: _Sentence) -> bool:
    """Whether an eventful sentence tells of another event than the current one."""
    current_date = current.date()
    if (
        sentence.date is not None
        and current_date is not None
        and sentence.date.value.day != current_date.value.day
    ):
        return True
    initiators = {
        a.value.party_id or a.value.kind
        for a in sentence.actors
        if a.value.side is ActorSide.INITIATOR
    }
    known = current.initiators()
    if initiators and known and not initiators & known:
        return True
    locations = {p.value.canonical for p in sentence.places if p.value.role is PlaceRole.LOCATION}
    here = current.locations()
    # Another place with words of an event is another event, unless the sentence only
    # adds detail to what the current one says (no place of its own is new then).
    return bool(locations and here and not locations & here)


def _all(draft: _Draft, name: str) -> list:  # type: ignore[type-arg]
    return [item for s in draft.sentences for item in getattr(s, name)]


def _assemble(text: str, draft: _Draft, last_date: Field[DateValue] | None) -> ExtractedEvent:
    first, last = draft.sentences[0].span, draft.sentences[-1].span
    span = Span(first.start, last.end, text[first.start : last.end])
    date_field = draft.date()
    if date_field is None and last_date is not None:
        date_field = Field(last_date.value, last_date.spans, round(last_date.confidence * 0.7, 3))
    actors = _unique_actors(_all(draft, "actors"))
    weapons = _unique(_all(draft, "weapons"), lambda f: f.value)
    return ExtractedEvent(
        span=span,
        date=date_field,
        places=tuple(_unique(_all(draft, "places"), lambda f: (f.value.canonical, f.value.role))),
        actors=tuple(actors),
        weapons=tuple(weapons),
        event=classify(_all(draft, "triggers"), weapons, actors),
        casualties=tuple(_unique(_all(draft, "casualties"), lambda f: f.value)),
        stance=_stance(_all(draft, "stances"), span),
        observations=tuple(_counted(_all(draft, "observations"))),
    )


def _unique(fields: list, key) -> list:  # type: ignore[no-untyped-def, type-arg]
    seen: dict[object, int] = {}
    kept: list = []  # type: ignore[type-arg]
    for f in fields:
        k = key(f)
        if k in seen:
            i = seen[k]
            kept[i] = Field(
                kept[i].value, kept[i].spans + f.spans, max(kept[i].confidence, f.confidence)
            )
        else:
            seen[k] = len(kept)
            kept.append(f)
    return kept


def _counted(fields: list[Field[ObservationValue]]) -> list[Field[ObservationValue]]:
    """One count per kind: an event's counts of one kind add up ("12 explosions ... four
    more explosions" is 16), with every mention's words and the least confidence."""
    kept: dict[str, Field[ObservationValue]] = {}
    for f in fields:
        old = kept.get(f.value.kind)
        if old is None:
            kept[f.value.kind] = f
            continue
        total = ObservationValue(f.value.kind, old.value.count + f.value.count)
        kept[f.value.kind] = Field(total, old.spans + f.spans, min(old.confidence, f.confidence))
    return list(kept.values())


def _unique_actors(fields: list[Field[ActorValue]]) -> list[Field[ActorValue]]:
    """One actor per party and kind, with the first definite role found for it."""
    kept: dict[tuple[str | None, str], Field[ActorValue]] = {}
    for f in fields:
        key = (f.value.party_id, f.value.kind.value)
        old = kept.get(key)
        if old is None or (
            old.value.side is ActorSide.OTHER and f.value.side is not ActorSide.OTHER
        ):
            kept[key] = f
        else:
            kept[key] = Field(old.value, old.spans + f.spans, old.confidence)
    return list(kept.values())


def _stance(found: list[Field[Stance]], span: Span) -> Field[Stance]:
    for wanted in (Stance.DENIAL, Stance.REPORTED):
        chosen = [f for f in found if f.value is wanted]
        if chosen:
            return Field(wanted, tuple(s for f in chosen for s in f.spans), 0.85)
    return Field(Stance.CLAIM, (), 0.6)
