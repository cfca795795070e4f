"""Places named in a text, resolved through the gazetteer, with precision and role.

Names are found by looking up runs of capitalised words (longest first) in one
dictionary of every Latin-script spelling of the regional gazetteer's places, the
districts and provinces of Azerbaijan and Armenia, and the scenario's regions, so a
lookup costs one hash per candidate, not a scan. A spelling not in it is folded (see
`fold_name`: Kelbadjar and Kalbajar meet), and, where the words around it say it is a
place ("the village of X", "X settlement", "near X"), matched fuzzily; a name the
gazetteer does not know at all is still proposed there, placed at its district when the
text gives one ("Zaylik and Yellija settlements of the Kalbajar region").

The words around a name also give its role ("from positions in Tavush towards Tovuz":
Tavush is where fire came from, Tovuz where it landed) and precision ("the Tovuz
region" is a district, "2 km south of Giyamaddinli" is near the village).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ceasefire.domain.precision import GeoPrecision
from ceasefire.extraction.model import Field, PlaceRole, PlaceValue, Span
from ceasefire.gazetteer import Gazetteer, Place
from ceasefire.place_names import fold_name, normalise_name

__all__ = ["PlaceIndex", "find_places"]

# Regions the scenario names that are neither a settlement nor an administrative unit.
_REGIONS = (
    ("Nagorno-Karabakh", ("Karabakh", "Nagorny Karabakh", "Artsakh"), 39.85, 46.75),
    ("Lachin corridor", ("Lachin road",), 39.62, 46.55),
)
# Capitalised words that are also the spelling of some small place; in these texts they
# are almost always something else.
_NOT_PLACES = frozenset(
    normalise_name(w)
    for w in (
        "Army",
        "Defence",
        "Defense",
        "Ministry",
        "Red",
        "Cross",
        "Police",
        "Reuters",
        "Border",
        "State",
        "Republic",
        "President",
        "Lake",
        "The",
        "On",
        "In",
        "At",
        "From",
        "Since",
        "Armenia",
        "Azerbaijan",
        "Russia",
        "Turkey",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "Sept",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    )
)
# A name after a rank or "soldier" is a person's ("Major Anar Novruzov").
_PERSON_BEFORE = re.compile(
    r"(?:Major|Captain|Private|Colonel|Lieutenant|Sergeant|General|soldiers?|serviceman"
    r"|servicemen|officer|Minister|President)\s+(?:[A-Z][\w'\u2019-]*\s+)?$"
)
# A capital named as its government ("Baku said"), not as a place.
_SPEAKS_AFTER = re.compile(
    r"\s+(?:said|says|denied|denies|accused|rejected|claimed|put|reported|responded|insisted)\b"
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019]*(?:-[^\W\d_][\w'\u2019]*)*")
_LOWER_JOINERS = frozenset({"de", "el"})
_ADMIN_AFTER = re.compile(
    r"\s+(?:region|district|rayon|province|marz|direction|autonomous\s+republic|area)\b",
    re.IGNORECASE,
)
_SETTLEMENT_AFTER = re.compile(
    r"\s+(?:villages?|settlements?|town|city|heights?|bridge|hill)\b", re.IGNORECASE
)
_SETTLEMENT_BEFORE = re.compile(
    r"(?:villages?|settlements?|town|city|outskirts|heights?)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_PLACE_BEFORE = re.compile(
    r"(?:\bnear|\bin|\bat|\btowards?|\bdirection\s+of|\bof|\bfrom|\bover|\bbetween)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LIST_BEFORE = re.compile(r"^\s*(?:,|and)\s*$")
_ORIGIN_BEFORE = re.compile(
    r"(?:\bfrom\s+(?:the\s+|their\s+)?(?:(?:combat\s+)?positions?\s+|territory\s+)?"
    r"(?:(?:located|stationed|deployed)\s+)?(?:in|near|at|of)?\s*(?:the\s+)?"
    r"|(?:located|stationed|deployed|based)\s+(?:in|near|at)\s+(?:the\s+)?)"
    r"(?:(?:village|settlement|town|territory)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\d\s*(?:km|kilomet(?:re|er)s?|m)\b\s+(?:\w+[- ])?(?:north|south|east|west)|\bkm\s+from\b"
)
_DISTRICT_OF = re.compile(
    r"(?:of|in)\s+the\s+([A-Z][\w'\u2019-]+)\s+(?:region|district|rayon)",
)
# "Zaylik and Yellija settlements": the first name of a list that the last one qualifies.
_LIST_AHEAD = re.compile(
    r"(?:\s*,\s*[A-Z][\w'\u2019-]*(?:\s[A-Z][\w'\u2019-]*)?)*\s*(?:,|and)\s+[A-Z][\w'\u2019-]*"
    r"(?:\s[A-Z][\w'\u2019-]*)?\s+(?:villages|settlements)\b"
)
# The district or province after a place only says where that place is.
_QUALIFIER_GAP = re.compile(
    r"(?:\s+(?:villages?|settlements?))?,?\s+(?:of|in)\s+(?:the\s+)?", re.IGNORECASE
)
_UNKNOWN_BEFORE = re.compile(r"(?:\bnear|\bkm\s+\S+\s+of|\bdirection\s+of)\s+(?:the\s+)?$")
# Settlements at least this big are meant by their bare name rather than their district.
_TOWN_POPULATION = 5_000


@dataclass(frozen=True, slots=True)
class _Entry:
    canonical: str
    precision: GeoPrecision
    latitude: float
    longitude: float
    country_code: str | None
    district: str | None
    admin: bool
    population: int = 0


class PlaceIndex:
    """Every spelling of the regional places, districts and regions, by normalised name."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._exact: dict[str, list[_Entry]] = {}
        self._folded: dict[str, list[_Entry]] = {}
        for entry, names in _admin_entries():
            self._add(entry, names)
        for place in gazetteer:
            self._add(_settlement(place), place.names)
        self.longest = 4

    @staticmethod
    @cache
    def packaged() -> PlaceIndex:
        """The index of the packaged regional gazetteer, built once per process."""
        return PlaceIndex(Gazetteer.load(world=False))

    def _add(self, entry: _Entry, names: tuple[str, ...]) -> None:
        for name in names:
            if not _latin(name) or len(name) < 3:
                continue
            key = normalise_name(name)
            if key in _NOT_PLACES:
                continue
            self._exact.setdefault(key, []).append(entry)
            self._folded.setdefault(fold_name(name), []).append(entry)

    def exact(self, name: str) -> list[_Entry]:
        """Entries spelled `name` (case, accents and hyphens aside), own names first, then
        the most populous."""
        key = normalise_name(name)
        return sorted(self._exact.get(key, []), key=lambda e: _rank(e, key))

    def folded(self, name: str) -> list[_Entry]:
        """Entries whose folded spelling is that of `name`."""
        key = normalise_name(name)
        return sorted(self._folded.get(fold_name(name), []), key=lambda e: _rank(e, key))

    def resolve(self, name: str) -> str:
        """The canonical name of the place `name` most likely means, or `name` itself."""
        entries = self.exact(name) or self.folded(name)
        if not entries:
            fuzzy = self.fuzzy(name)
            return fuzzy[0].canonical if fuzzy else name
        return _choose(entries, "", self).canonical

    def fuzzy(self, name: str) -> tuple[_Entry, float] | None:
        """The regional place most like `name`, with the gazetteer's confidence."""
        matches = self._gazetteer.geocode(name, limit=1)
        if not matches or matches[0].confidence < 0.75:
            return None
        return _settlement(matches[0].place), matches[0].confidence

    def district(self, name: str) -> _Entry | None:
        """The administrative unit spelled `name`, if any."""
        return next((e for e in self.exact(name) if e.admin), None)


