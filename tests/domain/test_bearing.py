"""Which provisions an incident bears on, on the reference scenario and on small agreements."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ceasefire.domain.agreements import Agreement, AgreementStatus, Provision, ProvisionKind
from ceasefire.domain.bearing import Bearing, is_hostile, obstructs_traffic, provisions_concerned
from ceasefire.domain.scenario import Scenario
from ceasefire.domain.timeline import EffectOutcome, ProvisionEffect, SourceRef, TimelineEvent
from ceasefire.errors import ValidationError
from ceasefire.scenarios import load_scenario

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
PROTEST = ("Protests", "Peaceful protest")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("nagorno-karabakh-2020")


def concerned(
    scenario: Scenario,
    at: str,
    zones: tuple[str, ...],
    event: tuple[str, str | None],
    party: str | None = None,
) -> list[Bearing]:
    return provisions_concerned(
        scenario.agreements,
        at=datetime.fromisoformat(at),
        zone_ids=zones,
        event_type=event[0],
        sub_event_type=event[1],
        attributed_party_id=party,
        events=scenario.events,
    )


def ids(bearings: list[Bearing]) -> list[str]:
    return [b.provision_id for b in bearings]


def test_shelling_in_2021_near_the_line_of_contact_bears_on_the_2020_ceasefire(
    scenario: Scenario,
) -> None:
    found = concerned(
        scenario, "2021-05-03T06:30:00+04:00", ("line-of-contact-1994",), SHELLING, "AZ"
    )
    assert ids(found) == ["tri2020-1"]
    (bearing,) = found
    assert bearing.agreement_id == "trilateral-2020-11-10"
    assert bearing.kind is ProvisionKind.CEASEFIRE
    assert bearing.obligated == ("AZ", "AM")
    assert bearing.party_id == "AZ"
    assert bearing.reason.startswith(
        "a violation of the ceasefire (provision 1 of trilateral-2020-11-10: Complete ceasefire;"
    )
    assert bearing.reason.endswith(
        "in zone line-of-contact-1994; attributed to AZ, obligated by it"
    )


def test_a_protest_blocking_the_lachin_corridor_bears_on_the_corridor_provisions(
    scenario: Scenario,
) -> None:
    found = concerned(
        scenario, "2022-12-14T10:00:00+04:00", ("handover-lachin", "lachin-corridor"), PROTEST
    )
    assert ids(found) == ["tri2020-6-corridor", "tri2020-6-safe-traffic"]
    safe_traffic = found[1]
    assert safe_traffic.kind is ProvisionKind.GUARANTEE_PASSAGE
    assert safe_traffic.reason.startswith(
        "an obstruction of traffic in zone lachin-corridor, which AZ guarantees"
    )
    assert safe_traffic.party_id is None


def test_shelling_in_2019_bears_on_the_bishkek_ceasefire_not_the_2020_one(
    scenario: Scenario,
) -> None:
    found = concerned(scenario, "2019-06-01T12:00:00+04:00", ("line-of-contact-1994",), SHELLING)
    assert ids(found) == ["bishkek-ceasefire"]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2020-11-09T12:00:00+04:00", ["bishkek-ceasefire"]),  # the last day of Bishkek
        ("2020-11-10T01:00:00+04:00", ["tri2020-1"]),  # 00:00 Moscow time has passed
        ("1994-05-11T12:00:00+04:00", []),  # before Bishkek took effect
    ],
)
def test_the_ceasefire_in_force_changes_on_10_november_2020(
    scenario: Scenario, at: str, expected: list[str]
) -> None:
    assert ids(concerned(scenario, at, (), SHELLING)) == expected


def test_a_protest_outside_a_corridor_bears_on_nothing(scenario: Scenario) -> None:
    found = concerned(scenario, "2022-12-14T10:00:00+04:00", ("district-aghdam",), PROTEST)
    assert found == []


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (("Battles", "Armed clash"), ["tri2020-1", "tri2020-6-corridor", "tri2020-6-safe-traffic"]),
        (("Strategic developments", "Other"), ["tri2020-6-corridor", "tri2020-6-safe-traffic"]),
        (
            ("Strategic developments", "Headquarters or base established"),
            ["tri2020-6-corridor", "tri2020-6-safe-traffic"],
        ),
        (("Strategic developments", "Agreement"), []),
        (("Strategic developments", None), []),
        (("Riots", "Violent demonstration"), ["tri2020-6-corridor", "tri2020-6-safe-traffic"]),
    ],
)
def test_events_in_the_lachin_corridor(
    scenario: Scenario, event: tuple[str, str | None], expected: list[str]
) -> None:
    found = concerned(scenario, "2023-03-05T09:00:00+04:00", ("lachin-corridor",), event)
    assert ids(found) == expected


def test_a_party_not_obligated_is_named_as_such(scenario: Scenario) -> None:
    found = concerned(
        scenario, "2023-03-05T09:00:00+04:00", ("lachin-corridor",), ("Battles", None), "RU"
    )
    by_id = {b.provision_id: b for b in found}
    assert by_id["tri2020-1"].party_id is None
    assert by_id["tri2020-1"].reason.endswith("attributed to RU, which it does not oblige")
    assert by_id["tri2020-6-corridor"].party_id == "RU"


def test_the_result_does_not_depend_on_the_order_of_agreements_or_zones(
    scenario: Scenario,
) -> None:
    forward = concerned(
        scenario, "2023-03-05T09:00:00+04:00", ("lachin-corridor", "nk-pre-2020"), SHELLING
    )
    backward = provisions_concerned(
        list(reversed(scenario.agreements)),
        at=datetime.fromisoformat("2023-03-05T09:00:00+04:00"),
        zone_ids=("nk-pre-2020", "lachin-corridor"),
        event_type=SHELLING[0],
        sub_event_type=SHELLING[1],
        attributed_party_id=None,
        events=tuple(reversed(scenario.events)),
    )
    assert forward == backward


# -- small hand-made agreements -------------------------------------------------------

IN_FORCE = datetime(2020, 11, 9, 21, 0, tzinfo=UTC)


def agreement(
    *provisions: Provision, status: AgreementStatus = AgreementStatus.SIGNED
) -> Agreement:
    return Agreement(
        id="a",
        title="Test agreement",
        status=status,
        signed_on=date(2020, 11, 9),
        in_force_at=IN_FORCE,
        utc_offset_hours=4,
        parties=(),
        provisions=provisions,
    )


def ceasefire(zone_ids: tuple[str, ...] = (), **kw: object) -> Provision:
    return Provision(
        id="cf",
        agreement_id="a",
        number="",
        kind=ProvisionKind.CEASEFIRE,
        title="Ceasefire in the buffer zone",
        text="",
        obligated=("AM", "AZ"),
        zone_ids=zone_ids,
        **kw,  # type: ignore[arg-type]
    )


def hand_made(agreements: list[Agreement], zones: tuple[str, ...], **kw: object) -> list[str]:
    found = provisions_concerned(
        agreements,
        at=kw.pop("at", datetime(2021, 1, 1, tzinfo=UTC)),  # type: ignore[arg-type]
        zone_ids=zones,
        event_type=SHELLING[0],
        sub_event_type=SHELLING[1],
        attributed_party_id=None,
        **kw,  # type: ignore[arg-type]
    )
    return ids(found)


def test_a_zoned_ceasefire_covers_only_its_zones() -> None:
    zoned = [agreement(ceasefire(("buffer",)))]
    assert hand_made(zoned, ("buffer", "elsewhere")) == ["cf"]
    assert hand_made(zoned, ("elsewhere",)) == []
    assert hand_made(zoned, ()) == []


def test_a_proposal_binds_nobody() -> None:
    assert hand_made([agreement(ceasefire(), status=AgreementStatus.PROPOSAL)], ()) == []


def test_a_provision_ends_on_its_date_or_by_a_timeline_event() -> None:
    assert hand_made([agreement(ceasefire(ends_on=date(2020, 12, 31)))], ()) == []
    ended = TimelineEvent(
        id="ended",
        title="ceasefire ended",
        start=date(2020, 12, 1),
        sources=(SourceRef("test"),),
        effects=(ProvisionEffect("cf", EffectOutcome.ENDED),),
    )
    assert hand_made([agreement(ceasefire())], ()) == ["cf"]
    assert hand_made([agreement(ceasefire())], (), events=[ended]) == []


def test_a_provision_starting_later_is_not_yet_in_force() -> None:
    later = ceasefire(starts_at=datetime(2021, 6, 1, tzinfo=UTC))
    assert hand_made([agreement(later)], ()) == []


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        hand_made([agreement(ceasefire())], (), at=datetime(2021, 1, 1))
    assert caught.value.field == "at"
    with pytest.raises(ValidationError) as caught:
        provisions_concerned(
            [],
            at=IN_FORCE,
            zone_ids=(),
            event_type="Shelling",
            sub_event_type=None,
            attributed_party_id=None,
        )
    assert caught.value.field == "event_type"


@pytest.mark.parametrize(
    ("event", "hostile", "obstructing"),
    [
        (("Battles", "Armed clash"), True, True),
        (("Violence against civilians", "Abduction/forced disappearance"), True, True),
        (("Strategic developments", "Disrupted weapons use"), True, True),
        (("Strategic developments", "Arrests"), False, True),
        (("Protests", "Protest with intervention"), False, True),
        (("Strategic developments", "Looting/property destruction"), False, False),
        (("Strategic developments", "Non-violent transfer of territory"), False, False),
    ],
)
def test_event_classes(event: tuple[str, str], hostile: bool, obstructing: bool) -> None:
    assert is_hostile(*event) is hostile
    assert obstructs_traffic(*event) is obstructing
