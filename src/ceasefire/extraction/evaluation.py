"""Precision and recall of extraction, field by field, against an annotated dataset.

The dataset is JSON Lines, one text per line (see docs/extraction.md): its id, kind,
publication date, text and the expected events with their field values. Predicted and
expected events of a text are paired greedily by how much they share (kind, date,
places, actors); for each field, a value both have counts as a true positive, a
predicted value the annotation lacks as a false positive, and an expected value the
prediction lacks as a false negative. Unpaired events count all their values against
precision (predicted) or recall (expected); the `events` row counts the events
themselves. Place names on both sides go through the same gazetteer, so "Shushi" and
"Shusha" are one place. `casualty_parties` scores the casualty figures given with the
party whose soldiers they are (category, party, figure), `observations` the counts of
explosions, projectiles, bursts and shots (kind, number).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.domain.precision import TimePrecision
from ceasefire.errors import ValidationError
from ceasefire.extraction.events import extract
from ceasefire.extraction.model import DateValue, ExtractedEvent
from ceasefire.extraction.places import PlaceIndex
from ceasefire.place_names import fold_name

__all__ = ["FIELDS", "AnnotatedText", "Score", "evaluate", "load_dataset", "speaker_of"]

FIELDS = (
    "events",
    "date",
    "time_precision",
    "places",
    "geo_precision",
    "actors",
    "weapons",
    "event_type",
    "kind",
    "casualties",
    "casualty_parties",
    "observations",
    "stance",
)
_SPEAKERS = {"mod_statement_am": "AM", "mod_statement_az": "AZ"}
_SET_FIELDS = frozenset(
    {"places", "actors", "weapons", "casualties", "casualty_parties", "observations"}
)
Values = dict[str, set[Hashable]]


@dataclass(frozen=True, slots=True)
class AnnotatedText:
    """One text of a dataset with the events an annotator found in it."""

    id: str
    kind: str
    published: date
    text: str
    events: tuple[dict[str, Any], ...]


@dataclass(slots=True)
class Score:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted values that are right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of expected values found (1.0 when nothing was expected)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class _Tally:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})

    def add(self, name: str, predicted: set[Hashable], expected: set[Hashable]) -> None:
        score = self.scores[name]
        score.tp += len(predicted & expected)
        score.fp += len(predicted - expected)
        score.fn += len(expected - predicted)


def speaker_of(kind: str) -> str | None:
    """The party whose statement a text of this kind is (mod_statement_am: AM), if any."""
    return _SPEAKERS.get(kind)


def load_dataset(path: Path) -> list[AnnotatedText]:
    """Read a JSON Lines dataset; ValidationError naming the line of a malformed text."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ValidationError("dataset", str(path), "does not exist") from None
    except UnicodeDecodeError:
        raise ValidationError("dataset", str(path), "is not UTF-8 text") from None
    texts = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            texts.append(_annotated(line, f"{path.name}:{number}"))
    return texts


