"""Complaints on both backends: confidentiality of every read path at the storage and the
service level, the lifecycle and deadlines with a fixed clock, requests for information,
redacted summaries, bad inputs that write nothing, and the audit entries of every step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.complaints import ComplaintStatus, LinkKind
from ceasefire.domain.findings import FindingStatus
from ceasefire.domain.information_requests import RequestStatus
from ceasefire.domain.signing import generate_private_key, public_key_of
from ceasefire.errors import ConflictError, NotFoundError, ValidationError
from ceasefire.services import complaint_summaries as summaries
from ceasefire.services import complaints as service
from ceasefire.services import information_requests as rfi
from ceasefire.services.complaints import ComplaintFilter, ComplaintInput
from ceasefire.services.database import Database
from ceasefire.services.findings import (
    draft_finding,
    list_findings,
    publish_finding,
    show_finding,
    sign_finding,
)
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.services.signing_keys import add_key
from ceasefire.services.sources import add_source
from ceasefire.storage.repositories import complaints as repo
from ceasefire.storage.repositories import findings as finding_repo
from ceasefire.storage.repositories import information_requests as request_repo
from ceasefire.storage.repositories import scenarios as scenario_repo
from ceasefire.storage.schema import (
    audit_log,
    complaint_evidence,
    complaint_links,
    complaint_summaries,
    complaints,
    findings,
    information_requests,
)
from ceasefire.testing import report_data, sample_source

T0 = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
ADMIN, HEAD, ANALYST = Viewer.parse("admin"), Viewer.parse("head"), Viewer.parse("analyst")
AM, AZ = Viewer.parse("liaison:AM"), Viewer.parse("liaison:AZ")
MONITOR, PUBLIC = Viewer.parse("monitor"), Viewer.parse("public")
KEYS = {"RU": generate_private_key(), "TR": generate_private_key()}
TABLES = (
    complaints,
    complaint_links,
    complaint_evidence,
    information_requests,
    complaint_summaries,
    audit_log,
)


@dataclass
class World:
    """Both parties' material: AM's open complaint and AZ's confidential one, evidence and a
    request on each, a draft and a published finding, and AM's complaint answered."""

    db: Database
    report_id: str
    incident_id: str
    am: str = ""
    az: str = ""
    am_request: str = ""
    az_request: str = ""
    draft: str = ""
    published: str = ""


def complaint_input(party: str = "AM", **overrides: Any) -> ComplaintInput:
    fields: dict[str, Any] = {
        "party_id": party,
        "allegation": f"{party}: mortar fire on the village at 06:10",
        "occurred_start": T0 - timedelta(hours=3),
        "latitude": 39.82,
        "longitude": 46.75,
    }
    fields.update(overrides)
    return ComplaintInput(**fields)


def file(db: Database, party: str = "AM", viewer: Viewer = ADMIN, **kw: Any) -> str:
    data = complaint_input(party, **kw)
    return service.file_complaint(db=db, data=data, viewer=viewer, actor="t", now=T0).reference


def publish(db: Database, finding_id: str) -> None:
    for nation, private in KEYS.items():
        sign_finding(
            db=db,
            finding_id=finding_id,
            key_id=f"{nation}-1",
            private_key=private,
            actor="m",
            now=T0,
        )
    publish_finding(db=db, finding_id=finding_id, actor="hom", now=T0)


@pytest.fixture
def base(db: Database) -> World:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    add_source(db=db, source=sample_source(), actor="tester")
    for nation, private in KEYS.items():
        add_key(
            db=db,
            key_id=f"{nation}-1",
            holder=f"Monitor {nation}",
            nation=nation,
            public_key=public_key_of(private),
            actor="admin",
            now=T0 - timedelta(days=1),
        )
    filed = file_report(db=db, data=report_data(), actor="monitor", now=T0 - timedelta(hours=1))
    return World(db, filed.report.id, filed.incident_id)


