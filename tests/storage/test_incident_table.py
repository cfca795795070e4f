"""The incidents table behind the dashboard's list: sorted by time, status, confidence or
report count, filtered (event type too), in pages with the number matching, and the time
span a reader may see; on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ceasefire.domain.access import Role, Viewer
from ceasefire.domain.incidents import VerificationStatus
from ceasefire.errors import ValidationError
from ceasefire.services.database import Database
from ceasefire.services.incidents import (
    IncidentFilter,
    IncidentOrder,
    get_incident,
    incident_span,
    set_verdict,
    table_of_incidents,
)
from ceasefire.services.reports import file_report
from ceasefire.services.scenarios import load
from ceasefire.testing import report_data

ANALYST = Viewer(Role.ANALYST, name="analyst")
PUBLIC = Viewer(Role.PUBLIC)
T0 = datetime(2020, 11, 19, 12, 0, tzinfo=UTC)
VERDICTS = [VerificationStatus.REJECTED, VerificationStatus.VERIFIED, None, None]


def four_incidents(db: Database) -> list[str]:
    """Four incidents a day apart, oldest first: three shellings and one battle, the first
    two with verdicts, the last seen by two posts."""
    load(db=db, name="nagorno-karabakh-2020", actor="tester")
    ids = []
    for n, verdict in enumerate(VERDICTS):
        event = {"event_type": "Battles", "sub_event_type": "Armed clash"} if n == 2 else {}
        filed = file_report(
            db=db, actor="monitor.ru", now=T0,
            data=report_data(source="jmc-op", latitude=39.5 + n * 0.2, longitude=46.6,
                             occurred_start=f"2020-11-1{n}T10:00:00+00:00", **event),
        )  # fmt: skip
        assert filed.incident_id is not None
        ids.append(filed.incident_id)
        if verdict is not None:
            set_verdict(
                db=db, incident_id=filed.incident_id, reason="test", actor="analyst",
                status=verdict,
            )  # fmt: skip
    second = file_report(
        db=db, actor="monitor.tr", now=T0,
        data=report_data(source="jmc-uav", how_observed="uav", latitude=40.1, longitude=46.6,
                         occurred_start="2020-11-13T10:05:00+00:00"),
    )  # fmt: skip
    assert second.incident_id == ids[3]
    return ids


def order_of(db: Database, order: IncidentOrder, *, descending: bool, **flt: object) -> list[str]:
    table = table_of_incidents(
        db=db, viewer=ANALYST, flt=IncidentFilter(**flt), order=order,  # type: ignore[arg-type]
        descending=descending,
    )  # fmt: skip
    return [i.id for i in table.items]


def test_sorted_by_each_column(db: Database) -> None:
    a, b, c, d = four_incidents(db)
    assert order_of(db, IncidentOrder.TIME, descending=True) == [d, c, b, a]
    assert order_of(db, IncidentOrder.TIME, descending=False) == [a, b, c, d]
    by_status = order_of(db, IncidentOrder.STATUS, descending=False)
    rank = list(VerificationStatus)
    key = {i: (rank.index(get_incident(db=db, incident_id=i).status), i) for i in (a, b, c, d)}
    assert by_status == sorted(key, key=key.__getitem__), "by how far verification went"
    assert by_status[-1] == a, "rejected last"
    assert order_of(db, IncidentOrder.REPORTS, descending=True)[0] == d
    confidences = [
        get_incident(db=db, incident_id=i).confidence
        for i in order_of(db, IncidentOrder.CONFIDENCE, descending=True)
    ]
    assert confidences == sorted(confidences, reverse=True)


def test_filtered_and_in_pages_with_the_number_matching(db: Database) -> None:
    a, _, c, _ = four_incidents(db)
    page = table_of_incidents(
        db=db, viewer=ANALYST, flt=IncidentFilter(limit=3), offset=3,
        order=IncidentOrder.TIME, descending=True,
    )  # fmt: skip
    assert [i.id for i in page.items] == [a] and page.total == 4 and page.offset == 3
    assert order_of(db, IncidentOrder.TIME, descending=True, event_type="Battles") == [c]
    battles = table_of_incidents(db=db, viewer=ANALYST, flt=IncidentFilter(event_type="Battles"))
    assert battles.total == 1
    since = datetime(2020, 11, 11, tzinfo=UTC)
    assert table_of_incidents(db=db, viewer=ANALYST, flt=IncidentFilter(since=since)).total == 3
    assert table_of_incidents(db=db, viewer=PUBLIC, flt=IncidentFilter()).total == 0


@pytest.mark.parametrize(
    ("flt", "offset", "field"),
    [
        (IncidentFilter(event_type="Skirmish"), 0, "event_type"),
        (IncidentFilter(limit=0), 0, "limit"),
        (IncidentFilter(), -1, "offset"),
    ],
)
def test_bad_tables_name_the_field(
    db: Database, flt: IncidentFilter, offset: int, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        table_of_incidents(db=db, viewer=ANALYST, flt=flt, offset=offset)
    assert refused.value.field == field


def test_the_span_a_reader_may_see(db: Database) -> None:
    assert incident_span(db=db, viewer=ANALYST) is None
    four_incidents(db)
    first, last = incident_span(db=db, viewer=ANALYST) or (None, None)
    assert first == datetime(2020, 11, 10, 10, tzinfo=UTC)
    assert last == datetime(2020, 11, 13, 10, tzinfo=UTC)
    assert incident_span(db=db, viewer=PUBLIC) is None
