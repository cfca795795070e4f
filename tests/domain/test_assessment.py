"""Verification rules: independence, corroboration, disputes, attribution, overrides."""

from __future__ import annotations

import dataclasses
import json
import random
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ceasefire.domain.assessment import (
    KEEP,
    Assessment,
    Evidence,
    Override,
    assess,
)
from ceasefire.domain.incidents import VerificationStatus as Status
from ceasefire.domain.reports import Casualties, CasualtyRange, HowObserved
from ceasefire.domain.sources import Affiliation, Reliability, SourceKind
from ceasefire.domain.stance import Stance
from ceasefire.errors import ValidationError

MOD_AM = "Ministry of Defence of Armenia"
MOD_AZ = "Ministry of Defence of Azerbaijan"

# origin -> (name, kind, affiliation, party)
ORIGINS: dict[str, tuple[str, SourceKind, Affiliation, str | None]] = {
    "mod-am": (MOD_AM, SourceKind.PARTY_STATEMENT, Affiliation.PARTY, "AM"),
    "mod-az": (MOD_AZ, SourceKind.PARTY_STATEMENT, Affiliation.PARTY, "AZ"),
    "armenpress": ("Armenpress", SourceKind.MEDIA, Affiliation.PARTY, "AM"),
    "jmc-uav": ("JMC UAV", SourceKind.UAV, Affiliation.MONITOR, "RU"),
    "jmc-patrol": ("JMC patrol", SourceKind.PATROL, Affiliation.MONITOR, "TR"),
    "interfax": ("Interfax", SourceKind.MEDIA, Affiliation.NEUTRAL, None),
}


def ev(
    report_id: str,
    origin: str,
    grade: str = "C3",
    how: HowObserved = HowObserved.CLAIMED,
    stance: Stance = Stance.CLAIM,
    blamed: str | None = None,
    **extra: Any,
) -> Evidence:
    name, kind, affiliation, party = ORIGINS[origin]
    return Evidence(
        report_id=report_id,
        origin=origin,
        origin_name=name,
        kind=kind,
        affiliation=affiliation,
        party_id=party,
        reliability=Reliability(grade[0]),
        credibility=int(grade[1]),
        how_observed=how,
        stance=stance,
        blamed_party_id=blamed,
        **extra,
    )


AM_CLAIM = ev("r-am", "mod-am", blamed="AZ")
AZ_DENIAL = ev("r-az", "mod-az", stance=Stance.DENIAL, blamed="AZ")
AZ_CLAIM = ev("r-az", "mod-az", blamed="AM")
AZ_ADMITS = ev("r-az", "mod-az", blamed="AZ")
UAV_SEES = ev("r-uav", "jmc-uav", "B2", HowObserved.UAV, blamed="AZ")
UAV_SEES_NOTHING = ev("r-uav", "jmc-uav", "B2", HowObserved.UAV, Stance.DENIAL)
# Armenpress repeating the ministry: the caller gives it the ministry's origin.
AM_REPEATED = ev("r-apress", "mod-am", blamed="AZ", source_name="Armenpress")


def lines(evidence: list[Evidence], override: Override | None = None) -> list[str]:
    return assess(evidence, override).explanation()


# -- the cases the issue asks for ------------------------------------------------------


def test_same_source_repetition_does_not_raise_confidence() -> None:
    alone = assess([AM_CLAIM])
    repeated = assess([AM_CLAIM, AM_REPEATED])
    assert repeated.confidence == alone.confidence == 0.2588
    assert repeated.status is alone.status is Status.UNVERIFIED
    assert repeated.contributions[1].delta == 0.0
    assert repeated.contributions[1].report_ids == ("r-apress",)
    assert "+0.00 Armenpress: repeats Ministry of Defence of Armenia (counted once)" in (
        repeated.explanation()
    )


def test_the_same_ministry_saying_it_twice_counts_once() -> None:
    again = ev("r-am-2", "mod-am", blamed="AZ")
    assessment = assess([AM_CLAIM, again])
    assert assessment.confidence == 0.2588
    assert assessment.contributions[1].reason.startswith("says it again")


def test_claim_and_denial_end_disputed() -> None:
    assessment = assess([AM_CLAIM, AZ_DENIAL])
    assert assessment.status is Status.DISPUTED
    assert assessment.confidence == 0.2208  # below the claim alone, 0.2588
    assert [c.delta for c in assessment.contributions] == [0.1588, -0.038]
    assert assessment.attribution.party_id is None