@pytest.fixture
def world(base: World) -> World:
    db, w = base.db, base
    w.am = file(db, "AM", AM, report_ids=(w.report_id,), incident_ids=(w.incident_id,))
    w.az = file(db, "AZ", AZ, confidential=True, allegation="AZ secret: sniper at the post")
    for ref, viewer in ((w.am, AM), (w.az, AZ)):
        service.add_evidence(
            db=db,
            key=ref,
            description=f"{ref} photo",
            viewer=viewer,
            actor="t",
            file_name=f"{ref}.jpg",
            content=b"jpg",
            now=T0,
        )
    w.am_request = rfi.send_request(
        db=db,
        party_id="AM",
        question="AM: which unit?",
        viewer=ANALYST,
        actor="a",
        complaint=w.am,
        now=T0,
    ).id
    w.az_request = rfi.send_request(
        db=db,
        party_id="AZ",
        question="AZ: which post?",
        viewer=ANALYST,
        actor="a",
        complaint=w.az,
        now=T0,
    ).id
    rfi.answer_request(db=db, request_id=w.am_request, answer="AM answer", viewer=AM, actor="am")
    w.draft = draft_finding(
        db=db, incident_id=w.incident_id, title="Draft", text="Draft text", actor="a", now=T0
    ).id
    w.published = draft_finding(
        db=db,
        incident_id=w.incident_id,
        title="Shelling confirmed",
        text="Post op-aghdam saw it at 39.8177, 46.7528.",
        actor="a",
        now=T0,
    ).id
    publish(db, w.published)
    for step in (service.acknowledge_complaint, service.start_investigation):
        step(db=db, key=w.am, viewer=ANALYST, actor="a", now=T0)
    service.issue_finding(
        db=db, key=w.am, finding_id=w.published, viewer=ANALYST, actor="a", now=T0
    )
    summaries.send_summary(db=db, key=w.am, viewer=ANALYST, actor="a", now=T0)
    return w


def counts(db: Database) -> dict[str, int]:
    with db.read() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in TABLES
        }


def actions(db: Database) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars())


# Confidentiality ------------------------------------------------------------------------------

OWN_AND_OTHER = [(AM, "am", "az"), (AZ, "az", "am")]


@pytest.mark.parametrize(("viewer", "own", "other"), OWN_AND_OTHER)
def test_a_liaison_reads_its_own_complaint_never_the_other_partys(
    world: World, viewer: Viewer, own: str, other: str
) -> None:
    db = world.db
    own_ref, other_ref = getattr(world, own), getattr(world, other)
    with db.read() as conn:
        mine = repo.get(conn, own_ref, viewer)
        assert mine.allegation is not None and mine.allegation.startswith(viewer.party_id or "")
        listed = repo.list_complaints(conn, viewer, ComplaintFilter())
        assert [c.reference for c in listed] == [own_ref]
        other_id = repo.get(conn, other_ref, ADMIN).id
        for key in (other_ref, other_id):
            with pytest.raises(NotFoundError) as hidden:
                repo.get(conn, key, viewer)
            with pytest.raises(NotFoundError) as missing:
                repo.get(conn, key + "x", viewer)
            assert str(hidden.value).replace(key, "?") == str(missing.value).replace(key + "x", "?")
        assert repo.evidence_of(conn, other_id, viewer) == []
        assert [e.description for e in repo.evidence_of(conn, mine.id, viewer)] == [
            f"{own_ref} photo"
        ]
        assert repo.list_complaints(conn, viewer, ComplaintFilter(party_id=other.upper())) == []
    with pytest.raises(NotFoundError):
        service.show_complaint(db=db, key=other_ref, viewer=viewer)
    view = service.show_complaint(db=db, key=own_ref, viewer=viewer)
    assert [e.file_name for e in view.evidence] == [f"{own_ref}.jpg"]
    assert [c.reference for c in service.list_complaints(db=db, viewer=viewer)] == [own_ref]


@pytest.mark.parametrize(("viewer", "own", "other"), OWN_AND_OTHER)
def test_a_liaison_reads_only_requests_and_summaries_addressed_to_its_party(
    world: World, viewer: Viewer, own: str, other: str
) -> None:
    db = world.db
    own_rq, other_rq = getattr(world, f"{own}_request"), getattr(world, f"{other}_request")
    with db.read() as conn:
        assert [r.id for r in request_repo.list_requests(conn, viewer)] == [own_rq]
        assert request_repo.get(conn, own_rq, viewer).party_id == viewer.party_id
        with pytest.raises(NotFoundError):
            request_repo.get(conn, other_rq, viewer)
        sent = repo.summaries_of(conn, viewer)
        assert [s.party_id for s in sent] == [viewer.party_id]
    assert [r.id for r in rfi.list_requests(db=db, viewer=viewer)] == [own_rq]
    assert [s.party_id for s in summaries.list_summaries(db=db, viewer=viewer)] == [viewer.party_id]
    with pytest.raises(NotFoundError):
        rfi.list_requests(db=db, viewer=viewer, complaint=getattr(world, other))


