"""Canonical content, Ed25519 signatures and the sign-off quorum, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.config import Settings, parse_signoff_quorum
from ceasefire.domain.agreements import Agreement, AgreementParty, AgreementStatus, PartyRole
from ceasefire.domain.findings import (
    Finding,
    FindingStatus,
    SignOff,
    sign_off,
    signoff_problems,
    verify_finding,
)
from ceasefire.domain.signing import (
    SigningKey,
    canonical_content,
    content_sha256,
    generate_private_key,
    load_private_key,
    parse_public_key,
    private_key_pem,
    public_key_of,
    quorum_from_agreements,
    quorum_shortfall,
    sign,
    signature_problem,
)
from ceasefire.errors import ConflictError, ValidationError

NOW = datetime(2020, 11, 20, 9, 0, tzinfo=UTC)
QUORUM = {"RU": 1, "TR": 1}
RU_KEY = generate_private_key()
TR_KEY = generate_private_key()


def key(key_id: str, nation: str, private: Ed25519PrivateKey) -> SigningKey:
    return SigningKey(
        id=key_id,
        holder=f"Monitor {key_id}",
        nation=nation,
        public_key=public_key_of(private),
        created_at=NOW - timedelta(days=1),
    )


KEYS = {"ru-1": key("ru-1", "RU", RU_KEY), "tr-1": key("tr-1", "TR", TR_KEY)}


def a_finding(**overrides: object) -> Finding:
    fields: dict[str, object] = {
        "finding_id": "f-1",
        "incident_id": "i-1",
        "complaint_id": None,
        "title": "Mortar fire near Aghdam",
        "text": "Three impacts confirmed by two observation posts.",
        "actor": "head-of-mission",
        "now": NOW,
    }
    fields.update(overrides)
    return Finding.draft(**fields)  # type: ignore[arg-type]


def signed(finding: Finding, key_id: str, private: Ed25519PrivateKey) -> SignOff:
    return sign_off(
        finding,
        KEYS[key_id],
        private,
        signoff_id=f"s-{key_id}",
        existing=(),
        now=NOW,
    )


# canonical content --------------------------------------------------------------------------


def test_canonical_content_is_fixed_bytes() -> None:
    content = canonical_content(
        finding_id="f-1",
        incident_id="i-1",
        complaint_id=None,
        title="Обстрел",
        text='Line 1\n"quoted"',
        version=2,
    )
    assert (
        content
        == (
            '{"complaint_id":null,"format":"ceasefire.finding/1","id":"f-1","incident_id":"i-1",'
            '"text":"Line 1\\n\\"quoted\\"","title":"Обстрел","version":2}'
        ).encode()
    )
    assert content_sha256(content) == content_sha256(bytes(content))
    assert len(content_sha256(content)) == 64


def test_draft_hashes_its_content_and_only_signed_fields_count() -> None:
    finding = a_finding()
    assert finding.content_sha256 == content_sha256(finding.content())
    # status and dates are not signed
    moved = replace(finding, status=FindingStatus.SIGNED_OFF, updated_at=NOW + timedelta(1))
    assert moved.content() == finding.content()


@pytest.mark.parametrize(
    "change",
    [
        {"id": "f-2"},
        {"incident_id": "i-2"},
        {"complaint_id": "c-1"},
        {"title": "Mortar fire near Aghdam."},
        {"text": "Three impacts confirmed by two observation posts"},
        {"version": 2},
    ],
    ids=lambda c: next(iter(c)),
)
def test_changing_any_signed_field_breaks_the_signature(change: dict[str, object]) -> None:
    finding = a_finding()
    signoff = signed(finding, "ru-1", RU_KEY)
    assert signoff_problems(finding, signoff, KEYS["ru-1"]) == []
    tampered = replace(finding, **change)  # type: ignore[arg-type]
    problems = signoff_problems(tampered, signoff, KEYS["ru-1"])
    assert any("signature does not verify" in p for p in problems), problems
    assert any("content hash" in p for p in problems), problems


def test_a_changed_signature_byte_is_detected() -> None:
    finding = a_finding()
    signoff = signed(finding, "ru-1", RU_KEY)
    flipped = f"{int(signoff.signature[0], 16) ^ 1:x}" + signoff.signature[1:]
    problems = signoff_problems(finding, replace(signoff, signature=flipped), KEYS["ru-1"])
    assert problems == ["signature does not verify against key ru-1's public key"]


@pytest.mark.parametrize(
    ("signature", "why"),
    [("ab" * 63, "not 128"), ("AB" * 64, "not 128"), ("zz" * 64, "not 128")],
)
def test_malformed_signatures_are_named(signature: str, why: str) -> None:
    problem = signature_problem(public_key_of(RU_KEY), b"x", signature)
    assert problem is not None and why in problem


def test_signature_by_another_key_fails() -> None:
    finding = a_finding()
    signoff = signed(finding, "ru-1", RU_KEY)
    impostor = replace(KEYS["ru-1"], public_key=public_key_of(TR_KEY))
    assert signoff_problems(finding, signoff, impostor) == [
        "signature does not verify against key ru-1's public key"
    ]


def test_nation_and_revocation_are_checked() -> None:
    finding = a_finding()
    signoff = signed(finding, "ru-1", RU_KEY)
    assert signoff_problems(finding, replace(signoff, nation="TR"), KEYS["ru-1"]) == [
        "sign-off says nation TR but key ru-1 is RU"
    ]
    revoked_before = replace(KEYS["ru-1"], revoked_at=NOW - timedelta(hours=1))
    assert signoff_problems(finding, signoff, revoked_before) == [
        "signed at or after key ru-1 was revoked"
    ]
    revoked_after = replace(KEYS["ru-1"], revoked_at=NOW + timedelta(hours=1))
    assert signoff_problems(finding, signoff, revoked_after) == []
    assert signoff_problems(finding, signoff, None) == ["key ru-1 is not registered"]


@given(st.data())
def test_any_single_byte_change_of_the_content_breaks_the_signature(data: st.DataObject) -> None:
    content = data.draw(st.binary(min_size=1, max_size=300))
    signature = sign(RU_KEY, content)
    assert signature_problem(public_key_of(RU_KEY), content, signature) is None
    at = data.draw(st.integers(0, len(content) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != content[at]))
    changed = content[:at] + bytes([new]) + content[at + 1 :]
    assert signature_problem(public_key_of(RU_KEY), changed, signature) == (
        "signature does not verify"
    )


@given(
    title=st.text(min_size=1, max_size=50).filter(lambda s: s.strip() and "\x00" not in s),
    text=st.text(min_size=1, max_size=200).filter(lambda s: s.strip() and "\x00" not in s),
)
def test_canonical_content_round_trips_any_text(title: str, text: str) -> None:
    finding = a_finding(title=title, text=text)
    signoff = signed(finding, "tr-1", TR_KEY)
    assert signoff_problems(finding, signoff, KEYS["tr-1"]) == []


# keys ---------------------------------------------------------------------------------------


def test_private_key_pem_round_trip_and_bad_pem() -> None:
    loaded = load_private_key(private_key_pem(RU_KEY))
    assert public_key_of(loaded) == public_key_of(RU_KEY)
    with pytest.raises(ValidationError, match="not a PEM private key"):
        load_private_key(b"-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")


@pytest.mark.parametrize("value", ["abc", "g" * 64, "ab" * 33, ""])
def test_bad_public_keys_are_refused(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_public_key(value)
    assert err.value.field == "public_key" and err.value.value == value


def test_public_key_is_normalised_to_lower_case() -> None:
    assert parse_public_key(public_key_of(RU_KEY).upper()) == public_key_of(RU_KEY)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("key.id", {"id": "has space"}),
        ("key.holder", {"holder": " "}),
        ("key.nation", {"nation": ""}),
    ],
)
def test_key_fields_are_validated(field: str, overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as err:
        replace(KEYS["ru-1"], **overrides)  # type: ignore[arg-type]
    assert err.value.field == field


# signing rules ------------------------------------------------------------------------------


def test_a_revoked_key_cannot_sign() -> None:
    revoked = replace(KEYS["ru-1"], revoked_at=NOW)
    with pytest.raises(ConflictError, match="revoked"):
        sign_off(a_finding(), revoked, RU_KEY, signoff_id="s", existing=(), now=NOW)


def test_the_private_key_must_match_the_registered_key() -> None:
    with pytest.raises(ValidationError, match="does not match the public key registered as ru-1"):
        sign_off(a_finding(), KEYS["ru-1"], TR_KEY, signoff_id="s", existing=(), now=NOW)


def test_the_same_key_signs_a_version_once() -> None:
    finding = a_finding()
    first = signed(finding, "ru-1", RU_KEY)
    with pytest.raises(ConflictError, match="already signed finding f-1 at version 1"):
        sign_off(finding, KEYS["ru-1"], RU_KEY, signoff_id="s2", existing=[first], now=NOW)
    # after an edit (new version, old sign-off voided) the key may sign again
    edited = finding.edited(title=None, text="Revised.", now=NOW)
    again = sign_off(
        edited,
        KEYS["ru-1"],
        RU_KEY,
        signoff_id="s3",
        existing=[replace(first, voided_at=NOW)],
        now=NOW,
    )
    assert again.version == 2


def test_a_tampered_finding_is_not_signed() -> None:
    tampered = replace(a_finding(), text="Something else.")
    with pytest.raises(ConflictError, match="stored content hash"):
        signed(tampered, "ru-1", RU_KEY)


def test_published_findings_are_final() -> None:
    published = replace(a_finding(), status=FindingStatus.PUBLISHED)
    with pytest.raises(ConflictError, match="published"):
        published.edited(title="New", text=None, now=NOW)
    with pytest.raises(ConflictError, match="published"):
        signed(published, "ru-1", RU_KEY)


def test_edit_bumps_the_version_and_returns_to_draft() -> None:
    finding = replace(a_finding(), status=FindingStatus.SIGNED_OFF)
    edited = finding.edited(title="New title", text=None, now=NOW + timedelta(hours=1))
    assert (edited.version, edited.status, edited.title) == (2, FindingStatus.DRAFT, "New title")
    assert edited.content_sha256 == content_sha256(edited.content()) != finding.content_sha256
    assert finding.edited(title=finding.title, text=finding.text, now=NOW) is finding
    with pytest.raises(ValidationError, match="give a new title"):
        finding.edited(title=None, text=None, now=NOW)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"text": ""}, "text"),
        ({"text": "a\x00b"}, "text"),
        ({"title": "x" * 501}, "title"),
        ({"incident_id": None}, "finding"),
        ({"complaint_id": "c" * 37}, "complaint"),
    ],
)
def test_bad_drafts_name_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        a_finding(**overrides)
    assert err.value.field == field


# quorum -------------------------------------------------------------------------------------


def test_quorum_counts_each_key_once_per_nation() -> None:
    assert quorum_shortfall(QUORUM, []) == {"RU": 1, "TR": 1}
    assert quorum_shortfall(QUORUM, [("ru-1", "RU"), ("ru-1", "RU")]) == {"TR": 1}
    assert quorum_shortfall(QUORUM, [("ru-1", "RU"), ("tr-1", "TR")]) == {}
    assert quorum_shortfall({"RU": 2}, [("ru-1", "RU"), ("ru-1", "RU")]) == {"RU": 1}
    assert quorum_shortfall({"RU": 2}, [("ru-1", "RU"), ("ru-2", "RU")]) == {}
    assert quorum_shortfall(QUORUM, [("az-1", "AZ"), ("ru-1", "RU")]) == {"TR": 1}


def test_verify_finding_checks_status_against_the_quorum() -> None:
    finding = a_finding()
    ru = signed(finding, "ru-1", RU_KEY)
    tr = signed(finding, "tr-1", TR_KEY)
    published = replace(finding, status=FindingStatus.PUBLISHED)
    assert verify_finding(published, [ru, tr], KEYS, QUORUM) == []
    problems = verify_finding(published, [ru], KEYS, QUORUM)
    assert [p.reason for p in problems] == [
        "status is published but the sign-off quorum is not met (missing 1 from TR)"
    ]
    # a voided sign-off is not checked and does not count
    assert verify_finding(finding, [replace(tr, voided_at=NOW, signature="00")], KEYS, QUORUM) == []


def test_verify_finding_reports_a_changed_text() -> None:
    finding = a_finding()
    ru = signed(finding, "ru-1", RU_KEY)
    tampered = replace(finding, text="Nothing happened.")
    problems = verify_finding(tampered, [ru], KEYS, QUORUM)
    assert problems[0].key_id is None and "stored hash" in problems[0].reason
    assert {p.key_id for p in problems[1:]} == {"ru-1"}


def test_quorum_from_the_monitors_of_signed_agreements() -> None:
    def agreement(
        status: AgreementStatus, *parties: tuple[str, tuple[PartyRole, ...]]
    ) -> Agreement:
        return Agreement(
            id=f"a-{status.value}",
            title="t",
            status=status,
            signed_on=None,
            in_force_at=None,
            utc_offset_hours=4,
            parties=tuple(AgreementParty(p, roles) for p, roles in parties),
            provisions=(),
        )

    memorandum = agreement(
        AgreementStatus.SIGNED,
        ("RU", (PartyRole.PARTY, PartyRole.MONITOR)),
        ("TR", (PartyRole.MONITOR,)),
        ("AZ", (PartyRole.PARTY,)),
    )
    proposal = agreement(AgreementStatus.PROPOSAL, ("FR", (PartyRole.MONITOR,)))
    assert quorum_from_agreements([memorandum, proposal]) == QUORUM


@pytest.mark.parametrize(
    ("value", "expected"),
    [("RU=1,TR=1", QUORUM), (" RU = 2 ", {"RU": 2}), ("RU=1,TR=1,OSCE=3", {**QUORUM, "OSCE": 3})],
)
def test_quorum_setting_parses(value: str, expected: dict[str, int]) -> None:
    settings = Settings.from_env({"CEASEFIRE_SIGNOFF_QUORUM": value}, database_url="sqlite://")
    assert settings.signoff_quorum == expected


@pytest.mark.parametrize(
    "value", ["RU", "RU=0", "RU=x", "RU=1,", "=1", "RU=1,RU=2", "RU=-1", "RU=²"]
)
def test_bad_quorum_setting_names_the_variable_and_value(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        Settings.from_env({"CEASEFIRE_SIGNOFF_QUORUM": value}, database_url="sqlite://")
    assert err.value.field == "CEASEFIRE_SIGNOFF_QUORUM" and err.value.value == value
    assert "CEASEFIRE_SIGNOFF_QUORUM" in str(err.value) and repr(value) in str(err.value)


def test_unset_quorum_is_none() -> None:
    assert Settings.from_env({}, database_url="sqlite://").signoff_quorum is None
    assert parse_signoff_quorum("TR=1") == {"TR": 1}