def test_neutral_uav_observation_turns_a_claim_into_verified() -> None:
    assert assess([AM_CLAIM]).status is Status.UNVERIFIED
    assessment = assess([AM_CLAIM, UAV_SEES])
    assert assessment.status is Status.VERIFIED
    assert assessment.confidence == 0.7943
    assert assessment.explanation()[:3] == [
        "prior 0.10: before any report is weighed",
        "+0.16 Ministry of Defence of Armenia (C3, claimed, party AM): claims the event"
        " (a party's own account, x0.6)",
        "+0.54 JMC UAV (B2, UAV imagery, neutral monitor): sees the event the party claimed",
    ]
    assert assessment.attribution.party_id == "AZ"
    assert assessment.attribution.confidence == 0.7643  # (0.7225 + 0.0882) / 1.0607


def test_a_neutral_direct_observation_settles_a_claim_and_denial() -> None:
    assessment = assess([AM_CLAIM, AZ_DENIAL, UAV_SEES])
    assert assessment.status is Status.VERIFIED
    assert assessment.confidence == 0.6775  # the denial still pulls it down


# -- independence and corroboration ---------------------------------------------------


def test_the_other_party_confirming_counts_more_than_the_same_side() -> None:
    same_side = assess([AM_CLAIM, ev("r-ap", "armenpress", blamed="AZ")])
    cross_party = assess([AM_CLAIM, AZ_CLAIM])
    assert same_side.status is Status.UNVERIFIED
    assert cross_party.status is Status.CORROBORATED
    assert same_side.confidence == 0.3242
    assert cross_party.confidence == 0.4767
    assert "cross-party corroboration" in cross_party.contributions[1].reason
    assert cross_party.attribution.party_id is None  # they blame each other
    assert cross_party.attribution.reason.startswith("blame is split evenly")


def test_a_neutral_outlet_corroborates_a_party_claim() -> None:
    assessment = assess([AM_CLAIM, ev("r-ifx", "interfax", "B6", blamed="AZ")])
    assert assessment.status is Status.CORROBORATED
    assert assessment.confidence == 0.4478


def test_a_low_graded_neutral_sighting_does_not_verify() -> None:
    blurry = ev("r-uav", "jmc-uav", "D2", HowObserved.UAV)
    doubtful = ev("r-uav", "jmc-uav", "B4", HowObserved.UAV)
    assert assess([AM_CLAIM, blurry]).status is Status.CORROBORATED
    assert assess([AM_CLAIM, doubtful]).status is Status.CORROBORATED
    assert "graded too low to verify it" in assess([AM_CLAIM, blurry]).contributions[1].reason


def test_a_monitors_own_sighting_is_verified_alone() -> None:
    assert assess([UAV_SEES]).status is Status.VERIFIED


def test_a_neutral_sighting_that_it_did_not_happen_rejects_the_claim() -> None:
    assessment = assess([AM_CLAIM, UAV_SEES_NOTHING])
    assert assessment.status is Status.REJECTED
    assert assessment.confidence == 0.0718  # 0.2588 x (1 - 0.7225)
    assert assessment.contributions[-1].reason == "saw that it did not happen"


def test_neutral_sightings_on_both_sides_are_disputed() -> None:
    patrol = ev("r-patrol", "jmc-patrol", "B2", HowObserved.SAW, Stance.DENIAL)
    assert assess([AM_CLAIM, UAV_SEES, patrol]).status is Status.DISPUTED


def test_only_denials_stay_unverified() -> None:
    assessment = assess([AZ_DENIAL])
    assert assessment.status is Status.UNVERIFIED
    assert assessment.confidence == 0.0853
    assert assessment.casualties.casualties == Casualties()


def test_a_relayed_claim_counts_half() -> None:
    direct = assess([AM_CLAIM, ev("r-ifx", "interfax", "B6")])
    relayed = assess([AM_CLAIM, ev("r-ifx", "interfax", "B6", stance=Stance.REPORTED)])
    assert relayed.confidence < direct.confidence
    assert relayed.contributions[1].reason.endswith("(relays another's claim, x0.5)")


def test_a_monitor_relaying_a_claim_does_not_verify_it() -> None:
    relayed = ev("r-uav", "jmc-uav", "B2", HowObserved.UAV, Stance.REPORTED)
    assessment = assess([AM_CLAIM, relayed])
    assert assessment.status is Status.CORROBORATED
    assert assessment.confidence == 0.5266  # 1 - (1 - 0.2588)(1 - 0.7225 x 0.5)