def test_the_analyst_sees_every_complaint_but_not_confidential_text(world: World) -> None:
    db = world.db
    with db.read() as conn:
        by_ref = {c.reference: c for c in repo.list_complaints(conn, ANALYST, ComplaintFilter())}
        assert set(by_ref) == {world.am, world.az}
        assert by_ref[world.az].allegation is None and by_ref[world.az].withheld
        assert by_ref[world.am].allegation == "AM: mortar fire on the village at 06:10"
        assert repo.get(conn, world.az, ANALYST).allegation is None
        [withheld] = repo.evidence_of(conn, by_ref[world.az].id, ANALYST)
        assert (withheld.description, withheld.file_name, withheld.sha256) == (None, None, None)
        [shown] = repo.evidence_of(conn, by_ref[world.am].id, ANALYST)
        assert shown.file_name == f"{world.am}.jpg"
        assert len(request_repo.list_requests(conn, ANALYST)) == 2
        assert len(repo.summaries_of(conn, ANALYST)) == 2
    view = service.show_complaint(db=db, key=world.az, viewer=ANALYST)
    assert view.complaint.withheld and view.evidence[0].withheld


@pytest.mark.parametrize("viewer", [HEAD, ADMIN])
def test_head_of_mission_and_admin_read_everything(world: World, viewer: Viewer) -> None:
    view = service.show_complaint(db=world.db, key=world.az, viewer=viewer)
    assert view.complaint.allegation == "AZ secret: sniper at the post"
    assert view.evidence[0].description == f"{world.az} photo"
    assert len(service.list_complaints(db=world.db, viewer=viewer)) == 2


@pytest.mark.parametrize("viewer", [MONITOR, PUBLIC])
def test_monitors_and_the_public_read_no_complaints(world: World, viewer: Viewer) -> None:
    db = world.db
    with db.read() as conn:
        assert repo.list_complaints(conn, viewer, ComplaintFilter()) == []
        assert request_repo.list_requests(conn, viewer) == []
        assert repo.summaries_of(conn, viewer) == []
        am_id = repo.get(conn, world.am, ADMIN).id
        assert repo.evidence_of(conn, am_id, viewer) == []
        with pytest.raises(NotFoundError):
            repo.get(conn, world.am, viewer)
        with pytest.raises(NotFoundError):
            request_repo.get(conn, world.am_request, viewer)
    with pytest.raises(NotFoundError):
        service.show_complaint(db=db, key=world.am, viewer=viewer)


@pytest.mark.parametrize("viewer", [AM, AZ, PUBLIC])
def test_liaisons_and_the_public_read_published_findings_only(world: World, viewer: Viewer) -> None:
    db = world.db
    assert [f.id for f in list_findings(db=db, viewer=viewer)] == [world.published]
    assert show_finding(db=db, finding_id=world.published, viewer=viewer).finding.id
    with pytest.raises(NotFoundError):
        show_finding(db=db, finding_id=world.draft, viewer=viewer)
    with db.read() as conn:
        assert finding_repo.find(conn, world.draft, viewer=viewer) is None
    assert len(list_findings(db=db, viewer=ANALYST)) == len(list_findings(db=db)) == 2
    view = service.show_complaint(db=db, key=world.am, viewer=AM)
    assert view.finding is not None and view.finding.status is FindingStatus.PUBLISHED


# Lifecycle, deadlines, audit ------------------------------------------------------------------


def test_references_run_per_party_and_year(base: World) -> None:
    db = base.db
    assert [file(db, "AM"), file(db, "AM"), file(db, "AZ")] == [
        "AM-2021-001",
        "AM-2021-002",
        "AZ-2021-001",
    ]
    later = service.file_complaint(
        db=db, data=complaint_input("AM"), viewer=ADMIN, actor="t", now=T0.replace(year=2022)
    )
    assert later.reference == "AM-2022-001"


