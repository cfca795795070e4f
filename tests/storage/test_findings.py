"""Findings and two-nation sign-off on both backends: the full flow, voiding on edit, revoked
keys, tampering done directly in the database, audit entries, and nothing half-written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from ceasefire.config import Settings
from ceasefire.domain.findings import FindingStatus
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.errors import ConflictError, NotFoundError, ValidationError
from ceasefire.services.database import Database
from ceasefire.services.findings import (
    FindingFilter,
    draft_finding,
    edit_finding,
    list_findings,
    publish_finding,
    show_finding,
    sign_finding,
    verify_findings,
)
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.signing_keys import (
    add_key,
    generate_key,
    list_keys,
    read_private_key,
    revoke_key,
    signoff_quorum,
)
from ceasefire.services.sources import add_source
from ceasefire.storage.schema import audit_log, finding_signoffs, findings, signing_keys
from ceasefire.testing import report_data, sample_source

NOW = datetime(2020, 11, 20, 9, 0, tzinfo=UTC)
RU_KEY = generate_private_key()
TR_KEY = generate_private_key()
RU2_KEY = generate_private_key()


def add_incident(db: Database) -> str:
    """One filed report and the incident linking puts it in."""
    return file_report(db=db, data=report_data(), actor="monitor-1", now=NOW).incident_id


@pytest.fixture
def ready(db: Database) -> tuple[Database, str]:
    """The reference scenario, a source, an incident and one RU and one TR key."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    incident_id = add_incident(db)
    for key_id, nation, private in (("ru-1", "RU", RU_KEY), ("tr-1", "TR", TR_KEY)):
        add_key(
            db=db,
            key_id=key_id,
            holder=f"Monitor {key_id}",
            nation=nation,
            public_key=public_key_of(private),
            actor="admin",
            now=NOW - timedelta(days=1),
        )
    return db, incident_id


def a_draft(db: Database, incident_id: str) -> str:
    return draft_finding(
        db=db,
        incident_id=incident_id,
        title="Mortar fire near Aghdam",
        text="Three impacts confirmed by two observation posts; origin south-east.",
        actor="analyst-1",
        now=NOW,
    ).id


def count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def audit_actions(db: Database) -> list[tuple[str, str]]:
    with db.read() as conn:
        rows = conn.execute(
            select(audit_log.c.action, audit_log.c.entity_id)
            .where(audit_log.c.entity.in_(["finding", "signing_key"]))
            .order_by(audit_log.c.seq)
        )
        return [(r.action, r.entity_id) for r in rows]


def test_quorum_comes_from_the_monitors_of_the_scenario(ready: tuple[Database, str]) -> None:
    db, _ = ready
    assert signoff_quorum(db=db) == {"RU": 1, "TR": 1}