def test_contributions_add_up_from_the_prior_to_the_confidence() -> None:
    assessment = assess([AM_CLAIM, AM_REPEATED, AZ_DENIAL, UAV_SEES])
    total = assessment.prior + sum(c.delta for c in assessment.contributions)
    assert total == pytest.approx(assessment.confidence, abs=1e-9)
    assert [c.origin for c in assessment.contributions] == ["mod-am", "mod-am", "jmc-uav", "mod-az"]


# -- attribution ----------------------------------------------------------------------


def test_a_party_admitting_responsibility_is_attributed() -> None:
    attribution = assess([AM_CLAIM, AZ_ADMITS]).attribution
    assert attribution.party_id == "AZ"
    assert attribution.confidence == 0.6046


def test_a_single_partisan_accusation_is_not_enough_to_attribute() -> None:
    attribution = assess([AM_CLAIM]).attribution
    assert attribution.party_id is None
    assert attribution.reason.startswith("AZ holds only 0.26 of the weight (needs 0.50)")


def test_nobody_blamed_gives_no_attribution() -> None:
    attribution = assess([ev("r-uav", "jmc-uav", "B2", HowObserved.UAV)]).attribution
    assert (attribution.party_id, attribution.confidence) == (None, 0.0)
    assert attribution.reason == "no report names a responsible party"


# -- casualties -----------------------------------------------------------------------


def test_casualties_are_fused_as_ranges_and_denials_left_out() -> None:
    tavush_am = ev(
        "r-am", "mod-am", blamed="AZ", casualties=Casualties(killed_military=CasualtyRange(best=15))
    )
    tavush_uav = dataclasses.replace(
        UAV_SEES, casualties=Casualties(killed_military=CasualtyRange(best=17))
    )
    denial = dataclasses.replace(
        AZ_DENIAL, casualties=Casualties(killed_military=CasualtyRange(best=90))
    )
    fused = assess([tavush_am, tavush_uav, denial]).casualties
    assert fused.casualties.killed_military == CasualtyRange(15, 17, 17)
    assert fused.sources["killed_military"] == ("r-am", "r-uav", "r-uav")


# -- overrides ------------------------------------------------------------------------


def test_an_override_sets_the_status_and_keeps_the_computed_confidence() -> None:
    override = Override(status=Status.REJECTED, reason="video is from 2016", actor="analyst-1")
    assessment = assess([AM_CLAIM, UAV_SEES], override)
    assert assessment.status is Status.REJECTED
    assert assessment.computed_status is Status.VERIFIED
    assert assessment.confidence == 0.7943
    assert assessment.attribution.party_id == "AZ"  # attribution kept
    assert assessment.explanation()[-1] == (
        "analyst analyst-1 set the status to rejected: video is from 2016"
    )


def test_reassessing_with_new_reports_keeps_the_analysts_decision() -> None:
    override = Override(status=Status.REJECTED, reason="staged footage", actor="analyst-1")
    before = assess([AM_CLAIM], override)
    after = assess([AM_CLAIM, UAV_SEES, AZ_CLAIM], override)
    assert before.status is after.status is Status.REJECTED
    assert after.computed_status is Status.VERIFIED
    assert after.overridden_by == override


def test_an_override_can_attribute_to_nobody() -> None:
    override = Override(attributed_party_id=None, reason="mutual fire", actor="analyst-1")
    assessment = assess([AM_CLAIM, UAV_SEES], override)
    assert assessment.attribution.party_id is None
    assert assessment.attribution.confidence == 1.0
    assert assessment.computed_attribution is not None
    assert assessment.computed_attribution.party_id == "AZ"
    assert assessment.status is Status.VERIFIED


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": Status.REJECTED, "reason": " ", "actor": "a"}, "override.reason"),
        ({"status": Status.REJECTED, "reason": "", "actor": "a"}, "override.reason"),
        ({"status": Status.REJECTED, "reason": "why", "actor": ""}, "override.actor"),
        ({"status": "nonsense", "reason": "why", "actor": "a"}, "override.status"),
        ({"attributed_party_id": KEEP, "reason": "why", "actor": "a"}, "override"),
    ],
)
def test_bad_overrides_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Override(**kwargs)
    assert caught.value.field == field


# -- storage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "override",
    [
        None,
        Override(status=Status.DISPUTED, reason="r", actor="a"),
        Override(attributed_party_id=None, reason="r", actor="a"),
        Override(status=Status.VERIFIED, attributed_party_id="AM", reason="r", actor="a"),
    ],
)
def test_json_round_trip_shows_the_same_explanation(override: Override | None) -> None:
    assessment = assess([AM_CLAIM, AM_REPEATED, AZ_DENIAL, UAV_SEES], override)
    stored = json.loads(json.dumps(assessment.to_json()))
    again = Assessment.from_json(stored)
    assert again == assessment
    assert again.explanation() == assessment.explanation()