def test_lifecycle_and_overdue_flags_with_a_fixed_clock(base: World) -> None:
    db = base.db
    ref = file(db, "AM", AM)

    def overdue(at: datetime) -> list[str]:
        flt = ComplaintFilter(overdue_at=at)
        return [c.reference for c in service.list_complaints(db=db, viewer=ADMIN, flt=flt)]

    assert overdue(T0 + timedelta(hours=24)) == []
    assert overdue(T0 + timedelta(hours=24, seconds=1)) == [ref]
    service.acknowledge_complaint(
        db=db, key=ref, viewer=ANALYST, actor="a", now=T0 + timedelta(hours=30)
    )
    assert overdue(T0 + timedelta(days=7)) == []
    assert overdue(T0 + timedelta(days=7, seconds=1)) == [ref]
    service.start_investigation(db=db, key=ref, viewer=ANALYST, actor="a", now=T0)
    assert overdue(T0 + timedelta(days=7, seconds=1)) == [ref]
    finding = draft_finding(
        db=db,
        complaint_id=None,
        incident_id=base.incident_id,
        title="F",
        text="Text",
        actor="a",
        now=T0,
    )
    issued = service.issue_finding(
        db=db, key=ref, finding_id=finding.id, viewer=ANALYST, actor="a", now=T0 + timedelta(days=8)
    )
    assert issued.finding_linked
    assert overdue(T0 + timedelta(days=9)) == []
    with db.read() as conn:
        linked = finding_repo.get(conn, finding.id)
    assert linked.complaint_id == issued.complaint.id
    assert linked.computed_sha256() == linked.content_sha256
    closed = service.close_complaint(db=db, key=ref, viewer=ANALYST, actor="a", now=T0)
    assert closed.status is ComplaintStatus.CLOSED and closed.closed_at == T0
    assert actions(db)[-6:] == [
        "complaint.acknowledge",
        "complaint.investigate",
        "finding.draft",
        "finding.link_complaint",
        "complaint.issue_finding",
        "complaint.close",
    ]


def test_filing_stores_links_zones_and_an_audit_entry_without_confidential_text(
    base: World,
) -> None:
    db = base.db
    ref = file(
        db,
        "AZ",
        AZ,
        confidential=True,
        allegation="Top secret",
        report_ids=(base.report_id,),
        incident_ids=(base.incident_id,),
    )
    c = service.show_complaint(db=db, key=ref, viewer=ADMIN).complaint
    assert set(c.links) == {
        (LinkKind.REPORT, base.report_id),
        (LinkKind.INCIDENT, base.incident_id),
    }
    assert set(c.zone_ids) == {"nk-pre-2020", "lachin-corridor"}
    with db.read() as conn:
        entry = conn.execute(select(audit_log).where(audit_log.c.action == "complaint.file")).one()
    assert entry.entity_id == c.id and "Top secret" not in str(entry.after)
    assert entry.after["allegation"]["withheld"] is True


def test_withdrawal_by_the_filing_party_only(world: World) -> None:
    db = world.db
    with pytest.raises(NotFoundError):
        service.withdraw_complaint(db=db, key=world.az, viewer=AM, actor="am")
    done = service.withdraw_complaint(db=db, key=world.az, viewer=AZ, actor="az", reason="settled")
    assert done.status is ComplaintStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="is finding_issued"):
        service.withdraw_complaint(db=db, key=world.am, viewer=AM, actor="am")


def test_summaries_go_to_each_party_with_rules_and_counts(world: World) -> None:
    db = world.db
    sent = summaries.list_summaries(db=db, viewer=ADMIN)
    assert sorted(s.party_id for s in sent) == ["AM", "AZ"]
    assert "39.8177" not in sent[0].text and "op-aghdam" not in sent[0].text
    assert sent[0].redactions["coordinates"] == 1 and sent[0].redactions["sources"] == 1
    assert sent[0].rules == tuple(sent[0].redactions)
    with pytest.raises(ConflictError, match="already sent"):
        summaries.send_summary(db=db, key=world.am, viewer=ANALYST, actor="a")
    with pytest.raises(ConflictError, match="is received"):
        summaries.preview_summary(db=db, key=world.az, viewer=ANALYST)
    with pytest.raises(ValidationError, match="only mission staff"):
        summaries.preview_summary(db=db, key=world.am, viewer=AM)


def test_preview_shows_every_hit_of_the_chosen_rules(world: World) -> None:
    preview = summaries.preview_summary(
        db=world.db,
        key=world.am,
        viewer=ANALYST,
        rules=["names", "coordinates"],
        personal_names=["Shelling"],
    )
    assert preview.parties == ("AZ", "AM")
    assert [(h.rule, h.original) for h in preview.redaction.hits] == [
        ("names", "Shelling"),
        ("coordinates", "39.8177, 46.7528"),
    ]


# Bad input writes nothing ---------------------------------------------------------------------


def _bad_filings(w: World) -> list[tuple[Callable[[], object], str]]:
    def filing(party: str = "AM", viewer: Viewer = ADMIN, **kw: Any) -> Callable[[], object]:
        return lambda: file(w.db, party, viewer, **kw)

    return [
        (filing("XX"), "party"),
        (filing("RU"), "party"),
        (filing("AM", AZ), "party"),
        (filing("AM", MONITOR), "party"),
        (filing(report_ids=("no-such-report",)), "report"),
        (filing(incident_ids=("no-such-incident",)), "incident"),
        (filing(occurred_start=T0 + timedelta(minutes=1)), "occurred_start"),
        (filing(allegation="  "), "allegation"),
        (filing(latitude=90.5), "latitude"),
        (filing(agreement_id="bishkek-1994"), "agreement"),
        (filing(agreement_id="no-such-agreement"), "agreement"),
        (filing(latitude=None, longitude=None, place_name="Qwxzyvillezz"), "place"),
    ]


