"""Tests for ceasefire.gazetteer on the packaged regional places and the GeoNames world cities."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.errors import ValidationError
from ceasefire.gazetteer import MIN_CONFIDENCE, Gazetteer, Match, Place, fold_name, normalise_name
from ceasefire.geo import distance_m

STEPANAKERT = (39.81770, 46.75280)
LACIN = "La\N{LATIN SMALL LETTER C WITH CEDILLA}\N{LATIN SMALL LETTER DOTLESS I}n"
NONSENSE = ["Xqzvplkjw", "qwertyuiop", "Zzyzx Qwvb Plqk", "!!!", "   ", ""]
# The world gazetteer is built once per process; hypothesis draws from it.
WORLD = Gazetteer.load()
PLACES = list(WORLD)


@pytest.fixture(scope="module")
def regional() -> Gazetteer:
    return Gazetteer.load(world=False)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return WORLD


def top(gazetteer: Gazetteer, name: str, country: str | None = None) -> Match:
    matches = gazetteer.geocode(name, country=country)
    assert matches, f"no candidate for {name!r}"
    return matches[0]


def _reference_normalise(name: str) -> str:
    """normalise_name as first written, before its fast path for ASCII names."""
    apostrophes = dict.fromkeys(
        map(
            ord,
            "'`\N{RIGHT SINGLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}"
            "\N{MODIFIER LETTER APOSTROPHE}\N{MODIFIER LETTER TURNED COMMA}"
            "\N{MODIFIER LETTER PRIME}\N{ACUTE ACCENT}\N{ARMENIAN APOSTROPHE}",
        ),
        None,
    )
    plain = str.maketrans(
        {"\N{LATIN SMALL LETTER DOTLESS I}": "i", "\N{LATIN SMALL LETTER SCHWA}": "e"}
    )
    separators = re.compile(
        "[\\s_\\-\N{HYPHEN}\N{NON-BREAKING HYPHEN}\N{FIGURE DASH}\N{EN DASH}\N{EM DASH}]+"
    )
    decomposed = unicodedata.normalize("NFKD", name.translate(apostrophes))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = bare.casefold().translate(plain).translate(apostrophes)
    return separators.sub(" ", folded).strip()


# Loading


def test_regional_gazetteer_loads_every_row(regional: Gazetteer) -> None:
    assert len(regional) == 884
    assert all(p.regional for p in regional)
    assert all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 for p in regional)


def test_world_gazetteer_adds_geonames_cities(gazetteer: Gazetteer, regional: Gazetteer) -> None:
    world = [p for p in gazetteer if not p.regional]
    assert len(world) > 30_000
    assert [p for p in gazetteer if p.regional] == list(regional)
    assert {p.country_code for p in world} >= {"GE", "UA", "RU", "IR", "TR"}
    assert all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 for p in world)


def test_world_cities_that_are_regional_places_are_left_out(
    gazetteer: Gazetteer, regional: Gazetteer
) -> None:
    world_here = [p for p in gazetteer if not p.regional and p.country_code in {"AM", "AZ"}]
    for place in world_here:
        keys = {normalise_name(n) for n in place.names}
        assert not any(
            keys & {normalise_name(n) for n in r.names}
            and distance_m(place.lat, place.lon, r.lat, r.lon) <= 2_000
            for r in regional
        ), place.name
    assert len(gazetteer.lookup("Stepanakert")) == 1


def test_world_names_skip_machine_romanisations_and_airport_codes(gazetteer: Gazetteer) -> None:
    (tbilisi,) = [p for p in gazetteer.lookup("Tbilisi") if p.country_code == "GE"]
    assert {"Tiflis", "Тбилиси", "Թբիլիսի", "თბილისი"} <= set(tbilisi.alt_names)
    assert "TBS" not in tbilisi.alt_names
    assert "tobirishi" not in tbilisi.alt_names


# Exact lookup, as before geocoding existed


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Berdzor", LACIN),
        ("Lachin", LACIN),
        ("lacin", LACIN),
        ("Karvachar", "Kalbajar"),
        ("Kelbajar", "Kalbajar"),
        ("KALBAJAR", "Kalbajar"),
        ("shushi", "Shusha"),
        ("Şuşa", "Shusha"),
        ("Xankəndi", "Khankendi"),
        ("Khankendi", "Khankendi"),
        ("Stepanakert", "Khankendi"),
        ("Step\N{MODIFIER LETTER TURNED COMMA}anakert", "Khankendi"),
        ("Step'anakert", "Khankendi"),
        ("Minjivan", "Mincivan"),
        ("Aghdara", "Martakert"),
    ],
)
@pytest.mark.parametrize("world", [False, True])
def test_lookup_by_alias(query: str, name: str, world: bool) -> None:
    assert Gazetteer.load(world=world).lookup(query)[0].name == name


def test_stepanakert_row_is_in_azerbaijan_with_both_names(regional: Gazetteer) -> None:
    (row,) = regional.lookup("Stepanakert")
    assert row.country_code == "AZ"
    assert {"Stepanakert", "Xankəndi"} <= set(row.names)
    assert (row.lat, row.lon) == STEPANAKERT


@pytest.mark.parametrize("world", [False, True])
def test_lookup_orders_by_population_with_unknown_last(world: bool) -> None:
    hits = Gazetteer.load(world=world).lookup("Agarak")
    assert len(hits) >= 4
    known = [p.population for p in hits if p.population is not None]
    assert known == sorted(known, reverse=True)
    assert [p.population is None for p in hits] == sorted(p.population is None for p in hits)


def test_lookup_unknown_name_is_empty_and_blank_name_is_invalid(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Xqzvplkjw") == []
    with pytest.raises(ValidationError) as caught:
        gazetteer.lookup("  ")
    assert caught.value.field == "name"


def test_lookup_finds_world_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Tbilisi")[0].country_code == "GE"
    assert gazetteer.lookup("Kelbecer")[0].name == "Kalbajar"  # Kəlbəcər without its accents


def test_places_are_frozen(gazetteer: Gazetteer) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        gazetteer.lookup("Goris")[0].lat = 0.0  # type: ignore[misc]


def test_from_csv_builds_a_small_gazetteer() -> None:
    header = "name,alt_names,lat,lon,country_code,admin1,feature_class,population\n"
    small = Gazetteer.from_csv(header + "Goris,Geryusy|Gorus,39.51111,46.34168,AM,Syunik,P,\n")
    (match,) = small.geocode("Goriss")
    assert (match.place.name, match.place.population, match.method) == ("Goris", None, "fuzzy")


# Geocoding


@pytest.mark.parametrize(
    ("query", "country", "name", "country_code"),
    [
        ("Kelbecer", None, "Kalbajar", "AZ"),
        ("Kəlbəcər", None, "Kalbajar", "AZ"),
        ("Kelbadjar", None, "Kalbajar", "AZ"),
        ("Kalbajar", None, "Kalbajar", "AZ"),
        ("Karvachar", None, "Kalbajar", "AZ"),
        ("Stepanakert", None, "Khankendi", "AZ"),
        ("Khankendi", None, "Khankendi", "AZ"),
        ("Xankəndi", None, "Khankendi", "AZ"),
        ("Stepanakret", None, "Khankendi", "AZ"),
        ("Shushi", None, "Shusha", "AZ"),
        ("Berdzor", None, LACIN, "AZ"),
        ("Khojavend", None, "Khojavend", "AZ"),
        ("Martuni", "AZ", "Khojavend", "AZ"),
        ("Martuni", "AM", "Martuni", "AM"),
        ("Tbilisi", None, "Tbilisi", "GE"),
        ("Tbilsi", None, "Tbilisi", "GE"),
        ("Kyiv", None, "Kyiv", "UA"),
        ("Kiev", None, "Kyiv", "UA"),
    ],
)
def test_geocode_top_candidate(
    query: str, country: str | None, name: str, country_code: str, gazetteer: Gazetteer
) -> None:
    best = top(gazetteer, query, country)
    assert (best.place.name, best.place.country_code) == (name, country_code)


@pytest.mark.parametrize(
    ("query", "matched_name", "method", "confidence"),
    [
        ("Kalbajar", "Kalbajar", "exact", 1.0),
        ("kalbajar", "Kalbajar", "exact", 1.0),
        ("Karvachar", "Karvachar", "alternate", 0.95),
        ("Kelbecer", "Kəlbəcər", "alternate", 0.95),
        ("Kelbadjar", "Kalbajar", "fuzzy", 0.9),
        ("Xankendi", "Xankendi", "alternate", 0.95),
        ("Stepanakret", "Stepanakert", "fuzzy", 0.7438),
    ],
)
def test_geocode_method_and_confidence(
    query: str, matched_name: str, method: str, confidence: float, gazetteer: Gazetteer
) -> None:
    best = top(gazetteer, query)
    assert (best.matched_name, best.method, best.confidence) == (matched_name, method, confidence)


def test_martuni_is_a_town_in_armenia_and_the_armenian_name_of_khojavend(
    gazetteer: Gazetteer,
) -> None:
    matches = gazetteer.geocode("Martuni")
    assert matches[0].place.country_code == "AM"
    assert matches[0].method == "exact"
    khojavend = next(m for m in matches if m.place.name == "Khojavend")
    assert (khojavend.method, khojavend.confidence) == ("alternate", 0.95)


@pytest.mark.parametrize("query", NONSENSE)
def test_nonsense_has_no_candidate(query: str, gazetteer: Gazetteer) -> None:
    assert gazetteer.geocode(query) == []


def test_confidence_falls_from_exact_to_alternate_to_fuzzy(gazetteer: Gazetteer) -> None:
    matches = gazetteer.geocode("Shusha", limit=10)
    assert [m.confidence for m in matches] == sorted((m.confidence for m in matches), reverse=True)
    by_method = {m.method: m.confidence for m in reversed(matches)}
    assert by_method["exact"] == 1.0
    assert all(m.confidence <= 0.9 for m in matches if m.method == "fuzzy")
    assert all(m.confidence >= MIN_CONFIDENCE for m in matches)
    assert len({id(m.place) for m in matches}) == len(matches)


@pytest.mark.parametrize(("query", "world_country"), [("Armavir", "RU"), ("Astara", "IR")])
def test_regional_places_rank_above_bigger_world_places_of_equal_score(
    query: str, world_country: str, gazetteer: Gazetteer
) -> None:
    exact = [m.place for m in gazetteer.geocode(query) if m.confidence == 1.0]
    regional = [p for p in exact if p.regional]
    assert regional and {p.country_code for p in regional} <= {"AM", "AZ"}
    (world,) = exact[len(regional) :]
    assert (world.regional, world.country_code) == (False, world_country)
    assert (world.population or 0) > max(p.population or 0 for p in regional)


def test_equal_scores_rank_the_more_populous_first(gazetteer: Gazetteer) -> None:
    matches = gazetteer.geocode("Agarak", limit=10)
    exact = [m.place.population or 0 for m in matches if m.confidence == 1.0]
    assert len(exact) >= 4
    assert exact == sorted(exact, reverse=True)


def test_country_filter(gazetteer: Gazetteer) -> None:
    assert {m.place.country_code for m in gazetteer.geocode("Martuni", country="AM")} == {"AM"}
    assert gazetteer.geocode("Tbilisi", country="ge")[0].place.country_code == "GE"
    assert gazetteer.geocode("Tbilisi", country="AZ") == []
    assert gazetteer.geocode("Kelbecer", country="ZZ") == []
    fuzzy = gazetteer.geocode("Kelbadjar", country="AZ")
    assert [(m.place.name, m.method) for m in fuzzy][:1] == [("Kalbajar", "fuzzy")]


@pytest.mark.parametrize("country", ["Azerbaijan", "A", "A1", "", "AZE"])
def test_country_must_be_an_alpha_2_code(country: str, gazetteer: Gazetteer) -> None:
    with pytest.raises(ValidationError) as caught:
        gazetteer.geocode("Shusha", country=country)
    assert caught.value.field == "country"


def test_limit(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.geocode("Agarak", limit=2)) == 2
    with pytest.raises(ValidationError):
        gazetteer.geocode("Agarak", limit=0)


def test_results_are_cached_but_callers_get_their_own_list(gazetteer: Gazetteer) -> None:
    first = gazetteer.geocode("Kelbecer")
    first.clear()
    assert gazetteer.geocode("Kelbecer") == gazetteer.geocode("Kelbecer") != []


# Name folding


@pytest.mark.parametrize(
    "spelling",
    [
        "Kel'badzhar",
        "Kel\N{RIGHT SINGLE QUOTATION MARK}badzhar",
        "Kel\N{MODIFIER LETTER APOSTROPHE}badzhar",
        "Kel\N{MODIFIER LETTER TURNED COMMA}badzhar",
        "Kel`badzhar",
        "KELBADZHAR",
        " kelbadzhar ",
    ],
)
def test_apostrophe_variants_are_equal(spelling: str) -> None:
    assert normalise_name(spelling) == "kelbadzhar"


@pytest.mark.parametrize(
    "spelling",
    ["Ashagy-Aylis", "Ashagy Aylis", "ashagy  aylis", "Ashagy\N{EN DASH}Aylis", "Ashagy_Aylis"],
)
def test_hyphen_and_space_variants_are_equal(spelling: str) -> None:
    assert normalise_name(spelling) == "ashagy aylis"


@pytest.mark.parametrize(
    "variants",
    [
        ["Kalbajar", "Kəlbəcər", "Kelbecer", "Kelbajar", "Kel'badzhar", "Kelbadjar", "Kälbäjär"],
        ["Khankendi", "Xankəndi", "Xankendi", "Khankandi"],
        ["Shusha", "Şuşa", "SHUSHA"],
        ["Aghdam", "Ağdam"],
        ["Gazakh", "Qazax"],
        ["Chalaghan", "Çalağan"],
        ["Ashagy Aylis", "Aylis-Ashagy"],
    ],
)
def test_transliterations_fold_together(variants: list[str]) -> None:
    assert len({fold_name(v) for v in variants}) == 1


@given(st.text(max_size=30))
def test_normalise_name_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


@given(st.text(max_size=30))
def test_normalise_name_agrees_with_its_first_version(text: str) -> None:
    assert normalise_name(text) == _reference_normalise(text)


@settings(deadline=None)  # the first example builds the gazetteer
@given(st.sampled_from(PLACES))
def test_every_place_geocodes_to_itself_by_its_own_name(place: Place) -> None:
    # Room for every place sharing the name, so none can push this one out.
    room = len(WORLD.lookup(place.name))
    matches = WORLD.geocode(place.name, country=place.country_code, limit=room)
    mine = [m for m in matches if m.place is place]
    assert [(m.confidence, m.method) for m in mine] == [(1.0, "exact")]


@settings(max_examples=200)
@given(st.text(max_size=40), st.sampled_from([None, "AZ", "GE"]), st.integers(1, 8))
def test_geocode_never_raises_and_ranks_within_bounds(
    text: str, country: str | None, limit: int
) -> None:
    matches = WORLD.geocode(text, country=country, limit=limit)
    confidences = [m.confidence for m in matches]
    assert len(matches) <= limit
    assert all(MIN_CONFIDENCE <= c <= 1.0 for c in confidences)
    assert confidences == sorted(confidences, reverse=True)
    assert all(country in (None, m.place.country_code) for m in matches)


# The command


def cli_app() -> typer.Typer:
    """The real `ceasefire` app, where the command is registered."""
    return app


def test_cli_shows_the_candidates() -> None:
    result = CliRunner().invoke(cli_app(), ["geocode", "Kelbecer"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    first_row = next(line for line in result.stdout.splitlines() if "Kalbajar" in line)
    for cell in ("AZ", "40.1098", "46.0445", "8,400", "Kəlbəcər", "alternate", "0.95"):
        assert cell in first_row
    assert "matched name" in result.stdout


def test_cli_country_and_limit() -> None:
    args = ["geocode", "Martuni", "--country", "AZ", "--limit", "1"]
    result = CliRunner().invoke(cli_app(), args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Khojavend" in result.stdout
    assert "Gegharkunik" not in result.stdout


def test_cli_no_candidate_exits_3() -> None:
    result = CliRunner().invoke(cli_app(), ["geocode", "Xqzvplkjw"])
    assert result.exit_code == 3
    assert "No place matches 'Xqzvplkjw'" in result.stdout
    assert "place 'Xqzvplkjw' not found" in result.stderr


def test_cli_bad_country_exits_2() -> None:
    result = CliRunner().invoke(cli_app(), ["geocode", "Shusha", "--country", "Azerbaijan"])
    assert result.exit_code == 2
    assert "country" in result.stderr