def _rank(entry: _Entry, key: str) -> tuple[bool, int]:
    return (normalise_name(entry.canonical) != key, -entry.population)


def _latin(name: str) -> bool:
    return all(c.isascii() or (c.isalpha() and ord(c) < 0x250) or c in "\u2019\u02bc" for c in name)


def _settlement(place: Place) -> _Entry:
    return _Entry(
        place.name, GeoPrecision.SETTLEMENT, place.lat, place.lon, place.country_code,
        place.admin1, admin=False, population=place.population or 0,
    )  # fmt: skip


def _admin_entries() -> Iterator[tuple[_Entry, tuple[str, ...]]]:
    for file_name in ("az_districts.geojson", "am_provinces.geojson"):
        text = resources.files("ceasefire").joinpath("data", file_name).read_text("utf-8")
        for feature in json.loads(text)["features"]:
            props = feature["properties"]
            name = str(props["name"])
            if props.get("unit_type") == "city":
                # A city with the rights of a district is, to a reader, a town.
                continue
            precision = (
                GeoPrecision.REGION if props["country_code"] == "AM" else GeoPrecision.DISTRICT
            )
            names = (
                name,
                str(props.get("name_local") or ""),
                *str(props.get("alt_names") or "").split("|"),
            )
            bare = re.sub(r"\s+(?:District|City)$", "", name)
            entry = _Entry(
                bare, precision, float(props["ne_latitude"]), float(props["ne_longitude"]),
                str(props["country_code"]), bare, admin=True,
            )  # fmt: skip
            yield entry, tuple(n for n in (*names, bare) if n)
    for name, aliases, lat, lon in _REGIONS:
        yield _Entry(name, GeoPrecision.REGION, lat, lon, "AZ", None, admin=True), (name, *aliases)