def test_draft_sign_publish(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = a_draft(db, incident_id)

    ru = sign_finding(db=db, finding_id=finding_id, key_id="ru-1", private_key=RU_KEY, actor="ru")
    assert ru.missing == {"TR": 1}
    assert ru.finding.status is FindingStatus.DRAFT
    with pytest.raises(ConflictError, match=r"missing \(1 from TR\)"):
        publish_finding(db=db, finding_id=finding_id, actor="hom")

    tr = sign_finding(db=db, finding_id=finding_id, key_id="tr-1", private_key=TR_KEY, actor="tr")
    assert tr.missing == {}
    assert tr.finding.status is FindingStatus.SIGNED_OFF
    # signed off but not published: kept internal
    assert [
        f.id for f in list_findings(db=db, flt=FindingFilter(status=FindingStatus.SIGNED_OFF))
    ] == [finding_id]

    published = publish_finding(db=db, finding_id=finding_id, actor="hom", now=NOW + timedelta(1))
    assert published.status is FindingStatus.PUBLISHED
    assert published.published_at == NOW + timedelta(1)
    with pytest.raises(ConflictError, match="already published"):
        publish_finding(db=db, finding_id=finding_id, actor="hom")

    view = show_finding(db=db, finding_id=finding_id)
    assert [(s.key_id, problems) for s, _, problems in view.signoffs] == [
        ("ru-1", ()),
        ("tr-1", ()),
    ]
    assert view.missing == {}
    check = verify_findings(db=db)
    assert (check.findings, check.signatures, check.problems) == (1, 2, ())
    assert audit_actions(db) == [
        ("signing_key.add", "ru-1"),
        ("signing_key.add", "tr-1"),
        ("finding.draft", finding_id),
        ("finding.sign", finding_id),
        ("finding.sign", finding_id),
        ("finding.publish", finding_id),
    ]


def test_same_key_twice_and_two_keys_of_one_nation(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = a_draft(db, incident_id)
    sign_finding(db=db, finding_id=finding_id, key_id="ru-1", private_key=RU_KEY, actor="ru")
    before = count(db, audit_log)
    with pytest.raises(ConflictError, match=r"ru-1 already signed finding .* at version 1"):
        sign_finding(db=db, finding_id=finding_id, key_id="ru-1", private_key=RU_KEY, actor="ru")
    assert count(db, audit_log) == before
    add_key(
        db=db, key_id="ru-2", holder="M2", nation="RU", public_key=public_key_of(RU2_KEY), actor="a"
    )
    second = sign_finding(
        db=db, finding_id=finding_id, key_id="ru-2", private_key=RU2_KEY, actor="ru"
    )
    assert second.missing == {"TR": 1}


def test_edit_voids_signoffs(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = a_draft(db, incident_id)
    for key_id, private in (("ru-1", RU_KEY), ("tr-1", TR_KEY)):
        sign_finding(db=db, finding_id=finding_id, key_id=key_id, private_key=private, actor="m")

    edited = edit_finding(
        db=db, finding_id=finding_id, text="Four impacts, not three.", actor="analyst-1"
    )
    assert edited.changed and len(edited.voided) == 2
    assert (edited.finding.version, edited.finding.status) == (2, FindingStatus.DRAFT)
    view = show_finding(db=db, finding_id=finding_id)
    assert all(not s.active for s, _, _ in view.signoffs)
    assert view.missing == {"RU": 1, "TR": 1}
    with pytest.raises(ConflictError, match="missing"):
        publish_finding(db=db, finding_id=finding_id, actor="hom")
    assert verify_findings(db=db).problems == ()

    unchanged = edit_finding(
        db=db, finding_id=finding_id, text="Four impacts, not three.", actor="analyst-1"
    )
    assert not unchanged.changed and unchanged.finding.version == 2

    # the same keys sign the new version
    for key_id, private in (("ru-1", RU_KEY), ("tr-1", TR_KEY)):
        sign_finding(db=db, finding_id=finding_id, key_id=key_id, private_key=private, actor="m")
    assert publish_finding(db=db, finding_id=finding_id, actor="hom").version == 2
    with pytest.raises(ConflictError, match="published finding is final"):
        edit_finding(db=db, finding_id=finding_id, title="Changed", actor="analyst-1")
    actions = [a for a, _ in audit_actions(db)]
    assert actions.count("finding.edit") == 1


def test_revoked_key_cannot_sign(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = a_draft(db, incident_id)
    sign_finding(db=db, finding_id=finding_id, key_id="tr-1", private_key=TR_KEY, actor="tr")
    revoked = revoke_key(db=db, key_id="ru-1", reason="laptop lost", actor="admin")
    assert revoked.revoked_at is not None
    with pytest.raises(ConflictError, match="already revoked"):
        revoke_key(db=db, key_id="ru-1", actor="admin")
    with pytest.raises(ConflictError, match="revoked; a revoked key cannot sign"):
        sign_finding(db=db, finding_id=finding_id, key_id="ru-1", private_key=RU_KEY, actor="ru")
    assert count(db, finding_signoffs) == 1
    assert ("signing_key.revoke", "ru-1") in audit_actions(db)
    assert [k.id for k in list_keys(db=db) if k.revoked] == ["ru-1"]


def test_wrong_private_key_and_unknown_key(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = a_draft(db, incident_id)
    with pytest.raises(ValidationError, match="does not match the public key registered as ru-1"):
        sign_finding(db=db, finding_id=finding_id, key_id="ru-1", private_key=TR_KEY, actor="x")
    with pytest.raises(NotFoundError, match="signing key 'nobody'"):
        sign_finding(db=db, finding_id=finding_id, key_id="nobody", private_key=TR_KEY, actor="x")
    with pytest.raises(NotFoundError, match="finding 'nope'"):
        sign_finding(db=db, finding_id="nope", key_id="ru-1", private_key=RU_KEY, actor="x")
    assert count(db, finding_signoffs) == 0


def signed_off(db: Database, incident_id: str) -> str:
    finding_id = a_draft(db, incident_id)
    for key_id, private in (("ru-1", RU_KEY), ("tr-1", TR_KEY)):
        sign_finding(db=db, finding_id=finding_id, key_id=key_id, private_key=private, actor="m")
    return finding_id


def tamper(db: Database, table: object, **values: object) -> None:
    with db.transaction() as conn:
        conn.execute(update(table).values(**values))  # type: ignore[arg-type]


def test_text_changed_in_the_database_is_detected(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = signed_off(db, incident_id)
    tamper(db, findings, text="No impacts were observed.")
    check = verify_findings(db=db)
    reasons = {(p.key_id, p.reason) for p in check.problems}
    assert (None, "content does not match the finding's stored hash") in reasons
    for key_id in ("ru-1", "tr-1"):
        assert (key_id, f"signature does not verify against key {key_id}'s public key") in reasons
    assert {p.finding_id for p in check.problems} == {finding_id}
    with pytest.raises(ConflictError, match="stored content hash"):
        publish_finding(db=db, finding_id=finding_id, actor="hom")


def test_text_and_hashes_changed_together_are_still_detected(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    signed_off(db, incident_id)
    (stored,) = list_findings(db=db)
    forged = stored.edited(title=None, text="No impacts were observed.", now=NOW)
    forged_hash = forged.content_sha256
    tamper(db, findings, text=forged.text, version=forged.version, content_sha256=forged_hash)
    tamper(db, finding_signoffs, version=forged.version, content_sha256=forged_hash)
    problems = verify_findings(db=db).problems
    assert {p.key_id for p in problems} >= {"ru-1", "tr-1"}
    assert all("signature does not verify" in p.reason for p in problems if p.key_id)


def test_changed_signature_byte_is_detected(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    finding_id = signed_off(db, incident_id)
    with db.transaction() as conn:
        sid, sig = conn.execute(
            select(finding_signoffs.c.id, finding_signoffs.c.signature).where(
                finding_signoffs.c.key_id == "tr-1"
            )
        ).one()
        flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
        conn.execute(
            update(finding_signoffs).where(finding_signoffs.c.id == sid).values(signature=flipped)
        )
    check = verify_findings(db=db, finding_id=finding_id)
    assert [(p.key_id, p.reason) for p in check.problems] == [
        ("tr-1", "signature does not verify against key tr-1's public key"),
        (None, "status is signed_off but the sign-off quorum is not met (missing 1 from TR)"),
    ]
    with pytest.raises(ConflictError, match="1 from TR"):
        publish_finding(db=db, finding_id=finding_id, actor="hom")
    view = show_finding(db=db, finding_id=finding_id)
    assert view.missing == {"TR": 1}


def test_replaced_public_key_and_nation_are_detected(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    signed_off(db, incident_id)
    with db.transaction() as conn:
        conn.execute(
            update(signing_keys)
            .where(signing_keys.c.id == "ru-1")
            .values(public_key=public_key_of(RU2_KEY))
        )
        conn.execute(
            update(finding_signoffs).where(finding_signoffs.c.key_id == "tr-1").values(nation="RU")
        )
    reasons = {(p.key_id, p.reason) for p in verify_findings(db=db).problems}
    assert ("ru-1", "signature does not verify against key ru-1's public key") in reasons
    assert ("tr-1", "sign-off says nation RU but key tr-1 is TR") in reasons


def test_status_set_to_published_in_the_database_is_detected(ready: tuple[Database, str]) -> None:
    db, incident_id = ready
    a_draft(db, incident_id)
    tamper(db, findings, status="published", published_at=NOW)
    (problem,) = verify_findings(db=db).problems
    assert problem.reason.startswith("status is published but the sign-off quorum is not met")


def test_configured_quorum_wins(database_url: str, ready: tuple[Database, str]) -> None:
    _, incident_id = ready
    db = Database(Settings(database_url=database_url, signoff_quorum={"RU": 2, "TR": 1}))
    try:
        assert signoff_quorum(db=db) == {"RU": 2, "TR": 1}
        finding_id = signed_off(db, incident_id)
        assert show_finding(db=db, finding_id=finding_id).missing == {"RU": 1}
        with pytest.raises(ConflictError, match="1 from RU"):
            publish_finding(db=db, finding_id=finding_id, actor="hom")
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"incident_id": "no-such-incident"}, NotFoundError, None),
        ({"title": " "}, ValidationError, "title"),
        ({"text": ""}, ValidationError, "text"),
        ({"incident_id": None}, ValidationError, "finding"),
    ],
)
def test_bad_drafts_write_nothing(
    ready: tuple[Database, str],
    kwargs: dict[str, object],
    error: type[Exception],
    field: str | None,
) -> None:
    db, incident_id = ready
    before = (count(db, findings), count(db, audit_log))
    fields: dict[str, object] = {
        "incident_id": incident_id,
        "title": "Title",
        "text": "Text",
        "actor": "analyst",
    }
    fields.update(kwargs)
    with pytest.raises(error) as err:
        draft_finding(db=db, **fields)  # type: ignore[arg-type]
    if field is not None:
        assert getattr(err.value, "field", None) == field
    assert (count(db, findings), count(db, audit_log)) == before


def test_finding_on_a_complaint_only(ready: tuple[Database, str]) -> None:
    db, _ = ready
    finding = draft_finding(
        db=db, complaint_id="complaint-7", title="Answer", text="Not confirmed.", actor="analyst"
    )
    assert (finding.incident_id, finding.complaint_id) == (None, "complaint-7")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"key_id": "ru-1"}, ConflictError, "signing key 'ru-1' already exists"),
        ({"nation": "ZZ"}, ValidationError, "nation: not a nation of the sign-off quorum"),
        ({"public_key": "xyz"}, ValidationError, "public_key: must be an Ed25519 public key"),
        ({"key_id": "bad id"}, ValidationError, "key.id"),
        ({"public_key": public_key_of(TR_KEY)}, ConflictError, "already registered as 'tr-1'"),
    ],
)
def test_bad_keys_write_nothing(
    ready: tuple[Database, str], kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    db, _ = ready
    before = (count(db, signing_keys), count(db, audit_log))
    fields: dict[str, object] = {
        "key_id": "new-key",
        "holder": "Monitor",
        "nation": "TR",
        "public_key": public_key_of(RU2_KEY),
        "actor": "admin",
    }
    fields.update(kwargs)
    with pytest.raises(error, match=match):
        add_key(db=db, **fields)  # type: ignore[arg-type]
    assert (count(db, signing_keys), count(db, audit_log)) == before


def test_generated_key_file(ready: tuple[Database, str], tmp_path: Path) -> None:
    db, incident_id = ready
    out = tmp_path / "ru-2.pem"
    key = generate_key(
        db=db, key_id="ru-2", holder="M2", nation="RU", private_key_out=out, actor="a"
    )
    assert out.stat().st_mode & 0o777 == 0o600
    assert public_key_of(read_private_key(out)) == key.public_key
    finding_id = a_draft(db, incident_id)
    signed = sign_finding(
        db=db, finding_id=finding_id, key_id="ru-2", private_key=read_private_key(out), actor="m"
    )
    assert signed.signoff.nation == "RU"

    content = out.read_bytes()
    with pytest.raises(ConflictError, match="refusing to overwrite"):
        generate_key(db=db, key_id="ru-3", holder="M3", nation="RU", private_key_out=out, actor="a")
    assert out.read_bytes() == content

    # a refused registration leaves no private key file behind
    orphan = tmp_path / "orphan.pem"
    with pytest.raises(ConflictError, match="already exists"):
        generate_key(
            db=db, key_id="ru-2", holder="X", nation="RU", private_key_out=orphan, actor="a"
        )
    assert not orphan.exists()
    assert count(db, signing_keys) == 3


def test_unreadable_private_key_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        read_private_key(tmp_path / "missing.pem")
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    with pytest.raises(ValidationError) as err:
        read_private_key(bad)
    assert err.value.field == "private_key" and err.value.value == str(bad)