def test_a_damaged_stored_assessment_is_a_validation_error() -> None:
    stored = assess([AM_CLAIM]).to_json()
    del stored["contributions"]
    with pytest.raises(ValidationError) as caught:
        Assessment.from_json(stored)
    assert caught.value.field == "assessment"


# -- input checks ---------------------------------------------------------------------


@pytest.mark.parametrize("credibility", [0, 7, True, "3"])
def test_credibility_must_be_1_to_6(credibility: object) -> None:
    with pytest.raises(ValidationError) as caught:
        dataclasses.replace(AM_CLAIM, credibility=credibility)
    assert caught.value.field == "evidence[r-am].credibility"
    assert caught.value.value == credibility


def test_enum_fields_accept_their_values_and_reject_others() -> None:
    graded = dataclasses.replace(AM_CLAIM, reliability="B", stance="denial")  # type: ignore[arg-type]
    assert graded.reliability is Reliability.B
    assert graded.stance is Stance.DENIAL
    with pytest.raises(ValidationError) as caught:
        dataclasses.replace(AM_CLAIM, how_observed="smelled")  # type: ignore[arg-type]
    assert caught.value.field == "evidence[r-am].how_observed"


def test_evidence_sets_that_break_the_rules_are_refused() -> None:
    with pytest.raises(ValidationError, match="at least one report"):
        assess([])
    with pytest.raises(ValidationError, match="appears twice"):
        assess([AM_CLAIM, dataclasses.replace(AM_CLAIM, origin="armenpress")])
    two_faced = dataclasses.replace(AM_REPEATED, party_id="AZ")
    with pytest.raises(ValidationError) as caught:
        assess([AM_CLAIM, two_faced])
    assert caught.value.field == "evidence[r-apress].affiliation"


# -- properties -----------------------------------------------------------------------

gradings = st.tuples(
    st.sampled_from(list(Reliability)),
    st.integers(1, 6),
    st.sampled_from(list(HowObserved)),
    st.sampled_from(list(Stance)),
    st.sampled_from([None, "AM", "AZ"]),
)


def build(report_id: str, origin: str, grading: tuple[Any, ...]) -> Evidence:
    reliability, credibility, how, stance, blamed = grading
    return ev(report_id, origin, f"{reliability}{credibility}", how, stance, blamed)


evidence_sets = st.lists(
    st.tuples(st.sampled_from(sorted(ORIGINS)), gradings), min_size=1, max_size=7
).map(lambda items: [build(f"r{i}", o, g) for i, (o, g) in enumerate(items)])


@given(evidence_sets, st.randoms(use_true_random=False))
def test_assessment_does_not_depend_on_the_order_of_the_reports(
    evidence: list[Evidence], rnd: random.Random
) -> None:
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    first, second = assess(evidence), assess(shuffled)
    assert first == second
    assert 0.0 <= first.confidence <= 1.0
    total = first.prior + sum(c.delta for c in first.contributions)
    assert total == pytest.approx(first.confidence, abs=1e-9)


@given(evidence_sets, st.data())
def test_another_report_from_a_present_origin_never_raises_confidence(
    evidence: list[Evidence], data: st.DataObject
) -> None:
    origin = data.draw(st.sampled_from(sorted({e.origin for e in evidence})))
    extra = build("extra", origin, data.draw(gradings))
    strongest = max(e.strength for e in evidence if e.origin == origin)
    # A *stronger* report of the same origin (the ministry publishing footage) is new
    # evidence and replaces the origin's report; anything else is a repetition.
    assume(extra.strength <= strongest)
    before, after = assess(evidence), assess([*evidence, extra])
    assert after.confidence <= before.confidence
    assert [c for c in after.contributions if c.report_ids == ("extra",)]


@given(evidence_sets, st.data())
def test_a_verbatim_repetition_changes_nothing_but_the_explanation(
    evidence: list[Evidence], data: st.DataObject
) -> None:
    copied = data.draw(st.sampled_from(evidence))
    repeat = dataclasses.replace(copied, report_id="zz-repeat", source_name="a relay")
    before, after = assess(evidence), assess([*evidence, repeat])
    assert after.confidence == before.confidence
    assert after.status is before.status
    assert after.attribution == before.attribution
    assert len(after.contributions) == len(before.contributions) + 1
