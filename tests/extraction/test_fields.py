"""Places, actors, weapons, casualties, event kinds and stance, field by field."""

from __future__ import annotations

import pytest

from ceasefire.extraction.actors import find_actors
from ceasefire.extraction.casualties import find_casualties
from ceasefire.extraction.event_kinds import classify, find_triggers
from ceasefire.extraction.places import PlaceIndex, find_places
from ceasefire.extraction.weapons import find_weapons

INDEX = PlaceIndex.packaged()


def _places(sentence: str) -> list[tuple[str, str, str]]:
    found = find_places(sentence, 0, INDEX)
    for f in found:
        assert sentence[f.spans[0].start : f.spans[0].end] == f.spans[0].text
    return [(f.value.canonical, f.value.role.value, f.value.precision.value) for f in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("fire came from positions in Tavush towards Tovuz",
         [("Tavush", "origin", "region"), ("Tovuz", "location", "settlement")]),
        ("in the directions of Zaylik and Yellija settlements of the Kalbajar region",
         [("Zaylik", "location", "district"), ("Yellija", "location", "district")]),
        ("positions in the Tovuz region", [("Tovuz", "location", "district")]),
        ("the Kalbajar direction", [("Kalbajar", "location", "district")]),
        ("shelled Stepanakert and Shushi", [("Khankendi", "location", "settlement"),
                                            ("Shusha", "location", "settlement")]),
        ("troops entered the Kelbadjar district", [("Kalbajar", "location", "district")]),
        ("units stationed in the Basarkechar region fired at our positions",
         [("Vardenis", "origin", "settlement")]),
        ("positioned 1 km south of Horadiz, the patrol heard", [("Horadiz", "location", "near")]),
        ("near Yeraskh, in Ararat province", [("Yeraskh", "location", "settlement")]),
        ("protesters blocked the Lachin corridor", [("Lachin corridor", "location", "region")]),
        ("fighting in Nagorno-Karabakh", [("Nagorno-Karabakh", "location", "region")]),
        ("Baku said on Monday that", []),
        ("On Tuesday in July the Ministry of Defence said", []),
    ],
)  # fmt: skip
def test_places(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _places(sentence) == expected


def test_a_known_place_has_coordinates_and_an_unknown_one_its_district() -> None:
    found = find_places("near the Zaylik settlement of the Kalbajar region", 0, INDEX)
    assert found[0].value.district == "Kalbajar" and found[0].value.latitude is not None
    lone = find_places("near the village of Qwertyuk", 0, INDEX)
    assert lone[0].value.latitude is None and lone[0].confidence < 0.6


@pytest.mark.parametrize(
    ("sentence", "speaker", "expected"),
    [
        ("Azerbaijani units fired at Armenian positions", None,
         [("AZ", "military", "initiator"), ("AM", "military", "target")]),
        ("units of the Armed Forces of Armenia subjected to fire the positions of the"
         " Azerbaijan Army",
         None, [("AM", "military", "initiator"), ("AZ", "military", "target")]),
        ("the enemy fired at our positions", "AZ",
         [("AM", "military", "initiator"), ("AZ", "military", "target")]),
        ("the enemy fired at our positions", None, []),
        ("two soldiers of the Defence Army were killed", None, [("NK", "military", "target")]),
        ("a Russian patrol came under fire", None, [("RU", "peacekeepers", "target")]),
        ("Russian peacekeepers escorted the convoy", None, [("RU", "peacekeepers", "other")]),
        ("a resident was wounded by Azerbaijani soldiers", None,
         [(None, "civilians", "target"), ("AZ", "military", "initiator")]),
        ("protesters blocked the road", None, [(None, "civilians", "initiator")]),
        ("a Turkish F-16 had shot down the jet", None, [("TR", "military", "initiator")]),
        ("three Karabakh police officers were killed", None, [("NK", "police", "target")]),
    ],
)  # fmt: skip
def test_actors(
    sentence: str, speaker: str | None, expected: list[tuple[str | None, str, str]]
) -> None:
    found = find_actors(sentence, 0, speaker)
    assert [(a.value.party_id, a.value.kind.value, a.value.side.value) for a in found] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("using large-calibre machine guns", ["heavy_machine_gun"]),
        ("from small arms and a grenade launcher", ["small_arms", "grenade_launcher"]),
        ("with 82mm mortars and D-30 howitzers", ["mortar", "artillery", "artillery"]),
        ("BM-30 Smerch multiple rocket launchers", ["mlrs", "mlrs", "mlrs"]),
        ("Bayraktar drones and a UAV", ["drone", "drone", "drone"]),
        ("an anti-tank mine exploded", ["mine"]),
        ("sniper fire", ["sniper"]),
        ("tanks and anti-tank missiles", ["tank", "anti_tank"]),
        ("a Su-25 aircraft", ["aircraft", "aircraft"]),
        ("the enemy fired", []),
    ],
)
def test_weapons(sentence: str, expected: list[str]) -> None:
    assert [w.value.value for w in find_weapons(sentence, 0)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("two soldiers were killed", [("killed_military", 2, 2, 2)]),
        ("Two servicemen were killed and five were wounded",
         [("killed_military", 2, 2, 2), ("wounded_military", 5, 5, 5)]),
        ("killing 13 civilians and wounding more than 50",
         [("killed_civilian", 13, 13, 13), ("wounded_civilian", 51, None, None)]),
        ("A woman and a child were killed", [("killed_civilian", 2, 2, 2)]),
        ("a dozen people were wounded", [("wounded_unknown", 12, 12, 12)]),
        ("several hundred deaths", [("killed_unknown", 300, None, 999)]),
        ("dozens were wounded", [("wounded_unknown", 24, None, 99)]),
        ("about 70 people were wounded", [("wounded_unknown", None, 70, None)]),
        ("at least 25 people had been killed", [("killed_unknown", 25, None, None)]),
        ("The number of killed servicemen has reached 105", [("killed_military", 105, 105, 105)]),
        ("Private Anar Kazimov was killed", [("killed_military", 1, 1, 1)]),
        ("There are no casualties on the Armenian side",
         [("killed_military", 0, 0, 0), ("wounded_military", 0, 0, 0)]),
        ("No casualties.", [("killed_unknown", 0, 0, 0), ("wounded_unknown", 0, 0, 0)]),
        ("no losses among the civilian population",
         [("killed_civilian", 0, 0, 0), ("wounded_civilian", 0, 0, 0)]),
        ("The enemy suffered losses among the personnel", [("killed_military", None, None, None)]),
        ("the two sides exchanged fire", []),
    ],
)  # fmt: skip
def test_casualties(
    sentence: str, expected: list[tuple[str, int | None, int | None, int | None]]
) -> None:
    found = find_casualties(sentence, 0)
    assert [(c.value.category, c.value.low, c.value.best, c.value.high) for c in found] == expected
    for c in found:
        assert sentence[c.spans[0].start : c.spans[0].end] == c.spans[0].text