def _capitalised_runs(sentence: str) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words separated by single spaces or hyphens."""
    run: list[re.Match[str]] = []
    for word in _WORD.finditer(sentence):
        text = word.group()
        if text[0].isupper():
            if run and sentence[run[-1].end() : word.start()] in (" ", "-"):
                run.append(word)
                continue
            if run:
                yield run
            run = [word]
        elif run:
            yield run
            run = []
    if run:
        yield run


def find_places(sentence: str, offset: int, index: PlaceIndex) -> list[Field[PlaceValue]]:
    """Places named in one sentence (at `offset` in its text), in order.

    >>> [(f.value.canonical, f.value.role.value, f.value.precision.value) for f in
    ...  find_places("fired from positions in Tavush towards Tovuz", 0, PlaceIndex.packaged())]
    [('Tavush', 'origin', 'region'), ('Tovuz', 'location', 'settlement')]
    """
    found: list[Field[PlaceValue]] = []
    near = _NEAR.search(sentence) is not None
    previous_end = -1
    for run in _capitalised_runs(sentence):
        i = 0
        while i < len(run):
            taken = _longest(sentence, run, i, index, found, previous_end, near, offset)
            if taken is None:
                i += 1
                continue
            field, used = taken
            found.append(field)
            previous_end = field.spans[0].end - offset
            i += used
    return found


def _longest(
    sentence: str,
    run: list[re.Match[str]],
    i: int,
    index: PlaceIndex,
    found: list[Field[PlaceValue]],
    previous_end: int,
    near: bool,
    offset: int,
) -> tuple[Field[PlaceValue], int] | None:
    """The longest place name starting at word i of a run, with the words it used."""
    for n in range(min(index.longest, len(run) - i), 0, -1):
        start, end = run[i].start(), run[i + n - 1].end()
        name = sentence[start:end]
        if normalise_name(name) in _NOT_PLACES or (name.isupper() and len(name) > 3):
            continue
        before, after = sentence[:start], sentence[end:]
        if _SPEAKS_AFTER.match(after) or _PERSON_BEFORE.search(before[-40:]):
            continue
        in_context = bool(
            _SETTLEMENT_BEFORE.search(before)
            or _SETTLEMENT_AFTER.match(after)
            or _LIST_AHEAD.match(after)
            or (previous_end >= 0 and _LIST_BEFORE.match(sentence[previous_end:start]))
        )
        fuzzy_allowed = (in_context or bool(_PLACE_BEFORE.search(before))) and n == 1
        entries, confidence = _entries(name, index, fuzzy_allowed)
        corridor = re.match(r"\s+(?:corridor|road)\b", after)
        if corridor and index.exact(f"{name} corridor"):
            entries, end = index.exact(f"{name} corridor"), end + corridor.end()
            name, after = sentence[start:end], sentence[end:]
        span = Span(start + offset, end + offset, name)
        if entries:
            entry = _choose(entries, after, index)
            gap = sentence[previous_end:start] if previous_end >= 0 else ""
            if entry.admin and gap and _QUALIFIER_GAP.fullmatch(gap):
                return None
            value = _value(name, entry, before, near)
            return Field(value, (span,), confidence), n
        if (in_context or _UNKNOWN_BEFORE.search(before)) and n <= 3 and _plausible_unknown(name):
            return Field(_unknown(name, before, after, index), (span,), 0.5), n
    return None


def _entries(name: str, index: PlaceIndex, fuzzy_allowed: bool) -> tuple[list[_Entry], float]:
    """Entries for a name (exact, folded, or fuzzy where allowed), and the confidence."""
    entries = index.exact(name)
    if entries:
        return entries, 0.9
    entries = index.folded(name)
    if entries:
        return entries, 0.8
    if fuzzy_allowed and len(name) >= 4:
        fuzzy = index.fuzzy(name)
        if fuzzy is not None:
            return [fuzzy[0]], round(fuzzy[1] * 0.9, 3)
    return [], 0.0


def _plausible_unknown(name: str) -> bool:
    first = name.split()[0]
    return first.lower() not in {"the", "our", "armenian", "azerbaijani", "russian", "red", "lake"}


def _choose(entries: list[_Entry], after: str, index: PlaceIndex) -> _Entry:
    """An administrative unit when the text says so ("the Tovuz region"), else a settlement
    (in the district the text names, if it names one)."""
    admin = next((e for e in entries if e.admin), None)
    settlements = [e for e in entries if not e.admin]
    if admin is not None and (
        _ADMIN_AFTER.match(after)
        or not settlements
        or (settlements[0].population < _TOWN_POPULATION and not _SETTLEMENT_AFTER.match(after))
    ):
        return admin
    district = _DISTRICT_OF.match(
        after.lstrip(" ,").removeprefix("village ").removeprefix("settlement ")
    )
    if district is not None:
        unit = index.district(district.group(1))
        if unit is not None:
            in_unit = [e for e in settlements if e.district == unit.district]
            if in_unit:
                return in_unit[0]
    return settlements[0] if settlements else entries[0]


def _role(before: str) -> PlaceRole:
    tail = before[-70:]
    return PlaceRole.ORIGIN if _ORIGIN_BEFORE.search(tail) else PlaceRole.LOCATION


def _value(name: str, entry: _Entry, before: str, near: bool) -> PlaceValue:
    precision = entry.precision
    if not entry.admin and near:
        precision = GeoPrecision.NEAR
    return PlaceValue(
        name, entry.canonical, _role(before), precision, entry.latitude, entry.longitude,
        entry.country_code, entry.district,
    )  # fmt: skip


def _unknown(name: str, before: str, after: str, index: PlaceIndex) -> PlaceValue:
    """A name the gazetteer lacks, placed at the district the text gives, if any."""
    district = _DISTRICT_OF.search(after[:120])
    unit = index.district(district.group(1)) if district else None
    if unit is None:
        precision = GeoPrecision.NEAR if _NEAR.search(before + after) else GeoPrecision.SETTLEMENT
        return PlaceValue(name, name, _role(before), precision, None, None, None, None)
    return PlaceValue(
        name, name, _role(before), GeoPrecision.DISTRICT, unit.latitude, unit.longitude,
        unit.country_code, unit.district,
    )  # fmt: skip