def _annotated(line: str, where: str) -> AnnotatedText:
    try:
        data = json.loads(line)
        return AnnotatedText(
            id=str(data["id"]),
            kind=str(data["kind"]),
            published=date.fromisoformat(data["published"]),
            text=str(data["text"]),
            events=tuple(data["events"]),
        )
    except json.JSONDecodeError as exc:
        raise ValidationError(where, line[:40], f"is not valid JSON ({exc.msg})") from None
    except KeyError as exc:
        raise ValidationError(where, line[:40], f"lacks the key {exc.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        raise ValidationError(where, line[:40], f"has a bad value ({exc})") from None


def evaluate(
    texts: Iterable[AnnotatedText], *, index: PlaceIndex | None = None
) -> dict[str, Score]:
    """Per-field scores of the extractor over annotated texts, and an `overall` row."""
    places = index or PlaceIndex.packaged()
    tally = _Tally()
    for item in texts:
        found = extract(
            item.text, published=item.published, speaker=speaker_of(item.kind), index=places
        )
        predicted = [_predicted(e, places) for e in found.events]
        expected = [_expected(e, places) for e in item.events]
        for p, e in _pairs(predicted, expected):
            for name in FIELDS[1:]:
                tally.add(
                    name, p.get(name, set()) if p else set(), e.get(name, set()) if e else set()
                )
            tally.add("events", {0} if p else set(), {0} if e else set())
    overall = Score()
    for name in FIELDS:
        overall.tp += tally.scores[name].tp
        overall.fp += tally.scores[name].fp
        overall.fn += tally.scores[name].fn
    return {**tally.scores, "overall": overall}


def _pairs(
    predicted: list[Values], expected: list[Values]
) -> Iterator[tuple[Values | None, Values | None]]:
    """Predicted and expected events paired greedily by similarity; leftovers alone."""
    candidates = sorted(
        (
            (_similarity(p, e), i, j)
            for i, p in enumerate(predicted)
            for j, e in enumerate(expected)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_e: set[int] = set()
    for score, i, j in candidates:
        if score > 0 and i not in used_p and j not in used_e:
            used_p.add(i)
            used_e.add(j)
            yield predicted[i], expected[j]
    yield from ((p, None) for i, p in enumerate(predicted) if i not in used_p)
    yield from ((None, e) for j, e in enumerate(expected) if j not in used_e)


def _similarity(p: Values, e: Values) -> float:
    score = 0.0
    for name, weight in (
        ("kind", 1.0),
        ("date", 1.0),
        ("places", 1.0),
        ("actors", 0.5),
        ("casualties", 0.5),
    ):
        a, b = p.get(name, set()), e.get(name, set())
        if a and b:
            score += weight * len(a & b) / len(a | b)
    return score + 0.01


def _date_key(start: str, end: str | None) -> tuple[str, str | None]:
    return start, end


def _iso(value: DateValue) -> tuple[str, str | None]:
    def text(moment: Any, precision: TimePrecision) -> str:
        if precision in (TimePrecision.MINUTE, TimePrecision.HOUR):
            return str(moment.strftime("%Y-%m-%dT%H:%M"))
        if precision is TimePrecision.MONTH:
            return str(moment.strftime("%Y-%m"))
        if precision is TimePrecision.YEAR:
            return str(moment.strftime("%Y"))
        return str(moment.date().isoformat())

    end = text(value.end, value.precision) if value.end is not None else None
    return text(value.start, value.precision), end


def _one(value: Hashable | None) -> set[Hashable]:
    return set() if value is None else {value}


def _predicted(event: ExtractedEvent, index: PlaceIndex) -> Values:
    location = next((p for p in event.places if p.value.role.value == "location"), None)
    values: Values = {
        "date": _one(_iso(event.date.value)) if event.date else set(),
        "time_precision": _one(event.date.value.precision.value) if event.date else set(),
        "places": {
            (fold_name(index.resolve(p.value.canonical)), p.value.role.value) for p in event.places
        },
        "geo_precision": _one(location.value.precision.value if location else None),
        "actors": {
            (a.value.party_id or "-", a.value.kind.value, a.value.side.value) for a in event.actors
        },
        "weapons": {w.value.value for w in event.weapons},
        "event_type": {(event.event.value.event_type, event.event.value.sub_event_type)},
        "kind": {event.event.value.kind.value},
        "casualties": {
            (c.value.category, _casualty_key(c.value.low, c.value.best, c.value.high))
            for c in event.casualties
        },
        "casualty_parties": {
            (
                c.value.category,
                c.value.party_id,
                _casualty_key(c.value.low, c.value.best, c.value.high),
            )
            for c in event.casualties
            if c.value.party_id is not None
        },
        "observations": {(o.value.kind.value, o.value.count) for o in event.observations},
        "stance": {event.stance.value.value},
    }
    return values


def _casualty_key(low: int | None, best: int | None, high: int | None) -> Hashable:
    if best is not None:
        return ("=", best)
    if low is None and high is None:
        return ("?",)
    return ("range", low, high)


def _expected_casualty(value: Any) -> Hashable:
    if value == "unknown":
        return ("?",)
    if isinstance(value, list):
        return ("range", value[0], value[1])
    return ("=", int(value))


def _expected(event: dict[str, Any], index: PlaceIndex) -> Values:
    when = event.get("date")
    places = event.get("places") or []
    location = next((p for p in places if p["role"] == "location"), None)
    get: Callable[[str], Any] = event.get
    return {
        "date": _one(_date_key(when["start"], when.get("end"))) if when else set(),
        "time_precision": _one(when["precision"]) if when else set(),
        "places": {(fold_name(index.resolve(p["name"])), p["role"]) for p in places},
        "geo_precision": _one(location["precision"] if location else None),
        "actors": {(a["party"] or "-", a["kind"], a["role"]) for a in get("actors") or []},
        "weapons": set(get("weapons") or []),
        "event_type": {(event["event_type"], event["sub_event_type"])},
        "kind": {event["kind"]},
        "casualties": {
            (c["category"], _expected_casualty(c["value"])) for c in get("casualties") or []
        },
        "casualty_parties": {
            (c["category"], c["party"], _expected_casualty(c["value"]))
            for c in get("casualties") or []
            if c.get("party")
        },
        "observations": {(kind, int(n)) for kind, n in (get("observations") or {}).items()},
        "stance": {event.get("stance", "claim")},
    }
