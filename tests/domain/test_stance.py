"""Stance of report texts: claim, denial or relayed claim, on real and generated texts."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.stance import Stance, stance_of
from ceasefire.synthetic import generate_acled

GENERATED_CLAIM = (
    "On 3 May 2021, the Ministry of Defence of Armenia said that Azerbaijani forces fired"
    " mortars at Armenian positions near Martuni."
)
GENERATED_DENIAL = (
    "On 3 May 2021, the Ministry of Defence of Azerbaijan said the claim that Azerbaijani"
    ' forces fired mortars at Armenian positions near Aghdam "does not correspond to reality".'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GENERATED_CLAIM, Stance.CLAIM),
        (GENERATED_DENIAL, Stance.DENIAL),
        (
            "JMC UAV imagery showed that Armenian forces fired on Azerbaijani posts.",
            Stance.CLAIM,
        ),
        ("APA reported that Armenian forces opened fire near Aghdam.", Stance.CLAIM),
        ("", Stance.CLAIM),
        # denials
        ("The Ministry refuted the reports of shelling.", Stance.DENIAL),
        ("Baku DENIED that its forces opened fire.", Stance.DENIAL),
        ("Yerevan denies the accusation.", Stance.DENIAL),
        ("The ministry called the report groundless.", Stance.DENIAL),
        ("The claims are baseless and unfounded.", Stance.DENIAL),
        ("This is disinformation spread by the other side.", Stance.DENIAL),
        ("The information does not correspond to the reality.", Stance.DENIAL),
        ("The ministry said this is not true.", Stance.DENIAL),
        ("The ministry rejected the allegations.", Stance.DENIAL),
        ("The peacekeepers recorded no ceasefire violations.", Stance.DENIAL),
        ("The shelling never happened.", Stance.DENIAL),
        ("According to the Ministry, the report is fake news.", Stance.DENIAL),
        # relayed claims
        ("The claim that Armenian forces fired near Lachin was published.", Stance.REPORTED),
        ("According to the Ministry of Defence, mortars were fired.", Stance.REPORTED),
        ("Armenian forces allegedly fired on the village.", Stance.REPORTED),
        ("Interfax, citing the peacekeepers, said shots were heard.", Stance.REPORTED),
        ("Trend claimed that Armenian forces fired.", Stance.REPORTED),
        # words that only look like the phrases
        ("Vehicles were denied passage at the checkpoint on the road.", Stance.CLAIM),
        ("Residents were denied access to the corridor.", Stance.CLAIM),
        ("It was an exciting and dangerous day.", Stance.CLAIM),
        ("There were no casualties.", Stance.CLAIM),
        ("The ministry announced that shelling resumed.", Stance.CLAIM),
    ],
)
def test_stance_of(text: str, expected: Stance) -> None:
    assert stance_of(text) is expected


def test_a_denial_wins_over_a_relayed_claim_wherever_it_stands() -> None:
    assert stance_of("Denied: according to the ministry, the claim that X fired.") is Stance.DENIAL
    assert stance_of("according to the ministry, the claim that X fired was denied") is (
        Stance.DENIAL
    )


def test_generated_acled_notes_are_read_as_the_generator_wrote_them() -> None:
    out = io.StringIO()
    generate_acled(out, reports=2_000, seed=11)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    denials = [r["notes"] for r in rows if r["notes"].endswith('reality".')]
    claims = [r["notes"] for r in rows if not r["notes"].endswith('reality".')]
    assert denials
    assert claims
    assert {stance_of(n) for n in denials} == {Stance.DENIAL}
    assert {stance_of(n) for n in claims} == {Stance.CLAIM}


@given(st.text(max_size=300))
def test_any_text_gets_a_stance_and_a_denial_phrase_makes_it_a_denial(text: str) -> None:
    assert stance_of(text) in set(Stance)
    assert stance_of(text + ' "does not correspond to reality".') is Stance.DENIAL
    assert stance_of(text.upper() + " REFUTED") is Stance.DENIAL