def test_bad_filings_are_rejected_and_write_nothing(base: World) -> None:
    before = counts(base.db)
    for call, field in _bad_filings(base):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.field == field, err.value
    assert counts(base.db) == before


def test_refused_steps_write_nothing(world: World) -> None:
    db = world.db
    before = counts(db)
    refused: list[tuple[Callable[[], object], type[Exception]]] = [
        (
            lambda: service.acknowledge_complaint(db=db, key=world.am, viewer=ANALYST, actor="a"),
            ValidationError,
        ),
        (
            lambda: service.acknowledge_complaint(db=db, key=world.az, viewer=AZ, actor="az"),
            ValidationError,
        ),
        (
            lambda: rfi.answer_request(
                db=db, request_id=world.az_request, answer="x", viewer=AM, actor="am"
            ),
            NotFoundError,
        ),
        (
            lambda: rfi.answer_request(
                db=db, request_id=world.az_request, answer="x", viewer=ANALYST, actor="a"
            ),
            ValidationError,
        ),
        (
            lambda: rfi.answer_request(
                db=db, request_id=world.am_request, answer="again", viewer=AM, actor="am"
            ),
            ValidationError,
        ),
        (
            lambda: rfi.send_request(
                db=db, party_id="RU", question="?", viewer=ANALYST, actor="a", complaint=world.am
            ),
            ValidationError,
        ),
        (
            lambda: rfi.send_request(db=db, party_id="AM", question="?", viewer=AM, actor="am"),
            ValidationError,
        ),
        (
            lambda: service.issue_finding(
                db=db, key=world.az, finding_id=world.draft, viewer=ANALYST, actor="a"
            ),
            ValidationError,
        ),
        (
            lambda: service.issue_finding(
                db=db, key=world.az, finding_id="nope", viewer=ANALYST, actor="a"
            ),
            NotFoundError,
        ),
        (
            lambda: service.add_evidence(
                db=db, key=world.am, description="x", viewer=AZ, actor="az"
            ),
            NotFoundError,
        ),
    ]
    for call, error in refused:
        with pytest.raises(error):
            call()
    assert counts(db) == before
    with db.read() as conn:
        assert request_repo.get(conn, world.az_request, ADMIN).status is RequestStatus.SENT


def test_every_step_is_an_audit_entry(world: World) -> None:
    assert [a for a in actions(world.db) if a.startswith(("complaint.", "information_"))] == [
        "complaint.file",
        "complaint.file",
        "complaint.add_evidence",
        "complaint.add_evidence",
        "information_request.send",
        "information_request.send",
        "information_request.answer",
        "complaint.acknowledge",
        "complaint.investigate",
        "complaint.issue_finding",
        "complaint.send_summary",
    ]
    rfi.withdraw_request(db=world.db, request_id=world.az_request, viewer=ANALYST, actor="a")
    assert actions(world.db)[-1] == "information_request.withdraw"


def test_signed_finding_is_not_rewritten_when_issued(world: World) -> None:
    db = world.db
    for step in (service.acknowledge_complaint, service.start_investigation):
        step(db=db, key=world.az, viewer=ADMIN, actor="a", now=T0)
    issued = service.issue_finding(
        db=db, key=world.az, finding_id=world.draft, viewer=ADMIN, actor="a", now=T0
    )
    assert issued.finding_linked  # the draft had no sign-offs
    with pytest.raises(ConflictError, match="answers another complaint"):
        service.issue_finding(db=db, key=world.am, finding_id=world.draft, viewer=ADMIN, actor="a")
    with db.read() as conn:
        published = conn.execute(select(findings).where(findings.c.id == world.published)).one()
    assert published.complaint_id is None  # signed content kept as signed


def test_agreement_deadlines_are_stored_with_the_scenario(base: World) -> None:
    with base.db.read() as conn:
        by_id = {a.id: a for a in scenario_repo.list_agreements(conn)}
    deadlines = by_id["trilateral-2020-11-10"].complaint_deadlines
    assert deadlines is not None and (deadlines.acknowledge_hours, deadlines.finding_days) == (
        24,
        7,
    )
    assert by_id["ru-tr-memorandum-2020-11-11"].complaint_deadlines == deadlines
    assert by_id["bishkek-1994"].complaint_deadlines is None