@pytest.mark.parametrize(
    ("sentence", "kind", "event_type", "sub_event_type"),
    [
        ("units opened fire from small arms", "small_arms_fire", "Battles", "Armed clash"),
        ("units shelled the village with mortars", "shelling", "Explosions/Remote violence",
         "Shelling/artillery/missile attack"),
        ("a drone strike hit the post", "drone_strike", "Explosions/Remote violence",
         "Air/drone strike"),
        ("the car hit an anti-tank mine", "mine_explosion", "Explosions/Remote violence",
         "Remote explosive/landmine/IED"),
        ("forces launched an offensive", "ground_assault", "Battles", "Armed clash"),
        ("troops took control of Shusha", "territory_change", "Battles",
         "Government regains territory"),
        ("the district was handed over", "handover", "Strategic developments",
         "Non-violent transfer of territory"),
        ("air defence shot down a drone", "aircraft_downed", "Strategic developments",
         "Disrupted weapons use"),
        ("activists blocked the road", "obstruction", "Strategic developments", "Other"),
        ("six servicemen were detained", "detention", "Strategic developments", "Arrests"),
        ("thousands marched in a protest", "protest", "Protests", "Peaceful protest"),
    ],
)  # fmt: skip
def test_event_kinds(sentence: str, kind: str, event_type: str, sub_event_type: str) -> None:
    found = classify(
        find_triggers(sentence, 0), find_weapons(sentence, 0), find_actors(sentence, 0)
    )
    assert (found.value.kind.value, found.value.event_type, found.value.sub_event_type) == (
        kind, event_type, sub_event_type,
    )  # fmt: skip


def test_small_arms_fire_at_civilians_is_violence_against_civilians() -> None:
    sentence = "Azerbaijani soldiers fired at farmers"
    found = classify(
        find_triggers(sentence, 0), find_weapons(sentence, 0), find_actors(sentence, 0)
    )
    assert (found.value.event_type, found.value.sub_event_type) == (
        "Violence against civilians",
        "Attack",
    )
