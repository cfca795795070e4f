"""Checkpoints, crossing logs, exchanges with person-level records and returns of displaced
persons on both backends: imports whole or not at all, clear errors, audit entries, the
staff-only restriction, and the compliance history built from them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ceasefire.domain.access import Viewer
from ceasefire.domain.compliance import ComplianceStatus
from ceasefire.domain.exchanges import ExchangeCategory as C
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.domain.passage import PassageJudgement
from ceasefire.errors import ConflictError, InputFileError, ValidationError
from ceasefire.services.compliance import compliance_history
from ceasefire.services.database import Database
from ceasefire.services.exchanges import add_exchange, exchange_board, import_persons, list_persons
from ceasefire.services.incidents import set_verdict
from ceasefire.services.reports import file_report
from ceasefire.services.returns import import_returns, list_returns
from ceasefire.services.scenarios import load
from ceasefire.services.sources import add_source
from ceasefire.services.tracking import import_crossings, list_checkpoints, list_crossings
from ceasefire.storage.schema import audit_log, crossings, detained_persons, displaced_returns
from ceasefire.synthetic.crossings import Blockade, generate_crossings
from ceasefire.testing import report_data, sample_source

NOW = datetime(2023, 3, 1, 12, 0, tzinfo=UTC)
HEADER = "date,checkpoint,direction,people,vehicles,goods_tonnes\n"
GOOD = (
    "2022-12-01,lachin-hakari,to_armenia,10,2,3.5\n"
    "2022-12-01,lachin-hakari,to_nagorno_karabakh,12,3,4\n"
)
ADMIN = Viewer.parse("admin")


@pytest.fixture
def ready(db: Database) -> Database:
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    return db


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def actions(db: Database) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.seq)).scalars())


def test_loading_the_scenario_registers_its_checkpoint_once(ready: Database) -> None:
    (checkpoint,) = list_checkpoints(db=ready)
    assert checkpoint.id == "lachin-hakari"
    assert checkpoint.provision_id == "tri2020-6-safe-traffic"
    assert checkpoint.zone_id == "lachin-corridor"
    assert "pproximate" in checkpoint.note
    load(db=ready, name="nagorno-karabakh-2020", actor="tester")
    assert actions(ready).count("checkpoint.add") == 1


def test_a_crossing_log_imports_once_and_is_audited(ready: Database, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + GOOD)
    first = import_crossings(db=ready, path=path, actor="t", now=NOW)
    assert (first.rows, first.inserted, first.skipped) == (2, 2, 0)
    again = import_crossings(db=ready, path=path, actor="t", now=NOW)
    assert (again.inserted, again.skipped) == (0, 2)
    stored = list_crossings(db=ready, checkpoint_id="lachin-hakari")
    assert [(c.direction, c.people, c.goods_tonnes) for c in stored] == [
        ("to_armenia", 10, 3.5),
        ("to_nagorno_karabakh", 12, 4.0),
    ]
    assert actions(ready).count("crossings.import") == 2


def test_other_counts_for_a_stored_day_are_a_conflict(ready: Database, tmp_path: Path) -> None:
    import_crossings(db=ready, path=write(tmp_path, HEADER + GOOD), actor="t", now=NOW)
    changed = HEADER + "2022-12-02,lachin-hakari,to_armenia,1,1,1\n" + GOOD.replace("10,", "11,")
    with pytest.raises(ConflictError, match=r"line 3.*already stored"):
        import_crossings(db=ready, path=write(tmp_path, changed, "b.csv"), actor="t", now=NOW)
    assert count(ready, crossings) == 2


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("2022-12-02,lachin-nowhere,to_armenia,1,1,1", "checkpoint", "unknown checkpoint"),
        ("2022-12-02,lachin-hakari,to_baku,1,1,1", "direction", "unknown direction"),
        ("2022-12-02,lachin-hakari,to_armenia,-4,1,1", "people", ">= 0"),
        ("2022-12-02,lachin-hakari,to_armenia,1,-1,1", "vehicles", ">= 0"),
        ("2022-12-02,lachin-hakari,to_armenia,1,1,-0.5", "goods_tonnes", ">= 0"),
        ("2022-12-02,lachin-hakari,to_armenia,1,1,lots", "goods_tonnes", "number of tonnes"),
        ("2022-12-02,lachin-hakari,to_armenia,ten,1,1", "people", "whole number"),
        ("2023-03-02,lachin-hakari,to_armenia,1,1,1", "date", "in the future"),
        ("02/12/2022,lachin-hakari,to_armenia,1,1,1", "date", "YYYY-MM-DD"),
        ("2022-12-01,lachin-hakari,to_armenia,1,1,1", "date", "same checkpoint, day"),
    ],
)
def test_a_bad_row_names_line_column_and_value_and_writes_nothing(
    ready: Database, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    before = actions(ready)
    path = write(tmp_path, HEADER + GOOD + row + "\n")
    with pytest.raises(InputFileError, match=reason) as caught:
        import_crossings(db=ready, path=path, actor="t", now=NOW)
    assert (caught.value.line, caught.value.column) == (4, column)
    assert str(path) in str(caught.value)
    assert count(ready, crossings) == 0
    assert actions(ready) == before


def test_an_unknown_column_is_named(ready: Database, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER.replace("\n", ",lorries\n") + GOOD.replace("\n", ",3\n"))
    with pytest.raises(InputFileError, match="unknown column") as caught:
        import_crossings(db=ready, path=path, actor="t", now=NOW)
    assert caught.value.column == "lorries"


def test_exchanges_are_recorded_audited_and_checked(ready: Database) -> None:
    e = add_exchange(
        db=ready, day=date(2020, 12, 14), category=C.PRISONERS_OF_WAR, from_party_id="AZ",
        to_party_id="AM", count=44, actor="t", now=NOW,
    )  # fmt: skip
    assert e.provision_id == "tri2020-8"
    assert actions(ready)[-1] == "exchange.add"
    with pytest.raises(ValidationError, match="unknown party"):
        add_exchange(db=ready, day=date(2020, 12, 14), category=C.BODIES, from_party_id="XX",
                     to_party_id="AM", count=1, actor="t", now=NOW)  # fmt: skip
    with pytest.raises(ValidationError, match="future"):
        add_exchange(db=ready, day=date(2023, 3, 2), category=C.BODIES, from_party_id="AZ",
                     to_party_id="AM", count=1, actor="t", now=NOW)  # fmt: skip
    with pytest.raises(ValidationError, match=">= 0"):
        add_exchange(db=ready, day=date(2020, 12, 14), category=C.BODIES, from_party_id="AZ",
                     to_party_id="AM", count=-3, actor="t", now=NOW)  # fmt: skip
    assert [x.count for x in exchange_board(db=ready).exchanges] == [44]


PERSONS = "name,category,held_by,of_party,recorded_on,exchange_id\n"


def test_person_records_give_outstanding_counts_and_handovers(
    ready: Database, tmp_path: Path
) -> None:
    e = add_exchange(db=ready, day=date(2020, 12, 14), category=C.PRISONERS_OF_WAR,
                     from_party_id="AZ", to_party_id="AM", count=1, actor="t", now=NOW)  # fmt: skip
    held = (
        PERSONS
        + "Person A,prisoners_of_war,AZ,AM,2020-11-20,\n"
        + "Person B,prisoners_of_war,AZ,AM,2020-11-20,\n"
    )
    first = import_persons(db=ready, path=write(tmp_path, held), actor="t", viewer=ADMIN, now=NOW)
    assert first.inserted == 2
    (o,) = exchange_board(db=ready).outstanding
    assert (o.held_by_party_id, o.recorded, o.outstanding) == ("AZ", 2, 2)
    handed = PERSONS + f"Person A,prisoners_of_war,AZ,AM,2020-11-20,{e.id}\n"
    second = import_persons(db=ready, path=write(tmp_path, handed, "b.csv"), actor="t",
                            viewer=ADMIN, now=NOW)  # fmt: skip
    assert (second.inserted, second.updated) == (0, 1)
    (o,) = exchange_board(db=ready).outstanding
    assert (o.handed_over, o.outstanding) == (1, 1)
    (before_exchange,) = exchange_board(db=ready, last=date(2020, 12, 13)).outstanding
    assert before_exchange.outstanding == 2
    entries = actions(ready)
    assert entries.count("detained_persons.import") == 2
    with ready.read() as conn:
        docs = conn.execute(
            select(audit_log.c.after).where(audit_log.c.action == "detained_persons.import")
        ).scalars()
        assert not any("Person A" in str(d) for d in docs)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Person C,soldiers,AZ,AM,2020-11-20,", "category"),
        ("Person C,hostages,XX,AM,2020-11-20,", "held_by"),
        ("Person C,hostages,AZ,AM,2024-01-01,", "recorded_on"),
        ("Person C,hostages,AZ,AM,2020-11-20,no-such-exchange", "exchange_id"),
    ],
)
def test_bad_person_rows_write_nothing(
    ready: Database, tmp_path: Path, row: str, column: str
) -> None:
    text = PERSONS + "Person A,hostages,AZ,AM,2020-11-20,\n" + row + "\n"
    with pytest.raises(InputFileError) as caught:
        import_persons(db=ready, path=write(tmp_path, text), actor="t", viewer=ADMIN, now=NOW)
    assert (caught.value.line, caught.value.column) == (3, column)
    assert count(ready, detained_persons) == 0


@pytest.mark.parametrize("role", ["monitor", "public", "liaison:AM", "liaison:AZ"])
def test_person_records_are_for_staff_only(ready: Database, tmp_path: Path, role: str) -> None:
    path = write(tmp_path, PERSONS + "Person A,hostages,AZ,AM,2020-11-20,\n")
    import_persons(db=ready, path=path, actor="t", viewer=ADMIN, now=NOW)
    viewer = Viewer.parse(role)
    with pytest.raises(ValidationError, match="restricted to analysts"):
        list_persons(db=ready, viewer=viewer)
    with pytest.raises(ValidationError, match="restricted to analysts"):
        import_persons(db=ready, path=path, actor="t", viewer=viewer, now=NOW)
    assert count(ready, detained_persons) == 1
    assert exchange_board(db=ready).outstanding[0].outstanding == 1  # counts stay readable


@pytest.mark.parametrize("role", ["analyst", "head_of_mission", "admin"])
def test_staff_read_person_records(ready: Database, tmp_path: Path, role: str) -> None:
    path = write(tmp_path, PERSONS + "Person A,hostages,AZ,AM,2020-11-20,\n")
    import_persons(db=ready, path=path, actor="t", viewer=ADMIN, now=NOW)
    (person,) = list_persons(db=ready, viewer=Viewer.parse(role))
    assert person.name == "Person A" and person.exchange_id is None


RETURNS = "district,month,people,source\n"


def test_returns_import_by_district_and_month(ready: Database, tmp_path: Path) -> None:
    text = (
        RETURNS
        + "Aghdam,2021-03,120,UNHCR\ndistrict-aghdam,2021-03,30,ministry\n"
        + "Lachin District,2021-04,7,UNHCR\nAgstafa,2021-04,3,UNHCR\n"
    )
    summary = import_returns(db=ready, path=write(tmp_path, text), actor="t", now=NOW)
    assert summary.inserted == 4
    got = [(r.district, f"{r.month:%Y-%m}", r.people) for r in list_returns(db=ready)]
    assert got == [
        ("district-aghdam", "2021-03", 150),
        ("Agstafa", "2021-04", 3),
        ("district-lachin", "2021-04", 7),
    ]
    assert import_returns(db=ready, path=write(tmp_path, text), actor="t", now=NOW).skipped == 4
    assert actions(ready).count("displaced_returns.import") == 2
    with pytest.raises(ConflictError, match="already stored with 120"):
        import_returns(db=ready, path=write(tmp_path, RETURNS + "Aghdam,2021-03,121,UNHCR\n"),
                       actor="t", now=NOW)  # fmt: skip


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("Atlantis,2021-03,1,UNHCR", "district", "unknown district"),
        ("Aghdam,2021-3,1,UNHCR", "month", "YYYY-MM"),
        ("Aghdam,2023-04,1,UNHCR", "month", "future"),
        ("Aghdam,2021-03,-5,UNHCR", "people", ">= 0"),
    ],
)
def test_bad_return_rows_write_nothing(
    ready: Database, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    text = RETURNS + "Aghdam,2021-02,1,UNHCR\n" + row + "\n"
    with pytest.raises(InputFileError, match=reason) as caught:
        import_returns(db=ready, path=write(tmp_path, text), actor="t", now=NOW)
    assert (caught.value.line, caught.value.column) == (3, column)
    assert count(ready, displaced_returns) == 0


def test_the_history_counts_violations_and_judges_the_corridor(
    ready: Database, tmp_path: Path
) -> None:
    add_source(db=ready, source=sample_source(), actor="t")
    filed = file_report(db=ready, data=report_data(), actor="m", now=NOW)
    set_verdict(
        db=ready, incident_id=filed.incident_id, reason="seen", actor="a",
        status=VerificationStatus.VERIFIED, attribute=True, party_id="AZ", now=NOW,
    )  # fmt: skip
    log = tmp_path / "log.csv"
    blockade = Blockade(date(2020, 11, 20), date(2020, 11, 30))
    generate_crossings(log, list_checkpoints(db=ready), date(2020, 10, 1), date(2020, 11, 30),
                       seed=1, blockade=blockade)  # fmt: skip
    import_crossings(db=ready, path=log, actor="t", now=NOW)
    h = compliance_history(db=ready, first=date(2020, 11, 10), last=date(2020, 11, 30),
                           agreement_id="trilateral-2020-11-10")  # fmt: skip
    ceasefire = next(p for p in h.provisions if p.provision.id == "tri2020-1")
    breached = [r for r in ceasefire.runs if r.status is ComplianceStatus.BREACHED]
    assert [(r.first, r.last) for r in breached] == [(date(2020, 11, 16), date(2020, 11, 16))]
    assert "breached by AZ 1" in breached[0].reason
    (series,) = h.ceasefire
    assert series.period == "day" and series.periods[0].by_party == {"AZ": 1}
    traffic = next(p for p in h.provisions if p.provision.id == "tri2020-6-safe-traffic")
    assert [r.status for r in traffic.runs][-1] is ComplianceStatus.BREACHED
    assert traffic.runs[-1].first == date(2020, 11, 20)
    (passage,) = h.passage
    assert passage.days[-1].judgement is PassageJudgement.BREACHED
